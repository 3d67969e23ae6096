import { formatAmount, formatDate, formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LANG_NAMES, type Lang } from '../../i18n/messages.ts';
import { Badge, Terms, type Tone } from '../../ui/primitives.tsx';
import type { CaseData } from '../types.ts';

const STATUS_TONE: Record<string, Tone> = { APPROVED: 'good', DENIED: 'bad', REJECTED: 'bad', PENDING_REVIEW: 'warn', AWAITING_INFORMATION: 'warn', NEEDS_ATTENTION: 'bad', PRELIMINARY_REFUSAL: 'warn' };

export function StatusBadge({ status }: { status: string }) {
  const { tx } = useI18n();
  return <Badge tone={STATUS_TONE[status] ?? 'info'}>{tx('case.status', status)}</Badge>;
}

export function Summary({ data }: { data: CaseData }) {
  const { t, tx, lang } = useI18n();
  return (
    <Terms
      layout="grid"
      items={[
        [t('case.status'), <StatusBadge status={data.status} />],
        [t('case.service'), <span className="mono">{data.serviceCode}</span>],
        [t('case.version'), data.serviceVersion ?? '—'],
        [t('case.department'), tx('department', data.department)],
        [t('case.origin'), tx('case.origin', data.origin)],
        [t('case.received'), formatDateTime(data.createdAt, lang)],
        [t('case.updated'), formatDateTime(data.updatedAt, lang)],
        [t('case.legalFactDate'), data.legalFactDate ? formatDate(data.legalFactDate, lang) : '—'],
        [t('case.citizenLanguage'), LANG_NAMES[data.language.toLowerCase() as Lang] ?? data.language],
        ...(data.amount !== null && data.amount !== undefined ? ([[t('case.amount'), formatAmount(data.amount, lang)]] as [string, string][]) : []),
        ...(data.offerExpiresAt ? ([[t('case.offerExpires'), formatDateTime(data.offerExpiresAt, lang)]] as [string, string][]) : []),
      ]}
    />
  );
}
