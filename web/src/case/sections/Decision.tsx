/** The signed decision: outcome, amount, who decided and when, and whether its signature verifies. */
import { formatAmount, formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, Terms } from '../../ui/primitives.tsx';
import type { CaseData } from '../types.ts';

export function Decision({ data }: { data: CaseData }) {
  const { t, tx, lang } = useI18n();
  const d = data.decision;
  if (!d) return <p className="muted">{t('decision.none')}</p>;
  const signature = { algorithm: d.algorithm, keyId: d.keyId };
  return (
    <Terms
      items={[
        [t('decision.outcome'), <Badge tone={d.outcome === 'APPROVED' ? 'good' : 'bad'}>{tx('decision.outcome', d.outcome)}</Badge>],
        [t('decision.amount'), d.amount !== null && d.amount !== undefined ? formatAmount(d.amount, lang, d.currency) : '—'],
        [t('decision.decidedBy'), d.decidedBy === 'system' ? t('decision.system') : d.decidedBy],
        [t('decision.decidedAt'), formatDateTime(d.decidedAt, lang)],
        [
          t('decision.signature'),
          <span data-signature={d.signatureValid ? 'valid' : 'invalid'}>
            <Badge tone={d.signatureValid ? 'good' : 'bad'}>{d.signatureValid ? '✓' : '✗'}</Badge> {t(d.signatureValid ? 'decision.signatureValid' : 'decision.signatureInvalid', signature)}
          </span>,
        ],
        [t('decision.id'), <span className="mono">{d.decisionId}</span>],
      ]}
    />
  );
}
