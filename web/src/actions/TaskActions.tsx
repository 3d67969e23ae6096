/**
 * What the viewer may do with one open task: claim it; once it is theirs, decide it as its kind
 * asks — a review: approve, deny or request information (the review of an objection: approve or
 * uphold the refusal); an appeal: uphold or replace the decision; a rejected payment: re-issue it
 * to another account (not claimed first: any officer of the group does it) — or release it; a
 * supervisor of the department also releases and reassigns anyone's review. The API decides — a refusal comes back as a typed error in the
 * officer's language and is shown as it is. On a second review, what the first reviewer did is
 * shown first; on an appeal, whether the viewer made the decision appealed.
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
import { FormButtons } from './FormParts.tsx';
import { AppealForm, type AppealMode, type AppealValues } from './AppealForm.tsx';
import { ClaimTaskMutation, ReassignTaskMutation, ReissuePaymentMutation, ReleaseTaskMutation, ResolveAppealMutation, ResolveTaskMutation } from './documents.ts';
import { ReissueForm, type ReissueValues } from './ReissueForm.tsx';
import { ResolveForm, type ResolveMode, type ResolveValues } from './ResolveForm.tsx';

type Mode = ResolveMode | AppealMode | 'REISSUE' | 'REASSIGN' | null;

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
  const [, resolveAppeal] = useMutation(ResolveAppealMutation);
  const [, reissue] = useMutation(ReissuePaymentMutation);
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
  // A rejected payment is not claimed: any officer of the group re-issues it (the API records who).
  const claimable = task.kind !== 'PAYMENT_REJECTED';
  const decides = claimable ? mine : task.status === 'OPEN' && (inGroup || supervisor);
  const objection = task.kind === 'REVIEW' && task.reasons.includes('OBJECTION_SUBMITTED');
  const appeal = task.kind === 'APPEAL' ? (data.appeals.find((a) => a.task?.taskId === task.taskId) ?? null) : null;

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

  const submitAppeal = (values: AppealValues) =>
    run(
      () => resolveAppeal({ input: { appealId: appeal!.id, resolution: values.resolution, reason: values.reason, outcome: values.outcome ?? null, amount: values.amount ?? null, grounds: values.grounds ?? null } }),
      (d) => d.resolveAppeal,
      (p: { appeal: { status: string }; decision: { outcome: string } }) =>
        p.appeal.status === 'UPHELD' ? t('actions.done.appealUpheld') : t('actions.done.appealReplaced', { outcome: tx('decision.outcome', p.decision.outcome) }),
    );

  const submitReissue = (values: ReissueValues) =>
    run(
      () => reissue({ input: { taskId: task.taskId, iban: values.iban, reason: values.reason } }),
      (d) => d.reissuePayment,
      (p: { instruction: { status: string } }) => t('actions.done.reissued', { status: tx('instruction.status', p.instruction.status) }),
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
      {appeal && appeal.decision.decidedBy === viewer.id ? <Notice tone="warn">{t('appeal.ownDecision')}</Notice> : null}
      {objection ? <p className="muted small">{t('objection.help')}</p> : null}
      {/* While a form is open, its own buttons are the only ones: the card stays short enough to fit beside the case. */}
      {mode ? null : (
        <div className="button-row">
          {claimable && task.status === 'OPEN' && inGroup ? (
            <button type="button" className="primary" disabled={busy} onClick={claimTask}>
              {t('actions.claim')}
            </button>
          ) : null}
          {decides ? <DecideButtons kind={task.kind} objection={objection} canAppeal={appeal !== null} busy={busy} open={open} /> : null}
          {task.status === 'CLAIMED' && (mine || supervisor) ? (
            <button type="button" disabled={busy} onClick={releaseTask}>
              {t('actions.release')}
            </button>
          ) : null}
          {supervisor && (task.kind === 'REVIEW' || task.kind === 'SECOND_REVIEW') ? (
            <button type="button" data-action="REASSIGN" disabled={busy} onClick={() => open('REASSIGN')}>
              {t('actions.reassign')}
            </button>
          ) : null}
        </div>
      )}
      {!inGroup && !supervisor ? <p className="muted">{task.kind === 'APPEAL' ? t('appeal.groupOnly') : t('actions.none')}</p> : null}
      {task.kind === 'APPEAL' && !appeal ? <Notice tone="warn">{t('appeal.missing')}</Notice> : null}
      {mode === 'APPROVE' || mode === 'DENY' || mode === 'REQUEST_INFORMATION' ? (
        <ResolveForm mode={mode} objection={objection} task={task} data={data} busy={busy} onSubmit={submitResolve} onCancel={() => setMode(null)} />
      ) : null}
      {(mode === 'UPHOLD' || mode === 'REPLACE') && appeal ? <AppealForm mode={mode} data={data} busy={busy} onSubmit={submitAppeal} onCancel={() => setMode(null)} /> : null}
      {mode === 'REISSUE' ? <ReissueForm task={task} data={data} busy={busy} onSubmit={submitReissue} onCancel={() => setMode(null)} /> : null}
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
          <FormButtons confirm={t('actions.confirmReassign')} busy={busy} onCancel={() => setMode(null)} />
        </form>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </article>
  );
}

/** The buttons that open a decision form, as the task's kind asks. */
function DecideButtons({ kind, objection, canAppeal, busy, open }: { kind: OpenTask['kind']; objection: boolean; canAppeal: boolean; busy: boolean; open(mode: Mode): void }) {
  const { t } = useI18n();
  const button = (mode: Exclude<Mode, null>, label: string, tone?: 'primary' | 'danger') => (
    <button key={mode} type="button" className={tone} data-action={mode} disabled={busy} onClick={() => open(mode)}>
      {label}
    </button>
  );
  if (kind === 'APPEAL') return canAppeal ? <>{[button('UPHOLD', t('appeal.uphold'), 'primary'), button('REPLACE', t('appeal.replace'), 'danger')]}</> : null;
  if (kind === 'PAYMENT_REJECTED') return button('REISSUE', t('reissue.open'), 'primary');
  if (objection) return <>{[button('APPROVE', t('objection.approve'), 'primary'), button('DENY', t('objection.uphold'), 'danger')]}</>;
  return <>{[button('APPROVE', t('actions.approve'), 'primary'), button('DENY', t('actions.deny'), 'danger'), button('REQUEST_INFORMATION', t('actions.requestInformation'))]}</>;
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
