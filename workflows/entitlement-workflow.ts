/**
 * The payment life of an approved decision: one payment instruction for a one-time benefit; for a
 * monthly benefit, one per granted period, each when it falls due (a durable timer), with the
 * amount of the signed decision. Life events arrive as signals — suspend (return to work), resume,
 * end — and each is recorded as an entitlement change with its reason; a suspended period is
 * recorded unpaid. The run continues as new every `periodsPerRun` periods, so a history of years
 * stays bounded. Instructions leave through the outbox (activities/payment-outbox.ts): written with
 * their period, then delivered; an instruction whose delivery fails stays in the outbox for the
 * next dispatch.
 *
 * A payment the payer rejects (a closed account) goes to a rejection workflow of its own
 * (workflows/payment-rejection-workflow.ts): an officer task, another account, a re-issue.
 *
 * Each period's amount is indexed to the MCI in force on its date by the activity that records it
 * (activities/period-amounts.ts), so indexation needs no workflow command of its own. A period the
 * catalog had no MCI for is paid PROVISIONAL; the same activity indexes such periods once the figure
 * is in the catalog (activities/provisional-indexation.ts), and after the last period the workflow
 * asks again, at intervals, until none is left or a year has passed.
 *
 * Re-checks run in a workflow of their own (workflows/recheck-workflow.ts). A monthly entitlement
 * ends with a final notification to the citizen (activities/entitlement-end-notice.ts). A period
 * indexed to a lower MCI is recovered, and the citizen told by SMS (activities/recovery-notice.ts)
 * after the recovery has left: a few tries, else before the workflow ends.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { isPatched, startPatchGeneration } from './patch-generations.ts';
import type { CaseActivities } from '../activities/index.ts';
import { STORE_PROFILE } from './case/activity-profiles.ts';
import { startPaymentRejections } from './payment-rejection-start.ts';
import { dispatchOutbox } from './payment-dispatch.ts';
import { startRechecks } from './recheck-start.ts';
import { tryTellingRecoveries } from './recovery-notice.ts';
import { PAYMENT_PATCH } from './payment-patches.ts';
import {
  endEntitlementSignal,
  entitlementStateQuery,
  resumeEntitlementSignal,
  suspendEntitlementSignal,
  type EntitlementCarry,
  type EntitlementStatus,
  type EntitlementWorkflowInput,
  type EntitlementWorkflowResult,
  type PendingEntitlementChange,
} from './messages.ts';

const store = proxyActivities<CaseActivities>(STORE_PROFILE);


export const DEFAULT_PERIODS_PER_RUN = 12;
/** After the last period, PROVISIONAL periods are checked this often, this many times (a year), for their year's MCI. */
const PROVISIONAL_CHECK_INTERVAL = '30 days';
const PROVISIONAL_CHECKS = 12;
/** Periods fall due at midnight in Kazakhstan (UTC+5). */
const KZ_MIDNIGHT = 'T00:00:00+05:00';

