/** Each registry answer with its provenance: which registry and query, the answering system, when, and the hash the signed decision lists. */
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, DataTable, Hash, JsonBlock, type Tone } from '../../ui/primitives.tsx';
import { evidenceName } from '../reasons.ts';
import type { CaseData } from '../types.ts';

const TONE: Record<string, Tone> = { FOUND: 'good', NOT_FOUND: 'warn', UNAVAILABLE: 'bad' };

export function Evidence({ data }: { data: CaseData }) {
  const { t, tx, lang } = useI18n();
  if (!data.evidence.length) return <p className="muted">{t('evidence.none')}</p>;
  return (
    <DataTable className="evidence" columns={[t('evidence.key'), t('evidence.registry'), t('evidence.status'), t('evidence.fetchedAt'), t('evidence.hash')]}>
      {data.evidence.map((e) => (
        <tr key={e.key}>
          <th scope="row">
            {evidenceName(e.key, t)} <span className="muted mono">({e.key})</span>
            {e.data !== null && e.data !== undefined ? <JsonBlock value={e.data} summary={t('evidence.data')} /> : null}
          </th>
          <td>
            <span className="mono">{e.registry}</span> · <span className="mono">{e.query}</span>
            <div className="muted">
              {t('evidence.source')}: {e.source}
            </div>
          </td>
          <td>
            <Badge tone={TONE[e.status] ?? 'neutral'}>{tx('evidence.status', e.status)}</Badge>
          </td>
          <td>
            <time dateTime={e.fetchedAt}>{formatDateTime(e.fetchedAt, lang)}</time>
          </td>
          <td>
            <Hash value={e.contentHash} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
