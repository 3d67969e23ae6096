/**
 * An approval replaced by a refusal (an appeal that finds the benefit was never due): the
 * entitlement ends from its start. Every period already instructed becomes an overpayment to
 * recover — one RECOVERY per period (the one period of a one-time benefit) of what was instructed
 * for it in all, keyed by the period and the refusal, so a retry or a second signal recovers
 * nothing twice — and no period is paid after it. The legal basis is the refusal's: the grounds it
 * signed, each with its citation. The catalog names no article for the recovery itself, so the
 * record says so (unverified) rather than invent one. One transaction that locks the schedule: a
 * period being recorded at this moment waits, then finds the entitlement ended.
 */
import { Prisma } from '../generated/prisma/client.ts';
import type { Decision, EntitlementSchedule } from '../generated/prisma/client.ts';
import { correctionIdempotencyKey, periodOfInstruction } from '../lib/payer/vocabulary.ts';
import { citeLegalBasis } from '../services/legal-basis.ts';
import { FailureType } from '../workflows/messages.ts';
import { recordSignedEntitlementChange, writeCorrectionInstruction } from './entitlement-ledger.ts';
import type { DecisionRecord } from './decision-record.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';
import { instructedFor } from './period-amounts.ts';

export const ENTITLEMENT_REVOCATION_RECORD_TYPE = 'qyzmet.entitlement-revocation/v1';

/** What the record says of the recovery's own legal basis: the catalog has none to cite. */
export const RECOVERY_BASIS_UNVERIFIED = {
  legalBasis: null,
  verified: false,
  note: 'the catalog names no legal basis for recovering an overpayment; the refusal grounds above are the basis of the refusal',
} as const;

export interface PeriodRecovery {
  period: string;
  /** What was instructed for the period in all (payments and corrections, less recoveries, none rejected). */
  instructed: string;
  kind: 'RECOVERY';
  idempotencyKey: string;
}

/** The entitlement change a revocation writes: its id names the refusal, so a retry finds it. */
export const revocationChangeId = (entitlementId: string, decisionId: string): string => `${entitlementId}:revoked-${decisionId}`;

export async function revokeEntitlement(
  { prisma, keyRing }: Pick<ActivityDeps, 'prisma' | 'keyRing'>,
  input: { appealId: string; old: Decision; refusal: Decision; schedule: EntitlementSchedule; at: Date },
): Promise<{ reason: string }> {
  const { appealId, old, refusal, schedule, at } = input;
  const entitlementId = schedule.id;
  const keyId = keyRing.activeKeyId;
  if (!keyId) throw finalFailure(FailureType.SigningKeyMissing, 'no active signing key');
  const grounds = ((JSON.parse(refusal.record) as DecisionRecord).grounds ?? []).map((g) => ({ code: g.code, legalBasis: g.legalBasis }));
  const basis = grounds.length ? grounds.map((g) => `${g.code}: ${citeLegalBasis(g.legalBasis)}`).join('; ') : 'the refusal names no ground (UNVERIFIED)';
  let reason = '';
  await prisma.$transaction(async (tx) => {
    // Locks the schedule and ends it: a period recorded from now on is not paid.
    await tx.entitlementSchedule.update({ where: { id: entitlementId }, data: { status: 'ENDED', endedAt: at, decisionId: refusal.id, amount: 0 } });
    const periods = await tx.entitlementPeriod.findMany({ where: { entitlementId }, include: { instructions: true }, orderBy: { seq: 'asc' } });
    const recoveries: PeriodRecovery[] = [];
    let total = new Prisma.Decimal(0);
    for (const p of periods) {
      // Nothing was due for any period.
      await tx.entitlementPeriod.update({ where: { id: p.id }, data: { amount: 0, indexation: Prisma.DbNull } });
      const instructed = instructedFor(p.instructions);
      if (!instructed.greaterThan(0)) continue;
      const period = periodOfInstruction({ entitlementId, periodId: p.id });
      const idempotencyKey = correctionIdempotencyKey(entitlementId, period, refusal.id);
      await writeCorrectionInstruction(tx, schedule, { idempotencyKey, periodId: p.id, kind: 'RECOVERY', decisionId: refusal.id, iban: schedule.iban, amount: instructed });
      total = total.plus(instructed);
      recoveries.push({ period, instructed: instructed.toFixed(2), kind: 'RECOVERY', idempotencyKey });
    }
    const record = {
      type: ENTITLEMENT_REVOCATION_RECORD_TYPE,
      entitlementId,
      caseId: schedule.caseId,
      appealId,
      decisionId: refusal.id,
      replaces: old.id,
      endsFrom: schedule.periods[0] ?? null,
      grounds,
      recovery: RECOVERY_BASIS_UNVERIFIED,
      recoveries,
      total: total.toFixed(2),
      currency: schedule.currency,
      at: at.toISOString(),
      keyId,
    };
    reason =
      `decision ${refusal.id} (a refusal) replaced the approval ${old.id} on appeal ${appealId}: the entitlement ends from its start (${record.endsFrom}); ` +
      `${recoveries.length} period(s) to recover, ${total.toFixed(2)} ${schedule.currency} in all; legal basis: ${basis}; recovery: no legal basis in the catalog (UNVERIFIED)`;
    await recordSignedEntitlementChange(tx, keyRing, {
      caseId: schedule.caseId,
      entitlementId,
      changeId: revocationChangeId(entitlementId, refusal.id),
      kind: 'REVOKED',
      reason,
      auditKey: `${entitlementId}:revoked-${refusal.id}`,
      action: 'ENTITLEMENT_REVOKED',
      record,
      at,
    });
  });
  return { reason };
}
