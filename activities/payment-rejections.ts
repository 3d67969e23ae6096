/**
 * A payer's rejection of a payment or a correction (a closed account) and its way back: the rejection workflow
 * (workflows/payment-rejection-workflow.ts) opens a PAYMENT_REJECTED task for the case's officer
 * group; the officer names another account, which the bank registry must hold, open, in the
 * applicant's name; the payment is then re-issued to it under a new idempotency key. A rejected
 * instruction is re-issued at most once (one guarded statement names its successor), and only a
 * rejected one, so a period is never paid twice. A correction (the difference a replaced decision or
 * an MCI added) is re-issued for what the period is still owed then — nothing, if a later decision
 * has corrected it since. A recovery is not re-issued: it is not paid to an account. Each write is one transaction, keyed, so a retried
 * activity finds what it did.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAudit } from '../lib/audit-log.ts';
import { resolveDeadline } from '../lib/calendar/index.ts';
import { correctionReissueIdempotencyKey, isReissuable, periodOfInstruction, reissueIdempotencyKey } from '../lib/payer/vocabulary.ts';
import { RegistryError } from '../registries/types.ts';
import { DEFAULT_LEVEL_SLAS } from '../services/operational-policy.ts';
import { caseAuditStream, FailureType, PAYMENT_REJECTED, paymentRejectionTaskIdOf, paymentRejectionWorkflowId, type OpenedPaymentRejection, type ReissuePaymentResult } from '../workflows/messages.ts';
import { notifyCaseChanged } from './case-changes.ts';
import { loadCaseRow } from './case-row.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';
import { instructedFor } from './period-amounts.ts';

export interface ReissuePaymentActivityInput {
  instructionId: string;
  iban: string;
  reason: string;
  officerId: string;
  /** Workflow time. */
  at: string;
}

type Deps = Pick<ActivityDeps, 'prisma' | 'registries' | 'catalog'>;

