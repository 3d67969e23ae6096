/**
 * Periods paid PROVISIONAL (services/indexation.ts: the catalog had no MCI for their year, so they
 * were paid at the last one in force) are indexed once the budget law's figure is in the catalog:
 * each gets the difference between what it is due at its year's MCI and what was instructed for it
 * — a CORRECTION paid to the account (a RECOVERY, should the MCI ever fall) under a key of its own
 * (the period and the MCI year), so it is paid once — and its indexation becomes INDEXED. The
 * corrections are sealed in one signed record, chained in the case's audit stream and recorded as a
 * REINDEXED entitlement change naming the MCI used and its source (unverified said so).
 *
 * The entitlement learns of the new figure by asking, not by being told: the activity that records
 * each period indexes the earlier PROVISIONAL ones first, and after its last period the entitlement's
 * workflow asks again at intervals until none is left (workflows/entitlement-workflow.ts). The
 * catalog is the one source of the figure, and the answer is recorded in the workflow's history.
 */
import { Prisma } from '../generated/prisma/client.ts';
import { indexationIdempotencyKey } from '../lib/payer/vocabulary.ts';
import type { PeriodIndexation } from '../services/indexation.ts';
import { FailureType } from '../workflows/messages.ts';
import { recordSignedEntitlementChange, writeCorrectionInstruction } from './entitlement-ledger.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';
import { periodAmountsOf, periodDifference } from './period-amounts.ts';

export const ENTITLEMENT_INDEXATION_RECORD_TYPE = 'qyzmet.entitlement-indexation/v1';

export interface ProvisionalIndexed {
  /** Periods indexed now. */
  indexed: number;
  /** Correction (or recovery) instructions written now. */
  instructions: number;
  /** Periods still PROVISIONAL: the catalog has no MCI for their year yet. */
  provisionalLeft: number;
  /** Of the instructions, RECOVERY ones (an MCI lower than the one paid at), when there are any: the citizen is told once they leave. */
  recoveries?: number;
}

export interface PeriodIndexationCorrection {
  period: string;
  instructed: string;
  due: string;
  difference: string;
  kind: 'CORRECTION' | 'RECOVERY';
  idempotencyKey: string;
  /** The MCI the period was paid at, and the one it is due at now. */
  provisional: { year: number; value: number };
  mci: { year: number; value: number; from: string; verified: boolean; citation: string | null; serviceVersion: number };
}

const provisionalOf = (indexation: unknown): PeriodIndexation | null => {
  const i = indexation as PeriodIndexation | null;
  return i?.status === 'PROVISIONAL' ? i : null;
};

/** How a change's reason cites an MCI figure: its year, value and source, or UNVERIFIED. */
const citeMci = (m: PeriodIndexationCorrection['mci'], serviceCode: string) =>
  `the MCI of ${m.year} (${m.value} from ${m.from}, ${serviceCode} v${m.serviceVersion}; ${m.verified && m.citation ? m.citation : 'UNVERIFIED'})`;

