/**
 * The entitlement workflow's records: the schedule opened from the signed decision, each period
 * with its payment instruction (the outbox row, in the period's transaction), and each change with
 * its reason. Every write is keyed so a retried activity finds its row and adds nothing.
 */
import { addMonthsToMonth, monthOf } from '../lib/dates.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { createUnlessExists } from '../lib/db/unique.ts';
import { paymentIdempotencyKey } from '../lib/payer/vocabulary.ts';
import { payerOf } from '../services/payers.ts';
import type { EvaluationResult } from '../services/result.ts';
import { ONE_TIME_PERIOD, entitlementIdOf, entitlementWorkflowId, type EntitlementChangeKind, type EntitlementStatus } from '../workflows/entitlement-messages.ts';
import type { DecisionRecord } from './decision-record.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';
import { periodAmountsOf } from './period-amounts.ts';
import { indexProvisionalPeriods, type ProvisionalIndexed } from './provisional-indexation.ts';

export interface EntitlementPlan {
  entitlementId: string;
  monthly: boolean;
  /** Period labels in order (YYYY-MM, or ONCE) with the day each falls due. */
  periods: { period: string; dueOn: string }[];
}

export interface RecordPeriodInput {
  entitlementId: string;
  seq: number;
  period: string;
  /** A suspended entitlement records the period unpaid, with no instruction. */
  suspended: boolean;
}

export interface RecordChangeInput {
  entitlementId: string;
  /** Unique per entitlement (the workflow numbers its changes). */
  key: string;
  kind: EntitlementChangeKind;
  reason: string;
  at: string;
}

/** The status a change leaves (a recalculation leaves it as it was). */
const STATUS_AFTER: Partial<Record<EntitlementChangeKind, EntitlementStatus>> = { STARTED: 'ACTIVE', SUSPENDED: 'SUSPENDED', RESUMED: 'ACTIVE', ENDED: 'ENDED', COMPLETED: 'COMPLETED', REVOKED: 'ENDED' };

/** The periods a decision grants: the months from the legal fact's month, as the entitlement claim holds them. */
export function grantedPeriods(record: Pick<DecisionRecord, 'legalFactDate' | 'amount' | 'decidedAt'>): EntitlementPlan['periods'] {
  const amount = record.amount!;
  if (!amount.monthly) return [{ period: ONE_TIME_PERIOD, dueOn: record.decidedAt.slice(0, 10) }];
  const first = monthOf(record.legalFactDate);
  return Array.from({ length: amount.periodMonths ?? 1 }, (_, i) => {
    const period = addMonthsToMonth(first, i);
    return { period, dueOn: `${period}-01` };
  });
}

