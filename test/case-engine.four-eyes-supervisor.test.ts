/**
 * The operational knob "a four-eyes second review must be a supervisor": with it on for a
 * service, the second review goes to the supervisor group — another officer may not take it, a
 * supervisor decides — and its group is told of the new task. Off (the default), another officer
 * may, as case-engine.review.test.ts shows.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimTaskUpdate, resolveTaskUpdate } from '../workflows/messages.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

describe('case engine: a second review by a supervisor, by operational policy', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite', operationalPolicies: { services: { 'childcare-allowance': { secondReviewBySupervisor: true } } } });
  });
  afterAll(async () => engine?.close());

  it('sends the second review to the supervisors, refuses another officer, and lets a supervisor decide', async () => {
    const application = freshApplicants(engine).fourEyes();
    expect(application.serviceCode).toBe('childcare-allowance');
    const caseId = await engine.startCase(application);
    const first = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: first.taskId, officer: officers.aigerim });
    const firstResult = await engine.update(caseId, resolveTaskUpdate, { taskId: first.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'income verified' });
    expect(firstResult.secondReviewTaskId).toBeTruthy();
    const second = await engine.openTask(caseId, 'SECOND_REVIEW');
    expect(second).toMatchObject({ role: 'supervisor', department: 'social-payments', firstReviewer: 'officer-aigerim' });

    const refused = await engine.update(caseId, claimTaskUpdate, { taskId: second.taskId, officer: officers.bolat }).then(
      () => null,
      (e) => ((e as WorkflowUpdateFailedError).cause as ApplicationFailure).type,
    );
    expect(refused).toBe('FORBIDDEN');

    await engine.update(caseId, claimTaskUpdate, { taskId: second.taskId, officer: officers.nurlan });
    const final = await engine.update(caseId, resolveTaskUpdate, { taskId: second.taskId, officer: officers.nurlan, action: 'APPROVE', reason: 'second check by a supervisor' });
    expect(final.decision).toMatchObject({ outcome: 'APPROVED', decidedBy: 'supervisor-nurlan' });

    const told = await (async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const rows = await engine.db.prisma.staffNotification.findMany({ where: { caseId, event: 'TASK_OPENED' }, orderBy: { createdAt: 'asc' } });
        if (rows.length >= 2 || Date.now() > deadline) return rows;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    expect(told.map((n) => [n.taskId, n.role])).toEqual([
      [first.taskId, 'officer'],
      [second.taskId, 'supervisor'],
    ]);
  });
});
