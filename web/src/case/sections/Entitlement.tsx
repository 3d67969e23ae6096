/**
 * The payment life of an approval: its status and payer, each period with its amount, status and
 * when it was paid, the instructions handed to the payer (a rejected one with the payer's reason
 * and what re-issued it), and the changes life events made. Amounts in tenge, times in Kazakhstan time.
 */
import type { ReactNode } from 'react';
import { formatAmount, formatDateTime, formatMonth } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, DataTable, Terms, type Tone } from '../../ui/primitives.tsx';
import type { CaseData } from '../types.ts';

const STATUS_TONE: Record<string, Tone> = { ACTIVE: 'good', COMPLETED: 'good', SUSPENDED: 'warn', ENDED: 'neutral' };
const PAYMENT_TONE: Record<string, Tone> = { PAID: 'good', REJECTED: 'bad', SUSPENDED: 'warn', INSTRUCTED: 'info', PENDING: 'info', SENDING: 'info', DELIVERED: 'info' };

/** A period as officers say it: "One-time payment", or "March 2026". */
export function usePeriodName(): (period: string) => string {
  const { t, lang } = useI18n();
  return (period) => (period === 'ONCE' ? t('period.ONCE') : formatMonth(period, lang));
}

/** The periods granted: listed when few, else the first and last month and how many. */
function grantedPeriods(periods: readonly string[], periodName: (p: string) => string, t: ReturnType<typeof useI18n>['t']): string {
  if (periods.length <= 3) return periods.map(periodName).join(', ') || '—';
  return t('entitlement.range', { from: periodName(periods[0]!), to: periodName(periods[periods.length - 1]!), n: periods.length });
}

export function Entitlement({ data }: { data: CaseData }) {
  const { t, tx, lang } = useI18n();
  const periodName = usePeriodName();
  const e = data.entitlement;
  if (!e) return <p className="muted">{t('entitlement.none')}</p>;
  const amount = formatAmount(e.amount, lang);
  return (
    <div className="entitlement" data-entitlement-status={e.status}>
      <Terms
        layout="grid"
        items={[
          [t('entitlement.status'), <Badge tone={STATUS_TONE[e.status] ?? 'neutral'}>{tx('entitlement.status', e.status)}</Badge>],
          [t('entitlement.payer'), tx('payer', e.payer)],
          [t('entitlement.amount'), e.monthly ? t('entitlement.perMonth', { amount }) : t('entitlement.once', { amount })],
          [t('entitlement.granted'), grantedPeriods(e.periodsGranted, periodName, t)] as [string, ReactNode],
        ]}
      />
      <h3>{t('entitlement.periods')}</h3>
      {e.periods.length ? (
        <DataTable className="periods" caption={t('entitlement.periods')} columns={[t('entitlement.col.period'), t('entitlement.col.amount'), t('entitlement.col.status'), t('entitlement.col.paidAt')]}>
          {e.periods.map((p) => (
            <tr key={p.period} data-period={p.period} data-period-status={p.status}>
              <th scope="row">
                {periodName(p.period)} {p.period !== 'ONCE' ? <span className="muted mono">({p.period})</span> : null}
              </th>
              <td className="num">{formatAmount(p.amount, lang)}</td>
              <td>
                <Badge tone={PAYMENT_TONE[p.status] ?? 'neutral'}>{tx('period.status', p.status)}</Badge>
              </td>
              <td>{p.paidAt ? <time dateTime={p.paidAt}>{formatDateTime(p.paidAt, lang)}</time> : '—'}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p className="muted">{t('entitlement.noPeriods')}</p>
      )}
      <h3>{t('entitlement.instructions')}</h3>
      {e.instructions.length ? (
        <DataTable
          className="instructions"
          caption={t('entitlement.instructions')}
          columns={[t('entitlement.col.created'), t('entitlement.col.kind'), t('entitlement.col.period'), t('entitlement.col.amount'), t('entitlement.col.account'), t('entitlement.col.status')]}
        >
          {e.instructions.map((i) => (
            <tr key={i.id} data-instruction-status={i.status}>
              <td>
                <time dateTime={i.createdAt}>{formatDateTime(i.createdAt, lang)}</time>
              </td>
              <td>{tx('instruction.kind', i.kind)}</td>
              <td>{periodName(i.period)}</td>
              <td className="num">{formatAmount(i.amount, lang, i.currency)}</td>
              <td className="mono">{i.iban}</td>
              <td>
                <Badge tone={PAYMENT_TONE[i.status] ?? 'neutral'}>{tx('instruction.status', i.status)}</Badge>
                {i.rejectionReason ? <div className="muted">{t('entitlement.rejected', { reason: tx('rejection', i.rejectionReason) })}</div> : null}
                {i.reissuedBy ? <div className="muted mono small">{t('entitlement.reissuedBy', { id: i.reissuedBy })}</div> : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p className="muted">{t('entitlement.noInstructions')}</p>
      )}
      {e.changes.length ? (
        <>
          <h3>{t('entitlement.changes')}</h3>
          <DataTable className="changes" caption={t('entitlement.changes')} columns={[t('entitlement.col.when'), t('entitlement.col.change'), t('entitlement.col.reason')]}>
            {e.changes.map((c, n) => (
              <tr key={`${c.at}:${n}`}>
                <td>
                  <time dateTime={c.at}>{formatDateTime(c.at, lang)}</time>
                </td>
                <td>{tx('change', c.kind)}</td>
                <td>{c.reason}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : null}
    </div>
  );
}
