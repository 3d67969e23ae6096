import { describe, expect, it } from 'vitest';
import { canonicalize, sha256Hex } from './canonical-json.ts';
import { GENESIS_HASH, appendEntry, chainHash, verifyChain, type ChainedAuditEntry } from './hash-chain.ts';

function buildChain(n: number, stream = 'case:c-1'): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(
      appendEntry(entries.at(-1) ?? null, {
        stream,
        actor: i % 2 ? 'officer:o-7' : 'system',
        action: ['CASE_STARTED', 'EVIDENCE_FETCHED', 'TASK_CLAIMED', 'DECIDED', 'NOTIFIED'][i % 5]!,
        details: { step: i, amount: i * 1000, note: 'Қазақстан' },
        at: new Date(Date.UTC(2025, 5, 1, 10, i)).toISOString(),
      }),
    );
  }
  return entries;
}

describe('chainHash', () => {
  it('is sha256 over the canonical JSON of {prev, ...entry}', () => {
    const entry = { stream: 's', seq: 1, actor: 'a', action: 'X', details: { b: 2, a: 1 }, at: '2025-06-01T10:00:00.000Z' };
    const expected = `sha256:${sha256Hex(canonicalize({ ...entry, prev: GENESIS_HASH }))}`;
    expect(chainHash(GENESIS_HASH, entry)).toBe(expected);
  });

  it('ignores extra row columns and hashes a Date as its ISO string', () => {
    const entry = { stream: 's', seq: 1, actor: 'a', action: 'X', details: null, at: '2025-06-01T10:00:00.000Z' };
    const row = { ...entry, id: 42, hash: 'whatever', at: new Date('2025-06-01T10:00:00.000Z') };
    expect(chainHash(GENESIS_HASH, row)).toBe(chainHash(GENESIS_HASH, entry));
  });

  it('depends on the previous hash and on every field', () => {
    const entry = { stream: 's', seq: 1, actor: 'a', action: 'X', details: { n: 1 }, at: '2025-06-01T10:00:00.000Z' };
    const base = chainHash(GENESIS_HASH, entry);
    expect(chainHash(`sha256:${'1'.repeat(64)}`, entry)).not.toBe(base);
    for (const change of [{ stream: 't' }, { seq: 2 }, { actor: 'b' }, { action: 'Y' }, { details: { n: 2 } }, { at: '2025-06-01T10:00:00.001Z' }]) {
      expect(chainHash(GENESIS_HASH, { ...entry, ...change })).not.toBe(base);
    }
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, starting at GENESIS, and reports its head', () => {
    const chain = buildChain(6);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(chain)).toEqual({ ok: true, head: chain[5]!.hash, count: 6 });
    expect(verifyChain([])).toEqual({ ok: true, head: GENESIS_HASH, count: 0 });
  });

  it('detects an edited row (details, actor or time)', () => {
    for (const edit of [{ details: { step: 2, amount: 999_999, note: 'Қазақстан' } }, { actor: 'officer:o-1' }, { at: '2025-06-01T09:00:00.000Z' }]) {
      const chain = buildChain(5);
      chain[2] = { ...chain[2]!, ...edit };
      expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 3, reason: 'HASH_MISMATCH' });
    }
  });

  it('detects an edited row whose hash was recomputed: the next row no longer points at it', () => {
    const chain = buildChain(5);
    const edited = { ...chain[2]!, details: { forged: true } };
    chain[2] = { ...edited, hash: chainHash(edited.prevHash, edited) };
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 4, reason: 'PREV_MISMATCH' });
  });

  it('detects a deleted row in the middle', () => {
    const chain = buildChain(5);
    chain.splice(2, 1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 4, reason: 'SEQ_GAP' });
  });

  it('detects a deleted row even when later seqs were renumbered', () => {
    const chain = buildChain(5);
    chain.splice(2, 1);
    const renumbered = chain.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 3, reason: 'PREV_MISMATCH' });
  });

  it('detects a deleted first row', () => {
    const chain = buildChain(4).slice(1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 2, reason: 'SEQ_GAP' });
  });

  it('detects deleted last rows only against a head recorded elsewhere', () => {
    const chain = buildChain(5);
    const head = chain[4]!.hash;
    const truncated = chain.slice(0, 3);
    expect(verifyChain(truncated).ok).toBe(true);
    expect(verifyChain(truncated, { expectedHead: head })).toMatchObject({ ok: false, brokenAt: 3, reason: 'HEAD_MISMATCH' });
    expect(verifyChain(chain, { expectedHead: head }).ok).toBe(true);
  });

  it('detects swapped rows', () => {
    const chain = buildChain(5);
    [chain[1], chain[2]] = [chain[2]!, chain[1]!];
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 3, reason: 'SEQ_GAP' });
  });

  it('detects a row from another stream', () => {
    const chain = buildChain(3);
    chain.push(buildChain(4, 'case:c-2')[3]!);
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 4, reason: 'STREAM_MISMATCH' });
  });

  it('verifies a segment given the hash it starts from', () => {
    const chain = buildChain(6);
    const segment = chain.slice(3);
    expect(verifyChain(segment).ok).toBe(false);
    expect(verifyChain(segment, { startPrevHash: chain[2]!.hash })).toEqual({ ok: true, head: chain[5]!.hash, count: 3 });
    expect(verifyChain(segment, { startPrevHash: chain[1]!.hash })).toMatchObject({ ok: false, brokenAt: 4, reason: 'PREV_MISMATCH' });
  });
});