export async function indexProvisionalPeriods(
  { prisma, keyRing, catalog }: Pick<ActivityDeps, 'prisma' | 'keyRing' | 'catalog'>,
  { entitlementId, at }: { entitlementId: string; at: Date },
): Promise<ProvisionalIndexed> {
  // Called for every period recorded: the usual answer (nothing PROVISIONAL) costs one indexed query.
  const provisional = await prisma.entitlementPeriod.findMany({
    where: { entitlementId, indexation: { path: ['status'], equals: 'PROVISIONAL' } },
    select: { period: true },
  });
  const nothing: ProvisionalIndexed = { indexed: 0, instructions: 0, provisionalLeft: provisional.length };
  if (!provisional.length) return nothing;
  const schedule = await prisma.entitlementSchedule.findUniqueOrThrow({ where: { id: entitlementId } });
  // Each period's due under the standing decision, at the MCI the catalog has now (read before the transaction: the catalog has its own connection).
  const amounts = await periodAmountsOf(prisma, catalog, schedule.decisionId, provisional.map((p) => p.period));
  const known = provisional.filter((p) => amounts.get(p.period)?.indexation?.status === 'INDEXED');
  if (!known.length) return nothing;
  const keyId = keyRing.activeKeyId;
  if (!keyId) throw finalFailure(FailureType.SigningKeyMissing, 'no active signing key');

  const done = await prisma.$transaction(async (tx) => {
    // Locks the schedule: a period recorded, a correction after an appeal or a re-issue waits for this one.
    const locked = await tx.entitlementSchedule.update({ where: { id: entitlementId }, data: { updatedAt: at } });
    if (locked.decisionId !== schedule.decisionId) throw new Error(`the decision of ${entitlementId} was replaced while its provisional periods were indexed`);
    const rows = await tx.entitlementPeriod.findMany({ where: { id: { in: known.map((p) => `${entitlementId}:${p.period}`) } }, include: { instructions: true }, orderBy: { seq: 'asc' } });
    const corrections: PeriodIndexationCorrection[] = [];
    const indexedPeriods: string[] = [];
    for (const p of rows) {
      const was = provisionalOf(p.indexation);
      if (!was) continue; // indexed meanwhile (a retry, or a replaced decision)
      const { amount: due, indexation } = amounts.get(p.period)!;
      await tx.entitlementPeriod.update({ where: { id: p.id }, data: { amount: due, indexation: indexation as unknown as Prisma.InputJsonValue } });
      indexedPeriods.push(p.period);
      const owed = periodDifference(p.instructions, due);
      if (!owed) continue;
      const { instructed, difference, kind } = owed;
      const idempotencyKey = indexationIdempotencyKey(entitlementId, p.period, indexation!.year);
      await writeCorrectionInstruction(tx, schedule, { idempotencyKey, periodId: p.id, kind, decisionId: schedule.decisionId, iban: locked.iban, amount: difference.abs(), indexation: 'INDEXED' });
      const i = indexation!;
      corrections.push({
        period: p.period,
        instructed: instructed.toFixed(2),
        due: due.toFixed(2),
        difference: difference.toFixed(2),
        kind,
        idempotencyKey,
        provisional: { year: was.year, value: was.value },
        mci: { year: i.year, value: i.value, from: i.from, verified: i.verified, citation: i.source?.citation ?? null, serviceVersion: i.serviceVersion },
      });
    }
    const indexed = indexedPeriods.length;
    if (!indexed) return { indexed: 0, instructions: 0, recoveries: 0 };
    // A period is indexed once: the first of them names the change.
    const first = indexedPeriods[0]!;
    const record = { type: ENTITLEMENT_INDEXATION_RECORD_TYPE, entitlementId, caseId: schedule.caseId, decisionId: schedule.decisionId, indexed: indexedPeriods, corrections, at: at.toISOString(), keyId };
    const years = [...new Map(corrections.map((c) => [c.mci.year, c.mci])).values()];
    const total = corrections.reduce((sum, c) => sum.plus(c.difference), new Prisma.Decimal(0));
    const reason =
      `${years.map((m) => citeMci(m, schedule.serviceCode)).join('; ') || 'the MCI of their year'} now in the catalog: ${indexed} period(s) paid PROVISIONAL indexed; ` +
      `${corrections.length} correction(s), ${total.toFixed(2)} ${schedule.currency} in all`;
    await recordSignedEntitlementChange(tx, keyRing, {
      caseId: schedule.caseId,
      entitlementId,
      changeId: `${entitlementId}:reindexed-${first}`,
      kind: 'REINDEXED',
      reason,
      auditKey: `${entitlementId}:reindexed-${first}`,
      action: 'ENTITLEMENT_REINDEXED',
      record,
      at,
    });
    return { indexed, instructions: corrections.length, recoveries: corrections.filter((c) => c.kind === 'RECOVERY').length };
  });
  const { recoveries, ...counts } = done;
  return { ...counts, provisionalLeft: provisional.length - done.indexed, ...(recoveries ? { recoveries } : {}) };
}
