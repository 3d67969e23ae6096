/**
 * A withdrawal that reaches the workflow while an approval is being decided is refused, and the
 * approval stands. On an engine of its own: the worker is stopped and replaced mid-test, which on
 * a shared engine also had to drain whatever earlier cases (their entitlements, staff notices) were
 * still doing.
 */
import type { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimTaskUpdate, resolveTaskUpdate, withdrawCaseUpdate } from '../workflows/messages.ts';
import { createQyzmetWorker, stopWorker } from '../worker.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

describe('case engine: a withdrawal racing an approval', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite' });
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

  it('refuses a withdrawal that arrives while an approval is being decided', async () => {
    const caseId = await birthCase();
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });

    // With the worker stopped both Updates wait at the server and reach the workflow in one
    // workflow task, the withdrawal right after the approval's handler reached its first await.
    stopWorker(engine.worker);
    while (engine.worker.getState() !== 'STOPPED') await new Promise((r) => setTimeout(r, 50));
    const approve = engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'documents checked' });
    // Long enough on a loaded machine for the approval to reach the server before the withdrawal does.
    await new Promise((r) => setTimeout(r, 3000));
    const withdraw = engine.update(caseId, withdrawCaseUpdate, { reason: 'changed my mind', by: 'citizen' }).then(
      (status) => ({ status }),
      (e: unknown) => ({ refused: ((e as WorkflowUpdateFailedError).cause as ApplicationFailure | undefined)?.type }),
    );
    await new Promise((r) => setTimeout(r, 3000));
    const worker = await createQyzmetWorker({
      connection: engine.platform.workerConnection,
      namespace: engine.platform.namespace,
      taskQueue: engine.taskQueue,
      deps: engine.deps,
      dataConverter: engine.platform.dataConverter,
      trustedClaimKeys: { [engine.claimSigner.keyId]: engine.claimSigner.jwk.x },
      workflowBundlePath: inject('workflowBundlePath'),
    });
    const running = worker.run();
    try {
      const [approved, withdrawn] = await Promise.all([approve, withdraw]);
      expect(withdrawn).toEqual({ refused: 'INVALID_STATE' });
      expect(approved.decision?.outcome).toBe('APPROVED');
      expect((await engine.result(caseId)).status).toBe('APPROVED');
      const events = await engine.db.prisma.caseEvent.findMany({ where: { caseId }, select: { type: true } });
      expect(events.map((e) => e.type)).not.toContain('WITHDRAWN');
      expect((await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('APPROVED');
    } finally {
      stopWorker(worker);
      await running;
    }
  });
});
