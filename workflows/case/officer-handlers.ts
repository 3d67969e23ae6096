/**
 * Officer actions on a case's tasks, as Updates with validators. A validator runs before the
 * update is accepted: a rejected update (no valid officer claim, bad input, wrong state, wrong
 * group, four-eyes) leaves no event in history and the caller receives the typed reason. Handlers
 * change state synchronously before their first await, so a second concurrent resolve — or a
 * withdrawal — sees the task already taken and the decision already under way.
 *
 * Who acts is never what the input says: every validator verifies the officer claim the API
 * signed for this workflow, this Update and this exact input (lib/claims), and the permission
 * rule reads the verified officer. An Update sent straight to Temporal without such a claim is
 * refused before it is accepted.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { claimedOfficer, requireOfficerClaim } from '../../lib/claims/in-workflow.ts';
import { checkAmount, checkIdentifier, checkText, FREE_TEXT, type Checked } from '../../lib/input/index.ts';
import {
  claimTaskUpdate,
  isLiveTask,
  reassignTaskUpdate,
  releaseTaskUpdate,
  RESOLVE_ACTIONS,
  resolveTaskUpdate,
  retryFailedStepUpdate,
  type FailedStep,
  type Officer,
  type OfficerUpdateInput,
  type ResolveTaskInput,
  type ResolveTaskResult,
  type TaskState,
} from '../messages.ts';
import { ENGINEER_ROLE, holds, inCandidateGroup, supervises } from '../task-permissions.ts';
import type { CaseState } from './state.ts';
import type { Decider } from './decide.ts';
import { needsSecondReview } from './four-eyes.ts';
import { hearsFirst, proposeRefusal } from './hearing.ts';
import { PATCH } from './patches.ts';
import { reject } from './reject.ts';

/**
 * How often one task may be claimed, released or reassigned. Each is an accepted Update and a
 * few history events; without a cap a claim/release loop grows the history until Temporal
 * refuses further Updates and the case can no longer be decided. 100 hand-overs is far beyond
 * any real review and leaves the history far below Temporal's limits (see the README).
 */
export const MAX_TASK_HANDOVERS = 100;
/**
 * And over the whole case (a case opens a new task after each request for information): with
 * releases, at most about 2 × 400 officer Updates, well below Temporal's 2 000 Updates per
 * workflow execution and its 51 200 history events.
 */
export const MAX_CASE_HANDOVERS = 400;

/** Validators: the one input rule for everything an officer types or names. */
function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) reject('VALIDATION_FAILED', checked.problem.message);
  return checked.value;
}

function liveTask(state: CaseState, taskId: unknown): TaskState {
  const id = valid(checkIdentifier('taskId', taskId, { maxLength: 200 }));
  if (state.closed) reject('INVALID_STATE', `case ${state.caseId} is already ${state.status}`);
  if (state.failedStep) reject('INVALID_STATE', `case ${state.caseId} needs attention (a ${state.failedStep.step} step failed); its tasks wait until the step is retried`);
  const task = state.task(id);
  if (!task) reject('INVALID_STATE', `task ${id} does not belong to case ${state.caseId}`);
  if (!isLiveTask(task)) reject('INVALID_STATE', `task ${id} is already ${task.status}`);
  return task;
}

/**
 * The acting officer in a handler: the claim the validator verified. Histories accepted before
 * officer claims carry the officer in the input instead; only their replay reads it.
 */
function actingOfficer(input: OfficerUpdateInput): Officer {
  if (input.claim !== undefined) return claimedOfficer(input);
  return input.officer!;
}

function assertFourEyes(task: TaskState, officerId: string, what: string): void {
  if (task.kind === 'SECOND_REVIEW' && task.firstReviewer === officerId) {
    reject('FOUR_EYES', `four-eyes rule: ${officerId} made the first review and cannot ${what} the second`);
  }
}

function assertHandoverBudget(state: CaseState, task: TaskState): void {
  if ((state.handovers.get(task.taskId) ?? 0) >= MAX_TASK_HANDOVERS) {
    reject('INVALID_STATE', `task ${task.taskId} has changed hands ${MAX_TASK_HANDOVERS} times; resolve it (or ask a supervisor to) instead`);
  }
  let total = 0;
  for (const n of state.handovers.values()) total += n;
  if (total >= MAX_CASE_HANDOVERS) reject('INVALID_STATE', `the tasks of case ${state.caseId} have changed hands ${MAX_CASE_HANDOVERS} times; resolve the task instead`);
}

