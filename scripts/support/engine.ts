/**
 * The case engine on real infrastructure, without the test runner or the API: the platform
 * (lib/platform.ts, as every process opens it) over a migrated database with the catalog
 * published, with the simulated registries on a fixed reference date, a recording SMS gateway and
 * a fresh signing key; the production worker (platformWorker) with the real activities; and the
 * intake functions the API uses. The tests (test/support/engine.ts) and the replay-corpus
 * generator drive cases through it.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { activityDeps, type ActivityDeps } from '../../activities/deps.ts';
import { submitLifeEvent, type LifeEventInput } from '../../api/intake/life-event.ts';
import { startCase, type StartCaseInput } from '../../api/intake/start-case.ts';
import { createClaimSigner, signOfficerUpdate, type ClaimSigner } from '../../lib/claims/sign-claim.ts';
import { loadConfig } from '../../lib/config.ts';
import type { Database } from '../../lib/db/client.ts';
import { createLogger } from '../../lib/logger.ts';
import { openPlatform, type Platform } from '../../lib/platform.ts';
import type { PayerPort } from '../../lib/payer/port.ts';
import { createSimulatedPayer } from '../../lib/payer/simulated.ts';
import { KeyRing } from '../../lib/signing.ts';
import type { WorkerDeploymentVersion } from '../../lib/temporal/worker-versioning.ts';
import { createSimulatedRegistry, type SimulatedRegistry, type SimulatedRegistryOptions } from '../../registries/simulated.ts';
import { getDataset, type SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import { catalog } from '../../services/catalog/index.ts';
import { CatalogStore } from '../../services/catalog-store.ts';
import type { OperationalPolicies } from '../../services/operational-policy.ts';
import { publishAll } from '../../services/publish.ts';
import { caseStateQuery, caseWorkflowId, isLiveTask, type CaseLiveState, type Officer, type TaskState } from '../../workflows/messages.ts';
import { platformWorker, stopWorker } from '../../worker.ts';

export interface SentSms {
  to: string;
  text: string;
  idempotencyKey: string;
}

export interface EngineCoreOptions {
  db: Database;
  /** Temporal frontend (the runtime must already be installed by the caller). */
  address: string;
  taskQueue: string;
  referenceDate: string;
  /** The front-end system the intake calls run as. */
  clientId: string;
  /** A prebuilt bundle; unset → the worker bundles this checkout's workflows/. */
  workflowBundlePath?: string;
  registry?: Omit<SimulatedRegistryOptions, 'dataset'>;
  /** Households of the population at large beside the dataset's (a population sweep's subjects). */
  populationHouseholds?: number;
  /**
   * The synthetic dataset's seed (registries/synthetic/dataset.ts); its default otherwise. A sweep
   * offer's case id follows from the family found, so engines that sweep side by side on one
   * Temporal namespace need datasets of their own.
   */
  datasetSeed?: string;
  /** Operational policy in place of the built-in tables (services/operational-policy.ts). */
  operationalPolicies?: OperationalPolicies;
  /** Appended to request ids, so a shared Temporal server never sees one twice. */
  requestIdSuffix?: string;
  /** The payer instructions are delivered to (default: a simulated payer of the engine's own). */
  payer?: PayerPort;
  /** The worker's deployment version (Worker Deployment Versioning); unset → unversioned, as in development. */
  version?: WorkerDeploymentVersion;
}

export interface EngineCore {
  platform: Platform;
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
  /** Signs officer claims as the API does; the worker trusts its public key. */
  claimSigner: ClaimSigner;
  /**
   * Sends an Update to a case's workflow, as the API does: an input naming an `officer` is sent
   * with that officer's signed claim instead (and no `officer` member).
   */
  update<Ret, Args extends [unknown]>(caseId: string, def: UpdateDefinition<Ret, Args>, arg: Args[0]): Promise<Ret>;
  /** The open (OPEN or CLAIMED) task of a case, once there is one. */
  openTask(caseId: string, kind?: TaskState['kind']): Promise<TaskState>;
  /** Stops the worker and closes the platform's Temporal connections (the database stays the caller's). */
  stop(): Promise<void>;
}

let requestCounter = 0;

