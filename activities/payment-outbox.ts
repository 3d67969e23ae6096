/**
 * The outbox dispatcher: delivers PENDING payment instructions to the payer port. Each instruction
 * is first claimed (PENDING → SENDING, one guarded statement) so two dispatchers never send it
 * together; one left SENDING by a worker that died mid-delivery is sent again after the lease, and
 * the payer deduplicates on its idempotency key, so it is paid once. A payer that answers at once
 * has its answer recorded as an acknowledgement (lib/payer/acknowledgements.ts). A batching payer
 * (file, HTTP) is handed all the claimed instructions at once, as one batch; if the hand-over fails
 * they all go back to the outbox and the retry sends the same keys.
 */
import { recordAcknowledgement } from '../lib/payer/acknowledgements.ts';
import type { PayerReceipt, PaymentOrder } from '../lib/payer/port.ts';
import { isReissuable, periodOfInstruction, type Payer, type PaymentInstructionKind } from '../lib/payer/vocabulary.ts';
import type { ActivityDeps } from './deps.ts';

/** How long a claimed instruction is left to its dispatcher before another sends it again. */
export const SENDING_LEASE_MS = 60_000;

export interface DispatchResult {
  delivered: number;
  paid: number;
  rejected: number;
  /** Instructions left PENDING because no payer adapter is configured. */
  held: number;
  /** The payments and corrections the payer rejected in this dispatch (each goes to an officer task). */
  rejectedIds?: string[];
}

const orderOf = (row: { idempotencyKey: string; kind: string; payer: string; iban: string; amount: { toFixed(n: number): string }; currency: string; caseId: string; entitlementId: string; periodId: string }): PaymentOrder => ({
  idempotencyKey: row.idempotencyKey,
  kind: row.kind as PaymentInstructionKind,
  payer: row.payer as Payer,
  iban: row.iban,
  amount: row.amount.toFixed(2),
  currency: row.currency,
  caseId: row.caseId,
  period: periodOfInstruction(row),
});

export function createPaymentOutboxActivities({ prisma, payer }: Pick<ActivityDeps, 'prisma' | 'payer'>) {
  return {
    /** Delivers the entitlement's instructions still waiting (all of them without an entitlement id). */
    async dispatchPaymentInstructions({ entitlementId }: { entitlementId?: string }): Promise<DispatchResult> {
      const result: DispatchResult = { delivered: 0, paid: 0, rejected: 0, held: 0, rejectedIds: [] };
      const staleBefore = new Date(Date.now() - SENDING_LEASE_MS);
      const waiting = await prisma.paymentInstruction.findMany({
        where: { ...(entitlementId ? { entitlementId } : {}), OR: [{ status: 'PENDING' }, { status: 'SENDING', sendingSince: { lt: staleBefore } }] },
        orderBy: { createdAt: 'asc' },
        take: 100,
      });
      if (!payer) return { ...result, held: waiting.length };
      type Row = (typeof waiting)[number];
      const claim = async (row: Row) =>
        (
          await prisma.paymentInstruction.updateMany({
            where: { id: row.id, status: row.status, ...(row.status === 'SENDING' ? { sendingSince: row.sendingSince } : {}) },
            data: { status: 'SENDING', sendingSince: new Date(), attempts: { increment: 1 } },
          })
        ).count > 0; // else another dispatcher has it
      // Back to the outbox at once: the activity's retry delivers them again, under the same keys.
      const release = (rows: Row[]) => prisma.paymentInstruction.updateMany({ where: { id: { in: rows.map((r) => r.id) }, status: 'SENDING' }, data: { status: 'PENDING', sendingSince: null } });
      const answered = async (row: Row, receipt: PayerReceipt) => {
        result.delivered++;
        await prisma.paymentInstruction.updateMany({ where: { id: row.id, status: 'SENDING' }, data: { status: 'DELIVERED', deliveredAt: new Date() } });
        if (receipt.status === 'ACCEPTED') return;
        await recordAcknowledgement(prisma, { idempotencyKey: row.idempotencyKey, status: receipt.status, reason: receipt.status === 'REJECTED' ? receipt.reason : null, at: new Date() });
        if (receipt.status === 'PAID') result.paid++;
        else {
          result.rejected++;
          // A rejected payment or correction goes to an officer for another account (a recovery is not paid to one).
          if (isReissuable(row.kind)) result.rejectedIds!.push(row.id);
        }
      };
      if (payer.deliverMany) {
        // A batching payer (file, HTTP) takes them all at once: one batch, or none.
        const claimed: Row[] = [];
        for (const row of waiting) if (await claim(row)) claimed.push(row);
        if (!claimed.length) return result;
        let receipts: PayerReceipt[];
        try {
          receipts = await payer.deliverMany(claimed.map(orderOf));
        } catch (e) {
          await release(claimed);
          throw e;
        }
        for (const [i, row] of claimed.entries()) await answered(row, receipts[i]!);
        return result;
      }
      for (const row of waiting) {
        if (!(await claim(row))) continue;
        let receipt;
        try {
          receipt = await payer.deliver(orderOf(row));
        } catch (e) {
          await release([row]);
          throw e;
        }
        await answered(row, receipt);
      }
      return result;
    },
  };
}