/** The amount the rules computed for this case, or null. */
const computedAmount = (state: CaseState): number | null => state.evaluation?.amount ?? null;

/** The grounds a refusal names: at least one, each from the service's closed list (the plan's), and only with DENY. */
function checkGrounds(state: CaseState, input: ResolveTaskInput): void {
  const { grounds } = input;
  if (grounds !== undefined) {
    if (!Array.isArray(grounds) || grounds.length > 20) reject('VALIDATION_FAILED', 'grounds must be a list of at most 20 codes');
    if (input.action !== 'DENY') reject('VALIDATION_FAILED', 'grounds go only with DENY');
    for (const g of grounds) valid(checkIdentifier('grounds', g, { maxLength: 100 }));
    if (new Set(grounds).size !== grounds.length) reject('VALIDATION_FAILED', 'a ground is named twice');
  }
  if (input.action !== 'DENY') return;
  const allowed = state.plan?.refusalGrounds;
  // A case pinned to a version published before refusal grounds has no list to choose from.
  if (!allowed) {
    if (grounds?.length) reject('VALIDATION_FAILED', `the service version of case ${state.caseId} declares no refusal grounds`);
    return;
  }
  if (!grounds?.length) reject('VALIDATION_FAILED', `a refusal must name at least one ground: ${allowed.join(', ')}`);
  const unknown = grounds.filter((g) => !allowed.includes(g));
  if (unknown.length) reject('VALIDATION_FAILED', `not a refusal ground of this service: ${unknown.join(', ')} (grounds: ${allowed.join(', ')})`);
}

function validateResolve(state: CaseState, input: ResolveTaskInput): void {
  const officer = requireOfficerClaim(input);
  const task = liveTask(state, input.taskId);
  if (!inCandidateGroup(officer, task)) reject('FORBIDDEN', `task ${task.taskId} belongs to ${task.department}/${task.role}`);
  if (!holds(officer, task) && !supervises(officer, task.department)) {
    reject('INVALID_STATE', task.assignee ? `task ${task.taskId} is claimed by another officer` : `claim task ${task.taskId} before resolving it`);
  }
  if (!RESOLVE_ACTIONS.includes(input.action)) reject('VALIDATION_FAILED', 'unknown action');
  const reason = valid(checkText('reason', input.reason, FREE_TEXT));
  if (reason.length < 3) reject('VALIDATION_FAILED', 'a reason of at least 3 characters is required');
  if (input.request !== undefined) valid(checkText('request', input.request, FREE_TEXT));
  if (input.action === 'REQUEST_INFORMATION' && input.request === undefined) reject('VALIDATION_FAILED', 'say what information is requested');
  // The review of an objection decides the refusal: approve, or deny for good.
  if (input.action === 'REQUEST_INFORMATION' && state.refusal?.phase === 'HEARD') reject('INVALID_STATE', `the review of an objection approves or denies case ${state.caseId}`);
  checkGrounds(state, input);
  if (input.amount !== undefined) {
    valid(checkAmount('amount', input.amount));
    if (input.action !== 'APPROVE') reject('VALIDATION_FAILED', 'an amount goes only with APPROVE');
  }
  if (input.action === 'APPROVE') {
    assertFourEyes(task, officer.id, 'approve');
    // The second review decides the amount it was shown: the one the first reviewer approved.
    if (task.kind === 'SECOND_REVIEW' && input.amount !== undefined && input.amount !== state.pendingAmount) {
      reject('VALIDATION_FAILED', `the second review approves the amount the first reviewer approved (${state.pendingAmount}); deny or request information to change it`);
    }
    // The rules could not compute an amount (missing evidence): the officer must state it.
    if (input.amount === undefined && (state.pendingAmount ?? computedAmount(state)) === null) {
      reject('VALIDATION_FAILED', 'the rules computed no amount for this case; approve with an amount');
    }
  }
}