export async function entitlementWorkflow(input: EntitlementWorkflowInput): Promise<EntitlementWorkflowResult> {
  // First, before any await: each run's patch generation decides its code paths (patch-generations.ts).
  const generation = startPatchGeneration();
  const carried: EntitlementCarry = input.carried ?? { nextPeriod: 0, suspended: false, anchorMs: Date.now(), runs: 0, changes: 0, pending: [] };
  const periodsPerRun = Math.max(1, input.periodsPerRun ?? DEFAULT_PERIODS_PER_RUN);
  const periodMs = input.timing?.periodMs;
  // An object, not a local: handlers change it between awaits.
  const life: { status: EntitlementStatus } = { status: carried.suspended ? 'SUSPENDED' : 'ACTIVE' };
  let next = carried.nextPeriod;
  let changes = carried.changes;
  let periodCount = 0;
  /** A recovery written and delivered whose SMS could not be sent yet. */
  let recoveryUntold = carried.recoveryUntold === true;
  const ended = (): boolean => life.status === 'ENDED';
  const pending: PendingEntitlementChange[] = [...carried.pending];
  const change = (kind: PendingEntitlementChange['kind'], to: EntitlementStatus, reason: string) => {
    life.status = to;
    pending.push({ kind, reason, at: new Date().toISOString() });
  };

  setHandler(suspendEntitlementSignal, ({ reason }) => {
    if (life.status === 'ACTIVE') change('SUSPENDED', 'SUSPENDED', reason);
  });
  setHandler(resumeEntitlementSignal, ({ reason }) => {
    if (life.status === 'SUSPENDED') change('RESUMED', 'ACTIVE', reason);
  });
  setHandler(endEntitlementSignal, ({ reason }) => {
    if (life.status === 'ACTIVE' || life.status === 'SUSPENDED') change('ENDED', 'ENDED', reason);
  });
  setHandler(entitlementStateQuery, () => ({ status: life.status, nextPeriod: next, periods: periodCount, runs: carried.runs + 1 }));

  const plan = await store.openEntitlement({ caseId: input.caseId });
  const { entitlementId } = plan;
  periodCount = plan.periods.length;
  // The re-checks a service declares run beside the payments, in a workflow of their own.
  if (plan.monthly && !input.carried && isPatched(generation, PAYMENT_PATCH.entitlementRechecks)) await startRechecks(input.caseId, carried.anchorMs, input.timing);
  const recordChanges = async () => {
    while (pending.length) {
      const c = pending.shift()!;
      await store.recordEntitlementChange({ entitlementId, key: `change-${++changes}`, ...c });
    }
  };
  // What a failed dispatch leaves PENDING in the outbox the next period's dispatch (or the final one) delivers.
  const dispatch = async () => {
    const { rejectedIds } = await dispatchOutbox(entitlementId);
    // Each payment the payer rejected goes to an officer task, in a workflow of its own.
    if (rejectedIds.length && isPatched(generation, PAYMENT_PATCH.rejectionOpensTask)) await startPaymentRejections(rejectedIds, input.timing);
  };
  // A recovery (a period indexed to a lower MCI) is told once it has left; a failing SMS gateway never holds the payments.
  const tellRecoveries = async () => {
    if (isPatched(generation, PAYMENT_PATCH.recoveryTellsCitizen)) recoveryUntold = !(await tryTellingRecoveries(entitlementId));
  };

  let periodsThisRun = 0;
  while (next < plan.periods.length && !ended()) {
    if (periodsThisRun >= periodsPerRun) {
      await recordChanges();
      await condition(allHandlersFinished);
      return continueAsNew<typeof entitlementWorkflow>({
        ...input,
        carried: { nextPeriod: next, suspended: life.status === 'SUSPENDED', anchorMs: carried.anchorMs, runs: carried.runs + 1, changes, pending: [...pending], ...(recoveryUntold ? { recoveryUntold } : {}) },
      });
    }
    const period = plan.periods[next]!;
    const dueAt = periodMs ? carried.anchorMs + next * periodMs : Date.parse(`${period.dueOn}${KZ_MIDNIGHT}`);
    while (!ended() && Date.now() < dueAt) {
      await condition(() => pending.length > 0 || ended(), dueAt - Date.now());
      await recordChanges();
    }
    await recordChanges();
    if (ended()) break;
    const { instructed, recovered } = await store.recordEntitlementPeriod({ entitlementId, seq: next, period: period.period, suspended: life.status === 'SUSPENDED' });
    if (instructed) await dispatch();
    if (recovered) await tellRecoveries();
    next++;
    periodsThisRun++;
  }
  await recordChanges();
  if (!ended()) {
    change('COMPLETED', 'COMPLETED', 'the granted period ended');
    await recordChanges();
  }
  // Whatever an earlier dispatch left behind leaves now.
  await dispatch();
  if (plan.monthly && isPatched(generation, PAYMENT_PATCH.entitlementEndNotice)) await store.notifyEntitlementEnd({ entitlementId });
  // Periods paid PROVISIONAL are owed the difference once the budget law's MCI is in the catalog.
  if (plan.monthly && isPatched(generation, PAYMENT_PATCH.provisionalPeriodsIndexed)) {
    for (let check = 1; check <= PROVISIONAL_CHECKS; check++) {
      const { instructions, provisionalLeft, recoveries } = await store.indexProvisionalPeriods({ entitlementId, at: new Date().toISOString() });
      if (instructions) await dispatch();
      if (recoveries) await tellRecoveries();
      if (!provisionalLeft || check === PROVISIONAL_CHECKS) break;
      await sleep(periodMs ?? PROVISIONAL_CHECK_INTERVAL);
    }
  }
  // Nothing is left to pay: a recovery not told yet is told now, however long the SMS gateway takes.
  if (recoveryUntold) await store.notifyRecoveries({ entitlementId });
  await condition(allHandlersFinished);
  return { caseId: input.caseId, status: life.status, periodsRecorded: next, runs: carried.runs + 1 };
}
