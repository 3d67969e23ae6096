/**
 * A life event registered by another agency (a birth, say) becomes proactive offers: one case per
 * matching service, each started as its own case workflow that outlives this one.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { caseWorkflow } from './case-workflow.ts';
import { store } from './case/activities.ts';
import { caseStartSearchAttributes, caseWorkflowId, type LifeEventWorkflowInput } from './messages.ts';

export async function lifeEventWorkflow(input: LifeEventWorkflowInput): Promise<{ caseIds: string[] }> {
  const { offers } = await store.planOffers({ eventId: input.eventId });
  for (const o of offers) {
    try {
      await startChild(caseWorkflow, {
        workflowId: caseWorkflowId(o.caseId),
        args: [{ caseId: o.caseId, origin: 'PROACTIVE', timing: input.timing }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: caseStartSearchAttributes(o.serviceCode, o.department),
      });
    } catch (e) {
      // Already started by an earlier attempt of this event: the offer exists, nothing to do.
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  }
  return { caseIds: offers.map((o) => o.caseId) };
}
