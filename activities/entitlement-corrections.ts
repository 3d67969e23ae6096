/**
 * The entitlement after an appeal replaced its decision (workflows/appeal-workflow.ts). An approval
 * that replaces a refusal starts the entitlement (the workflow starts it; this says so). A refusal
 * that replaces an approval ends it from the start and recovers every period instructed
 * (activities/entitlement-revocation.ts; the workflow then tells the entitlement's workflow). An approval
 * that replaces an approval with another amount recalculates: every period already instructed gets
 * the difference between what the new decision grants and what was instructed for it — a
 * CORRECTION paid to the account, or a RECOVERY of an overpayment — and the periods still to come
 * are paid at the new amount. The corrections are sealed in one signed record, chained in the
 * case's audit stream, and recorded as a RECALCULATED entitlement change; all in one transaction
 * that locks the schedule, so a period being recorded at the same moment is either corrected here
 * or recorded at the new amount.
 */
import { Prisma } from '../generated/prisma/client.ts';
import { periodAmountsOf, periodDifference } from './period-amounts.ts';
import { revocationChangeId, revokeEntitlement } from './entitlement-revocation.ts';
import { correctionIdempotencyKey, type PaymentInstructionKind } from '../lib/payer/vocabulary.ts';
import { recordSignedEntitlementChange, writeCorrectionInstruction } from './entitlement-ledger.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';
import { FailureType } from '../workflows/messages.ts';

export const ENTITLEMENT_CORRECTION_RECORD_TYPE = 'qyzmet.entitlement-correction/v1';

export interface EntitlementAfterAppeal {
  /**
   * START: a refusal became an approval, the entitlement must start; CORRECTED: corrections
   * written; REVOKED: an approval became a refusal, the entitlement ended from its start with a
   * recovery per period instructed; NONE: nothing to do.
   */
  action: 'START' | 'CORRECTED' | 'REVOKED' | 'NONE';
  caseId: string;
  entitlementId: string | null;
  /** Correction and recovery instructions written (0 when the amount did not change). */
  instructions: number;
  /** REVOKED: the entitlement change's reason (the end signalled to the entitlement's workflow). */
  reason?: string;
  /** Of the instructions, RECOVERY ones (an overpayment to recover), when there are any: the citizen is told once they leave. */
  recoveries?: number;
}

export interface PeriodCorrection {
  period: string;
  /** What was instructed for the period before (payments, corrections and recoveries not rejected). */
  instructed: string;
  due: string;
  difference: string;
  kind: Extract<PaymentInstructionKind, 'CORRECTION' | 'RECOVERY'>;
  idempotencyKey: string;
}


/** The RECOVERY instructions a replacing decision wrote for the entitlement, as the result reports them (none: no field). */
async function recoveriesOf(prisma: ActivityDeps['prisma'], entitlementId: string, decisionId: string): Promise<{ recoveries?: number }> {
  const recoveries = await prisma.paymentInstruction.count({ where: { entitlementId, decisionId, kind: 'RECOVERY' } });
  return recoveries ? { recoveries } : {};
}

