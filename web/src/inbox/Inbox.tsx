/**
 * The officer's inbox: one filter at a time (my groups, mine, overdue, and for supervisors what
 * was escalated to them), soonest due first then by priority as the API sorts it, a page at a
 * time, refreshed every INBOX_REFRESH_SECONDS while the tab is visible and at once after an
 * action anywhere in the console (urql refetches what a mutation's result invalidates).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { navigate, useLocation } from '../app/router.tsx';
import { fromCombined } from '../api/errors.ts';
import { apiLang } from '../api/graphql.ts';
import { hasInbox, hasRole, useViewer } from '../api/viewer.tsx';
import { formatTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox, Notice, Pager } from '../ui/primitives.tsx';
import { InboxQuery } from './documents.ts';
import { TaskTable } from './TaskTable.tsx';

export const INBOX_REFRESH_SECONDS = 15;
export const PAGE_SIZES = [25, 50, 100] as const;
const FILTERS = ['MY_GROUPS', 'MINE', 'OVERDUE', 'ESCALATED'] as const;
type Filter = (typeof FILTERS)[number];
/** Until the API filters escalated tasks itself, they are picked from this many open ones. */
const ESCALATED_SCAN = 100;

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Inbox() {
  const { t, lang } = useI18n();
  const viewer = useViewer();
  const url = useLocation();
  const supervisor = hasRole(viewer, 'supervisor');
  const filters = FILTERS.filter((f) => f !== 'ESCALATED' || supervisor);
  const filter: Filter = (filters as readonly string[]).includes(url.searchParams.get('filter') ?? '') ? (url.searchParams.get('filter') as Filter) : 'MY_GROUPS';
  const size = PAGE_SIZES.find((s) => String(s) === url.searchParams.get('size')) ?? PAGE_SIZES[0];
  // The `after` cursor of every page before the current one: going back pops it.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const escalated = filter === 'ESCALATED';

  const variables = useMemo(
    () => ({ filter: escalated ? ('MY_GROUPS' as const) : filter, first: escalated ? ESCALATED_SCAN : size, after: escalated ? null : after, lang: apiLang(lang) }),
    [filter, escalated, size, after, lang],
  );
  const [result, reexecute] = useQuery({ query: InboxQuery, variables, pause: !hasInbox(viewer) });
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const now = useNow(30_000);

  useEffect(() => {
    if (result.data && !result.stale) setUpdatedAt(new Date().toISOString());
  }, [result.data, result.stale]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) reexecute({ requestPolicy: 'network-only' });
    }, INBOX_REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [reexecute]);

  const rows = useMemo(() => {
    const nodes = result.data?.tasks.edges.map((e) => e.node) ?? [];
    return escalated ? nodes.filter((n) => n.escalated && viewer.roles.includes(n.role)) : nodes;
  }, [result.data, escalated, viewer.roles]);

  const marked = useRef(false);
  useEffect(() => {
    // For the render benchmark (scripts/bench-console.ts): the first page of tasks is on screen.
    if (result.data && !marked.current) {
      marked.current = true;
      performance.mark('qyzmet:inbox-rendered', { detail: { rows: rows.length } });
    }
  }, [result.data, rows.length]);

  const choose = (next: { filter?: Filter; size?: number }) => {
    const params = new URLSearchParams(url.search);
    if (next.filter) params.set('filter', next.filter);
    if (next.size) params.set('size', String(next.size));
    setCursors([null]);
    navigate(`${url.pathname}?${params.toString()}`, { replace: true });
  };

  if (!hasInbox(viewer)) return <Notice>{t('inbox.noInbox')}</Notice>;
  const pageInfo = result.data?.tasks.pageInfo;

  return (
    <div className="inbox">
      <div className="page-head">
        <h1>{t('inbox.title')}</h1>
        <p className="muted">
          {t('inbox.sorted')} {updatedAt ? t('inbox.updated', { time: formatTime(updatedAt, lang), seconds: INBOX_REFRESH_SECONDS }) : null}
        </p>
      </div>
      <div className="toolbar">
        <div role="group" aria-label={t('inbox.filters')} className="segmented">
          {filters.map((f) => (
            <button key={f} type="button" aria-pressed={f === filter} onClick={() => choose({ filter: f })}>
              {t(`inbox.filter.${f}`)}
            </button>
          ))}
        </div>
        <div className="toolbar-end">
          <label className="inline-field">
            {t('inbox.pageSize')}
            <select value={size} onChange={(e) => choose({ size: Number(e.target.value) })} disabled={escalated}>
              {PAGE_SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
            {t('inbox.refresh')}
          </button>
        </div>
      </div>
      <p className="muted hint">{t(`inbox.hint.${filter}`)}</p>
      {escalated && pageInfo?.hasNextPage ? <Notice tone="warn">{t('inbox.escalatedNote')}</Notice> : null}
      {result.error ? <ErrorBox error={fromCombined(result.error, t('error.network'))} title={t('error.loadTitle')} /> : null}
      {result.data ? (
        rows.length ? (
          <TaskTable rows={rows} caption={t('inbox.caption', { filter: t(`inbox.filter.${filter}`) })} now={now} />
        ) : (
          <p className="empty">{t('inbox.empty')}</p>
        )
      ) : result.fetching ? (
        <p aria-live="polite">{t('app.loading')}</p>
      ) : null}
      {!escalated ? (
        <Pager
          page={cursors.length}
          hasNext={Boolean(pageInfo?.hasNextPage)}
          onPrevious={() => setCursors((c) => c.slice(0, -1))}
          onNext={() => pageInfo?.endCursor && setCursors((c) => [...c, pageInfo.endCursor])}
        />
      ) : null}
    </div>
  );
}