export function createPaymentRejectionActivities({ prisma, registries, catalog }: Deps) {
  return {
    /** The officer task for a rejected instruction (and its audit entry), once. */
    async openPaymentRejection(input: { instructionId: string; slaMs?: number }): Promise<OpenedPaymentRejection> {
      const instruction = await prisma.paymentInstruction.findUnique({ where: { id: input.instructionId } });
      if (!instruction) throw finalFailure(FailureType.CaseNotFound, `payment instruction ${input.instructionId} does not exist`);
      if (instruction.status !== 'REJECTED') throw finalFailure('INVALID_STATE', `payment instruction ${instruction.id} is ${instruction.status}, not rejected`);
      const row = await loadCaseRow(prisma, instruction.caseId);
      const def = await catalog.byContentHash(row.definitionHash!);
      const group = def.escalation.candidateGroup;
      const taskId = paymentRejectionTaskIdOf(instruction.id);
      const existing = await prisma.task.findUnique({ where: { id: taskId } });
      const rejectedAt = instruction.acknowledgedAt ?? new Date();
      const dueAt =
        existing?.dueAt ??
        new Date(input.slaMs !== undefined ? rejectedAt.getTime() + input.slaMs : resolveDeadline(rejectedAt, DEFAULT_LEVEL_SLAS[0], { onMissingYear: 'estimate' }).dueMs);
      const rejectionReason = instruction.rejectionReason ?? 'UNSPECIFIED';
      const period = periodOfInstruction(instruction);
      await prisma.$transaction(async (tx) => {
        await tx.task.upsert({
          where: { id: taskId },
          create: {
            id: taskId,
            caseId: instruction.caseId,
            workflowId: paymentRejectionWorkflowId(instruction.id),
            kind: 'PAYMENT_REJECTED',
            status: 'OPEN',
            department: group.department,
            role: group.role,
            reasons: [`${PAYMENT_REJECTED}:${rejectionReason}`, `PERIOD:${period}`],
            dueAt,
          },
          update: {},
        });
        await appendAudit(tx, {
          stream: caseAuditStream(instruction.caseId),
          idempotencyKey: `${instruction.id}:rejected`,
          actor: `payer:${instruction.payer}`,
          action: 'PAYMENT_REJECTED',
          details: { instructionId: instruction.id, idempotencyKey: instruction.idempotencyKey, period, amount: instruction.amount.toFixed(2), reason: rejectionReason, taskId, ...(instruction.kind !== 'PAYMENT' ? { kind: instruction.kind } : {}) },
          at: rejectedAt.toISOString(),
        });
        await notifyCaseChanged(tx, instruction.caseId);
      });
      return { instructionId: instruction.id, entitlementId: instruction.entitlementId, caseId: instruction.caseId, taskId, department: group.department, role: group.role, dueAt: dueAt.toISOString(), rejectionReason };
    },

    async markPaymentRejectionOverdue(input: { taskId: string }): Promise<void> {
      await prisma.task.updateMany({ where: { id: input.taskId, status: { in: ['OPEN', 'CLAIMED'] } }, data: { escalated: true } });
    },

    /**
     * Checks the new account with the bank registry, then re-issues the rejected payment to it: a
     * new instruction (PENDING in the outbox), the rejected one naming it, the period instructed
     * again, the entitlement paying into the new account from now on, the task completed, audited.
     */
    async reissuePaymentInstruction(input: ReissuePaymentActivityInput): Promise<ReissuePaymentResult> {
      const rejected = await prisma.paymentInstruction.findUnique({ where: { id: input.instructionId } });
      if (!rejected) throw finalFailure(FailureType.CaseNotFound, `payment instruction ${input.instructionId} does not exist`);
      const standing = async (): Promise<ReissuePaymentResult> => {
        const { reissuedBy } = await prisma.paymentInstruction.findUniqueOrThrow({ where: { id: rejected.id } });
        const next = await prisma.paymentInstruction.findUniqueOrThrow({ where: { id: reissuedBy! } });
        return { rejectedInstructionId: rejected.id, instructionId: next.id, idempotencyKey: next.idempotencyKey };
      };
      // Retried after its transaction committed: the rejected instruction names its successor.
      if (rejected.reissuedBy) return standing();
      if (rejected.status !== 'REJECTED' || !isReissuable(rejected.kind)) throw finalFailure('INVALID_STATE', `payment instruction ${rejected.id} is ${rejected.status} ${rejected.kind}: only a rejected payment or correction is re-issued`);
      const correction = rejected.kind === 'CORRECTION';

      const row = await loadCaseRow(prisma, rejected.caseId);
      try {
        const holder = await registries.query('bank.accountByIban', { iban: input.iban });
        if (holder.data.iin !== row.applicantIin) throw finalFailure('VALIDATION_FAILED', 'iban: the bank registry holds this account in another name than the applicant');
        if (!holder.data.open) throw finalFailure('VALIDATION_FAILED', 'iban: the bank registry reports this account closed');
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        if (e.kind === 'NOT_FOUND') throw finalFailure('VALIDATION_FAILED', 'iban: no bank holds this account');
        if (e.kind === 'BAD_REQUEST') throw finalFailure('VALIDATION_FAILED', `iban: ${e.message}`);
        throw ApplicationFailure.create({ type: FailureType.RegistryUnavailable, message: `bank.accountByIban: ${e.kind} ${e.message}` });
      }

      const period = periodOfInstruction(rejected);
      const at = new Date(input.at);
      await prisma.$transaction(async (tx) => {
        // Locks the schedule: a period being recorded, or a correction, waits for this one.
        const schedule = await tx.entitlementSchedule.update({ where: { id: rejected.entitlementId }, data: { iban: input.iban } });
        const periodRow = await tx.entitlementPeriod.findUniqueOrThrow({ where: { id: rejected.periodId }, include: { instructions: true } });
        // A refusal that replaced the approval left nothing due for the period.
        if (schedule.status === 'ENDED' && periodRow.amount.isZero()) throw finalFailure('INVALID_STATE', `nothing is due for ${periodOfInstruction(rejected)}: the entitlement was revoked`);
        // A payment pays what the period is due now (a replaced decision may have changed it since); a
        // correction what the period is still owed beside what stands (a later decision may have corrected it).
        // (A rejected payment of the period is re-issued first, at what the period is due in all.)
        const payment = periodRow.instructions.find((i) => i.kind === 'PAYMENT' && i.reissuedBy === null);
        if (correction && payment?.status === 'REJECTED') throw finalFailure('INVALID_STATE', `the payment of ${period} was rejected too: re-issue it, which pays what the period is due in all`);
        const amount = correction ? periodRow.amount.minus(instructedFor(periodRow.instructions)) : periodRow.amount;
        if (!amount.greaterThan(0)) throw finalFailure('INVALID_STATE', `nothing more is owed for ${period}: a later correction has settled it`);
        const idempotencyKey = correction
          ? correctionReissueIdempotencyKey(rejected.idempotencyKey)
          : reissueIdempotencyKey(rejected.entitlementId, period, await tx.paymentInstruction.count({ where: { periodId: rejected.periodId, kind: 'PAYMENT' } }));
        const id = `pi_${idempotencyKey}`;
        // The one guarded statement: only a rejected payment not yet re-issued takes a successor.
        const taken = await tx.paymentInstruction.updateMany({ where: { id: rejected.id, status: 'REJECTED', reissuedBy: null }, data: { reissuedBy: id } });
        if (taken.count !== 1) throw finalFailure('INVALID_STATE', `payment instruction ${rejected.id} was already re-issued`);
        await tx.paymentInstruction.create({
          data: {
            id,
            idempotencyKey,
            entitlementId: rejected.entitlementId,
            periodId: rejected.periodId,
            kind: rejected.kind,
            caseId: rejected.caseId,
            payer: rejected.payer,
            iban: input.iban,
            amount,
            currency: schedule.currency,
            status: 'PENDING',
            // A correction keeps what it corrects for: its decision, its indexation.
            ...(correction ? { decisionId: rejected.decisionId, indexation: rejected.indexation } : {}),
          },
        });
        // The period follows its payment; a correction has its own status only.
        if (!correction) await tx.entitlementPeriod.update({ where: { id: rejected.periodId }, data: { status: 'INSTRUCTED' } });
        const taskId = paymentRejectionTaskIdOf(rejected.id);
        await tx.task.updateMany({
          where: { id: taskId },
          data: { status: 'COMPLETED', assignee: input.officerId, completedAt: at, resolution: { action: 'REISSUE', reason: input.reason, by: input.officerId, instructionId: id } },
        });
        await appendAudit(tx, {
          stream: caseAuditStream(rejected.caseId),
          idempotencyKey: `${rejected.id}:reissued`,
          actor: input.officerId,
          action: 'PAYMENT_REISSUED',
          details: { rejectedInstructionId: rejected.id, instructionId: id, idempotencyKey, period, amount: amount.toFixed(2), ...(correction ? { kind: rejected.kind } : {}), ibanLast4: input.iban.slice(-4), reason: input.reason, bankCheck: 'bank.accountByIban' },
          at: at.toISOString(),
        });
        await notifyCaseChanged(tx, rejected.caseId);
      });
      return standing();
    },
  };
}
