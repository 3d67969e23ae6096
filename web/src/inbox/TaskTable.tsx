/** One page of tasks: due date and deadline state first, then what the task is about. */
import { Link, paths } from '../app/router.tsx';
import type { ResultOf } from '../api/graphql.ts';
import { useViewer } from '../api/viewer.tsx';
import { describeReason } from '../case/reasons.ts';
import { formatDateTime, formatRelative } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Badge, DataTable, type Tone } from '../ui/primitives.tsx';
import type { TaskRowFragment } from './documents.ts';
import { slaState, type SlaState } from './sla.ts';

export type TaskRow = ResultOf<typeof TaskRowFragment>;

export const SLA_TONE: Record<SlaState, Tone> = { onTime: 'good', dueSoon: 'warn', overdue: 'bad', escalated: 'bad', closed: 'neutral' };

export function SlaBadge({ task, now }: { task: Parameters<typeof slaState>[0]; now: number }) {
  const { t } = useI18n();
  const state = slaState(task, now);
  return <Badge tone={SLA_TONE[state]}>{t(`sla.${state}`)}</Badge>;
}

export function TaskTable({ rows, caption, now }: { rows: TaskRow[]; caption: string; now: number }) {
  const { t, tx, lang } = useI18n();
  const viewer = useViewer();
  return (
    <DataTable
      className="tasks"
      caption={caption}
      data-rows={rows.length}
      columns={[t('task.col.due'), t('task.col.sla'), t('task.col.priority'), t('task.col.case'), t('task.col.kind'), t('task.col.reasons'), t('task.col.holder')]}
    >
      {rows.map((task) => (
        <tr key={task.id} data-task-id={task.taskId} data-case-id={task.case.caseId}>
          <td>
            <time dateTime={task.dueAt}>{formatDateTime(task.dueAt, lang)}</time>
            <div className="muted">{formatRelative(task.dueAt, now, lang)}</div>
          </td>
          <td>
            <SlaBadge task={task} now={now} />
          </td>
          <td className="num">{task.priority}</td>
          <td>
            <Link href={paths.case(task.case.caseId)} className="case-link">
              {task.case.serviceTitle}
            </Link>
            <div className="muted mono">{task.case.caseId}</div>
          </td>
          <td>
            {tx('task.kind', task.kind)}
            {task.firstReviewer ? <div className="muted">{t('task.firstReviewer', { who: task.firstReviewer })}</div> : null}
          </td>
          <td>
            <ul className="reasons">
              {task.reasons.map((r) => (
                <li key={r} title={describeReason(r, t, 'long')}>
                  {describeReason(r, t, 'short')}
                </li>
              ))}
            </ul>
          </td>
          <td>
            {tx('task.status', task.status)}
            {task.assignee ? <div className="muted">{task.assignee === viewer.id ? t('task.claimedByYou') : t('task.claimedBy', { who: task.assignee })}</div> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
