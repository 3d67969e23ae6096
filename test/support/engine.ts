/**
 * The case engine on the real stack for tests: a database (PGlite or PostgreSQL) with the
 * catalog published, the simulated registries, a signing key, the real activities and workflows
 * on a worker of the run's Temporal dev server, and the intake functions the API uses.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { CatalogStore } from '../../activities/catalog-store.ts';
import type { ActivityDeps, SmsGateway } from '../../activities/deps.ts';
import type { Database } from '../../lib/db/client.ts';
import { submitLifeEvent, type LifeEventInput } from '../../lib/intake/life-event.ts';
import { startCase, type StartCaseInput } from '../../lib/intake/start-case.ts';
import { createLogger } from '../../lib/logger.ts';
import { KeyRing } from '../../lib/signing.ts';
import { createSimulatedRegistry, type SimulatedRegistry, type SimulatedRegistryOptions } from '../../registries/simulated.ts';
import { getDataset, type SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import { catalog } from '../../services/catalog/index.ts';
import { publishAll } from '../../services/publish.ts';
import type { UpdateDefinition } from '@temporalio/common';
import { caseStateQuery, caseWorkflowId, type CaseLiveState, type Officer, type TaskState } from '../../workflows/messages.ts';
import { openTestDatabase, type DatabaseKind } from './database.ts';
import { testClient, testNativeConnection, testTaskQueue } from './temporal.ts';
import { createQyzmetWorker } from '../../worker.ts';
import { inject } from 'vitest';

export interface SentSms {
  to: string;
  text: string;
  idempotencyKey: string;
}

export interface Engine {
  db: Database;
  deps: ActivityDeps;
  registry: SimulatedRegistry;
  dataset: SyntheticDataset;
  client: Client;
  taskQueue: string;
  sms: SentSms[];
  worker: Worker;
  startCase(input: Omit<StartCaseInput, 'clientId' | 'clientRequestId' | 'language'> & { clientRequestId?: string; language?: StartCaseInput['language'] }): Promise<string>;
  submitLifeEvent(input: LifeEventInput): Promise<void>;
  state(caseId: string): Promise<CaseLiveState>;
  waitFor(caseId: string, predicate: (s: CaseLiveState) => boolean, timeoutMs?: number): Promise<CaseLiveState>;
  result(caseId: string): Promise<{ status: string; decisionId: string | null }>;
  /** Sends an Update to a case's workflow, as the API does. */
  update<Ret, Args extends [unknown]>(caseId: string, def: UpdateDefinition<Ret, Args>, arg: Args[0]): Promise<Ret>;
  /** The open (OPEN or CLAIMED) task of a case, once there is one. */
  openTask(caseId: string, kind?: TaskState['kind']): Promise<TaskState>;
  close(): Promise<void>;
}

export const REFERENCE_DATE = '2026-03-16';
let requestCounter = 0;

export async function startEngine(
  options: { kind?: DatabaseKind; registry?: Omit<SimulatedRegistryOptions, 'dataset'>; /** A migrated database of the caller's (closed by close()). */ db?: Database } = {},
): Promise<Engine> {
  const db = options.db ?? (await openTestDatabase(options.kind ?? 'pglite'));
  await publishAll(db.prisma, catalog, { status: 'PUBLISHED' });
  const dataset = getDataset({ referenceDate: REFERENCE_DATE });
  const registry = createSimulatedRegistry({ dataset, ...options.registry });
  const keyRing = new KeyRing();
  keyRing.setActive(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const sms: SentSms[] = [];
  const gateway: SmsGateway = {
    async send(m) {
      sms.push(m);
      return { providerId: m.idempotencyKey };
    },
  };
  const deps: ActivityDeps = {
    prisma: db.prisma,
    registries: registry,
    keyRing,
    catalog: new CatalogStore(db.prisma, 0),
    sms: gateway,
    logger: createLogger({ level: 'silent' }),
  };
  const taskQueue = testTaskQueue('engine');
  const workerConnection: NativeConnection = await testNativeConnection();
  // The production worker factory, with the run's prebuilt bundle.
  const worker: Worker = await createQyzmetWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps, workflowBundlePath: inject('workflowBundlePath') });
  const running = worker.run();
  const { client, connection }: { client: Client; connection: Connection } = await testClient();
  const intake = { prisma: db.prisma, temporal: client, taskQueue, now: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) };

  const engine: Engine = {
    db,
    deps,
    registry,
    dataset,
    client,
    taskQueue,
    sms,
    worker,
    async startCase(input) {
      const { caseId } = await startCase(intake, {
        clientId: 'test-frontend',
        clientRequestId: input.clientRequestId ?? `req-${process.pid}-${Date.now()}-${++requestCounter}`,
        language: input.language ?? 'ru',
        ...input,
      });
      return caseId;
    },
    async submitLifeEvent(input) {
      await submitLifeEvent(intake, input);
    },
    state: (caseId) => client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery),
    async waitFor(caseId, predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: CaseLiveState | undefined;
      while (Date.now() < deadline) {
        try {
          last = await engine.state(caseId);
          if (predicate(last)) return last;
        } catch {
          /* not started yet */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`case ${caseId} did not reach the expected state; last: ${JSON.stringify(last)}`);
    },
    result: (caseId) => client.workflow.getHandle(caseWorkflowId(caseId)).result(),
    update: (caseId, def, arg) => client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(def, { args: [arg] as never }),
    async openTask(caseId, kind) {
      const s = await engine.waitFor(caseId, (st) => st.tasks.some((t) => (t.status === 'OPEN' || t.status === 'CLAIMED') && (!kind || t.kind === kind)));
      return s.tasks.find((t) => (t.status === 'OPEN' || t.status === 'CLAIMED') && (!kind || t.kind === kind))!;
    },
    async close() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await db.close();
    },
  };
  return engine;
}

export const officers = {
  aigerim: { id: 'officer-aigerim', department: 'social-payments', roles: ['officer'] },
  bolat: { id: 'officer-bolat', department: 'social-payments', roles: ['officer'] },
  nurlan: { id: 'supervisor-nurlan', department: 'social-payments', roles: ['supervisor'] },
  dana: { id: 'officer-dana', department: 'employment', roles: ['officer'] },
  yerlan: { id: 'supervisor-yerlan', department: 'employment', roles: ['supervisor'] },
} satisfies Record<string, Officer>;
