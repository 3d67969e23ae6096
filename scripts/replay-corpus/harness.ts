/**
 * The case engine on real infrastructure for generating the replay corpus: a Temporal server
 * (our own dev server, or TEMPORAL_ADDRESS), a fresh PGlite database with the catalog published,
 * the simulated registries on a fixed reference date, and a worker running the workflow code as
 * it is in this checkout. The same pieces as the test engine (test/support/engine.ts), without
 * vitest, so `npm run replay:corpus` runs anywhere.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { CatalogStore } from '../../activities/catalog-store.ts';
import type { ActivityDeps } from '../../activities/deps.ts';
import { openDatabase, type Database } from '../../lib/db/client.ts';
import { migrateDeploy } from '../../lib/db/migrate.ts';
import { submitLifeEvent, type LifeEventInput } from '../../lib/intake/life-event.ts';
import { startCase, type StartCaseInput } from '../../lib/intake/start-case.ts';
import { createLogger } from '../../lib/logger.ts';
import { KeyRing } from '../../lib/signing.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { startDevServer, type DevServer } from '../../lib/temporal/dev-server.ts';
import { createSimulatedRegistry, type SimulatedRegistry } from '../../registries/simulated.ts';
import { getDataset, type SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import { catalog } from '../../services/catalog/index.ts';
import { publishAll } from '../../services/publish.ts';
import { caseStateQuery, caseWorkflowId, type CaseLiveState, type TaskState } from '../../workflows/messages.ts';
import { createQyzmetWorker } from '../../worker.ts';

export interface CorpusEngine {
  dataset: SyntheticDataset;
  registry: SimulatedRegistry;
  db: Database;
  client: Client;
  /** Appended to request and event ids so a shared Temporal server never sees an id twice. */
  nonce: string;
  startCase(input: Omit<StartCaseInput, 'clientId' | 'language'> & { language?: StartCaseInput['language'] }): Promise<string>;
  submitLifeEvent(input: LifeEventInput): Promise<void>;
  update<Ret, Args extends [unknown]>(caseId: string, def: UpdateDefinition<Ret, Args>, arg: Args[0]): Promise<Ret>;
  waitFor(caseId: string, predicate: (s: CaseLiveState) => boolean, timeoutMs?: number): Promise<CaseLiveState>;
  openTask(caseId: string, kind?: TaskState['kind']): Promise<TaskState>;
  /** Waits until the case's timeline holds an event of this type. */
  waitForEvent(caseId: string, type: string, timeoutMs?: number): Promise<void>;
  result(caseId: string): Promise<{ status: string }>;
  close(): Promise<void>;
}

const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, last?: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `; last seen: ${JSON.stringify(last())}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CorpusEngineOptions {
  referenceDate: string;
  temporalAddress?: string;
  /** Workflow sources to run instead of this checkout's (e.g. an older commit's workflows/index.ts). */
  workflowsPath?: string;
}

export async function startCorpusEngine(options: CorpusEngineOptions): Promise<CorpusEngine> {
  Runtime.install({ logger: quietLogger as never, shutdownSignals: [], telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-corpus-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const [address] = await Promise.all([
      options.temporalAddress ??
        startDevServer({ cli: requireTemporalCli(), port: 0, uiPort: false }).then((s: DevServer) => {
          cleanups.push(() => s.stop());
          return s.address;
        }),
      migrateDeploy({ ...env, DATA_DIR: tmp }),
    ]);
    const db = await openDatabase({ DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1, pgliteDir: path.join(tmp, 'pglite') });
    cleanups.push(() => db.close());
    await publishAll(db.prisma, catalog, { status: 'PUBLISHED' });

    const dataset = getDataset({ referenceDate: options.referenceDate });
    const registry = createSimulatedRegistry({ dataset });
    const keyRing = new KeyRing();
    keyRing.setActive(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const deps: ActivityDeps = {
      prisma: db.prisma,
      registries: registry,
      keyRing,
      catalog: new CatalogStore(db.prisma, 0),
      sms: { send: async (m) => ({ providerId: m.idempotencyKey }) },
      logger: createLogger({ level: 'silent' }),
    };
    const taskQueue = `replay-corpus-${randomUUID().slice(0, 8)}`;
    const workerConnection = await NativeConnection.connect({ address });
    cleanups.push(() => workerConnection.close());
    let workflowBundlePath: string | undefined; // unset: the worker bundles this checkout's workflows/
    if (options.workflowsPath) {
      workflowBundlePath = path.join(tmp, 'workflow-bundle.js');
      fs.writeFileSync(workflowBundlePath, (await bundleWorkflowCode({ workflowsPath: path.resolve(options.workflowsPath), logger: quietLogger })).code);
    }
    const worker = await createQyzmetWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps, workflowBundlePath });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const intake = { prisma: db.prisma, temporal: client, taskQueue, now: () => new Date(`${options.referenceDate}T06:00:00Z`) };

    const engine: CorpusEngine = {
      dataset,
      registry,
      db,
      client,
      nonce: options.temporalAddress ? `-${randomUUID().slice(0, 6)}` : '',
      async startCase(input) {
        return (await startCase(intake, { clientId: 'replay-corpus', language: 'ru', ...input, clientRequestId: `${input.clientRequestId}${engine.nonce}` })).caseId;
      },
      async submitLifeEvent(input) {
        await submitLifeEvent(intake, input);
      },
      update: (caseId, def, arg) => client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(def, { args: [arg] as never }),
      waitFor(caseId, predicate, timeoutMs = 30_000) {
        let seen: CaseLiveState | undefined;
        return poll(
          `case ${caseId}`,
          timeoutMs,
          async () => {
            seen = await client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
            return predicate(seen) ? seen : undefined;
          },
          () => seen && { status: seen.status, tasks: seen.tasks.map((t) => `${t.kind}:${t.status}`), escalationReasons: seen.escalationReasons },
        );
      },
      async openTask(caseId, kind) {
        const live = (t: TaskState) => (t.status === 'OPEN' || t.status === 'CLAIMED') && (!kind || t.kind === kind);
        const s = await engine.waitFor(caseId, (st) => st.tasks.some(live));
        return s.tasks.find(live)!;
      },
      waitForEvent: (caseId, type, timeoutMs = 30_000) =>
        poll(`${type} on case ${caseId}`, timeoutMs, async () => ((await db.prisma.caseEvent.count({ where: { caseId, type } })) > 0 ? true : undefined)).then(() => {}),
      result: (caseId) => client.workflow.getHandle(caseWorkflowId(caseId)).result(),
      close: cleanup,
    };
    return engine;
  } catch (e) {
    await cleanup();
    throw e;
  }
}
