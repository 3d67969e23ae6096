/** Supervisors and engineers: the case's audit trail with its hash chain verified by the API. */
import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { fromCombined } from '../../api/errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, DataTable, ErrorBox } from '../../ui/primitives.tsx';
import { CaseAuditQuery } from '../documents.ts';
import type { CaseData } from '../types.ts';

export function AuditTrail({ data }: { data: CaseData }) {
  const { t, lang } = useI18n();
  const [result, reexecute] = useQuery({ query: CaseAuditQuery, variables: { id: data.caseId }, requestPolicy: 'network-only' });
  const changed = useRef(data.updatedAt);
  useEffect(() => {
    // Every step of the case may append to its trail.
    if (changed.current === data.updatedAt) return;
    changed.current = data.updatedAt;
    reexecute({ requestPolicy: 'network-only' });
  }, [data.updatedAt, reexecute]);
  if (result.error) return <ErrorBox error={fromCombined(result.error, t('error.network'))} title={t('error.loadTitle')} />;
  const log = result.data?.auditLog;
  if (!log) return <p aria-live="polite">{t('app.loading')}</p>;
  return (
    <>
      <p>
        {log.verification.ok ? (
          <Badge tone="good">✓ {t('audit.verified', { n: log.total })}</Badge>
        ) : (
          <Badge tone="bad">{t('audit.broken', { seq: log.verification.brokenAt ?? '?', reason: log.verification.reason ?? '' })}</Badge>
        )}
      </p>
      <DataTable className="audit" columns={[t('timeline.at'), t('audit.actor'), t('audit.action'), t('audit.details')]}>
        {log.entries.map((e) => (
          <tr key={e.seq}>
            <td>{formatDateTime(e.at, lang)}</td>
            <td className="mono">{e.actor}</td>
            <td className="mono">{e.action}</td>
            <td className="small">{detailsText(e.details)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function detailsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}
