/**
 * The appeals against the case's decisions: what the citizen said and filed, the decision
 * appealed, the appeal group's deadline, and how it was decided (upheld, or replaced by a new
 * signed decision). Deciding is a form beside the appeal's task.
 */
import type { ReactNode } from 'react';
import { formatAmount, formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, Notice, Terms, type Tone } from '../../ui/primitives.tsx';
import type { CaseData } from '../types.ts';

type Appeal = CaseData['appeals'][number];
const TONE: Record<string, Tone> = { OPEN: 'warn', UPHELD: 'neutral', REPLACED: 'info' };

function DecisionLine({ d }: { d: { outcome: string; amount?: number | null; currency: string; decidedBy?: string; decidedAt?: string } }) {
  const { t, tx, lang } = useI18n();
  return (
    <>
      {t('appeals.decisionLine', {
        outcome: tx('decision.outcome', d.outcome),
        amount: d.amount !== null && d.amount !== undefined ? `, ${formatAmount(d.amount, lang, d.currency)}` : '',
        who: d.decidedBy ? (d.decidedBy === 'system' ? t('decision.system') : d.decidedBy) : '—',
        when: d.decidedAt ? formatDateTime(d.decidedAt, lang) : '—',
      })}
    </>
  );
}

function AppealItem({ appeal: a }: { appeal: Appeal }) {
  const { t, tx, lang } = useI18n();
  return (
    <li className="appeal" data-appeal-id={a.id} data-appeal-status={a.status}>
      <h3>
        {t('appeals.appeal', { id: a.id })} <Badge tone={TONE[a.status] ?? 'neutral'}>{tx('appeal.status', a.status)}</Badge>
      </h3>
      <Terms
        items={[
          [t('appeals.filedAt'), formatDateTime(a.filedAt, lang)],
          [t('appeals.decision'), <DecisionLine d={a.decision} />],
          [t('appeals.reason'), <blockquote className="citizen-text">{a.reason}</blockquote>],
          [t('appeals.documents'), a.documents.length ? <span className="mono">{a.documents.join(', ')}</span> : '—'],
          [t('appeals.periodEndsAt'), formatDateTime(a.periodEndsAt, lang)],
          ...(a.status === 'OPEN' && a.dueAt ? ([[t('appeals.dueAt'), formatDateTime(a.dueAt, lang)]] as [string, string][]) : []),
          [
            t('appeals.policy'),
            <>
              {t('appeals.policyLine', { period: a.policy.period, sla: a.policy.reviewSla })}
              {a.policy.verified ? null : <span className="muted"> — {t('appeals.unverified')}</span>}
            </>,
          ],
          ...(a.decidedAt
            ? ([[t('appeals.decided'), t('appeals.decidedLine', { who: a.decidedBy ?? '—', when: formatDateTime(a.decidedAt, lang), reason: a.resolutionReason ?? '—' })]] as [string, string][])
            : []),
          ...(a.newDecision
            ? ([
                [
                  t('appeals.newDecision'),
                  <span data-signature={a.newDecision.signatureValid ? 'valid' : 'invalid'}>
                    <DecisionLine d={{ ...a.newDecision, decidedBy: a.decidedBy ?? undefined, decidedAt: a.decidedAt ?? undefined }} /> <span className="mono muted">{a.newDecision.decisionId}</span>
                  </span>,
                ],
              ] as [string, ReactNode][])
            : []),
        ]}
      />
    </li>
  );
}

export function Appeals({ data }: { data: CaseData }) {
  const { t } = useI18n();
  if (!data.appeals.length) return <Notice>{t('appeals.none')}</Notice>;
  return (
    <ol className="appeals plain">
      {data.appeals.map((a) => (
        <AppealItem key={a.id} appeal={a} />
      ))}
    </ol>
  );
}
