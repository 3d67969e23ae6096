/**
 * Requests for information and the citizen's answers: what was asked and by when, each answer by
 * its field (labelled from the service definition where it names one), and the documents that came
 * with it — type, size and the SHA-256 the signed decision's evidence lists. The API stores
 * documents by content, with no file name.
 */
import { formatDateTime, formatSize } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, DataTable, Hash, Notice } from '../../ui/primitives.tsx';
import type { CaseData } from '../types.ts';

type InformationRequest = CaseData['informationRequests'][number];
const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

/** Whether the deadline of request `index` passed unanswered (the timeline records it before the next request). */
function expiredAt(data: CaseData, index: number): string | null {
  const from = data.informationRequests[index]!.requestedAt;
  const until = data.informationRequests[index + 1]?.requestedAt ?? null;
  const passed = data.timeline.find((e) => e.type === 'INFORMATION_DEADLINE_PASSED' && e.at >= from && (until === null || e.at < until));
  return passed?.at ?? null;
}

function Answers({ request: r }: { request: InformationRequest }) {
  const { t } = useI18n();
  const answers = r.answers && typeof r.answers === 'object' ? Object.entries(r.answers as Record<string, unknown>) : null;
  if (!answers) return <p className="muted">{t('information.answersHidden', { fields: r.fields.join(', ') || '—' })}</p>;
  return (
    <dl className="terms answers">
      {answers.map(([field, value]) => (
        <div key={field} className="term">
          <dt className="mono">{field}</dt>
          <dd className="citizen-text">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Documents({ request: r }: { request: InformationRequest }) {
  const { t, lang } = useI18n();
  if (!r.documents.length) return <p className="muted">{t('information.noDocuments')}</p>;
  return (
    <DataTable className="documents" caption={t('information.documents')} columns={[t('information.documents'), t('information.docType'), t('information.docSize'), t('information.docHash')]}>
      {r.documents.map((d, n) => (
        <tr key={d.sha256} data-sha256={d.sha256}>
          <th scope="row">{t('information.document', { n: n + 1 })}</th>
          <td>{TYPE_NAMES[d.contentType] ?? d.contentType}</td>
          <td className="num" title={`${d.size} B`}>
            {formatSize(d.size, lang)}
          </td>
          <td>
            <Hash value={d.sha256} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function Information({ data }: { data: CaseData }) {
  const { t, lang } = useI18n();
  const requests = data.informationRequests;
  if (!requests.length) return <p className="muted">{t('information.none')}</p>;
  const anyDocuments = requests.some((r) => r.documents.length > 0);
  return (
    <>
      <ol className="information">
        {requests.map((r, index) => {
          const expired = r.answeredAt ? null : expiredAt(data, index);
          return (
            <li key={r.requestedAt} data-answered={r.answeredAt ? 'true' : 'false'}>
              <p className="muted">{t('information.requested', { time: formatDateTime(r.requestedAt, lang) })}</p>
              <p>
                <strong>{t('information.request')}:</strong> {r.request ?? '—'}
              </p>
              {r.dueAt ? <p className="muted">{t('information.dueAt', { time: formatDateTime(r.dueAt, lang) })}</p> : null}
              {r.answeredAt ? (
                <>
                  <p className="answer">
                    <Badge tone="good">✓</Badge> {t('information.answered', { time: formatDateTime(r.answeredAt, lang), fields: r.fields.join(', ') || '—' })}
                  </p>
                  <h3>{t('information.answers')}</h3>
                  <Answers request={r} />
                  <h3>{t('information.documents')}</h3>
                  <Documents request={r} />
                </>
              ) : expired ? (
                <p>
                  <Badge tone="bad">!</Badge> {t('information.expired', { time: formatDateTime(expired, lang) })}
                </p>
              ) : (
                <p>
                  <Badge tone="warn">…</Badge> {t('information.pending')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {anyDocuments ? <Notice>{t('information.noFileNames')}</Notice> : null}
    </>
  );
}
