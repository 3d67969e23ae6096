/**
 * A case row left without its workflow — the API died between recording the case and starting
 * it, and the client never retried — is started by the worker's reconciler, once, on the real
 * Temporal dev server and a PostgreSQL database of this file's own.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCase } from '../api/intake/start-case.ts';
import { createLogger } from '../lib/logger.ts';
import { QyzmetError } from '../lib/errors.ts';
import { caseWorkflowId } from '../workflows/messages.ts';
import { REFERENCE_DATE, startEngine, type Engine } from './support/engine.ts';
import { createPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts';
import { reconcileCases, startCaseReconciler } from '../activities/case-reconciler.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

let pg: PrivatePostgres;
let engine: Engine;
beforeAll(async () => {
  pg = await createPrivatePostgres('qyzmet_reconciler');
  engine = await startEngine({ db: await pg.open() });
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await pg?.drop();
});

/** A Temporal client whose process "dies" at the start call: the row is written, the start never sent. */
function dyingClient(real: Client): Client {
  const workflow = new Proxy(real.workflow, {
    get: (target, prop, receiver) =>
      prop === 'start' ? () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: connection reset'), { code: 14 })) : Reflect.get(target, prop, receiver),
  });
  return new Proxy(real, { get: (target, prop, receiver) => (prop === 'workflow' ? workflow : Reflect.get(target, prop, receiver)) });
}

async function orphanCase(requestId: string): Promise<string> {
  const app = freshApplicants(engine).birth();
  const error = await startCase(
    { prisma: engine.db.prisma, temporal: dyingClient(engine.client), taskQueue: engine.taskQueue, now: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) },
    { clientId: 'test-frontend', clientRequestId: requestId, ...app, language: 'ru' },
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(QyzmetError);
  expect((error as QyzmetError).code).toBe('UNAVAILABLE');
  const row = await engine.db.prisma.case.findFirstOrThrow({ where: { clientRequestId: requestId } });
  await expect(engine.client.workflow.getHandle(caseWorkflowId(row.id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  return row.id;
}

const logger = createLogger({ level: 'silent' });
/** The intake's clock is pinned to the synthetic dataset's date; the reconciler reads the same one, `ms` later. */
const intakeTimePlus = (ms: number) => () => new Date(new Date(`${REFERENCE_DATE}T06:00:00Z`).getTime() + ms);

describe('the case reconciler', () => {
  it('starts the workflow of a case recorded without one, and the case is decided', async () => {
    const caseId = await orphanCase(`orphan-${Date.now()}`);
    const reconciler = startCaseReconciler({ prisma: engine.db.prisma, temporal: engine.client, taskQueue: engine.taskQueue, logger, afterMs: 1000, intervalMs: 250, now: intakeTimePlus(5_000) });
    try {
      // Without the reconciler this never happens: nothing else knows the row is there.
      await engine.waitFor(caseId, (s) => s.status === 'APPROVED', 30_000);
      expect((await engine.result(caseId)).status).toBe('APPROVED');
    } finally {
      await reconciler.stop();
    }
    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.status).toBe('APPROVED');
  }, 60_000);

  it('leaves young rows to their own request, and never starts a case twice', async () => {
    const caseId = await orphanCase(`young-${Date.now()}`);
    const deps = { prisma: engine.db.prisma, temporal: engine.client, taskQueue: engine.taskQueue, logger };
    // Younger than afterMs: its own request may still start it.
    expect((await reconcileCases({ ...deps, afterMs: 60_000, now: intakeTimePlus(5_000) })).examined).toBe(0);
    // Two workers sweeping at once share one run.
    const [a, b] = await Promise.all([reconcileCases({ ...deps, afterMs: 1000, now: intakeTimePlus(5_000) }), reconcileCases({ ...deps, afterMs: 1000, now: intakeTimePlus(5_000) })]);
    expect(a.examined + b.examined).toBeGreaterThanOrEqual(1);
    expect(a.failed + b.failed).toBe(0);
    await engine.waitFor(caseId, (s) => s.status === 'APPROVED');
    expect(await engine.db.prisma.decision.count({ where: { caseId } })).toBe(1);
    // Decided: nothing left to sweep.
    await engine.waitFor(caseId, (s) => s.status === 'APPROVED');
    expect((await reconcileCases({ ...deps, afterMs: 1000, now: intakeTimePlus(5_000) })).examined).toBe(0);
  }, 60_000);
});
