/**
 * A withdrawal that reaches the workflow while an approval is being decided is refused, and the
 * approval stands. The approval is held mid-decision by the database: a transaction of the test's
 * holds the Decision table, so the signed record cannot be written until the test lets it go, and
 * the withdrawal arrives while the decision step is running. On PostgreSQL, on an engine of its own
 * (the lock would hold every other case's decision too).
 */
import type { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId, claimTaskUpdate, resolveTaskUpdate, withdrawCaseUpdate } from '../workflows/messages.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

describe('case engine: a withdrawal racing an approval', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'postgresql' });
  });
  afterAll(async () => engine?.close());

  /** A birth case an officer must decide: the bank registry is down, so no verified account. */
  const birthCase = async () => {
    engine.registry.setOutage('bank', true);
    try {
      const caseId = await engine.startCase({ ...freshApplicants(engine).birth(), timing: { registryMaxAttempts: 1, registryRetryInitialIntervalMs: 10 } });
      await engine.openTask(caseId);
      return caseId;
    } finally {
      engine.registry.setOutage('bank', false);
    }
  };

  /** Holds the Decision table against writes (reads go on) until the returned release is called. */
  const holdDecisions = async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const held = engine.db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('LOCK TABLE "Decision" IN EXCLUSIVE MODE');
        locked();
        await released;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    await Promise.race([isLocked, held]);
    return async () => {
      release();
      await held;
    };
  };

  it('refuses a withdrawal that arrives while an approval is being decided', async () => {
    const caseId = await birthCase();
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
    const handle = engine.client.workflow.getHandle(caseWorkflowId(caseId));

    const release = await holdDecisions();
    let approve: ReturnType<typeof engine.update> | undefined;
    try {
      approve = engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'documents checked' });
      approve.catch(() => undefined); // awaited below
      // The approval is being decided: its decision step has started and waits on the table.
      await expect
        .poll(async () => ((await handle.describe()).raw.pendingActivities ?? []).map((a) => a.activityType?.name), { timeout: 60_000, interval: 100 })
        .toContain('issueDecision');
      const withdrawn = await engine.update(caseId, withdrawCaseUpdate, { reason: 'changed my mind', by: 'citizen' }).then(
        (status) => ({ status }),
        (e: unknown) => ({ refused: ((e as WorkflowUpdateFailedError).cause as ApplicationFailure | undefined)?.type }),
      );
      expect(withdrawn).toEqual({ refused: 'INVALID_STATE' });
    } finally {
      await release();
    }
    const approved = (await approve!) as { decision?: { outcome?: string } };
    expect(approved.decision?.outcome).toBe('APPROVED');
    expect((await engine.result(caseId)).status).toBe('APPROVED');
    const events = await engine.db.prisma.caseEvent.findMany({ where: { caseId }, select: { type: true } });
    expect(events.map((e) => e.type)).not.toContain('WITHDRAWN');
    expect((await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('APPROVED');
  });
});
