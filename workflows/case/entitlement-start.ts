/**
 * An approved case hands its decision to the entitlement workflow (workflows/entitlement-workflow.ts)
 * as a child the case does not wait for (ABANDON: the case closes, the payments go on for months).
 * Started from the workflow rather than from the decision activity because the start is then a
 * command in the case's history: recorded once, never repeated by a retry, replayed as it happened.
 * The id is the case's (`entitlement-<caseId>`), so a second start of one case's payments is refused.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { entitlementWorkflowId, type EntitlementWorkflowInput, type TimingOverrides } from '../messages.ts';
import { entitlementMetadata } from '../user-metadata.ts';

export async function startEntitlement(caseId: string, timing: TimingOverrides | undefined): Promise<void> {
  const input: EntitlementWorkflowInput = { caseId, ...(timing ? { timing } : {}) };
  try {
    await startChild('entitlementWorkflow', {
      workflowId: entitlementWorkflowId(caseId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...entitlementMetadata({ caseId }),
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}
