/**
 * What each period of an entitlement pays under the decision that stands: the signed amount, or —
 * for a monthly benefit defined in MCI — the amount at the MCI in force on the period's date, by
 * the rules of the version that decided (services/indexation.ts). Read by the activity that
 * records a period and by the correction after a replaced decision, so both pay the same figure.
 */
import { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../lib/db/client.ts';
import type { CatalogStore } from '../services/catalog-store.ts';
import { indexedPeriodAmount, type PeriodIndexation } from '../services/indexation.ts';
import type { EvaluationResult } from '../services/result.ts';
import type { DecisionRecord } from './decision-record.ts';

export interface PeriodAmount {
  amount: Prisma.Decimal;
  /** Null: the decided amount, not indexed (a one-time or income-based benefit). */
  indexation: PeriodIndexation | null;
}

type Db = Pick<PrismaClient, 'decision' | 'evaluation'>;

/**
 * What a period's instructions have asked the payer to pay in all: payments and corrections, less
 * recoveries. A rejected instruction paid nothing and counts for nothing.
 */
export function instructedFor(instructions: readonly { kind: string; status: string; amount: Prisma.Decimal }[]): Prisma.Decimal {
  return instructions
    .filter((i) => i.status !== 'REJECTED')
    .reduce((sum, i) => (i.kind === 'RECOVERY' ? sum.minus(i.amount) : sum.plus(i.amount)), new Prisma.Decimal(0));
}

/**
 * What a period instructed for is still owed (a CORRECTION) or owes (a RECOVERY) now that it is due
 * `due`; null when there is nothing to correct: no difference, or no payment standing (a rejected one
 * waiting for another account is re-issued at the period's new amount).
 */
export function periodDifference(
  instructions: readonly { kind: string; status: string; amount: Prisma.Decimal; reissuedBy: string | null }[],
  due: Prisma.Decimal,
): { instructed: Prisma.Decimal; difference: Prisma.Decimal; kind: 'CORRECTION' | 'RECOVERY' } | null {
  const payment = instructions.find((i) => i.kind === 'PAYMENT' && i.reissuedBy === null);
  if (!payment || payment.status === 'REJECTED') return null;
  const instructed = instructedFor(instructions);
  const difference = due.minus(instructed);
  if (difference.isZero()) return null;
  return { instructed, difference, kind: difference.greaterThan(0) ? 'CORRECTION' : 'RECOVERY' };
}

/** The amount of each period (YYYY-MM labels; anything else keeps the decided amount) under a decision. */
export async function periodAmountsOf(prisma: Db, catalog: CatalogStore, decisionId: string, periods: readonly string[]): Promise<Map<string, PeriodAmount>> {
  const decision = await prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
  if (decision.amount === null) throw new Error(`decision ${decisionId} grants no amount`);
  const decided: PeriodAmount = { amount: decision.amount, indexation: null };
  const out = new Map(periods.map((p) => [p, decided]));
  const record = JSON.parse(decision.record) as DecisionRecord;
  if (!record.amount?.monthly) return out;
  const evaluation = await prisma.evaluation.findUnique({ where: { id: record.evaluation.evaluationId } });
  const result = evaluation?.result as unknown as EvaluationResult | undefined;
  if (!result?.params || !result.derived) return out;
  const definition = await catalog.byContentHash(record.service.contentHash);
  const later = (await catalog.published()).filter((d) => d.code === definition.code && d.version > definition.version);
  for (const period of periods) {
    if (!/^\d{4}-\d{2}$/.test(period)) continue;
    const indexed = indexedPeriodAmount({ decided: definition, later, evaluation: result, decidedAmount: Number(decision.amount), onDate: `${period}-01` });
    if (indexed) out.set(period, { amount: new Prisma.Decimal(indexed.value.toFixed(2)), indexation: indexed.indexation });
  }
  return out;
}
