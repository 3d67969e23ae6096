/**
 * Appending to the hash-chained audit log inside a caller's transaction. One chain per stream
 * (the stream names are the case vocabulary's: workflows/vocabulary.ts); a transaction-scoped
 * advisory lock serialises writers of one stream, and the idempotency key turns a repeated
 * append (an activity retried after its write succeeded) into a no-op. Written by the activities
 * (case streams) and the API (the security stream).
 */
import type { Prisma } from '../generated/prisma/client.ts';
import { appendEntry } from './hash-chain.ts';

type Tx = Prisma.TransactionClient;

export interface AuditAppend {
  stream: string;
  idempotencyKey: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

export async function appendAudit(tx: Tx, entry: AuditAppend): Promise<boolean> {
  if (await tx.auditEntry.findUnique({ where: { idempotencyKey: entry.idempotencyKey }, select: { id: true } })) return false;
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', entry.stream);
  const last = await tx.auditEntry.findFirst({ where: { stream: entry.stream }, orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const at = new Date(entry.at).toISOString();
  const chained = appendEntry(last, { stream: entry.stream, actor: entry.actor, action: entry.action, details: entry.details, at });
  await tx.auditEntry.create({
    data: {
      stream: chained.stream,
      seq: chained.seq,
      idempotencyKey: entry.idempotencyKey,
      actor: chained.actor,
      action: chained.action,
      details: entry.details as Prisma.InputJsonValue,
      at: new Date(at),
      prevHash: chained.prevHash,
      hash: chained.hash,
    },
  });
  return true;
}
