/**
 * Paths where a machine must not decide alone: an officer approves; four-eyes on a large amount
 * (and its refusal when the same officer tries twice); an SLA breach that hands the task to the
 * supervisors; a request for information answered or left unanswered; a registry that stays down.
 * Long clocks are shortened per case with timing overrides — no sleeps stand in for them. Each
 * case asks for an entitlement of its own (a job-loss date, a child): each is granted once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimTaskUpdate,
  provideInformationUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resolveTaskUpdate,
  type Officer,
} from '../workflows/messages.ts';
import { DATABASE_KINDS } from './support/database.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

async function rejection(p: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (e as WorkflowUpdateFailedError).cause as ApplicationFailure;
    return { type: cause.type ?? undefined, message: cause.message };
  }
  throw new Error('expected the update to be rejected');
}

describe.each(DATABASE_KINDS)('case engine on %s: officer review', (kind) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind });
  });
  afterAll(async () => engine?.close());

  const claimAndResolve = async (caseId: string, taskId: string, officer: Officer, resolution: { action: 'APPROVE' | 'DENY' | 'REQUEST_INFORMATION'; reason: string; amount?: number; request?: string; grounds?: string[] }) => {
    await engine.update(caseId, claimTaskUpdate, { taskId, officer });
    return engine.update(caseId, resolveTaskUpdate, { taskId, officer, ...resolution });
  };

  it('escalates missing evidence to an officer, who approves with an amount', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' } });
    const task = await engine.openTask(caseId);
    expect(task.department).toBe('employment');
    expect(task.reasons.some((r) => r.startsWith('EVIDENCE_MISSING:employment') || r.startsWith('RULE_INDETERMINATE'))).toBe(true);

    // The wrong department cannot take it; approving without an amount is refused.
    expect((await rejection(engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim }))).type).toBe('FORBIDDEN');
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    expect((await rejection(engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'APPROVE', reason: 'employer confirmed by letter' }))).type).toBe('VALIDATION_FAILED');

    // An amount the rules did not compute is the officer's alone: a second reviewer must approve it.
    const first = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'APPROVE', reason: 'employer confirmed by letter', amount: 120000 });
    expect(first).toMatchObject({ decision: null, secondReviewTaskId: expect.any(String) });
    const result = await engine.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.yerlan, action: 'APPROVE', reason: 'letter checked again' });
    expect(result.decision).toMatchObject({ outcome: 'APPROVED', amount: 120000, decidedBy: 'supervisor-yerlan' });
    expect((await engine.result(caseId)).status).toBe('APPROVED');
    const record = JSON.parse((await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).record);
    expect(record.decidedBy).toEqual({ kind: 'OFFICER', officerId: 'supervisor-yerlan', reason: 'letter checked again', firstReviewer: 'officer-dana' });
  });

  it('needs two different officers to approve a large amount (four-eyes)', async () => {
    const caseId = await engine.startCase(freshApplicants(engine).fourEyes());
    const first = await engine.openTask(caseId);
    expect(first.reasons).toContain('FOUR_EYES');

    const firstResult = await claimAndResolve(caseId, first.taskId, officers.aigerim, { action: 'APPROVE', reason: 'income verified' });
    expect(firstResult.decision).toBeNull();
    expect(firstResult.secondReviewTaskId).toBeTruthy();
    const second = await engine.openTask(caseId, 'SECOND_REVIEW');
    expect(second.firstReviewer).toBe('officer-aigerim');

    // The first reviewer can neither take nor be given the second review.
    expect((await rejection(engine.update(caseId, claimTaskUpdate, { taskId: second.taskId, officer: officers.aigerim }))).type).toBe('FOUR_EYES');
    expect((await rejection(engine.update(caseId, reassignTaskUpdate, { taskId: second.taskId, officer: officers.nurlan, assignee: 'officer-aigerim' }))).type).toBe('FOUR_EYES');

    const final = await claimAndResolve(caseId, second.taskId, officers.bolat, { action: 'APPROVE', reason: 'second check done' });
    expect(final.decision?.outcome).toBe('APPROVED');
    expect(final.decision?.amount).toBeGreaterThan(0);
    const record = JSON.parse((await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).record);
    expect(record.decidedBy).toMatchObject({ officerId: 'officer-bolat', firstReviewer: 'officer-aigerim' });
  });

  it('refuses a supervisor who made the first review from approving the second', async () => {
    const caseId = await engine.startCase(freshApplicants(engine).fourEyes());
    const first = await engine.openTask(caseId);
    await engine.update(caseId, resolveTaskUpdate, { taskId: first.taskId, officer: officers.nurlan, action: 'APPROVE', reason: 'supervisor approves' });
    const second = await engine.openTask(caseId, 'SECOND_REVIEW');
    const refused = await rejection(engine.update(caseId, resolveTaskUpdate, { taskId: second.taskId, officer: officers.nurlan, action: 'APPROVE', reason: 'again' }));
    expect(refused.type).toBe('FOUR_EYES');
    // A rejected update leaves no trace in history.
    const history = await engine.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(1);
  });

  it('hands a task whose SLA passed to the supervisors, who resolve it', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-19' }, timing: { slaMs: 8000, hearingWindowMs: 1000 } });
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    const escalated = await engine.waitFor(caseId, (s) => s.tasks.some((t) => t.escalated), 20_000);
    const t = escalated.tasks[0]!;
    expect(t).toMatchObject({ role: 'supervisor', status: 'OPEN', assignee: null, escalated: true });
    expect((await rejection(engine.update(caseId, claimTaskUpdate, { taskId: t.taskId, officer: officers.dana }))).type).toBe('FORBIDDEN');

    const result = await claimAndResolve(caseId, t.taskId, officers.yerlan, { action: 'DENY', reason: 'no proof of employment', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
    // Heard first (hearing.ts); the citizen stays silent and the supervisor's refusal becomes final.
    expect(result).toMatchObject({ decision: null, status: 'PRELIMINARY_REFUSAL' });
    expect((await engine.result(caseId)).status).toBe('DENIED');
    expect(await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).toMatchObject({ outcome: 'DENIED', decidedBy: 'supervisor-yerlan' });
    const events = await engine.db.prisma.caseEvent.findMany({ where: { caseId }, select: { type: true } });
    expect(events.map((e) => e.type)).toContain('SLA_BREACHED');
    const audit = await engine.db.prisma.auditEntry.findMany({ where: { stream: `case:${caseId}` }, orderBy: { seq: 'asc' } });
    const actions = audit.map((a) => a.action);
    expect(actions.slice(0, 3)).toEqual(['TASK_CLAIMED', 'SLA_ESCALATED', 'TASK_CLAIMED']);
    // The DENY's Update handler and the main flow's preliminary refusal write in the same workflow
    // task, by local activities that finish in either order; the chain holds both, then the decision.
    expect(actions.slice(3, 5).sort()).toEqual(['PRELIMINARY_REFUSAL', 'TASK_DENY']);
    expect(actions.slice(5)).toEqual(['DECISION_ISSUED']);
  });

  it('asks the citizen for information, then reviews again once it is answered', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-18' } });
    const task = await engine.openTask(caseId);
    const asked = await claimAndResolve(caseId, task.taskId, officers.dana, { action: 'REQUEST_INFORMATION', reason: 'no registry record', request: 'Upload your work record book' });
    expect(asked.status).toBe('AWAITING_INFORMATION');
    await engine.waitFor(caseId, (s) => s.status === 'AWAITING_INFORMATION');
    expect(engine.sms.some((m) => m.idempotencyKey.startsWith(`${caseId}:info:`) && m.text.includes('Upload your work record book'))).toBe(true);

    // The answer is accepted and the case moves on at once: evidence again, rules again.
    const status = await engine.update(caseId, provideInformationUpdate, { submissionId: 'upload-1', answers: { workRecordBook: 'doc-77' } });
    expect(['AWAITING_INFORMATION', 'GATHERING_EVIDENCE', 'EVALUATING', 'PENDING_REVIEW']).toContain(status);
    const again = await engine.waitFor(caseId, (s) => s.status === 'PENDING_REVIEW' && s.tasks.length === 2);
    expect(again.tasks[1]!.reasons).not.toContain('INFORMATION_DEADLINE_PASSED');
    const first = await claimAndResolve(caseId, again.tasks[1]!.taskId, officers.dana, { action: 'APPROVE', reason: 'work record book checked', amount: 95000 });
    const result = await engine.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.yerlan, action: 'APPROVE', reason: 'second review' });
    expect(result.decision).toMatchObject({ outcome: 'APPROVED', amount: 95000 });
  });

  it('returns the case to an officer when the information deadline passes', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-17' }, timing: { informationDeadlineMs: 1500, hearingWindowMs: 1000 } });
    const task = await engine.openTask(caseId);
    await claimAndResolve(caseId, task.taskId, officers.dana, { action: 'REQUEST_INFORMATION', reason: 'no registry record', request: 'Upload your work record book' });
    const back = await engine.waitFor(caseId, (s) => s.status === 'PENDING_REVIEW' && s.tasks.length === 2, 20_000);
    expect(back.tasks[1]!.reasons).toEqual(['INFORMATION_DEADLINE_PASSED']);
    // The citizen is too late now.
    expect((await rejection(engine.update(caseId, provideInformationUpdate, { submissionId: 'late', answers: { a: 'b' } }))).type).toBe('INVALID_STATE');
    await claimAndResolve(caseId, back.tasks[1]!.taskId, officers.dana, { action: 'DENY', reason: 'no documents provided', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
    expect((await engine.result(caseId)).status).toBe('DENIED');
  });

  it('releases and reassigns tasks within the rules', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-16' }, timing: { hearingWindowMs: 1000 } });
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    expect((await rejection(engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.yerlan }))).type).toBe('INVALID_STATE');
    expect((await engine.update(caseId, releaseTaskUpdate, { taskId: task.taskId, officer: officers.dana })).status).toBe('OPEN');
    expect((await rejection(engine.update(caseId, reassignTaskUpdate, { taskId: task.taskId, officer: officers.dana, assignee: 'officer-x' }))).type).toBe('FORBIDDEN');
    const reassigned = await engine.update(caseId, reassignTaskUpdate, { taskId: task.taskId, officer: officers.yerlan, assignee: 'officer-dana' });
    expect(reassigned).toMatchObject({ status: 'CLAIMED', assignee: 'officer-dana' });
    await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'DENY', reason: 'not eligible', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
    expect((await engine.result(caseId)).status).toBe('DENIED');
  });
});

describe('case engine: a registry that stays down', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite' });
  });
  afterAll(async () => engine?.close());

  it('retries the registry, then escalates to an officer naming it', async () => {
    engine.registry.setOutage('employment', true);
    const p = engine.dataset.personas.recentlyLaidOff;
    const jobLossDate = engine.dataset.employment.get(p.iin)!.jobLossDate!;
    const before = engine.registry.callCount('employment');
    const caseId = await engine.startCase({
      serviceCode: 'job-loss-payment',
      applicantIin: p.iin,
      application: { jobLossDate },
      timing: { registryRetryInitialIntervalMs: 100, registryMaxAttempts: 3 },
    });
    const task = await engine.openTask(caseId);
    expect(engine.registry.callCount('employment') - before).toBe(3);
    expect(task.reasons).toContain('EVIDENCE_MISSING:employment');
    const events = await engine.db.prisma.caseEvent.findMany({ where: { caseId, type: 'EVIDENCE_UNAVAILABLE' } });
    expect(events[0]!.data).toEqual({ keys: ['employment'] });
    engine.registry.setOutage('employment', false);
  });
});