export function registerOfficerHandlers(state: CaseState, decider: Decider): void {
  setHandler(
    claimTaskUpdate,
    async (input) => {
      const officer = actingOfficer(input);
      const task = state.task(input.taskId)!;
      task.status = 'CLAIMED';
      task.assignee = officer.id;
      state.countHandover(task.taskId);
      await state.project({ event: { type: 'TASK_CLAIMED', data: { taskId: task.taskId } }, task, audit: { actor: officer.id, action: 'TASK_CLAIMED', details: { taskId: task.taskId } } });
      return { ...task };
    },
    {
      validator: (input) => {
        const officer = requireOfficerClaim(input);
        const task = liveTask(state, input.taskId);
        if (!inCandidateGroup(officer, task)) reject('FORBIDDEN', `task ${task.taskId} belongs to ${task.department}/${task.role}`);
        if (task.status !== 'OPEN') reject('INVALID_STATE', `task ${task.taskId} is already claimed`);
        assertFourEyes(task, officer.id, 'take');
        assertHandoverBudget(state, task);
      },
    },
  );

  setHandler(
    releaseTaskUpdate,
    async (input) => {
      const officer = actingOfficer(input);
      const task = state.task(input.taskId)!;
      task.status = 'OPEN';
      task.assignee = null;
      await state.project({ event: { type: 'TASK_RELEASED', data: { taskId: task.taskId } }, task, audit: { actor: officer.id, action: 'TASK_RELEASED', details: { taskId: task.taskId } } });
      return { ...task };
    },
    {
      validator: (input) => {
        const officer = requireOfficerClaim(input);
        const task = liveTask(state, input.taskId);
        if (task.status !== 'CLAIMED') reject('INVALID_STATE', `task ${task.taskId} is not claimed`);
        if (task.assignee !== officer.id && !supervises(officer, task.department)) reject('FORBIDDEN', `task ${task.taskId} is claimed by another officer`);
      },
    },
  );

  setHandler(
    reassignTaskUpdate,
    async (input) => {
      const officer = actingOfficer(input);
      const task = state.task(input.taskId)!;
      task.status = 'CLAIMED';
      task.assignee = input.assignee;
      state.countHandover(task.taskId);
      await state.project({
        event: { type: 'TASK_REASSIGNED', data: { taskId: task.taskId, assignee: input.assignee } },
        task,
        audit: { actor: officer.id, action: 'TASK_REASSIGNED', details: { taskId: task.taskId, assignee: input.assignee } },
      });
      return { ...task };
    },
    {
      validator: (input) => {
        const officer = requireOfficerClaim(input);
        const task = liveTask(state, input.taskId);
        if (!supervises(officer, task.department)) reject('FORBIDDEN', `only a supervisor of ${task.department} may reassign`);
        const assignee = valid(checkIdentifier('assignee', input.assignee, { noIin: true }));
        if (task.status === 'CLAIMED' && task.assignee === assignee) reject('INVALID_STATE', `task ${task.taskId} is already assigned to ${assignee}`);
        assertFourEyes(task, assignee, 'take');
        assertHandoverBudget(state, task);
      },
    },
  );

  setHandler(resolveTaskUpdate, (input) => resolve(state, decider, input), { validator: (input) => validateResolve(state, input) });

  // Re-runs the step that holds the case in NEEDS_ATTENTION (failed-step.ts) and answers once it
  // ran: the status it resumed, or the new failure if it failed again.
  setHandler(
    retryFailedStepUpdate,
    async (input) => {
      const officer = actingOfficer(input);
      const failed = state.failedStep!;
      state.failedStep = null;
      state.retryRequest = { failure: failed.failure, step: failed.step, by: officer.id, resumeStatus: failed.resumeStatus };
      await condition(() => state.retrySettled >= failed.failure);
      const again = state.failedStep as FailedStep | null; // set again by a step that failed once more
      return { status: state.status, failedStep: again && { ...again } };
    },
    {
      validator: (input) => {
        const officer = requireOfficerClaim(input);
        const department = state.plan?.department;
        if (!officer.roles.includes(ENGINEER_ROLE) && !(department && supervises(officer, department))) {
          reject('FORBIDDEN', `only an engineer or a supervisor of ${department ?? 'the case department'} may retry a failed step`);
        }
        const failed = state.failedStep;
        if (!failed) reject('INVALID_STATE', `case ${state.caseId} has no failed step to retry (status ${state.status})`);
        if (input.failure !== failed.failure) reject('INVALID_STATE', `failure ${String(input.failure)} of case ${state.caseId} is not the one it waits on (${failed.failure})`);
      },
    },
  );
}

