/**
 * A life event registered by another agency (a birth, say) becomes proactive offers: one case per
 * matching service, each started as its own case workflow that outlives this one.
 *
 * Since PATCH.lifeEventOfferBundle the event makes ONE offer: each case runs its pre-check and
 * reports it here (offerPrecheckedSignal); the cases offered become one bundle with one SMS
 * (activities/offer-bundles.ts), answered once through the SMS reply endpoint, which answers every
 * case of the bundle. When the window passes unanswered, one SMS says the offer expired.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, condition, setHandler, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import { isPatched, startPatchGeneration } from './patch-generations.ts';
import { caseWorkflow } from './case-workflow.ts';
import { store } from './case/activities.ts';
import { PATCH } from './case/patches.ts';
import { caseStartSearchAttributes, caseWorkflowId, offerPrecheckedSignal, type LifeEventWorkflowInput } from './messages.ts';
import { caseMetadata } from './user-metadata.ts';
import { signalEntitlements } from './entitlement-event-signals.ts';

/**
 * How long the bundle waits for the cases' pre-checks (registry retries included) before offering
 * what is known; a case reporting later is not in the bundle and its offer expires unsent.
 */
const PRECHECK_WAIT = '2 hours';

export async function lifeEventWorkflow(input: LifeEventWorkflowInput): Promise<{ caseIds: string[] }> {
  const generation = startPatchGeneration();
  const { offers, entitlementChanges } = await store.planOffers({ eventId: input.eventId });
  // An employment event changes running entitlements (none in histories recorded before such events existed).
  if (entitlementChanges?.length && isPatched(generation, PATCH.lifeEventChangesEntitlements)) await signalEntitlements(entitlementChanges);
  const bundled = isPatched(generation, PATCH.lifeEventOfferBundle);
  const prechecked = new Map<string, boolean>();
  if (bundled) setHandler(offerPrecheckedSignal, ({ caseId, offered }) => void prechecked.set(caseId, offered));
  const offerBundle = bundled ? { offerBundle: { lifeEventWorkflowId: workflowInfo().workflowId } } : {};
  for (const o of offers) {
    try {
      await startChild(caseWorkflow, {
        workflowId: caseWorkflowId(o.caseId),
        args: [{ caseId: o.caseId, origin: 'PROACTIVE', timing: input.timing, ...offerBundle }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: caseStartSearchAttributes(o.serviceCode, o.department),
        ...caseMetadata({ caseId: o.caseId, serviceCode: o.serviceCode, department: o.department, origin: 'PROACTIVE', startedBy: 'life-event', parent: workflowInfo().workflowId }),
      });
    } catch (e) {
      // Already started by an earlier attempt of this event: the offer exists, nothing to do.
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  }
  if (bundled && offers.length > 0) {
    await condition(() => offers.every((o) => prechecked.has(o.caseId)), PRECHECK_WAIT);
    const offered = offers.filter((o) => prechecked.get(o.caseId) === true).map((o) => o.caseId);
    const { bundleId, expiresInMs } = await store.sendOfferBundle({ eventId: input.eventId, caseIds: offered });
    if (expiresInMs !== null) {
      await sleep(Math.max(expiresInMs, 1));
      await store.closeOfferBundle({ bundleId });
    }
  }
  return { caseIds: offers.map((o) => o.caseId) };
}
