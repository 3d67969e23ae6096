/**
 * A citizen's appeal against a signed decision, as its own workflow (id appealWorkflowId, one per
 * decision: a repeated filing attaches to it). It opens an APPEAL task for the department's appeal
 * group with the appeal's review SLA, waits for the group's Update `resolveAppeal` — UPHOLD, or
 * REPLACE with a new signed decision that references the old — and marks the task overdue when
 * the SLA passes undecided. The officer whose decision is appealed may not take or decide the
 * appeal (FOUR_EYES), whatever their role; the validator refuses before anything enters history.
 *
 * The task is claimed like a case task (`claimTask` / `releaseTask`, the same Updates, sent here
 * for an APPEAL task), so two appeal officers never work one appeal: one holds it, and only its
 * holder — or a supervisor of the department, who may act on any of its tasks as on case tasks —
 * decides it. Appeals accepted before claims existed were decided unclaimed; validators do not run
 * on replay, so their histories replay as they were.
 *
 * A REPLACE that changes what is paid reaches the entitlement (followReplacement, below).
 *
 * The case workflow is not involved: the case is decided and closed when its decision is
 * appealed, and the appeal's activities write the case's read model and audit chain themselves.
 */
import { allHandlersFinished, condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import { isPatched, startPatchGeneration } from './patch-generations.ts';
import type { CaseActivities } from '../activities/index.ts';
import { claimedOfficer, requireOfficerClaim } from '../lib/claims/in-workflow.ts';
import { checkAmount, checkIdentifier, checkText, FREE_TEXT, type Checked } from '../lib/input/index.ts';
import { STORE_PROFILE } from './case/activity-profiles.ts';
import { startEntitlement } from './case/entitlement-start.ts';
import { dispatchOutbox } from './payment-dispatch.ts';
import { startPaymentRejections } from './payment-rejection-start.ts';
import { PAYMENT_PATCH } from './payment-patches.ts';
import { reject } from './case/reject.ts';
import {
  APPEAL_RESOLUTIONS,
  claimTaskUpdate,
  DECISION_OUTCOMES,
  endEntitlementSignal,
  entitlementWorkflowId,
  releaseTaskUpdate,
  resolveAppealUpdate,
  type TaskState,
  type AppealWorkflowInput,
  type OpenedAppeal,
  type ResolveAppealInput,
  type ResolveAppealResult,
} from './messages.ts';
import { APPEAL_ROLE, inCandidateGroup, supervises } from './task-permissions.ts';
import { MAX_TASK_HANDOVERS } from './case/officer-handlers.ts';
import { oneResolution, requireOpened } from './task-resolution.ts';

const store = proxyActivities<CaseActivities>(STORE_PROFILE);

/**
 * A replaced decision reaches the payment side: a refusal replaced by an approval starts the
 * entitlement; an approval replaced by another amount corrects the periods already instructed
 * (activities/entitlement-corrections.ts) and delivers the corrections; an approval replaced by a
 * refusal has ended the entitlement from its start — its workflow is told to stop, and the
 * recoveries are delivered.
 */
async function followReplacement(input: AppealWorkflowInput, generation: number): Promise<void> {
  const after = await store.correctEntitlementAfterAppeal({ appealId: input.appealId });
  if (after.action === 'START') {
    await startEntitlement(after.caseId, input.timing?.periodMs !== undefined ? { periodMs: input.timing.periodMs } : undefined);
    return;
  }
  if (after.action === 'REVOKED' && isPatched(generation, PAYMENT_PATCH.refusalRevokesEntitlement)) {
    try {
      await getExternalWorkflowHandle(entitlementWorkflowId(after.caseId)).signal(endEntitlementSignal, { reason: after.reason ?? 'revoked on appeal' });
    } catch {
      // The entitlement's workflow has closed (a one-time benefit, or its months ran out): nothing is left to stop.
    }
    if (after.instructions > 0) await deliver(after.entitlementId!);
    await tellRecoveries(after);
    return;
  }
  if (after.action === 'CORRECTED' && after.instructions > 0) {
    await deliver(after.entitlementId!);
    await tellRecoveries(after);
  }

  /** Delivers the corrections; one the payer rejects (a closed account) goes to an officer task, like a rejected payment. */
  async function deliver(entitlementId: string): Promise<void> {
    const { rejectedIds } = await dispatchOutbox(entitlementId);
    if (rejectedIds.length && isPatched(generation, PAYMENT_PATCH.appealCorrectionRejectionTask)) await startPaymentRejections(rejectedIds, input.timing);
  }

  /**
   * The citizen is told of an overpayment to recover once it has left (activities/recovery-notice.ts):
   * the appeal's last step, so a failing SMS gateway holds nothing back; retried until it is sent.
   */
  async function tellRecoveries(outcome: { entitlementId: string | null; recoveries?: number }): Promise<void> {
    if (outcome.recoveries && isPatched(generation, PAYMENT_PATCH.recoveryTellsCitizen)) await store.notifyRecoveries({ entitlementId: outcome.entitlementId! });
  }
}

function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) reject('VALIDATION_FAILED', checked.problem.message);
  return checked.value;
}

