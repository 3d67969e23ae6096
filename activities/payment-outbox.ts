/**
 * The outbox dispatcher: delivers PENDING payment instructions to the payer port. Each instruction
 * is first claimed (PENDING → SENDING, one guarded statement) so two dispatchers never send it
 * together; one left SENDING by a worker that died mid-delivery is sent again after the lease, and
 * the payer deduplicates on its idempotency key, so it is paid once. A payer that answers at once
 * has its answer recorded as an acknowledgement (lib/payer/acknowledgements.ts).
 */
import { recordAcknowledgement } from '../lib/payer/acknowledgements.ts';
import { periodOfInstruction, type Payer, type PaymentInstructionKind } from '../lib/payer/vocabulary.ts';
import type { ActivityDeps } from './deps.ts';

/** How long a claimed instruction is left to its dispatcher before another sends it again. */
export const SENDING_LEASE_MS = 60_000;

export interface DispatchResult {
  delivered: number;
  paid: number;
  rejected: number;
  /** Instructions left PENDING because no payer adapter is configured. */
  held: number;
  /** The payments the payer rejected in this dispatch (each goes to an officer task). */
  rejectedIds?: string[];
}

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
      for (const row of waiting) {
        const claimed = await prisma.paymentInstruction.updateMany({
          where: { id: row.id, status: row.status, ...(row.status === 'SENDING' ? { sendingSince: row.sendingSince } : {}) },
          data: { status: 'SENDING', sendingSince: new Date(), attempts: { increment: 1 } },
        });
        if (claimed.count === 0) continue; // another dispatcher has it
        const period = periodOfInstruction(row);
        let receipt;
        try {
          receipt = await payer.deliver({ idempotencyKey: row.idempotencyKey, kind: row.kind as PaymentInstructionKind, payer: row.payer as Payer, iban: row.iban, amount: row.amount.toFixed(2), currency: row.currency, caseId: row.caseId, period });
        } catch (e) {
          // Back to the outbox at once: the activity's retry delivers it again.
          await prisma.paymentInstruction.updateMany({ where: { id: row.id, status: 'SENDING' }, data: { status: 'PENDING', sendingSince: null } });
          throw e;
        }
        result.delivered++;
        await prisma.paymentInstruction.updateMany({ where: { id: row.id, status: 'SENDING' }, data: { status: 'DELIVERED', deliveredAt: new Date() } });
        if (receipt.status === 'ACCEPTED') continue;
        await recordAcknowledgement(prisma, { idempotencyKey: row.idempotencyKey, status: receipt.status, reason: receipt.status === 'REJECTED' ? receipt.reason : null, at: new Date() });
        if (receipt.status === 'PAID') result.paid++;
        else {
          result.rejected++;
          // A rejected payment goes to an officer for another account (a rejected correction or recovery does not, yet).
          if (row.kind === 'PAYMENT') result.rejectedIds!.push(row.id);
        }
      }
      return result;
    },
  };
}
