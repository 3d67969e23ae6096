/**
 * Recording a payer's acknowledgement of an instruction, shared by the dispatcher (a payer that
 * answers at once) and the API (recordPayerAcknowledgement, a payer that answers later). One
 * guarded statement per row: an instruction not yet acknowledged takes the answer; the same answer
 * again changes nothing; a different answer after the first is a conflict, reported, never applied.
 */
import type { PrismaClient } from '../db/client.ts';
import type { AcknowledgementStatus } from './vocabulary.ts';

export interface Acknowledgement {
  idempotencyKey: string;
  status: AcknowledgementStatus;
  reason?: string | null;
  at: Date;
}

export type AcknowledgementOutcome =
  | { result: 'RECORDED' | 'ALREADY_RECORDED'; instructionId: string }
  | { result: 'NOT_FOUND' }
  | { result: 'CONFLICT'; instructionId: string; recorded: string };

const OPEN = ['PENDING', 'SENDING', 'DELIVERED'];

export async function recordAcknowledgement(prisma: PrismaClient, ack: Acknowledgement): Promise<AcknowledgementOutcome> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.paymentInstruction.updateMany({
      where: { idempotencyKey: ack.idempotencyKey, status: { in: OPEN } },
      data: { status: ack.status, acknowledgedAt: ack.at, rejectionReason: ack.status === 'REJECTED' ? (ack.reason ?? 'UNSPECIFIED') : null },
    });
    const row = await tx.paymentInstruction.findUnique({ where: { idempotencyKey: ack.idempotencyKey } });
    if (!row) return { result: 'NOT_FOUND' };
    if (updated.count === 0) {
      return row.status === ack.status ? { result: 'ALREADY_RECORDED', instructionId: row.id } : { result: 'CONFLICT', instructionId: row.id, recorded: row.status };
    }
    // The period follows its payment; a correction or a recovery has its own status only.
    if (row.kind === 'PAYMENT') await tx.entitlementPeriod.update({ where: { id: row.periodId }, data: ack.status === 'PAID' ? { status: 'PAID', paidAt: ack.at } : { status: 'REJECTED' } });
    return { result: 'RECORDED', instructionId: row.id };
  });
}