async function resolve(state: CaseState, decider: Decider, input: ResolveTaskInput): Promise<ResolveTaskResult> {
  const task = state.task(input.taskId)!;
  const officer = actingOfficer(input);
  task.status = 'COMPLETED';
  task.assignee = officer.id;
  const audit = { actor: officer.id, action: `TASK_${input.action}`, details: { taskId: task.taskId, reason: input.reason, ...(input.grounds?.length ? { grounds: input.grounds } : {}) } };
  const result: ResolveTaskResult = { taskId: task.taskId, action: input.action, decision: null, secondReviewTaskId: null, status: state.status };

  if (input.action === 'REQUEST_INFORMATION') {
    state.informationRequested = input.request!;
    await state.project({ event: { type: 'TASK_COMPLETED', data: { taskId: task.taskId, action: input.action } }, task, audit });
    result.status = 'AWAITING_INFORMATION';
    return result;
  }

  // A refusal is first heard (hearing.ts): the task is done, the main flow tells the citizen.
  if (input.action === 'DENY' && hearsFirst(state)) {
    proposeRefusal(state, { kind: 'OFFICER', officerId: officer.id, reason: input.reason, firstReviewer: task.firstReviewer, ...(input.grounds?.length ? { grounds: input.grounds } : {}) });
    await state.project({ event: { type: 'TASK_COMPLETED', data: { taskId: task.taskId, action: input.action } }, task, audit });
    result.status = 'PRELIMINARY_REFUSAL';
    return result;
  }

  const amount = input.action === 'APPROVE' ? (input.amount ?? computedAmount(state)) : null;
  const secondReview =
    input.action === 'APPROVE' &&
    task.kind === 'REVIEW' &&
    amount !== null &&
    (state.patched(PATCH.fourEyesOnPaidAmount)
      ? needsSecondReview({ amount, computed: computedAmount(state), periodMonths: state.evaluation?.periodMonths ?? 1, threshold: state.plan?.policy.fourEyesThreshold ?? Infinity })
      : amount * (state.evaluation?.periodMonths ?? 1) > (state.plan?.policy.fourEyesThreshold ?? Infinity));
  // Decided from here on, before the first await: a withdrawal arriving while the decision is
  // being signed is refused by its validator instead of closing the case a second way.
  if (!secondReview) state.deciding = true;

  if (secondReview) {
    const second: TaskState = {
      taskId: state.nextTaskId(),
      kind: 'SECOND_REVIEW',
      status: 'OPEN',
      // The operational policy may require the second reviewer to be a supervisor (absent in
      // plans resolved before the knob existed: another officer, as before).
      ...(state.plan!.policy.secondReviewBySupervisor ? state.plan!.policy.supervisorGroup : { department: task.department, role: state.plan!.policy.candidateGroup.role }),
      assignee: null,
      reasons: ['FOUR_EYES'],
      dueAt: new Date(Date.now() + decider.slaMs()).toISOString(),
      escalated: false,
      firstReviewer: officer.id,
    };
    state.pendingAmount = amount;
    state.tasks.push(second);
    await state.project({ event: { type: 'TASK_COMPLETED', data: { taskId: task.taskId, action: input.action } }, task, audit });
    await state.project({ event: { type: 'TASK_OPENED', data: { taskId: second.taskId, kind: second.kind } }, task: second });
    result.secondReviewTaskId = second.taskId;
    return result;
  }

  await state.project({ event: { type: 'TASK_COMPLETED', data: { taskId: task.taskId, action: input.action } }, task, audit });
  result.decision = await decider.decide({
    outcome: input.action === 'APPROVE' ? 'APPROVED' : 'DENIED',
    // A second review's validator admits no amount but the one shown, so this is pendingAmount.
    amount: input.action === 'APPROVE' ? (task.kind === 'SECOND_REVIEW' ? (input.amount ?? state.pendingAmount ?? amount) : amount) : null,
    decidedBy: { kind: 'OFFICER', officerId: officer.id, reason: input.reason, firstReviewer: task.firstReviewer, ...(input.grounds?.length ? { grounds: input.grounds } : {}) },
  });
  result.status = state.status;
  return result;
}
