/**
 * A rejected payment hands itself to a rejection workflow (workflows/payment-rejection-workflow.ts)
 * as a child nobody waits for (ABANDON: the entitlement may end first). The id is the instruction's,
 * so the entitlement workflow, a rejection workflow and the API starting it for one rejection start
 * one workflow between them.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { paymentRejectionWorkflowId, type PaymentRejectionWorkflowInput, type TimingOverrides } from './messages.ts';
import { paymentRejectionMetadata } from './user-metadata.ts';

export async function startPaymentRejections(instructionIds: readonly string[], timing: Pick<TimingOverrides, 'slaMs'> | undefined): Promise<void> {
  for (const instructionId of instructionIds) {
    const input: PaymentRejectionWorkflowInput = { instructionId, ...(timing?.slaMs !== undefined ? { timing: { slaMs: timing.slaMs } } : {}) };
    try {
      await startChild('paymentRejectionWorkflow', {
        workflowId: paymentRejectionWorkflowId(instructionId),
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...paymentRejectionMetadata({ instructionId, startedBy: 'entitlement' }),
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  }
}
