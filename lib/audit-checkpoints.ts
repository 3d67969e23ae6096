/**
 * Signed checkpoints of the audit log's hash chains, and reading a stream verified from them.
 *
 * A hash chain alone proves only that what is left is consistent: cut the tail, or edit an entry
 * and recompute every hash after it, and the chain verifies again. A checkpoint pins a stream's
 * head — `{ stream, seq, head, at, keyId }` signed with the decision-signing key, which only the
 * worker holds — in a table the application role may only insert into. Then:
 *
 *   - a tail cut below a checkpoint       → TAIL_DELETED (the signed seq is gone)
 *   - a stream rewritten and recomputed   → CHECKPOINT_MISMATCH (entry `seq` no longer hashes to the signed head)
 *   - a forged or altered checkpoint      → CHECKPOINT_INVALID (its signature does not verify)
 *
 * Entries written after the newest checkpoint are protected by the chain only until the next
 * checkpoint (AUDIT_CHECKPOINT_INTERVAL_MS); a decided case's DECISION_ISSUED entry is checked
 * against the signed decision itself (api/schema/audit.ts), whenever it was written.
 *
 *   writeCheckpoints(prisma, keyRing)        one round: a checkpoint for every stream that grew (the worker, periodically)
 *   readVerifiedStream(prisma, keyRing, s)   the stream (or its last N entries) verified from its newest checkpoint
 *
 * Work is bounded: a round reads only entries added since the previous round; a read of the last
 * N entries reads those and the entries since the newest checkpoint, never the whole stream.
 */
