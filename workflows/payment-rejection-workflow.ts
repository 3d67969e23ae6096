/**
 * A payer's rejection of one payment or correction instruction (a closed account), as its own workflow (id
 * paymentRejectionWorkflowId, one per rejected instruction): started by the entitlement workflow
 * when the payer rejects at delivery, or by the API when it records a later rejection. It opens a
 * PAYMENT_REJECTED task for the case's officer group, waits for the Update `reissuePayment` with
 * another account — checked against the bank registry by the activity — and delivers the re-issued
 * instruction. Should the payer reject that one too, a rejection workflow of its own takes it.
 * Its own workflow because the entitlement may have ended (a one-time benefit) before the payer answers.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.ts';
import { claimedOfficer, requireOfficerClaim } from '../lib/claims/in-workflow.ts';
import { checkKzIban, checkText, FREE_TEXT } from '../lib/input/index.ts';
import { STORE_PROFILE } from './case/activity-profiles.ts';
import { reject } from './case/reject.ts';
import { dispatchOutbox } from './payment-dispatch.ts';
import { startPaymentRejections } from './payment-rejection-start.ts';
import { reissuePaymentUpdate, type OpenedPaymentRejection, type PaymentRejectionWorkflowInput, type ReissuePaymentResult } from './messages.ts';
import { inCandidateGroup } from './task-permissions.ts';
import { oneResolution, requireOpened } from './task-resolution.ts';

const store = proxyActivities<CaseActivities>(STORE_PROFILE);

export async function paymentRejectionWorkflow(input: PaymentRejectionWorkflowInput): Promise<ReissuePaymentResult> {
  let opened: OpenedPaymentRejection | null = null;
  const resolution = oneResolution<ReissuePaymentResult>();

  setHandler(
    reissuePaymentUpdate,
    (update) => {
      const officer = claimedOfficer(update);
      const { instructionId } = opened!;
      return resolution.settle(() => store.reissuePaymentInstruction({ instructionId, iban: update.iban, reason: update.reason, officerId: officer.id, at: new Date().toISOString() }));
    },
    {
      validator: (update) => {
        const officer = requireOfficerClaim(update);
        const task = requireOpened(opened, 'payment rejection');
        if (update.taskId !== task.taskId) reject('INVALID_STATE', `this workflow handles task ${task.taskId}`);
        if (resolution.taken) reject('INVALID_STATE', `task ${task.taskId} is already resolved`);
        if (!inCandidateGroup(officer, { department: task.department, role: task.role })) reject('FORBIDDEN', `task ${task.taskId} belongs to ${task.department}/${task.role}`);
        const iban = checkKzIban('iban', update.iban);
        if (!iban.ok) reject('VALIDATION_FAILED', iban.problem.message);
        if (iban.value !== update.iban) reject('VALIDATION_FAILED', 'iban: send it without spaces, upper-case');
        const reason = checkText('reason', update.reason, FREE_TEXT);
        if (!reason.ok) reject('VALIDATION_FAILED', reason.problem.message);
        if (reason.value.trim().length < 3) reject('VALIDATION_FAILED', 'reason: at least 3 characters');
      },
    },
  );

  const o = await store.openPaymentRejection({ instructionId: input.instructionId, ...(input.timing?.slaMs !== undefined ? { slaMs: input.timing.slaMs } : {}) });
  opened = o;
  const remaining = Math.max(new Date(o.dueAt).getTime() - Date.now(), 1);
  if (!(await condition(() => resolution.result !== null, remaining))) {
    await store.markPaymentRejectionOverdue({ taskId: o.taskId });
    await condition(() => resolution.result !== null);
  }
  // A failed dispatch leaves it PENDING in the outbox for the entitlement's next dispatch.
  const { rejectedIds } = await dispatchOutbox(o.entitlementId);
  await startPaymentRejections(rejectedIds, input.timing);
  await condition(allHandlersFinished);
  return resolution.result!;
}
