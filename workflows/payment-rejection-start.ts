/**
 * A rejected payment hands itself to a rejection workflow (workflows/payment-rejection-workflow.ts)
 * as a child nobody waits for (ABANDON: the entitlement may end first). The id is the instruction's,
 * so the entitlement workflow, a rejection workflow and the API starting it for one rejection start
 * one workflow between them.
 */
import { startDetachedChild } from './detached-child.ts';
import { paymentRejectionWorkflowId, type PaymentRejectionWorkflowInput, type TimingOverrides } from './messages.ts';
import { paymentRejectionMetadata } from './user-metadata.ts';

export async function startPaymentRejections(instructionIds: readonly string[], timing: Pick<TimingOverrides, 'slaMs'> | undefined): Promise<void> {
  for (const instructionId of instructionIds) {
    const input: PaymentRejectionWorkflowInput = { instructionId, ...(timing?.slaMs !== undefined ? { timing: { slaMs: timing.slaMs } } : {}) };
    await startDetachedChild('paymentRejectionWorkflow', {
      workflowId: paymentRejectionWorkflowId(instructionId),
      input,
      metadata: paymentRejectionMetadata({ instructionId, startedBy: 'entitlement' }),
    });
  }
}