/** The resolution's own shape: what goes with UPHOLD and with REPLACE, under the one input rule. */
function checkResolution(opened: OpenedAppeal, input: ResolveAppealInput): void {
  if (input.appealId !== opened.appealId) reject('INVALID_STATE', `this workflow decides appeal ${opened.appealId}`);
  if (!(APPEAL_RESOLUTIONS as readonly unknown[]).includes(input.resolution)) reject('VALIDATION_FAILED', `resolution must be one of ${APPEAL_RESOLUTIONS.join(', ')}`);
  const reason = valid(checkText('reason', input.reason, FREE_TEXT));
  if (reason.trim().length < 3) reject('VALIDATION_FAILED', 'reason: at least 3 characters');
  if (input.resolution === 'UPHOLD') {
    if (input.outcome !== undefined || input.amount !== undefined || input.grounds !== undefined) reject('VALIDATION_FAILED', 'UPHOLD takes a reason only');
    return;
  }
  if (!(DECISION_OUTCOMES as readonly unknown[]).includes(input.outcome)) reject('VALIDATION_FAILED', `REPLACE needs the new outcome: ${DECISION_OUTCOMES.join(' or ')}`);
  if (input.amount !== undefined) {
    if (input.outcome !== 'APPROVED') reject('VALIDATION_FAILED', 'amount goes only with APPROVED');
    valid(checkAmount('amount', input.amount));
  }
  if (input.grounds !== undefined) {
    if (input.outcome !== 'DENIED') reject('VALIDATION_FAILED', 'grounds go only with DENIED');
    if (!Array.isArray(input.grounds) || input.grounds.length > 20) reject('VALIDATION_FAILED', 'grounds must be a list of at most 20 codes');
    for (const g of input.grounds) valid(checkIdentifier('grounds', g, { maxLength: 100 }));
  }
  if (input.outcome === 'DENIED' && opened.refusalGrounds) {
    if (!input.grounds?.length) reject('VALIDATION_FAILED', `a refusal must name at least one ground: ${opened.refusalGrounds.join(', ')}`);
    const unknown = input.grounds.filter((g) => !opened.refusalGrounds!.includes(g));
    if (unknown.length) reject('VALIDATION_FAILED', `not a refusal ground of this service: ${unknown.join(', ')}`);
  }
}

