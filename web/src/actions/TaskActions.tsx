/**
 * What the viewer may do with one open task: claim it; once it is theirs, approve, deny or
 * request information (each with a reason), or release it; a supervisor of the department also
 * releases and reassigns anyone's task. The API decides — a refusal comes back as a typed error
 * in the officer's language and is shown as it is. On a second review, what the first reviewer
 * did is shown first.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, type OperationResult } from 'urql';
import { fromCombined, fromUnion, type ShownError } from '../api/errors.ts';
import { hasRole, useViewer } from '../api/viewer.tsx';
import type { CaseData, OpenTask } from '../case/types.ts';
import { formatAmount, formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { SlaBadge } from '../inbox/TaskTable.tsx';
import { ErrorBox, Notice } from '../ui/primitives.tsx';
import { AssigneeOptions } from './AssigneeOptions.tsx';
import { ClaimTaskMutation, ReassignTaskMutation, ReleaseTaskMutation, ResolveTaskMutation } from './documents.ts';
import { ResolveForm, type ResolveMode, type ResolveValues } from './ResolveForm.tsx';

type Mode = ResolveMode | 'REASSIGN' | null;

interface Member {
  __typename: string;
  code?: string;
  message?: string;
}

/**
 * `onDone` gets what happened in words: the page shows it, since the task itself may be gone
 * from the case (completed) by the time the answer arrives.
 */
