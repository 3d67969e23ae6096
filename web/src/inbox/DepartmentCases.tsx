/**
 * The whole department at a glance (supervisors; engineers see every department): cases by
 * status with their open tasks and who holds them — where a supervisor finds a task to reassign.
 */
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Link, paths } from '../app/router.tsx';
import { fromCombined } from '../api/errors.ts';
import { apiLang } from '../api/graphql.ts';
import { hasRole, useViewer } from '../api/viewer.tsx';
import { StatusBadge } from '../case/sections/Summary.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { DataTable, ErrorBox, Pager } from '../ui/primitives.tsx';
import { DepartmentCasesQuery } from './documents.ts';
import { SlaBadge } from './TaskTable.tsx';

const OPEN = ['RECEIVED', 'GATHERING_EVIDENCE', 'EVALUATING', 'PENDING_REVIEW', 'AWAITING_INFORMATION', 'NEEDS_ATTENTION', 'PRELIMINARY_REFUSAL', 'OFFERED'] as const;
const CLOSED = ['APPROVED', 'DENIED', 'WITHDRAWN', 'REJECTED', 'REFUSED', 'EXPIRED', 'NOT_OFFERED'] as const;
type Status = (typeof OPEN)[number] | (typeof CLOSED)[number];
const PAGE = 50;

export function DepartmentCases() {
  const { t, tx, lang } = useI18n();
  const viewer = useViewer();
  const [status, setStatus] = useState<'OPEN' | Status>('OPEN');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const variables = useMemo(
    () => ({
      filter: { status: status === 'OPEN' ? [...OPEN] : [status], ...(viewer.department && !hasRole(viewer, 'engineer') ? { department: viewer.department } : {}) },
      first: PAGE,
      after: cursors[cursors.length - 1] ?? null,
      lang: apiLang(lang),
    }),
    [status, cursors, viewer, lang],
  );
  const [result] = useQuery({ query: DepartmentCasesQuery, variables });
  const connection = result.data?.cases;
  const now = Date.now();

  return (
    <div>
      <div className="page-head">
        <h1>{hasRole(viewer, 'engineer') ? t('nav.allCases') : `${t('nav.cases')}: ${viewer.department ? tx('department', viewer.department) : ''}`}</h1>
        {connection ? <p className="muted">{t('cases.total', { n: connection.totalCount })}</p> : null}
      </div>
      <div className="toolbar">
        <label className="inline-field">
          {t('cases.status')}
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as 'OPEN' | Status);
              setCursors([null]);
            }}
          >
            <option value="OPEN">{t('cases.statusAll')}</option>
            {[...OPEN, ...CLOSED].map((s) => (
              <option key={s} value={s}>
                {tx('case.status', s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.error ? <ErrorBox error={fromCombined(result.error, t('error.network'))} title={t('error.loadTitle')} /> : null}
      {connection && connection.edges.length === 0 ? <p className="empty">{t('inbox.empty')}</p> : null}
      {connection && connection.edges.length ? (
        <DataTable className="cases" caption={t('cases.title')} columns={[t('cases.col.created'), t('task.col.case'), t('cases.col.status'), t('cases.col.tasks')]}>
          {connection.edges.map(({ node }) => (
            <tr key={node.id} data-case-id={node.caseId}>
              <td>{formatDateTime(node.createdAt, lang)}</td>
              <td>
                <Link href={paths.case(node.caseId)}>{node.serviceTitle}</Link>
                <div className="muted mono">{node.caseId}</div>
              </td>
              <td>
                <StatusBadge status={node.status} />
              </td>
              <td>
                {node.openTasks.length
                  ? node.openTasks.map((task) => (
                      <div key={task.id}>
                        {tx('task.kind', task.kind)} — {task.assignee ? t('task.claimedBy', { who: task.assignee }) : tx('task.status', task.status)}{' '}
                        <SlaBadge task={{ ...task, createdAt: node.createdAt }} now={now} />
                      </div>
                    ))
                  : t('cases.noTasks')}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <Pager
        page={cursors.length}
        hasNext={Boolean(connection?.pageInfo.hasNextPage)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => connection?.pageInfo.endCursor && setCursors((c) => [...c, connection.pageInfo.endCursor])}
      />
    </div>
  );
}