export async function appealWorkflow(input: AppealWorkflowInput): Promise<ResolveAppealResult> {
  // First, before any await: the patch generation decides the appeal's code paths (patch-generations.ts).
  const generation = startPatchGeneration();
  let opened: OpenedAppeal | null = null;
  const resolution = oneResolution<ResolveAppealResult>();
  /** The appeal officer holding the task; null while it is open in the group's inbox. */
  let holder: string | null = null;
  /** Hand-overs of the task (claims and releases), numbering the task row's writes. */
  let steps = 0;
  let overdue = false;

  /** The task as the case-task Updates answer it. */
  const taskState = (o: OpenedAppeal): TaskState => ({
    taskId: o.taskId,
    kind: 'APPEAL',
    status: holder ? 'CLAIMED' : 'OPEN',
    department: o.department,
    role: APPEAL_ROLE,
    assignee: holder,
    reasons: ['APPEAL'],
    dueAt: o.dueAt,
    escalated: overdue,
    firstReviewer: o.originalDecider,
  });

  /** The live appeal task an Update names, or a typed refusal. */
  const liveAppealTask = (taskId: unknown): OpenedAppeal => {
    const id = valid(checkIdentifier('taskId', taskId, { maxLength: 200 }));
    const o = requireOpened(opened, 'appeal');
    if (id !== o.taskId) reject('INVALID_STATE', `task ${id} does not belong to appeal ${o.appealId}`);
    if (resolution.taken) reject('INVALID_STATE', `appeal ${o.appealId} is already decided`);
    return o;
  };

  const handOver = async (o: OpenedAppeal, officerId: string, action: 'TASK_CLAIMED' | 'TASK_RELEASED'): Promise<TaskState> => {
    steps += 1;
    const answer = taskState(o);
    await store.recordAppealTaskHolder({ appealId: o.appealId, caseId: o.caseId, taskId: o.taskId, step: steps, action, officerId, at: new Date().toISOString() });
    return answer;
  };

  /** Whether `officer` may claim the appeal task `taskId` now; a typed refusal otherwise. */
  const checkClaim = (officer: ReturnType<typeof claimedOfficer>, taskId: unknown): void => {
    const o = liveAppealTask(taskId);
    if (!inCandidateGroup(officer, { department: o.department, role: APPEAL_ROLE })) reject('FORBIDDEN', `appeal ${o.appealId} belongs to ${o.department}/${APPEAL_ROLE}`);
    if (officer.id === o.originalDecider) reject('FOUR_EYES', `four-eyes rule: ${officer.id} made the decision under appeal and cannot take the appeal`);
    if (holder) reject('INVALID_STATE', `task ${o.taskId} is already claimed`);
    if (steps >= 2 * MAX_TASK_HANDOVERS) reject('INVALID_STATE', `task ${o.taskId} has changed hands ${MAX_TASK_HANDOVERS} times; decide the appeal (or ask a supervisor to) instead`);
  };

  setHandler(
    claimTaskUpdate,
    async (update) => {
      const officer = claimedOfficer(update);
      // The task row is in the inbox as soon as the opening step has written it, a moment before
      // the workflow has its result: a claim in that moment waits for it, then is checked in full.
      if (!opened) {
        await condition(() => opened !== null);
        checkClaim(officer, update.taskId);
      }
      holder = officer.id; // before the first await: a second claim's validator sees it taken
      return handOver(opened!, officer.id, 'TASK_CLAIMED');
    },
    {
      validator: (update) => {
        const officer = requireOfficerClaim(update);
        if (opened) checkClaim(officer, update.taskId);
        else valid(checkIdentifier('taskId', update.taskId, { maxLength: 200 }));
      },
    },
  );

  setHandler(
    releaseTaskUpdate,
    async (update) => {
      const officer = claimedOfficer(update);
      holder = null;
      return handOver(opened!, officer.id, 'TASK_RELEASED');
    },
    {
      validator: (update) => {
        const officer = requireOfficerClaim(update);
        const o = liveAppealTask(update.taskId);
        if (!holder) reject('INVALID_STATE', `task ${o.taskId} is not claimed`);
        if (holder !== officer.id && !supervises(officer, o.department)) reject('FORBIDDEN', `task ${o.taskId} is claimed by another officer`);
      },
    },
  );

  setHandler(
    resolveAppealUpdate,
    (update) => {
      const officer = claimedOfficer(update);
      return resolution.settle(() =>
        store.decideAppeal({
          appealId: update.appealId,
          resolution: update.resolution,
          reason: update.reason,
          ...(update.outcome !== undefined ? { outcome: update.outcome } : {}),
          ...(update.amount !== undefined ? { amount: update.amount } : {}),
          ...(update.grounds !== undefined ? { grounds: update.grounds } : {}),
          officerId: officer.id,
          decidedAt: new Date().toISOString(), // workflow time
        }),
      );
    },
    {
      validator: (update) => {
        const officer = requireOfficerClaim(update);
        const o = requireOpened(opened, 'appeal');
        if (resolution.taken) reject('INVALID_STATE', `appeal ${o.appealId} is already decided`);
        if (!inCandidateGroup(officer, { department: o.department, role: APPEAL_ROLE })) reject('FORBIDDEN', `appeal ${o.appealId} belongs to ${o.department}/${APPEAL_ROLE}`);
        if (officer.id === o.originalDecider) reject('FOUR_EYES', `four-eyes rule: ${officer.id} made the decision under appeal and cannot decide the appeal`);
        if (holder !== officer.id && !supervises(officer, o.department)) {
          reject('INVALID_STATE', holder ? `task ${o.taskId} is claimed by another officer` : `claim task ${o.taskId} before deciding the appeal`);
        }
        checkResolution(o, update);
      },
    },
  );

  const o = await store.openAppeal({ appealId: input.appealId, ...(input.timing?.slaMs !== undefined ? { reviewSlaMs: input.timing.slaMs } : {}) });
  opened = o;
  const remaining = Math.max(new Date(o.dueAt).getTime() - Date.now(), 1);
  if (!(await condition(() => resolution.result !== null, remaining))) {
    overdue = true;
    await store.markAppealOverdue({ appealId: o.appealId });
    await condition(() => resolution.result !== null);
  }
  const result = resolution.result!;
  if (result.status === 'REPLACED' && isPatched(generation, PAYMENT_PATCH.appealCorrectsEntitlement)) await followReplacement(input, generation);
  await condition(allHandlersFinished);
  return result;
}
