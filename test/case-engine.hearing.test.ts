/**
 * A hearing before a refusal (workflows/case/hearing.ts), on the real Temporal dev server: an
 * automatic refusal is first PRELIMINARY_REFUSAL, told by SMS with its grounds and the date; an
 * objection opens an officer review that may approve; silence makes the refusal final, signed with
 * its grounds; an officer's DENY is heard too, and the DENY after the objection is final.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { replayCase } from '../api/temporal/replay.ts';
import { loadWorkflowBundle } from '../lib/temporal/workflow-code.ts';
import { PRELIMINARY_AUTOMATIC_NOTICE } from '../activities/hearing-notice.ts';
import { AUTOMATIC_DECISION_NOTICE } from '../activities/notifications.ts';
import { birthAllowanceV4, jobLossPaymentV4 } from '../services/catalog/index.ts';
import { claimTaskUpdate, resolveTaskUpdate, submitObjectionUpdate, type CaseLiveState } from '../workflows/messages.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

const notParent = birthAllowanceV4.refusalGrounds!.find((g) => g.code === 'NOT_PARENT_OF_CHILD')!;

describe('case engine on pglite: preliminary refusal and hearing', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite' });
  });
  afterAll(async () => engine?.close());
  /** The hearing's histories, replayed below against the workflow code that recorded them. */
  const heard: string[] = [];

  /** One mother applies for another mother's child: BA-01 fails on the birth record, automatically. */
  const refusedAutomatically = async (language: 'kk' | 'ru', hearingWindowMs: number) => {
    const fresh = freshApplicants(engine);
    const [a, b] = [fresh.birth(), fresh.birth()];
    return engine.startCase({ ...a, application: { ...a.application, childIin: b.application.childIin }, language, timing: { hearingWindowMs } });
  };
  const inHearing = (s: CaseLiveState) => s.status === 'PRELIMINARY_REFUSAL' && !!s.hearing;
  const events = async (caseId: string) => (await engine.db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } })).map((e) => e.type);

  it('automatic ineligible → PRELIMINARY_REFUSAL (SMS in Kazakh with the grounds) → objection → an officer approves', async () => {
    const caseId = await refusedAutomatically('kk', 600_000);
    const held = await engine.waitFor(caseId, inHearing);
    expect(held.decision).toBeNull();
    expect(Date.parse(held.hearing!.dueAt)).toBeGreaterThan(Date.now());
    // Not a decision: nothing is signed yet.
    expect(await engine.db.prisma.decision.findFirst({ where: { caseId } })).toBeNull();

    const sms = await engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'preliminaryRefusal' } });
    expect(sms.language).toBe('kk');
    expect(sms.body).toContain(notParent.text.kk);
    expect(sms.body).toContain('алдын ала бас тарту');
    expect(sms.body).toContain('egov.kz');
    expect(sms.body).toContain(PRELIMINARY_AUTOMATIC_NOTICE.kk);

    const text = 'Бала менің асырап алған балам, шешімнің көшірмесі қоса беріледі.';
    expect(await engine.update(caseId, submitObjectionUpdate, { text, documents: ['sha256-adoption-order'] })).toBe('PRELIMINARY_REFUSAL');
    // Once only: a second objection is refused.
    await expect(engine.update(caseId, submitObjectionUpdate, { text: 'again' })).rejects.toThrow();

    const task = await engine.openTask(caseId);
    expect(task.reasons).toEqual(['OBJECTION_SUBMITTED']);
    const objection = await engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'OBJECTION_SUBMITTED' } });
    expect(objection.data).toEqual({ objection: text, documents: ['sha256-adoption-order'] });

    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
    const first = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'adoption order checked', amount: 38 * 4325 });
    // An amount the rules did not compute is approved by a second officer (four-eyes).
    if (first.secondReviewTaskId) {
      await engine.update(caseId, claimTaskUpdate, { taskId: first.secondReviewTaskId, officer: officers.bolat });
      await engine.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId, officer: officers.bolat, action: 'APPROVE', reason: 'adoption order checked again' });
    }
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    heard.push(caseId);
    const decision = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    expect(decision.outcome).toBe('APPROVED');
    expect(await events(caseId)).toEqual(expect.arrayContaining(['EVALUATED', 'PRELIMINARY_REFUSAL', 'OBJECTION_SUBMITTED', 'TASK_OPENED', 'DECIDED']));
    const statuses = (await engine.db.prisma.caseEvent.findMany({ where: { caseId, status: { not: null } }, orderBy: { seq: 'asc' } })).map((e) => e.status);
    expect(statuses.slice(statuses.indexOf('PRELIMINARY_REFUSAL'))).toEqual(['PRELIMINARY_REFUSAL', 'PENDING_REVIEW', 'APPROVED']);
  });

  it('automatic ineligible → PRELIMINARY_REFUSAL (SMS in Russian with the grounds) → silence → DENIED after the window, signed with the grounds', async () => {
    const windowMs = 4000;
    const caseId = await refusedAutomatically('ru', windowMs);
    const held = await engine.waitFor(caseId, inHearing);
    const sms = await engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'preliminaryRefusal' } });
    expect(sms.language).toBe('ru');
    expect(sms.body).toContain(notParent.text.ru);
    expect(sms.body).toContain('предварительно решено отказать');
    expect(sms.body).toContain(PRELIMINARY_AUTOMATIC_NOTICE.ru);

    expect(await engine.result(caseId)).toMatchObject({ status: 'DENIED', decisionId: `dec_${caseId}` });
    heard.push(caseId);
    const decision = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    // Final at the end of the window, not before.
    expect(decision.decidedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(held.hearing!.dueAt) - 50);
    expect(decision.decidedBy).toBe('system');
    expect(decision.grounds).toEqual(['NOT_PARENT_OF_CHILD']);
    expect(engine.deps.keyRing.verifyRecord(decision.record, decision.signature, decision.keyId)).toBe(true);
    expect(JSON.parse(decision.record).grounds.map((g: { code: string }) => g.code)).toEqual(['NOT_PARENT_OF_CHILD']);
    const denied = await engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'denied' } });
    expect(denied.body).toContain(notParent.text.ru);
    expect(denied.body).toContain(AUTOMATIC_DECISION_NOTICE.ru);
    const types = await events(caseId);
    expect(types.slice(types.indexOf('PRELIMINARY_REFUSAL'))).toEqual(['PRELIMINARY_REFUSAL', 'HEARING_WINDOW_PASSED', 'DECIDED']);
  });

  it("an officer's DENY is heard first; the DENY that answers the objection is final", async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const ground = jobLossPaymentV4.refusalGrounds![0]!.code;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' }, timing: { hearingWindowMs: 600_000 } });
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    const proposed = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'DENY', reason: 'no employment record', grounds: [ground] });
    expect(proposed).toMatchObject({ decision: null, status: 'PRELIMINARY_REFUSAL' });
    const held = await engine.waitFor(caseId, inHearing);
    expect(held.hearing!.grounds).toEqual([ground]);
    expect(await engine.db.prisma.decision.findFirst({ where: { caseId } })).toBeNull();

    await engine.update(caseId, submitObjectionUpdate, { text: 'I worked there until February; the employer did not report it.' });
    const review = await engine.openTask(caseId);
    expect(review.reasons).toEqual(['OBJECTION_SUBMITTED']);
    await engine.update(caseId, claimTaskUpdate, { taskId: review.taskId, officer: officers.dana });
    // The review of an objection decides: no request for information.
    await expect(engine.update(caseId, resolveTaskUpdate, { taskId: review.taskId, officer: officers.dana, action: 'REQUEST_INFORMATION', reason: 'need more', request: 'contract' })).rejects.toThrow();
    const final = await engine.update(caseId, resolveTaskUpdate, { taskId: review.taskId, officer: officers.dana, action: 'DENY', reason: 'the employer confirms no contract', grounds: [ground] });
    expect(final.decision).toMatchObject({ outcome: 'DENIED', decidedBy: 'officer-dana' });
    expect((await engine.result(caseId)).status).toBe('DENIED');
    expect((await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).grounds).toEqual([ground]);
    heard.push(caseId);
  });

  it('replays every hearing path deterministically (objection, silence, officer refusal)', async () => {
    expect(heard).toHaveLength(3);
    const bundle = await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') });
    for (const caseId of heard) expect(await replayCase(engine.client, caseId, { bundle })).toMatchObject({ ok: true, failure: null });
  });
});
