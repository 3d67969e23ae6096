/**
 * A monthly entitlement of a service that declares re-checks (services/rechecks.ts) starts its
 * re-check workflow (workflows/recheck-workflow.ts) as a child it does not wait for (ABANDON: the
 * re-checks sleep for months beside the payments and outlive a continue-as-new). The id is the
 * case's, so a second start is refused and ignored.
 */
import { startDetachedChild } from './detached-child.ts';
import { recheckWorkflowId, type RecheckWorkflowInput, type TimingOverrides } from './messages.ts';

export async function startRechecks(caseId: string, anchorMs: number, timing: TimingOverrides | undefined): Promise<void> {
  const picked = timing ? { ...(timing.periodMs ? { periodMs: timing.periodMs } : {}), ...(timing.hearingWindowMs ? { hearingWindowMs: timing.hearingWindowMs } : {}), ...(timing.slaMs ? { slaMs: timing.slaMs } : {}) } : {};
  const input: RecheckWorkflowInput = { caseId, anchorMs, ...(Object.keys(picked).length ? { timing: picked } : {}) };
  await startDetachedChild('recheckWorkflow', {
    workflowId: recheckWorkflowId(caseId),
    input,
    metadata: { staticSummary: `Re-checks · entitlement of case ${caseId}` },
  });
}
