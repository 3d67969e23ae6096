/**
 * The audit log against an attacker with write access to the database: signed checkpoints
 * (heads) make a cut tail and a recomputed stream visible to auditLog and securityAuditLog, a
 * decided case's chain must hold its DECISION_ISSUED entry for the signed decision, and
 * securityAuditLog(last: N) reads the last N entries and those since the checkpoint, not the
 * whole stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT } from '../../api/client/operations.ts';
import type { AuditEntry } from '../../generated/prisma/client.ts';
import { readVerifiedStream, writeCheckpoints } from '../../lib/audit-checkpoints.ts';
import { appendEntry, chainHash, GENESIS_HASH } from '../../lib/hash-chain.ts';
import { SECURITY_AUDIT_STREAM } from '../../workflows/messages.ts';
import { decidedCase } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

const SECURITY = `query($last: Int) { securityAuditLog(last: $last) { total entries { seq } verification { ok count brokenAt reason checkpointSeq } } }`;
const AUDIT_LOG = `query($caseId: ID!) { auditLog(caseId: $caseId) { total entries { seq action } verification { ok count brokenAt reason message checkpointSeq } } }`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const prisma = () => h.engine.db.prisma;
const checkpoint = () => writeCheckpoints(prisma(), h.engine.deps.keyRing);
const auditLog = async (caseId: string) => (expectOk(await h.gql('engineer', AUDIT_LOG, { caseId })).auditLog as any).verification;

/** What an attacker with the owner's rights does: rewrite entries and recompute every hash after them. */
async function recompute(stream: string, edit: (e: AuditEntry) => Partial<AuditEntry>): Promise<void> {
  const entries = await prisma().auditEntry.findMany({ where: { stream }, orderBy: { seq: 'asc' } });
  let prev = GENESIS_HASH;
  for (const e of entries) {
    const changed = { ...e, ...edit(e) };
    const hash = chainHash(prev, changed);
    await prisma().auditEntry.update({ where: { id: e.id }, data: { actor: changed.actor, prevHash: prev, hash } });
    prev = hash;
  }
}

describe('case audit', () => {
  it('reports the deleted DECISION_ISSUED entry of a decided case, checkpointed or not', async () => {
    const signed = await decidedCase(h, 'frontendB');
    expect(await checkpoint()).toBeGreaterThan(0);
    expect(await auditLog(signed)).toMatchObject({ ok: true, checkpointSeq: expect.any(Number) });
    const unsigned = await decidedCase(h, 'frontendB'); // decided after the checkpoint round: no checkpoint yet

    for (const caseId of [signed, unsigned]) {
      const last = await prisma().auditEntry.findFirstOrThrow({ where: { stream: `case:${caseId}` }, orderBy: { seq: 'desc' } });
      expect(last.action).toBe('DECISION_ISSUED');
      await prisma().auditEntry.delete({ where: { id: last.id } });
    }
    expect(await auditLog(signed)).toMatchObject({ ok: false, reason: 'TAIL_DELETED' });
    expect(await auditLog(unsigned)).toMatchObject({ ok: false, reason: 'DECISION_MISSING' });
  });

  it('reports a case stream rewritten and recomputed after its checkpoint', async () => {
    const caseId = await decidedCase(h, 'frontendB');
    await checkpoint();
    await recompute(`case:${caseId}`, (e) => (e.seq === 1 ? { actor: 'someone-else' } : {}));
    expect(await auditLog(caseId)).toMatchObject({ ok: false, reason: 'CHECKPOINT_MISMATCH' });
  });

  it('reports a forged checkpoint', async () => {
    const caseId = await decidedCase(h, 'frontendB');
    await checkpoint();
    const cp = await prisma().auditCheckpoint.findFirstOrThrow({ where: { stream: `case:${caseId}` }, orderBy: { seq: 'desc' } });
    await prisma().auditCheckpoint.update({ where: { id: cp.id }, data: { head: 'sha256:forged' } });
    expect(await auditLog(caseId)).toMatchObject({ ok: false, reason: 'CHECKPOINT_INVALID' });
  });

  it('keeps the unchanged audit query working', async () => {
    const caseId = await decidedCase(h, 'frontendB');
    const log = expectOk(await h.gql('engineer', AUDIT, { caseId })).auditLog as any;
    expect(log.verification).toMatchObject({ ok: true, count: log.total });
  });
});

describe('security audit', () => {
  it('verifies the last entries from the checkpoint without reading the whole stream, and reports a cut tail or a recomputed stream', async () => {
    // A long stream: 2,000 entries, checkpointed, then 10 more.
    const append = async (n: number) => {
      const last = await prisma().auditEntry.findFirst({ where: { stream: SECURITY_AUDIT_STREAM }, orderBy: { seq: 'desc' } });
      let prev: { seq: number; hash: string } | null = last;
      const rows = [];
      for (let i = 0; i < n; i++) {
        const e = appendEntry(prev, { stream: SECURITY_AUDIT_STREAM, actor: 'anonymous', action: 'ACCESS_DENIED', details: { i }, at: new Date(Date.UTC(2026, 2, 16, 6, 0, i % 60)).toISOString() });
        rows.push({ ...e, idempotencyKey: `sec-${e.seq}-${Math.random()}`, at: new Date(e.at as string), details: e.details as object });
        prev = e;
      }
      await prisma().auditEntry.createMany({ data: rows });
    };
    await append(2000);
    await checkpoint();
    await append(10);
    const total = (await prisma().auditEntry.findFirstOrThrow({ where: { stream: SECURITY_AUDIT_STREAM }, orderBy: { seq: 'desc' } })).seq;

    let rowsRead = 0;
    const counting = new Proxy(prisma(), {
      get: (target, prop) =>
        prop === 'auditEntry'
          ? { ...target.auditEntry, findMany: async (args: never) => { const r = await target.auditEntry.findMany(args); rowsRead += r.length; return r; }, findFirst: target.auditEntry.findFirst.bind(target.auditEntry) }
          : (target as never)[prop],
    });
    const started = performance.now();
    const bounded = await readVerifiedStream(counting as never, h.engine.deps.keyRing, SECURITY_AUDIT_STREAM, { last: 50 });
    const ms = performance.now() - started;
    expect(bounded.verification).toMatchObject({ ok: true, count: total });
    expect(bounded.entries).toHaveLength(50);
    expect(rowsRead).toBe(50);
    console.log(`securityAuditLog(last: 50) over ${total} entries: ${rowsRead} rows read, ${ms.toFixed(0)} ms`);

    const log = expectOk(await h.gql('engineer', SECURITY, { last: 50 })).securityAuditLog as any;
    expect(log).toMatchObject({ total, verification: { ok: true, count: total, checkpointSeq: total - 10 } });

    // Recomputed from the start: every hash valid, the signed head gone.
    await recompute(SECURITY_AUDIT_STREAM, (e) => (e.seq === 5 ? { actor: 'nobody' } : {}));
    expect((expectOk(await h.gql('engineer', SECURITY, { last: 50 })).securityAuditLog as any).verification).toMatchObject({ ok: false, reason: 'CHECKPOINT_MISMATCH', brokenAt: total - 10 });

    // The tail cut below the checkpoint.
    await prisma().auditEntry.deleteMany({ where: { stream: SECURITY_AUDIT_STREAM, seq: { gt: total - 20 } } });
    expect((expectOk(await h.gql('engineer', SECURITY, { last: 50 })).securityAuditLog as any).verification).toMatchObject({ ok: false, reason: 'TAIL_DELETED', brokenAt: total - 19 });
  });
});
