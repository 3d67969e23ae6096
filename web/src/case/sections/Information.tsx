/**
 * Requests for information and the citizen's answers, as the timeline records them. The API
 * keeps only which fields were answered; the answers and documents themselves are a later API
 * feature (Case.informationRequests), which this section will show when it exists.
 */
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, Notice } from '../../ui/primitives.tsx';
import type { CaseData, TimelineEvent } from '../types.ts';

interface RequestRound {
  requested: TimelineEvent;
  answer: TimelineEvent | null;
  expired: TimelineEvent | null;
}

export function informationRounds(timeline: CaseData['timeline']): RequestRound[] {
  const rounds: RequestRound[] = [];
  for (const e of timeline) {
    if (e.type === 'INFORMATION_REQUESTED') rounds.push({ requested: e, answer: null, expired: null });
    const open = rounds[rounds.length - 1];
    if (!open || open.answer || open.expired) continue;
    if (e.type === 'INFORMATION_PROVIDED') open.answer = e;
    if (e.type === 'INFORMATION_DEADLINE_PASSED') open.expired = e;
  }
  return rounds;
}

export function Information({ data }: { data: CaseData }) {
  const { t, lang } = useI18n();
  const rounds = informationRounds(data.timeline);
  if (!rounds.length) return <p className="muted">{t('information.none')}</p>;
  return (
    <>
      <ol className="information">
        {rounds.map(({ requested, answer, expired }) => {
          const asked = (requested.data ?? {}) as { request?: string; dueAt?: string };
          const fields = ((answer?.data ?? {}) as { fields?: string[] }).fields ?? [];
          return (
            <li key={requested.seq} data-answered={answer ? 'true' : 'false'}>
              <p className="muted">{t('information.requested', { time: formatDateTime(requested.at, lang) })}</p>
              <p>
                <strong>{t('information.request')}:</strong> {asked.request ?? '—'}
              </p>
              {asked.dueAt ? <p className="muted">{t('information.dueAt', { time: formatDateTime(asked.dueAt, lang) })}</p> : null}
              {answer ? (
                <p className="answer">
                  <Badge tone="good">✓</Badge> {t('information.answered', { time: formatDateTime(answer.at, lang), fields: fields.join(', ') || '—' })}
                </p>
              ) : expired ? (
                <p>
                  <Badge tone="bad">!</Badge> {t('information.expired', { time: formatDateTime(expired.at, lang) })}
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
      <Notice>{t('information.answersPending')}</Notice>
    </>
  );
}
