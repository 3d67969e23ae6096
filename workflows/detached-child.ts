/**
 * A child workflow its parent starts and does not wait for: ABANDON (the parent may close or
 * continue as new first) and REJECT_DUPLICATE on an id derived from what it is about, so a second
 * start — a retried task, another parent, the API — is refused by Temporal and taken as done.
 * Used for an approved case's entitlement, an entitlement's re-checks and a rejected payment.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';

export interface DetachedChild<A> {
  workflowId: string;
  input: A;
  /** What the Temporal UI shows of it (never personal data). */
  metadata: { staticSummary?: string; staticDetails?: string };
}

export async function startDetachedChild<A>(workflowType: string, child: DetachedChild<A>): Promise<void> {
  try {
    await startChild(workflowType, {
      workflowId: child.workflowId,
      args: [child.input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...child.metadata,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}