import type { AuditEntry, Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { verifyChain, type ChainVerification } from './hash-chain.ts';
import type { Logger } from './logger.ts';
import type { KeyRing } from './signing.ts';

export const CHECKPOINT_RECORD_TYPE = 'qyzmet.audit-checkpoint/v1';

export interface CheckpointRecord {
  type: typeof CHECKPOINT_RECORD_TYPE;
  stream: string;
  seq: number;
  head: string;
  at: string;
  keyId: string;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** Rows a round looks back past the previous round's highest id: entries whose ids were taken earlier but committed later. */
const REREAD_IDS = 1000n;

/** One round: for each stream with entries since the last round, a signed checkpoint of its head. Returns how many were written. */
export async function writeCheckpoints(prisma: Db, keyRing: KeyRing, options: { now?: Date } = {}): Promise<number> {
  const keyId = keyRing.activeKeyId;
  if (!keyId) throw new Error('audit checkpoints are signed by the process that holds the signing key (the worker)');
  const previous = (await prisma.auditCheckpoint.aggregate({ _max: { throughId: true } }))._max.throughId ?? 0n;
  const from = previous > REREAD_IDS ? previous - REREAD_IDS : 0n;
  const heads = await prisma.$queryRaw<{ stream: string; seq: number; hash: string; maxId: bigint }[]>`
    SELECT DISTINCT ON (stream) stream, seq, hash, max(id) OVER () AS "maxId"
    FROM "AuditEntry" WHERE id > ${from}
    ORDER BY stream, seq DESC`;
  if (heads.length === 0) return 0;
  const throughId = heads[0]!.maxId;
  const at = (options.now ?? new Date()).toISOString();
  const known = await prisma.auditCheckpoint.findMany({
    where: { OR: heads.map((h) => ({ stream: h.stream, seq: h.seq })) },
    select: { stream: true, seq: true },
  });
  const done = new Set(known.map((k) => `${k.stream}\u0000${k.seq}`));
  const rows = heads
    .filter((h) => !done.has(`${h.stream}\u0000${h.seq}`))
    .map((h) => {
      const record: CheckpointRecord = { type: CHECKPOINT_RECORD_TYPE, stream: h.stream, seq: h.seq, head: h.hash, at, keyId };
      const signed = keyRing.signRecord(record);
      return { stream: h.stream, seq: h.seq, head: h.hash, throughId, at: new Date(at), record: signed.canonical, signature: signed.signature, keyId: signed.keyId };
    });
  if (rows.length === 0) return 0;
  const { count } = await prisma.auditCheckpoint.createMany({ data: rows, skipDuplicates: true });
  return count;
}

export type CheckpointBreakReason = 'TAIL_DELETED' | 'CHECKPOINT_MISMATCH' | 'CHECKPOINT_INVALID';

export type StreamVerification = (ChainVerification | { ok: false; brokenAt: number; reason: CheckpointBreakReason | 'DECISION_MISSING' | 'DECISION_MISMATCH'; message: string }) & {
  /** The newest checkpoint the stream was verified against; null when it has none yet. */
  checkpoint: { seq: number; at: Date } | null;
};

export interface VerifiedStream {
  stream: string;
  entries: AuditEntry[];
  /** The stream's length (its highest seq). */
  total: number;
  verification: StreamVerification;
}

function checkpointValid(row: { stream: string; seq: number; head: string; record: string; signature: string; keyId: string }, keyRing: KeyRing): boolean {
  if (!keyRing.verifyRecord(row.record, row.signature, row.keyId)) return false;
  try {
    const r = JSON.parse(row.record) as CheckpointRecord;
    return r.type === CHECKPOINT_RECORD_TYPE && r.stream === row.stream && r.seq === row.seq && r.head === row.head && r.keyId === row.keyId;
  } catch {
    return false;
  }
}

/**
 * A stream read back and verified: its newest checkpoint's signature, the chain from the first
 * entry read, and the signed head at the checkpoint's seq. `last` unset reads the whole stream
 * (a case's); `last: N` reads the last N entries and everything since the checkpoint.
 */
export async function readVerifiedStream(prisma: Db, keyRing: KeyRing, stream: string, options: { last?: number } = {}): Promise<VerifiedStream> {
  const [tip, cp] = await Promise.all([
    prisma.auditEntry.findFirst({ where: { stream }, orderBy: { seq: 'desc' }, select: { seq: true } }),
    prisma.auditCheckpoint.findFirst({ where: { stream }, orderBy: { seq: 'desc' } }),
  ]);
  const total = tip?.seq ?? 0;
  const checkpoint = cp ? { seq: cp.seq, at: cp.at } : null;
  const windowStart = options.last === undefined ? 1 : Math.max(1, total - options.last + 1);
  const from = Math.min(windowStart, cp?.seq ?? windowStart);
  const entries = await prisma.auditEntry.findMany({ where: { stream, seq: { gte: from } }, orderBy: { seq: 'asc' } });
  const shown = options.last === undefined ? entries : entries.slice(-options.last);
  const result = (verification: StreamVerification): VerifiedStream => ({ stream, entries: shown, total, verification });

  if (cp && !checkpointValid(cp, keyRing)) {
    return result({ ok: false, brokenAt: cp.seq, reason: 'CHECKPOINT_INVALID', message: `the checkpoint at seq ${cp.seq} is not validly signed by a key this deployment trusts`, checkpoint });
  }
  if (cp && total < cp.seq) {
    return result({
      ok: false,
      brokenAt: total + 1,
      reason: 'TAIL_DELETED',
      message: `entries ${total + 1}–${cp.seq} were signed in the checkpoint of ${cp.at.toISOString()} and are missing: the tail was deleted`,
      checkpoint,
    });
  }
  const chain = verifyChain(entries, from === 1 ? {} : { startPrevHash: entries[0]?.prevHash });
  if (!chain.ok) return result({ ...chain, checkpoint });
  if (cp) {
    const pinned = entries.find((e) => e.seq === cp.seq);
    if (!pinned || pinned.hash !== cp.head) {
      return result({
        ok: false,
        brokenAt: cp.seq,
        reason: 'CHECKPOINT_MISMATCH',
        message: `entry ${cp.seq} hashes to ${pinned?.hash ?? 'nothing'}, but the checkpoint of ${cp.at.toISOString()} signed ${cp.head}: the stream was rewritten and its hashes recomputed`,
        checkpoint,
      });
    }
  }
  return result({ ok: true, head: chain.head, count: total, checkpoint });
}

/** The worker's periodic round; stop() waits for a round in progress. */
export function startCheckpointing(deps: { prisma: PrismaClient; keyRing: KeyRing; logger: Logger; intervalMs: number }): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = writeCheckpoints(deps.prisma, deps.keyRing).then(
      (n) => {
        if (n) deps.logger.debug({ checkpoints: n }, 'audit checkpoints signed');
      },
      (e: Error) => deps.logger.warn({ err: e.message }, 'audit checkpoints not written; next round retries'),
    );
  };
  const timer = setInterval(round, deps.intervalMs);
  timer.unref();
  round();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
