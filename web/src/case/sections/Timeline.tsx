/** Every step the workflow recorded, oldest first, in Kazakhstan time. */
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { CaseData, TimelineEvent } from '../types.ts';

function detailOf(event: TimelineEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ['taskId', 'action', 'assignee', 'kind', 'outcome', 'decisionId', 'version', 'keys', 'fields', 'result', 'channel']) {
    const value = data[key];
    if (value === undefined || value === null) continue;
    parts.push(`${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  }
  return parts.join(' · ');
}

export function Timeline({ data }: { data: CaseData }) {
  const { t, tx, lang } = useI18n();
  if (!data.timeline.length) return <p className="muted">{t('timeline.none')}</p>;
  return (
    <ol className="timeline">
      {data.timeline.map((e) => (
        <li key={e.seq} data-event={e.type}>
          <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
          <div>
            <strong>{tx('event', e.type)}</strong>
            {e.status ? <span className="muted"> → {tx('case.status', e.status)}</span> : null}
            {detailOf(e) ? <div className="muted small mono">{detailOf(e)}</div> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
