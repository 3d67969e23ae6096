/**
 * What every correction of a running entitlement writes in the transaction of its cause (an
 * appeal's new amount, a refusal that revokes it, a PROVISIONAL period indexed): the correction and
 * recovery instructions in the outbox, and one signed record — chained in the case's audit stream —
 * with the entitlement change that says why.
 */
import type { EntitlementSchedule, Prisma } from '../generated/prisma/client.ts';
import { appendAudit } from '../lib/audit-log.ts';
import { contentHash } from '../lib/canonical-json.ts';
import type { KeyRing } from '../lib/signing.ts';
import { caseAuditStream, type EntitlementChangeKind } from '../workflows/messages.ts';
import { notifyCaseChanged } from './case-changes.ts';

type Tx = Prisma.TransactionClient;

/** A CORRECTION (paid to the account) or RECOVERY (asked back) for one period, PENDING in the outbox. */
export async function writeCorrectionInstruction(
  tx: Tx,
  schedule: Pick<EntitlementSchedule, 'id' | 'caseId' | 'payer' | 'currency'>,
  c: { idempotencyKey: string; periodId: string; kind: 'CORRECTION' | 'RECOVERY'; decisionId: string; iban: string; amount: Prisma.Decimal; indexation?: string },
): Promise<void> {
  await tx.paymentInstruction.create({
    data: {
      id: `pi_${c.idempotencyKey}`,
      idempotencyKey: c.idempotencyKey,
      entitlementId: schedule.id,
      periodId: c.periodId,
      kind: c.kind,
      decisionId: c.decisionId,
      caseId: schedule.caseId,
      payer: schedule.payer,
      iban: c.iban,
      amount: c.amount,
      currency: schedule.currency,
      status: 'PENDING',
      indexation: c.indexation ?? null,
    },
  });
}

/** The signed record of a correction, its audit entry and its entitlement change, keyed so a retry adds nothing. */
export async function recordSignedEntitlementChange(
  tx: Tx,
  keyRing: Pick<KeyRing, 'signRecord'>,
  c: { caseId: string; entitlementId: string; changeId: string; kind: EntitlementChangeKind; reason: string; auditKey: string; action: string; record: Record<string, unknown>; at: Date },
): Promise<void> {
  const sealed = keyRing.signRecord(c.record);
  await tx.entitlementChange.create({ data: { id: c.changeId, entitlementId: c.entitlementId, kind: c.kind, reason: c.reason, at: c.at } });
  await appendAudit(tx, {
    stream: caseAuditStream(c.caseId),
    idempotencyKey: c.auditKey,
    actor: 'system',
    action: c.action,
    details: { record: JSON.parse(sealed.canonical), recordHash: contentHash(c.record), signature: sealed.signature, keyId: sealed.keyId, algorithm: sealed.algorithm },
    at: c.at.toISOString(),
  });
  await notifyCaseChanged(tx, c.caseId);
}