export function createEntitlementScheduleActivities({ prisma, catalog, keyRing }: Pick<ActivityDeps, 'prisma' | 'catalog' | 'keyRing'>) {
  return {
    /** Opens (or finds) the schedule of an approved case from its signed decision and the bank evidence it signed. */
    async openEntitlement({ caseId }: { caseId: string }): Promise<EntitlementPlan> {
      const entitlementId = entitlementIdOf(caseId);
      const decision = await prisma.decision.findFirst({ where: { caseId, supersededBy: null } });
      if (!decision || decision.outcome !== 'APPROVED') {
        // Ended by a refusal (on appeal or re-check) while its workflow continued as new, before the end reached it: it goes on to hear of it, paying nothing.
        const ended = await prisma.entitlementSchedule.findUnique({ where: { id: entitlementId } });
        if (ended?.status === 'ENDED') return { entitlementId, monthly: ended.monthly, periods: ended.periods.map((period) => ({ period, dueOn: period === ONE_TIME_PERIOD ? ended.createdAt.toISOString().slice(0, 10) : `${period}-01` })) };
        throw finalFailure('INVALID_STATE', `case ${caseId} has no approval to pay`);
      }
      const record = JSON.parse(decision.record) as DecisionRecord;
      const amount = record.amount;
      if (!amount) throw finalFailure('INVALID_STATE', `the approval of case ${caseId} grants no amount`);
      const periods = grantedPeriods(record);
      const existing = await prisma.entitlementSchedule.findUnique({ where: { id: entitlementId } });
      if (existing) return { entitlementId, monthly: existing.monthly, periods };

      // The account paid into is the bank evidence the decision signed: its hash must match the record's.
      const signedBank = record.evidence.find((e) => e.key === 'bank');
      const bank = await prisma.evidence.findUnique({ where: { caseId_key: { caseId, key: 'bank' } } });
      const iban = (bank?.data as { iban?: unknown } | null)?.iban;
      if (!signedBank || !bank || bank.contentHash !== signedBank.contentHash || typeof iban !== 'string') {
        throw finalFailure('INVALID_STATE', `the decision of case ${caseId} signed no bank account to pay into`);
      }
      const evaluation = await prisma.evaluation.findUnique({ where: { id: record.evaluation.evaluationId } });
      const payer = payerOf(record.service.code, ((evaluation?.result as unknown as EvaluationResult | undefined)?.derived ?? []));
      if (!payer) throw finalFailure('INVALID_STATE', `no payer is known for ${record.service.code}`);

      const at = new Date(record.decidedAt);
      await createUnlessExists(() =>
        prisma.$transaction([
          prisma.entitlementSchedule.create({
            data: {
              id: entitlementId,
              caseId,
              decisionId: decision.id,
              serviceCode: record.service.code,
              workflowId: entitlementWorkflowId(caseId),
              status: 'ACTIVE',
              monthly: amount.monthly,
              amount: amount.value,
              currency: amount.currency,
              periods: periods.map((p) => p.period),
              payer,
              iban,
            },
          }),
          prisma.entitlementChange.create({ data: { id: `${entitlementId}:start`, entitlementId, kind: 'STARTED', reason: `decision ${decision.id}`, at } }),
        ]),
      );
      return { entitlementId, monthly: amount.monthly, periods };
    },

    /**
     * One period: its row and, unless suspended, its payment instruction — one transaction, the
     * outbox pattern. The schedule's row is locked first, so a correction after a replaced decision
     * (activities/entitlement-corrections.ts) sees this period or this period sees its new amount.
     */
    async recordEntitlementPeriod(input: RecordPeriodInput): Promise<{ instructed: boolean; recovered?: true }> {
      // Earlier periods paid PROVISIONAL whose year's MCI the catalog now has are indexed first (their corrections leave with this period's dispatch).
      const earlier = await indexProvisionalPeriods({ prisma, catalog, keyRing }, { entitlementId: input.entitlementId, at: new Date() });
      const corrected = earlier.instructions > 0;
      // An earlier period indexed downward is recovered: the workflow tells the citizen once it has left.
      const recovered = earlier.recoveries ? ({ recovered: true } as const) : {};
      const periodId = `${input.entitlementId}:${input.period}`;
      const idempotencyKey = paymentIdempotencyKey(input.entitlementId, input.period);
      // The period's amount under the decision that stands (indexed to the period's MCI when defined in MCI),
      // read before the transaction: the catalog has its own connection.
      const standing = await prisma.entitlementSchedule.findUniqueOrThrow({ where: { id: input.entitlementId }, select: { decisionId: true, status: true } });
      // Ended by a signed decision (a refusal on appeal grants no amount to compute) before its workflow heard.
      if (standing.status === 'ENDED') return { instructed: corrected, ...recovered };
      const due = (await periodAmountsOf(prisma, catalog, standing.decisionId, [input.period])).get(input.period)!;
      await createUnlessExists(() =>
        prisma.$transaction(async (tx) => {
          const schedule = await tx.entitlementSchedule.update({ where: { id: input.entitlementId }, data: { updatedAt: new Date() } });
          if (schedule.status === 'ENDED') return; // ended by a signed decision (a re-check) a moment before its workflow heard: nothing more is paid
          if (await tx.entitlementPeriod.findUnique({ where: { id: periodId }, select: { id: true } })) return; // a retry
          // A decision replaced meanwhile: the retry reads the new one.
          if (schedule.decisionId !== standing.decisionId) throw new Error(`the decision of ${input.entitlementId} was replaced while its period ${input.period} was recorded`);
          const indexation = due.indexation && !input.suspended ? (due.indexation as unknown as Prisma.InputJsonValue) : Prisma.DbNull;
          await tx.entitlementPeriod.create({
            data: { id: periodId, entitlementId: input.entitlementId, period: input.period, seq: input.seq, amount: input.suspended ? 0 : due.amount, status: input.suspended ? 'SUSPENDED' : 'INSTRUCTED', indexation },
          });
          if (input.suspended) return;
          await tx.paymentInstruction.create({
            data: {
              id: `pi_${idempotencyKey}`,
              idempotencyKey,
              entitlementId: input.entitlementId,
              periodId,
              caseId: schedule.caseId,
              payer: schedule.payer,
              iban: schedule.iban,
              amount: due.amount,
              currency: schedule.currency,
              status: 'PENDING',
              indexation: due.indexation?.status ?? null,
            },
          });
        }),
      );
      return { instructed: !input.suspended || corrected, ...recovered };
    },

    /** The entitlement's PROVISIONAL periods indexed once the catalog has their year's MCI (activities/provisional-indexation.ts). */
    async indexProvisionalPeriods({ entitlementId, at }: { entitlementId: string; at: string }): Promise<ProvisionalIndexed> {
      return indexProvisionalPeriods({ prisma, catalog, keyRing }, { entitlementId, at: new Date(at) });
    },

    /** A change of the entitlement with its reason, and the status it leaves. */
    async recordEntitlementChange(input: RecordChangeInput): Promise<void> {
      const at = new Date(input.at);
      const final = input.kind === 'ENDED' || input.kind === 'COMPLETED';
      // A refusal that replaced the approval ended it from the start (activities/entitlement-revocation.ts): the workflow's own end adds nothing.
      if (final && (await prisma.entitlementChange.count({ where: { entitlementId: input.entitlementId, kind: 'REVOKED' } }))) return;
      await createUnlessExists(() =>
        prisma.$transaction([
          prisma.entitlementChange.create({ data: { id: `${input.entitlementId}:${input.key}`, entitlementId: input.entitlementId, kind: input.kind, reason: input.reason, at } }),
          prisma.entitlementSchedule.update({ where: { id: input.entitlementId }, data: { ...(STATUS_AFTER[input.kind] ? { status: STATUS_AFTER[input.kind] } : {}), ...(final ? { endedAt: at } : {}) } }),
        ]),
      );
    },
  };
}
