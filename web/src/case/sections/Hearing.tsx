/**
 * A preliminary refusal and its hearing: who proposed it and on which grounds (the service's closed
 * list, in the officer's language), until when the citizen may object, and the objection itself
 * with the documents it refers to. The officer's decision on it is a form beside the task.
 */
import type { ReactNode } from 'react';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, Notice, Terms } from '../../ui/primitives.tsx';
import type { CaseData } from '../types.ts';

/** A refusal ground's text in the officer's language, with its code; the code alone when the list lacks it. */
export function groundText(data: CaseData, code: string): string {
  const ground = data.refusalGrounds.find((g) => g.code === code);
  return ground ? `${ground.text} (${code})` : code;
}

export function Hearing({ data }: { data: CaseData }) {
  const { t, lang } = useI18n();
  const h = data.hearing;
  if (!h) return <p className="muted">{t('hearing.none')}</p>;
  const windowOpen = !h.objectedAt && data.status === 'PRELIMINARY_REFUSAL';
  return (
    <div className="hearing" data-objected={h.objectedAt ? 'true' : 'false'}>
      <Terms
        items={[
          [t('hearing.refusedAt'), formatDateTime(h.refusedAt, lang)],
          [t('hearing.by'), h.automatic ? t('hearing.automatic') : t('hearing.officer')],
          [
            t('hearing.dueAt'),
            <>
              {formatDateTime(h.dueAt, lang)}
              {h.workingDays ? <span className="muted"> ({t('hearing.workingDays', { n: h.workingDays })})</span> : null}
            </>,
          ],
          [
            t('hearing.grounds'),
            h.grounds.length ? (
              <ul className="plain">
                {h.grounds.map((g) => (
                  <li key={g}>{groundText(data, g)}</li>
                ))}
              </ul>
            ) : (
              '—'
            ),
          ],
          ...(h.failedRules.length ? ([[t('hearing.failedRules'), <span className="mono">{h.failedRules.join(', ')}</span>]] as [string, ReactNode][]) : []),
        ]}
      />
      {h.objectedAt ? (
        <div className="objection">
          <h3>{t('hearing.objection')}</h3>
          <p className="muted">
            <Badge tone="warn">!</Badge> {t('hearing.objectedAt', { time: formatDateTime(h.objectedAt, lang) })}
          </p>
          {h.objection !== null && h.objection !== undefined ? <blockquote className="citizen-text">{h.objection}</blockquote> : <Notice>{t('hearing.withheld')}</Notice>}
          <h4>{t('hearing.documents')}</h4>
          {h.documents.length ? (
            <ul className="plain mono">
              {h.documents.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('hearing.noDocuments')}</p>
          )}
        </div>
      ) : windowOpen ? (
        <Notice tone="warn">{t('hearing.waiting')}</Notice>
      ) : (
        <p className="muted">{t('hearing.silent')}</p>
      )}
    </div>
  );
}