export async function startEngineCore(options: EngineCoreOptions): Promise<EngineCore> {
  const { db } = options;
  // A test database: the catalog's unverified citations are allowed, as in development.
  await publishAll(db.prisma, catalog, { status: 'PUBLISHED', allowUnverified: true });
  const dataset = getDataset({ seed: options.datasetSeed, referenceDate: options.referenceDate, populationHouseholds: options.populationHouseholds });
  const registry = createSimulatedRegistry({ dataset, ...options.registry });
  const keyRing = new KeyRing();
  keyRing.setActive(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const claimSigner = createClaimSigner(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const sms: SentSms[] = [];
  const { taskQueue } = options;
  // Connecting is slow on a loaded machine; a test waits rather than fails.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TEMPORAL_ADDRESS: options.address, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_CONNECT_TIMEOUT_MS: '30000' });
  const platform = await openPlatform(config, {
    roles: ['api', 'worker'],
    database: db,
    keyRing,
    claimSigner,
    trustedClaimKeys: { [claimSigner.keyId]: claimSigner.jwk.x },
    logger: createLogger({ level: 'silent' }),
  });
  // The catalog is re-read on every use: tests publish drafts and amendments between cases.
  const overrides = {
    registries: registry,
    catalog: new CatalogStore(db.prisma, 0),
    sms: {
      async send(m: SentSms) {
        sms.push(m);
        return { providerId: m.idempotencyKey };
      },
    },
    ...(options.operationalPolicies ? { operationalPolicies: options.operationalPolicies } : {}),
    payer: options.payer ?? createSimulatedPayer(),
  };
  const deps: ActivityDeps = activityDeps(platform, overrides);
  const worker = await platformWorker(platform, { deps: overrides, workflowBundlePath: options.workflowBundlePath, version: options.version ?? null });
  const running = worker.run();
  const client = platform.temporal;
  const intake = { prisma: db.prisma, temporal: client, taskQueue, catalog: overrides.catalog, now: () => new Date(`${options.referenceDate}T06:00:00Z`) };
  const isLive = (kind?: TaskState['kind']) => (t: TaskState) => isLiveTask(t) && (!kind || t.kind === kind);

  const engine: EngineCore = {
    platform,
    db,
    deps,
    registry,
    dataset,
    client,
    taskQueue,
    sms,
    worker,
    claimSigner,
    async startCase(input) {
      const requestId = input.clientRequestId ?? `req-${process.pid}-${Date.now()}-${++requestCounter}`;
      const { caseId } = await startCase(intake, {
        clientId: options.clientId,
        language: input.language ?? 'ru',
        languageChosen: input.language !== undefined,
        ...input,
        clientRequestId: `${requestId}${options.requestIdSuffix ?? ''}`,
      });
      return caseId;
    },
    async submitLifeEvent(input) {
      await submitLifeEvent(intake, input);
    },
    state: (caseId) => client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery),
    async waitFor(caseId, predicate, timeoutMs = 90_000) {
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
      const seen = last && { status: last.status, tasks: last.tasks.map((t) => `${t.kind}:${t.status}`), escalationReasons: last.escalationReasons };
      throw new Error(`case ${caseId} did not reach the expected state; last seen: ${JSON.stringify(seen)}`);
    },
    result: (caseId) => client.workflow.getHandle(caseWorkflowId(caseId)).result(),
    update(caseId, def, arg) {
      const handle = client.workflow.getHandle(caseWorkflowId(caseId));
      const { officer, ...input } = arg as { officer?: Officer };
      if (!officer) return handle.executeUpdate(def, { args: [arg] as never });
      const signed = signOfficerUpdate(claimSigner, { officer, workflowId: handle.workflowId, updateName: def.name, input });
      return handle.executeUpdate(def, { args: [signed.input] as never, updateId: signed.updateId });
    },
    async openTask(caseId, kind) {
      const s = await engine.waitFor(caseId, (st) => st.tasks.some(isLive(kind)));
      return s.tasks.find(isLive(kind))!;
    },
    async stop() {
      stopWorker(worker); // a test may have stopped it already

      await running;
      await platform.close();
    },
  };
  return engine;
}
