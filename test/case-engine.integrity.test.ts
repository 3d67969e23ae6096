/**
 * What must hold however often activities run and whoever edits the database: a repeated
 * decision write leaves one decision, one signature and one audit entry; every decision verifies
 * against its signature and a changed byte does not; the audit chain detects an edited row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecisionActivities } from '../activities/decisions.ts';
import { createProjectionActivities } from '../activities/projection.ts';
import { verifyChain } from '../lib/hash-chain.ts';
import { DATABASE_KINDS } from './support/database.ts';
import { startEngine, type Engine } from './support/engine.ts';

describe.each(DATABASE_KINDS)('integrity on %s', (kind) => {
  let engine: Engine;
  let pendingCaseId: string;
  beforeAll(async () => {
    engine = await startEngine({ kind });
    const p = engine.dataset.personas.notFoundEmployment;
    pendingCaseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' } });
    await engine.openTask(pendingCaseId);
  });
  afterAll(async () => engine?.close());

  it('an issueDecision retried after its write succeeded leaves one decision, one signature, one audit entry', async () => {
    const evaluation = await engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId: pendingCaseId, purpose: 'DECISION' } });
    const { issueDecision } = createDecisionActivities(engine.deps);
    const input = {
      caseId: pendingCaseId,
      outcome: 'APPROVED' as const,
      amount: 99000,
      evaluationId: evaluation.id,
      decidedBy: { kind: 'OFFICER' as const, officerId: 'officer-dana', reason: 'checked' },
      decidedAt: '2026-03-16T09:00:00.000Z',
    };
    const first = await issueDecision(input);
    const retries = await Promise.all([issueDecision(input), issueDecision(input), issueDecision({ ...input, decidedAt: '2026-03-16T09:00:05.000Z' })]);
    for (const r of retries) expect(r).toEqual(first);

    expect(await engine.db.prisma.decision.count({ where: { caseId: pendingCaseId } })).toBe(1);
    const decision = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId: pendingCaseId } });
    expect(engine.deps.keyRing.verifyRecord(decision.record, decision.signature, decision.keyId)).toBe(true);
    const audit = await engine.db.prisma.auditEntry.findMany({ where: { stream: `case:${pendingCaseId}`, action: 'DECISION_ISSUED' } });
    expect(audit).toHaveLength(1);
  });

  it('a projection retried after its write succeeded is written once', async () => {
    const { projectStep } = createProjectionActivities(engine.deps);
    const step = { caseId: pendingCaseId, seq: 900, stepKey: '900:TEST_STEP', at: '2026-03-16T09:01:00.000Z', event: { type: 'TEST_STEP' }, audit: { actor: 'test', action: 'TEST_STEP' } };
    await Promise.all([projectStep(step), projectStep(step)]);
    await projectStep(step);
    expect(await engine.db.prisma.caseEvent.count({ where: { caseId: pendingCaseId, stepKey: '900:TEST_STEP' } })).toBe(1);
    expect(await engine.db.prisma.auditEntry.count({ where: { stream: `case:${pendingCaseId}`, action: 'TEST_STEP' } })).toBe(1);
  });

  it('a one-statement projection is written once, keeps its instant, and never moves a case backwards', async () => {
    const { projectStep } = createProjectionActivities(engine.deps);
    const step = { caseId: pendingCaseId, seq: 950, stepKey: '950:TEST_STATUS', at: '2026-03-16T09:02:03.456Z', status: 'AWAITING_INFORMATION' as const, event: { type: 'TEST_STATUS', data: { n: 1 } } };
    await Promise.all([projectStep(step), projectStep(step), projectStep(step)]);
    const rows = await engine.db.prisma.caseEvent.findMany({ where: { caseId: pendingCaseId, stepKey: step.stepKey } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.at.toISOString()).toBe(step.at);
    expect(rows[0]!.data).toEqual({ n: 1 });
    expect(await engine.db.prisma.case.findUniqueOrThrow({ where: { id: pendingCaseId } })).toMatchObject({ status: 'AWAITING_INFORMATION', lastSeq: 950 });
    // A late retry of an older step adds its timeline row but leaves the newer status alone.
    await projectStep({ ...step, seq: 940, stepKey: '940:TEST_OLD', status: 'EVALUATING' as never, event: { type: 'TEST_OLD', data: {} } });
    expect(await engine.db.prisma.case.findUniqueOrThrow({ where: { id: pendingCaseId } })).toMatchObject({ status: 'AWAITING_INFORMATION', lastSeq: 950 });
    // Final statuses stamp closedAt with the step's instant.
    await projectStep({ ...step, seq: 960, stepKey: '960:TEST_CLOSE', status: 'WITHDRAWN' as never, at: '2026-03-16T09:03:00.000Z', event: { type: 'TEST_CLOSE' } });
    expect((await engine.db.prisma.case.findUniqueOrThrow({ where: { id: pendingCaseId } })).closedAt?.toISOString()).toBe('2026-03-16T09:03:00.000Z');
  });

  it('every decision verifies against its signature, and one changed byte does not', async () => {
    const mother = engine.dataset.personas.newbornMother;
    const caseId = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin } });
    await engine.result(caseId);
    // The PostgreSQL database is shared by the run's test files: take the decisions this engine's key signed.
    const decisions = await engine.db.prisma.decision.findMany({ where: { keyId: engine.deps.keyRing.activeKeyId! } });
    expect(decisions.length).toBeGreaterThanOrEqual(2);
    for (const d of decisions) {
      expect(engine.deps.keyRing.verifyRecord(d.record, d.signature, d.keyId)).toBe(true);
      const i = d.record.indexOf('"outcome"') + 12; // a byte inside the outcome value
      const tampered = d.record.slice(0, i) + String.fromCharCode(d.record.charCodeAt(i) ^ 1) + d.record.slice(i + 1);
      expect(tampered).not.toBe(d.record);
      expect(engine.deps.keyRing.verifyRecord(tampered, d.signature, d.keyId)).toBe(false);
    }
    const record = JSON.parse(decisions.find((d) => d.caseId === caseId)!.record);
    expect(record).toMatchObject({ caseId, outcome: 'APPROVED', service: { code: 'birth-allowance', version: 5 }, keyId: engine.deps.keyRing.activeKeyId });
    expect(record.evidence.every((e: { contentHash: string }) => e.contentHash.startsWith('sha256:'))).toBe(true);
    expect(record.explanation.map((r: { ruleId: string }) => r.ruleId)).toEqual(['BA-01', 'BA-02', 'BA-03', 'BA-04']);
    // The signed record says which citations are unverified, with the source of what was checked.
    for (const r of record.explanation) expect(r.legalBasis).toMatchObject({ article: 'article not identified', verified: false });
    expect(record.explanation[0].legalBasis.source).toMatchObject({ url: expect.stringMatching(/^https:\/\//), checkedOn: '2026-12-01' });
    expect(record.unverified).toEqual(['rule:BA-01', 'rule:BA-02', 'rule:BA-03', 'rule:BA-04', 'decision']);
  });

  it('the audit chain verifies, and detects an edited or a deleted row', async () => {
    const stream = `case:${pendingCaseId}`;
    const read = () => engine.db.prisma.auditEntry.findMany({ where: { stream }, orderBy: { seq: 'asc' } });
    const rows = await read();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(verifyChain(rows)).toMatchObject({ ok: true, count: rows.length });

    const target = rows[0]!;
    await engine.db.prisma.$executeRawUnsafe(`UPDATE "AuditEntry" SET details = '{"edited":true}'::jsonb WHERE id = $1`, target.id);
    expect(verifyChain(await read())).toMatchObject({ ok: false, brokenAt: target.seq, reason: 'HASH_MISMATCH' });
    await engine.db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE id = $1`, target.id);
    const afterDelete = verifyChain(await read());
    expect(afterDelete.ok).toBe(false);
  });
});
