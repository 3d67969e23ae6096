/**
 * A monthly entitlement of a service that declares re-checks (services/rechecks.ts) starts its
 * re-check workflow (workflows/recheck-workflow.ts) as a child it does not wait for (ABANDON: the
 * re-checks sleep for months beside the payments and outlive a continue-as-new). The id is the
 * case's, so a second start is refused and ignored.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { recheckWorkflowId, type RecheckWorkflowInput, type TimingOverrides } from './messages.ts';

export async function startRechecks(caseId: string, anchorMs: number, timing: TimingOverrides | undefined): Promise<void> {
  const picked = timing ? { ...(timing.periodMs ? { periodMs: timing.periodMs } : {}), ...(timing.hearingWindowMs ? { hearingWindowMs: timing.hearingWindowMs } : {}), ...(timing.slaMs ? { slaMs: timing.slaMs } : {}) } : {};
  const input: RecheckWorkflowInput = { caseId, anchorMs, ...(Object.keys(picked).length ? { timing: picked } : {}) };
  try {
    await startChild('recheckWorkflow', {
      workflowId: recheckWorkflowId(caseId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `Re-checks · entitlement of case ${caseId}`,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}
