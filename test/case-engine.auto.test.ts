/**
 * Paths a machine decides alone: approval, denial naming the failed rules, the service version
 * chosen by the legal-fact date — and the citizen's withdrawal before a decision.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCase } from '../api/intake/start-case.ts';
import { selectVersionForApplication } from '../services/registry.ts';
import { caseWorkflowId, withdrawCaseUpdate } from '../workflows/messages.ts';
import { DATABASE_KINDS } from './support/database.ts';
import { startEngine, type Engine } from './support/engine.ts';

describe.each(DATABASE_KINDS)('case engine on %s: automatic decisions', (kind) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind });
  });
  afterAll(async () => engine?.close());

  it('approves a birth allowance when every rule passes, with the amount of the version in force at the birth', async () => {
    const mother = engine.dataset.personas.newbornMother;
    const caseId = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin } });
    expect(await engine.result(caseId)).toEqual({ caseId, status: 'APPROVED', decisionId: `dec_${caseId}` });

    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.serviceVersion).toBe(5); // born in 2026: v5 (v3 with its refusal grounds and the IBAN answer)
    expect(Number(row.amount)).toBe(38 * 4325); // 38 MCI for a third child, MCI 2026
    const decision = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    expect(decision.decidedBy).toBe('system');
    const timeline = await engine.db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
    expect(timeline.map((e) => e.type)).toEqual(['SERVICE_VERSION_PINNED', 'EVIDENCE_REQUESTED', 'EVALUATION_STARTED', 'EVALUATED', 'DECIDED']);
    const sms = engine.sms.filter((m) => m.idempotencyKey === `${caseId}:decision`);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toMatch(/164[  ,]350/);
  });

  it('denies automatically, after a hearing left unanswered, and names the rules that failed', async () => {
    const p = engine.dataset.personas.dismissedForMisconduct;
    const jobLossDate = engine.dataset.employment.get(p.iin)!.jobLossDate!;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate }, timing: { hearingWindowMs: 1000 } });
    expect((await engine.result(caseId)).status).toBe('DENIED');
    expect(await engine.db.prisma.caseEvent.count({ where: { caseId, type: 'PRELIMINARY_REFUSAL' } })).toBe(1);
    const evaluated = await engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'EVALUATED' } });
    expect((evaluated.data as { failedRules: string[] }).failedRules).toContain('JL-01');
    const decision = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    expect(JSON.parse(decision.record).failedRules).toContain('JL-01');
    expect(decision.amount).toBeNull();
  });

  it('uses the version in force on the legal-fact date, not on the request date', async () => {
    // A child born on the last day of 2025, applied for in 2026 (the intake clock is 2026-03-16): the law of 2025 applies.
    const { makeIin } = await import('../lib/iin.ts');
    const mother = engine.dataset.personas.newbornMother;
    const childIin = makeIin('2025-12-31', 'F', 4242, { onUnissuable: 'next' });
    // A child the registry does not know: refused, after a (short) hearing.
    const caseId = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin }, timing: { hearingWindowMs: 1000 } });
    await engine.result(caseId);
    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.serviceVersion).toBe(5);
    expect(row.legalFactDate?.toISOString().slice(0, 10)).toBe('2025-12-31');
    const evaluation = await engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId } });
    expect((evaluation.result as { params: Record<string, number> }).params.mci).toBe(3932); // the MCI of 2025, not of 2026
  });

  it('pins the version, its content hash and the legal-fact date when the application is accepted, before any worker plans it', async () => {
    // A child no other test applied for: the newborn's allowance is granted above, once.
    const twins = engine.dataset.personas.twinsMother;
    const mother = { iin: twins.iin, childIin: twins.childIins![0] };
    const application = { childIin: mother.childIin };
    // The version in force on the child's birth date, as the catalog says.
    const inForce = selectVersionForApplication(await engine.deps.catalog.published(), 'birth-allowance', application, '2026-03-16');
    const published = await engine.db.prisma.serviceVersion.findUniqueOrThrow({ where: { code_version: { code: 'birth-allowance', version: inForce.definition.version } } });
    // A task queue no worker polls: whatever the row holds, intake wrote it.
    const intake = { prisma: engine.db.prisma, temporal: engine.client, taskQueue: `nobody-polls-${randomUUID()}`, now: () => new Date('2026-03-16T06:00:00Z') };
    const { caseId } = await startCase(intake, { clientId: 'test-frontend', clientRequestId: `pinned-${randomUUID()}`, serviceCode: 'birth-allowance', applicantIin: mother.iin, application, language: 'ru' });
    try {
      const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
      expect(row).toMatchObject({ status: 'RECEIVED', serviceVersion: published.version, definitionHash: published.contentHash, department: published.department, lastSeq: 0 });
      expect(row.legalFactDate?.toISOString().slice(0, 10)).toBe(engine.dataset.births.get(mother.childIin!)!.birthDate);
      expect(await engine.db.prisma.caseEvent.count({ where: { caseId } })).toBe(0);
    } finally {
      await engine.client.workflow.getHandle(caseWorkflowId(caseId)).terminate('the test is done with it');
    }
  });

  it('lets the citizen withdraw before a decision, cancelling the officer task', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' } });
    const task = await engine.openTask(caseId);
    expect(await engine.update(caseId, withdrawCaseUpdate, { reason: 'found a job', by: 'citizen' })).toBe('WITHDRAWN');
    expect((await engine.result(caseId)).status).toBe('WITHDRAWN');
    const taskRow = await engine.db.prisma.task.findUniqueOrThrow({ where: { id: task.taskId } });
    expect(taskRow.status).toBe('CANCELLED');
    await expect(engine.db.prisma.decision.findFirst({ where: { caseId } })).resolves.toBeNull();
    // The withdrawal SMS goes out once, through an activity the committed workflow task scheduled,
    // not a local activity that would send it before the Update's acceptance is committed.
    expect(engine.sms.filter((m) => m.idempotencyKey === `${caseId}:withdrawn`)).toHaveLength(1);
    const history = await engine.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const notified = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyCitizen');
    expect(notified).toHaveLength(1);
    // After the end, a second withdrawal is refused by the workflow (it has completed).
    await expect(engine.update(caseId, withdrawCaseUpdate, { reason: 'again', by: 'citizen' })).rejects.toThrow();
  });
});
