/**
 * The audit log's hash chain: each entry's hash covers the previous entry's hash, so editing,
 * deleting, inserting or reordering a row breaks every hash after it. Pure: the database layer
 * stores `prevHash` and `hash` with each row and calls verifyChain on what it reads back.
 */
import { contentHash } from './canonical-json.ts';

/** The `prev` of a stream's first entry. */
export const GENESIS_HASH = `sha256:${'0'.repeat(64)}`;

export interface AuditEntry {
  /** One chain per stream, e.g. "case:<caseId>" or "system". */
  stream: string;
  /** 1, 2, 3 … within the stream, no gaps. */
  seq: number;
  actor: string;
  action: string;
  details: unknown;
  /** ISO timestamp. A Date is hashed as its toISOString(), which is how a timestamp column reads back. */
  at: string | Date;
}

export interface ChainedAuditEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

export type ChainBreakReason =
  /** The row's own content no longer matches its hash: it was edited. */
  | 'HASH_MISMATCH'
  /** The row does not point at the row before it: a row was deleted, inserted or reordered. */
  | 'PREV_MISMATCH'
  /** seq is not one more than the previous row's. */
  | 'SEQ_GAP'
  | 'STREAM_MISMATCH'
  /** The last hash differs from the head recorded elsewhere: the tail was cut or replaced. */
  | 'HEAD_MISMATCH';

export type ChainVerification =
  | { ok: true; head: string; count: number }
  | { ok: false; brokenAt: number; reason: ChainBreakReason; message: string };

/**
 * sha256 over the canonical JSON of {prev, stream, seq, actor, action, details, at}. Only these
 * fields are hashed, so a database row with extra columns (id, hash) can be passed as it is.
 */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  const { stream, seq, actor, action, details, at } = entry;
  return contentHash({ prev: prevHash, stream, seq, actor, action, details, at: at instanceof Date ? at.toISOString() : at });
}

/** The next entry of a chain whose last entry is `previous` (null for the stream's first). */
export function appendEntry(previous: Pick<ChainedAuditEntry, 'hash' | 'seq'> | null, entry: Omit<AuditEntry, 'seq'>): ChainedAuditEntry {
  const prevHash = previous?.hash ?? GENESIS_HASH;
  const full: AuditEntry = { ...entry, seq: previous ? previous.seq + 1 : 1 };
  return { ...full, prevHash, hash: chainHash(prevHash, full) };
}

export interface VerifyChainOptions {
  /**
   * Verify a segment that does not start at the stream's beginning: the hash the first given
   * entry must point at (then its seq may be anything). Default: the chain starts at GENESIS with seq 1.
   */
  startPrevHash?: string;
  /**
   * The head hash recorded outside the table (e.g. in a signed decision or checkpoint). Without
   * it, deleting the last rows is undetectable: what remains is still a valid chain.
   */
  expectedHead?: string;
}

/** Checks entries of one stream, in seq order as stored. */
export function verifyChain(entries: readonly ChainedAuditEntry[], options: VerifyChainOptions = {}): ChainVerification {
  const fromGenesis = options.startPrevHash === undefined;
  let prevHash = options.startPrevHash ?? GENESIS_HASH;
  let prevSeq: number | null = null;
  const stream = entries[0]?.stream;
  const broken = (seq: number, reason: ChainBreakReason, message: string): ChainVerification => ({ ok: false, brokenAt: seq, reason, message });

  for (const entry of entries) {
    if (entry.stream !== stream) return broken(entry.seq, 'STREAM_MISMATCH', `entry ${entry.seq} belongs to stream "${entry.stream}", not "${stream}"`);
    const expectedSeq: number = prevSeq === null ? (fromGenesis ? 1 : entry.seq) : prevSeq + 1;
    if (entry.seq !== expectedSeq) {
      return broken(entry.seq, 'SEQ_GAP', `expected seq ${expectedSeq}, found ${entry.seq}`);
    }
    if (entry.prevHash !== prevHash) {
      return broken(entry.seq, 'PREV_MISMATCH', `entry ${entry.seq} points at ${entry.prevHash}, but the previous hash is ${prevHash}`);
    }
    if (chainHash(entry.prevHash, entry) !== entry.hash) {
      return broken(entry.seq, 'HASH_MISMATCH', `entry ${entry.seq} does not match its hash: its content was changed`);
    }
    prevHash = entry.hash;
    prevSeq = entry.seq;
  }
  if (options.expectedHead !== undefined && options.expectedHead !== prevHash) {
    return broken(prevSeq ?? 0, 'HEAD_MISMATCH', `the chain ends at ${prevHash}, expected ${options.expectedHead}: entries after it are missing or replaced`);
  }
  return { ok: true, head: prevHash, count: entries.length };
}
