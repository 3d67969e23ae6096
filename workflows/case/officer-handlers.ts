/**
 * Officer actions on a case's tasks, as Updates with validators. A validator runs before the
 * update is accepted: a rejected update (wrong state, wrong group, four-eyes) leaves no event in
 * history and the caller receives the typed reason. Handlers change state synchronously before
 * their first await, so a second concurrent resolve sees the task already taken.
 */
import { setHandler } from '@temporalio/workflow';
import {
  claimTaskUpdate,
  isLiveTask,
  reassignTaskUpdate,
  releaseTaskUpdate,
  RESOLVE_ACTIONS,
  resolveTaskUpdate,
  type ResolveTaskInput,
  type ResolveTaskResult,
  type TaskState,
} from '../messages.ts';
import { holds, inCandidateGroup, supervises } from '../task-permissions.ts';
import type { CaseState } from './state.ts';
import type { Decider } from './decide.ts';
import { reject } from './reject.ts';

function liveTask(state: CaseState, taskId: string): TaskState {
  if (state.closed) reject('INVALID_STATE', `case ${state.caseId} is already ${state.status}`);
  const task = state.task(taskId);
  if (!task) reject('INVALID_STATE', `task ${taskId} does not belong to case ${state.caseId}`);
  if (!isLiveTask(task)) reject('INVALID_STATE', `task ${taskId} is already ${task.status}`);
  return task;
}

function assertFourEyes(task: TaskState, officerId: string, what: string): void {
  if (task.kind === 'SECOND_REVIEW' && task.firstReviewer === officerId) {
    reject('FOUR_EYES', `four-eyes rule: ${officerId} made the first review and cannot ${what} the second`);
  }
}

function validateResolve(state: CaseState, input: ResolveTaskInput): void {
  const task = liveTask(state, input.taskId);
  if (!inCandidateGroup(input.officer, task)) reject('FORBIDDEN', `task ${task.taskId} belongs to ${task.department}/${task.role}`);
  if (!holds(input.officer, task) && !supervises(input.officer, task.department)) {
    reject('INVALID_STATE', task.assignee ? `task ${task.taskId} is claimed by another officer` : `claim task ${task.taskId} before resolving it`);
  }
  if (!input.reason || input.reason.trim().length < 3) reject('VALIDATION_FAILED', 'a reason is required');
  if (!RESOLVE_ACTIONS.includes(input.action)) reject('VALIDATION_FAILED', `unknown action ${input.action}`);
  if (input.action === 'REQUEST_INFORMATION' && !input.request?.trim()) reject('VALIDATION_FAILED', 'say what information is requested');
  if (input.amount !== undefined && (!Number.isFinite(input.amount) || input.amount < 0)) reject('VALIDATION_FAILED', 'amount must be a non-negative number');
  if (input.action === 'APPROVE') {
    assertFourEyes(task, input.officer.id, 'approve');
    // The rules could not compute an amount (missing evidence): the officer must state it.
    if (input.amount === undefined && (state.pendingAmount ?? state.evaluation?.amount ?? null) === null) {
      reject('VALIDATION_FAILED', 'the rules computed no amount for this case; approve with an amount');
    }
  }
}

export function registerOfficerHandlers(state: CaseState, decider: Decider): void {
  setHandler(
    claimTaskUpdate,
    async ({ taskId, officer }) => {
      const task = state.task(taskId)!;
      task.status = 'CLAIMED';
      task.assignee = officer.id;
      await state.project({ event: { type: 'TASK_CLAIMED', data: { taskId } }, task, audit: { actor: officer.id, action: 'TASK_CLAIMED', details: { taskId } } });
      return { ...task };
    },
    {
      validator: ({ taskId, officer }) => {
        const task = liveTask(state, taskId);
        if (!inCandidateGroup(officer, task)) reject('FORBIDDEN', `task ${taskId} belongs to ${task.department}/${task.role}`);
        if (task.status !== 'OPEN') reject('INVALID_STATE', `task ${taskId} is already claimed`);
        assertFourEyes(task, officer.id, 'take');
      },
    },
  );

  setHandler(
    releaseTaskUpdate,
    async ({ taskId, officer }) => {
      const task = state.task(taskId)!;
      task.status = 'OPEN';
      task.assignee = null;
      await state.project({ event: { type: 'TASK_RELEASED', data: { taskId } }, task, audit: { actor: officer.id, action: 'TASK_RELEASED', details: { taskId } } });
      return { ...task };
    },
    {
      validator: ({ taskId, officer }) => {
        const task = liveTask(state, taskId);
        if (task.status !== 'CLAIMED') reject('INVALID_STATE', `task ${taskId} is not claimed`);
        if (task.assignee !== officer.id && !supervises(officer, task.department)) reject('FORBIDDEN', `task ${taskId} is claimed by another officer`);
      },
    },
  );

  setHandler(
    reassignTaskUpdate,
    async ({ taskId, officer, assignee }) => {
      const task = state.task(taskId)!;
      task.status = 'CLAIMED';
      task.assignee = assignee;
      await state.project({ event: { type: 'TASK_REASSIGNED', data: { taskId, assignee } }, task, audit: { actor: officer.id, action: 'TASK_REASSIGNED', details: { taskId, assignee } } });
      return { ...task };
    },
    {
      validator: ({ taskId, officer, assignee }) => {
        const task = liveTask(state, taskId);
        if (!supervises(officer, task.department)) reject('FORBIDDEN', `only a supervisor of ${task.department} may reassign`);
        if (!assignee?.trim()) reject('VALIDATION_FAILED', 'assignee is required');
        assertFourEyes(task, assignee, 'take');
      },
    },
  );

  setHandler(resolveTaskUpdate, (input) => resolve(state, decider, input), { validator: (input) => validateResolve(state, input) });
}

async function resolve(state: CaseState, decider: Decider, input: ResolveTaskInput): Promise<ResolveTaskResult> {
  const task = state.task(input.taskId)!;
  const { officer } = input;
  task.status = 'COMPLETED';
  task.assignee = officer.id;
  const audit = { actor: officer.id, action: `TASK_${input.action}`, details: { taskId: task.taskId, reason: input.reason } };
  const result: ResolveTaskResult = { taskId: task.taskId, action: input.action, decision: null, secondReviewTaskId: null, status: state.status };

  if (input.action === 'REQUEST_INFORMATION') {
    state.informationRequested = input.request!;
    await state.project({ event: { type: 'TASK_COMPLETED', data: { taskId: task.taskId, action: input.action } }, task, audit });
    result.status = 'AWAITING_INFORMATION';
    return result;
  }

  const amount = input.action === 'APPROVE' ? (input.amount ?? state.evaluation?.amount ?? null) : null;
  const threshold = state.plan?.policy.fourEyesThreshold ?? Infinity;
  // Four-eyes measures what is granted in total: a monthly amount times the months paid.
  const total = amount === null ? null : amount * (state.evaluation?.periodMonths ?? 1);
  if (input.action === 'APPROVE' && task.kind === 'REVIEW' && total !== null && total > threshold) {
    const second: TaskState = {
      taskId: state.nextTaskId(),
      kind: 'SECOND_REVIEW',
      status: 'OPEN',
      department: task.department,
      role: state.plan!.policy.candidateGroup.role,
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
    amount: input.action === 'APPROVE' ? (task.kind === 'SECOND_REVIEW' ? (input.amount ?? state.pendingAmount ?? amount) : amount) : null,
    decidedBy: { kind: 'OFFICER', officerId: officer.id, reason: input.reason, firstReviewer: task.firstReviewer },
  });
  result.status = state.status;
  return result;
}
