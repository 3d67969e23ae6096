/**
 * One case, live: the query gives the page, the `caseUpdated` subscription keeps it current
 * (server-sent events; it ends when the case is settled, and is reopened after a dropped
 * connection), and the officer's actions sit beside it. A settled case still changes while it is
 * being paid or appealed, or a rejected payment waits: the page then asks again every
 * SETTLED_REFRESH_MS.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Link, paths } from '../app/router.tsx';
import { fromCombined } from '../api/errors.ts';
import { apiLang } from '../api/graphql.ts';
import { useViewer } from '../api/viewer.tsx';
import { TaskActions } from '../actions/TaskActions.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox, Notice, Section } from '../ui/primitives.tsx';
import { CaseLiveSubscription, CaseViewQuery } from './documents.ts';
import { CASE_SECTIONS } from './sections.tsx';
import { StatusBadge } from './sections/Summary.tsx';
import type { CaseData } from './types.ts';

const SETTLED = ['APPROVED', 'DENIED', 'WITHDRAWN', 'EXPIRED', 'NOT_OFFERED', 'REJECTED'];
const RECONNECT_MS = 3000;
const SETTLED_REFRESH_MS = 15_000;

type Live = 'connecting' | 'live' | 'settled' | 'reconnecting';

function Follow({ caseId, lang, onCase, onEnd }: { caseId: string; lang: 'KK' | 'RU' | 'EN'; onCase(c: CaseData): void; onEnd(): void }) {
  const [result] = useSubscription({ query: CaseLiveSubscription, variables: { id: caseId, lang } });
  useEffect(() => {
    if (result.data?.caseUpdated) onCase(result.data.caseUpdated);
  }, [result.data, onCase]);
  // urql gives a stream's last result `hasNext: false` (an OperationResult field its hook state carries).
  const hasNext = (result as { hasNext?: boolean }).hasNext;
  useEffect(() => {
    if (result.error || (result.data && hasNext === false)) onEnd();
  }, [result.error, hasNext, result.data, onEnd]);
  return null;
}

export function CaseView({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const viewer = useViewer();
  const [result, reexecute] = useQuery({ query: CaseViewQuery, variables: { id: caseId, lang: apiLang(lang) } });
  // Whatever arrived last — a query answer or a pushed update — is the freshest view of the case.
  const [latest, setLatest] = useState<CaseData | null>(null);
  const [live, setLive] = useState<Live>('connecting');
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    if (result.data?.case) setLatest(result.data.case);
  }, [result.data]);
  const data = latest?.caseId === caseId ? latest : (result.data?.case ?? null);
  const settled = data ? SETTLED.includes(data.status) : false;

  const onCase = useCallback((c: CaseData) => {
    setLatest(c);
    setLive(SETTLED.includes(c.status) ? 'settled' : 'live');
  }, []);
  const onEnd = useCallback(() => setLive((l) => (l === 'settled' ? l : 'reconnecting')), []);
  useEffect(() => {
    if (live !== 'reconnecting') return;
    const timer = setTimeout(() => {
      setLive('connecting');
      setEpoch((e) => e + 1);
    }, RECONNECT_MS);
    return () => clearTimeout(timer);
  }, [live]);
  const [notice, setNotice] = useState<string | null>(null);
  const onDone = useCallback(
    (text: string) => {
      setNotice(text);
      reexecute({ requestPolicy: 'network-only' });
    },
    [reexecute],
  );

  const stillMoving = settled && data !== null && (data.openTasks.length > 0 || data.entitlement?.status === 'ACTIVE' || data.appeals.some((a) => a.status === 'OPEN'));
  useEffect(() => {
    if (!stillMoving) return;
    const timer = setInterval(() => {
      if (!document.hidden) reexecute({ requestPolicy: 'network-only' });
    }, SETTLED_REFRESH_MS);
    return () => clearInterval(timer);
  }, [stillMoving, reexecute]);

  const sections = useMemo(() => (data ? CASE_SECTIONS.filter((s) => !s.visible || s.visible(viewer, data)) : []), [data, viewer]);

  if (result.error && !data) {
    return (
      <div className="case-page">
        <Link href={paths.inbox()}>← {t('case.back')}</Link>
        <ErrorBox error={fromCombined(result.error, t('error.network'))} title={t('error.loadTitle')} />
      </div>
    );
  }
  if (!data) return <p aria-live="polite">{result.fetching ? t('app.loading') : t('case.notFound')}</p>;

  // Consecutive compact sections share a row; the others take the full width, in order.
  const rows: (typeof sections)[] = [];
  for (const s of sections) {
    const last = rows[rows.length - 1];
    if (s.compact && last?.[0]?.compact) last.push(s);
    else rows.push([s]);
  }

  return (
    <div className="case-page" data-case-id={data.caseId} data-status={data.status}>
      {!settled || live !== 'settled' ? <Follow key={epoch} caseId={caseId} lang={apiLang(lang)} onCase={onCase} onEnd={onEnd} /> : null}
      <div className="page-head">
        <Link href={paths.inbox()} className="back">
          ← {t('case.back')}
        </Link>
        <h1>
          {data.serviceTitle} <span className="muted mono h1-id">{t('case.title', { id: data.caseId })}</span> <StatusBadge status={data.status} />
        </h1>
        <p className="live" role="status" data-live={live}>
          {settled ? t('case.settled') : live === 'live' ? t('case.live') : t('case.notLive')}
        </p>
        <nav className="contents" aria-label={t('case.contents')}>
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{t(s.title)}</a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div className="case-grid">
        <div className="case-main">
          {rows.map((row) => {
            const panels = row.map(({ id, title, Component }) => (
              <Section key={id} id={id} title={t(title)}>
                <Component data={data} />
              </Section>
            ));
            return row[0]!.compact ? (
              <div key={row[0]!.id} className="compact-row">
                {panels}
              </div>
            ) : (
              panels
            );
          })}
        </div>
        <aside className="case-side" aria-labelledby="tasks-title">
          <Section id="tasks" title={t('case.section.tasks')}>
            <div role="status">{notice ? <p className="notice notice-good">{notice}</p> : null}</div>
            {data.openTasks.length ? data.openTasks.map((task) => <TaskActions key={task.id} task={task} data={data} onDone={onDone} />) : <Notice>{t('case.noTasks')}</Notice>}
          </Section>
        </aside>
      </div>
    </div>
  );
}
