/**
 * An approved case hands its decision to the entitlement workflow (workflows/entitlement-workflow.ts)
 * as a child the case does not wait for (ABANDON: the case closes, the payments go on for months).
 * Started from the workflow rather than from the decision activity because the start is then a
 * command in the case's history: recorded once, never repeated by a retry, replayed as it happened.
 * The id is the case's (`entitlement-<caseId>`), so a second start of one case's payments is refused.
 */
import { startDetachedChild } from '../detached-child.ts';
import { entitlementWorkflowId, type EntitlementWorkflowInput, type TimingOverrides } from '../messages.ts';
import { entitlementMetadata } from '../user-metadata.ts';

export async function startEntitlement(caseId: string, timing: TimingOverrides | undefined): Promise<void> {
  const input: EntitlementWorkflowInput = { caseId, ...(timing ? { timing } : {}) };
  await startDetachedChild('entitlementWorkflow', { workflowId: entitlementWorkflowId(caseId), input, metadata: entitlementMetadata({ caseId }) });
}