export function TaskActions({ task, data, onDone }: { task: OpenTask; data: CaseData; onDone(notice: string): void }) {
  const { t, tx, lang } = useI18n();
  const viewer = useViewer();
  const [, claim] = useMutation(ClaimTaskMutation);
  const [, release] = useMutation(ReleaseTaskMutation);
  const [, reassign] = useMutation(ReassignTaskMutation);
  const [, resolve] = useMutation(ResolveTaskMutation);
  const [mode, setMode] = useState<Mode>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [assignee, setAssignee] = useState('');
  const open = (next: Mode) => {
    setMode(next);
    setError(null);
  };

  const supervisor = hasRole(viewer, 'supervisor') && viewer.department === task.department;
  const inGroup = viewer.department === task.department && (viewer.roles.includes(task.role) || supervisor);
  const mine = task.status === 'CLAIMED' && task.assignee === viewer.id;

  async function run<D>(exec: () => Promise<OperationResult<D>>, pick: (data: D) => Member, success: (member: never) => string) {
    setBusy(true);
    setError(null);
    const result = await exec();
    setBusy(false);
    if (result.error) return setError(fromCombined(result.error, t('error.network')));
    const member = pick(result.data as D);
    const refused = fromUnion(member);
    if (refused) return setError(refused);
    setMode(null);
    onDone(success(member as never));
  }

  const claimTask = () =>
    run(
      () => claim({ taskId: task.taskId }),
      (d) => d.claimTask,
      () => t('actions.done.claimed'),
    );
  const releaseTask = () =>
    run(
      () => release({ taskId: task.taskId }),
      (d) => d.releaseTask,
      () => t('actions.done.released'),
    );

  const submitResolve = (values: ResolveValues) =>
    run(
      () => resolve({ input: { taskId: task.taskId, action: values.action, reason: values.reason, request: values.request ?? null, amount: values.amount ?? null, grounds: values.grounds ?? null } }),
      (d) => d.resolveTask,
      (p: { decision?: { outcome: string } | null; secondReviewTask?: { taskId: string } | null; action?: string }) => {
        if (p.secondReviewTask) return t('actions.done.secondReview', { task: p.secondReviewTask.taskId });
        if (p.decision) return t('actions.done.decided', { outcome: tx('decision.outcome', p.decision.outcome) });
        // A refusal is heard before it is signed: the citizen is told and may object.
        if (values.action === 'DENY') return t('actions.done.preliminaryRefusal');
        return t('actions.done.informationRequested');
      },
    );

  const submitReassign = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => reassign({ taskId: task.taskId, assignee }),
      (d) => d.reassignTask,
      () => t('actions.done.reassigned', { who: assignee.trim() }),
    );
  };

  const firstReview = task.kind === 'SECOND_REVIEW' ? firstApproval(data, task) : null;

  return (
    <article className="task-card" aria-labelledby={`task-${task.taskId}`} data-task-id={task.taskId} data-task-kind={task.kind}>
      <header>
        <h3 id={`task-${task.taskId}`}>
          {tx('task.kind', task.kind)} <span className="muted mono small">{task.taskId}</span>
        </h3>
        <p>
          <SlaBadge task={task} now={Date.now()} /> {t('task.col.due')}: <time dateTime={task.dueAt}>{formatDateTime(task.dueAt, lang)}</time>
        </p>
        <p className="muted">
          {task.assignee ? (task.assignee === viewer.id ? t('task.claimedByYou') : t('task.claimedBy', { who: task.assignee })) : tx('task.status', task.status)} ·{' '}
          {t('task.group', { department: tx('department', task.department), role: tx('role', task.role) })}
        </p>
      </header>
      {task.kind === 'SECOND_REVIEW' && task.firstReviewer ? (
        <div className="first-review">
          <p>{t('actions.secondReviewOf', { who: task.firstReviewer, when: firstReview ? formatDateTime(firstReview, lang) : '—' })}</p>
          {data.explanation?.amount ? (
            <p className="muted small">{t('actions.secondReviewAmount', { amount: formatAmount(data.explanation.amount.value, lang, data.explanation.amount.currency) })}</p>
          ) : null}
          {task.firstReviewer === viewer.id ? <Notice tone="warn">{t('actions.fourEyesNotice')}</Notice> : null}
        </div>
      ) : null}
      {/* While a form is open, its own buttons are the only ones: the card stays short enough to fit beside the case. */}
      {mode ? null : (
        <div className="button-row">
          {task.status === 'OPEN' && inGroup ? (
            <button type="button" className="primary" disabled={busy} onClick={claimTask}>
              {t('actions.claim')}
            </button>
          ) : null}
          {mine ? (
            <>
              <button type="button" className="primary" data-action="APPROVE" disabled={busy} onClick={() => open('APPROVE')}>
                {t('actions.approve')}
              </button>
              <button type="button" className="danger" data-action="DENY" disabled={busy} onClick={() => open('DENY')}>
                {t('actions.deny')}
              </button>
              <button type="button" data-action="REQUEST_INFORMATION" disabled={busy} onClick={() => open('REQUEST_INFORMATION')}>
                {t('actions.requestInformation')}
              </button>
            </>
          ) : null}
          {task.status === 'CLAIMED' && (mine || supervisor) ? (
            <button type="button" disabled={busy} onClick={releaseTask}>
              {t('actions.release')}
            </button>
          ) : null}
          {supervisor ? (
            <button type="button" data-action="REASSIGN" disabled={busy} onClick={() => open('REASSIGN')}>
              {t('actions.reassign')}
            </button>
          ) : null}
        </div>
      )}
      {!inGroup && !supervisor ? <p className="muted">{t('actions.none')}</p> : null}
      {mode && mode !== 'REASSIGN' ? <ResolveForm mode={mode} task={task} data={data} busy={busy} onSubmit={submitResolve} onCancel={() => setMode(null)} /> : null}
      {mode === 'REASSIGN' ? (
        <form className="action-form" onSubmit={submitReassign}>
          <label htmlFor={`assignee-${task.taskId}`}>{t('actions.assignee')}</label>
          <input
            autoFocus
            id={`assignee-${task.taskId}`}
            name="assignee"
            required
            autoComplete="off"
            list={`assignees-${task.taskId}`}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            aria-describedby={`assignee-help-${task.taskId}`}
          />
          <AssigneeOptions id={`assignees-${task.taskId}`} role={task.role} />
          <p id={`assignee-help-${task.taskId}`} className="muted small">
            {t('actions.assigneeHelp')}
          </p>
          <div className="button-row">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('actions.working') : t('actions.confirmReassign')}
            </button>
            <button type="button" onClick={() => setMode(null)}>
              {t('actions.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </article>
  );
}

/** When the first reviewer approved: the completion just before this second review opened. */
function firstApproval(data: CaseData, task: OpenTask): string | null {
  const opened = data.timeline.findIndex((e) => e.type === 'TASK_OPENED' && (e.data as { taskId?: string } | null)?.taskId === task.taskId);
  for (let i = opened - 1; i >= 0; i--) {
    const e = data.timeline[i]!;
    if (e.type === 'TASK_COMPLETED' && (e.data as { action?: string } | null)?.action === 'APPROVE') return e.at;
  }
  return null;
}