export function createEntitlementCorrectionActivities({ prisma, keyRing, catalog }: Pick<ActivityDeps, 'prisma' | 'keyRing' | 'catalog'>) {
  return {
    async correctEntitlementAfterAppeal({ appealId }: { appealId: string }): Promise<EntitlementAfterAppeal> {
      const appeal = await prisma.appeal.findUnique({ where: { id: appealId } });
      if (!appeal) throw finalFailure(FailureType.CaseNotFound, `appeal ${appealId} does not exist`);
      const none: EntitlementAfterAppeal = { action: 'NONE', caseId: appeal.caseId, entitlementId: null, instructions: 0 };
      if (appeal.status !== 'REPLACED' || !appeal.newDecisionId) return none;
      const [old, replacement] = await Promise.all([
        prisma.decision.findUniqueOrThrow({ where: { id: appeal.decisionId } }),
        prisma.decision.findUniqueOrThrow({ where: { id: appeal.newDecisionId } }),
      ]);
      const schedule = await prisma.entitlementSchedule.findUnique({ where: { caseId: appeal.caseId } });
      if (replacement.outcome === 'DENIED') {
        // A refusal in place of a refusal changes nothing; one in place of an approval not yet paid leaves nothing to end.
        if (old.outcome !== 'APPROVED' || !schedule) return none;
        const revoked = async (reason: string) => ({
          ...none,
          action: 'REVOKED' as const,
          entitlementId: schedule.id,
          reason,
          instructions: await prisma.paymentInstruction.count({ where: { entitlementId: schedule.id, decisionId: replacement.id } }),
          ...(await recoveriesOf(prisma, schedule.id, replacement.id)),
        });
        // Retried after its transaction committed.
        if (schedule.decisionId === replacement.id) return revoked((await prisma.entitlementChange.findUniqueOrThrow({ where: { id: revocationChangeId(schedule.id, replacement.id) } })).reason);
        const { reason } = await revokeEntitlement({ prisma, keyRing }, { appealId, old, refusal: replacement, schedule, at: appeal.decidedAt ?? new Date() });
        return revoked(reason);
      }
      if (replacement.outcome !== 'APPROVED' || replacement.amount === null) return none;
      if (!schedule) {
        // An approval replaced by another before its entitlement opened: it opens with the decision that stands.
        return old.outcome === 'APPROVED' ? none : { ...none, action: 'START' };
      }
      const entitlementId = schedule.id;
      const counted = async () => ({
        ...none,
        action: 'CORRECTED' as const,
        entitlementId,
        instructions: await prisma.paymentInstruction.count({ where: { entitlementId, decisionId: replacement.id } }),
        ...(await recoveriesOf(prisma, entitlementId, replacement.id)),
      });
      // Retried after its transaction committed.
      if (schedule.decisionId === replacement.id) return counted();

      const due = replacement.amount;
      // Each period's due under the replacement (read before the transaction: the catalog has its own connection):
      // indexed to the period's MCI when the benefit is defined in MCI.
      const amounts = await periodAmountsOf(prisma, catalog, replacement.id, schedule.periods);
      const at = appeal.decidedAt ?? new Date();
      const keyId = keyRing.activeKeyId;
      if (!keyId) throw finalFailure(FailureType.SigningKeyMissing, 'no active signing key');
      await prisma.$transaction(async (tx) => {
        // Locks the schedule: a period recorded now waits, then takes the new amount.
        const locked = await tx.entitlementSchedule.update({ where: { id: entitlementId }, data: { amount: due, decisionId: replacement.id } });
        const periods = await tx.entitlementPeriod.findMany({ where: { entitlementId }, include: { instructions: true }, orderBy: { seq: 'asc' } });
        const corrections: PeriodCorrection[] = [];
        for (const p of periods) {
          if (p.status === 'SUSPENDED') continue;
          const { amount: periodDue, indexation } = amounts.get(p.period)!;
          await tx.entitlementPeriod.update({ where: { id: p.id }, data: { amount: periodDue, indexation: indexation ? (indexation as unknown as Prisma.InputJsonValue) : Prisma.DbNull } });
          const owed = periodDifference(p.instructions, periodDue);
          if (!owed) continue;
          const { instructed, difference, kind } = owed;
          const period = p.period;
          const idempotencyKey = correctionIdempotencyKey(entitlementId, period, replacement.id);
          await writeCorrectionInstruction(tx, schedule, { idempotencyKey, periodId: p.id, kind, decisionId: replacement.id, iban: locked.iban, amount: difference.abs() });
          corrections.push({ period, instructed: instructed.toFixed(2), due: periodDue.toFixed(2), difference: difference.toFixed(2), kind, idempotencyKey });
        }
        const record = {
          type: ENTITLEMENT_CORRECTION_RECORD_TYPE,
          entitlementId,
          caseId: schedule.caseId,
          appealId,
          decisionId: replacement.id,
          replaces: old.id,
          perPeriod: { before: schedule.amount.toFixed(2), after: due.toFixed(2), currency: schedule.currency },
          corrections,
          at: at.toISOString(),
          keyId,
        };
        const reason = `decision ${replacement.id} replaced ${old.id} on appeal ${appealId}: ${schedule.amount.toFixed(2)} → ${due.toFixed(2)} ${schedule.currency} per period; ${corrections.length} correction(s)`;
        await recordSignedEntitlementChange(tx, keyRing, {
          caseId: schedule.caseId,
          entitlementId,
          changeId: `${entitlementId}:recalculated-${replacement.id}`,
          kind: 'RECALCULATED',
          reason,
          auditKey: `${entitlementId}:corrected-${replacement.id}`,
          action: 'ENTITLEMENT_CORRECTED',
          record,
          at,
        });
      });
      return counted();
    },
  };
}
