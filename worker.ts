/**
 * The Qyzmet worker: runs case and life-event workflows and their activities. `npm run worker`
 * runs it alone (scale it horizontally against a Temporal cluster); `npm start` runs it inside
 * the embedded platform process; the tests and the bench build it with platformWorker too.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { startCaseReconciler, type CaseReconciler } from './activities/case-reconciler.ts';
import { ensureSweepSchedule } from './activities/population-sweep-start.ts';
import { activityDeps, type ActivityDepOverrides } from './activities/deps.ts';
import { startPayerInbox, startPaymentRejectionWorkflow } from './activities/payer-inbox.ts';
import { createActivities, type ActivityDeps } from './activities/index.ts';
import { startCheckpointing } from './lib/audit-checkpoints.ts';
import type { TrustedClaimKeys } from './lib/claims/claim-format.ts';
import { withTrustedClaimKeys } from './lib/claims/trusted-keys.ts';
import { loadConfig } from './lib/config.ts';
import { serveHealth } from './lib/health-server.ts';
import { openPlatform, type Platform } from './lib/platform.ts';
import { runMain } from './lib/startup.ts';
import { deployedBundlePath, loadWorkflowBundle } from './lib/temporal/workflow-code.ts';
import { setCurrentDeploymentVersion, workerDeploymentOptions, workerVersionOf, type WorkerDeploymentVersion } from './lib/temporal/worker-versioning.ts';
import { activityTracingInterceptors, clientTracingInterceptors, workflowSpanSinks } from './lib/tracing/temporal.ts';

export interface QyzmetWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The deployment's (payload codec): histories hold no clear text. */
  dataConverter: DataConverter;
  /** The public keys officer claims are verified with, written into the workflow bundle (lib/claims/trusted-keys.ts). */
  trustedClaimKeys: TrustedClaimKeys;
  /** A prebuilt bundle (production); otherwise workflows are bundled from source at start. */
  workflowBundlePath?: string;
  /** How long running tasks may finish after shutdown begins (a Duration, or milliseconds). */
  shutdownGraceTime?: string | number;
  maxCachedWorkflows?: number;
  /** The deployment version this worker runs as (lib/temporal/worker-versioning.ts); null or unset → unversioned. */
  version?: WorkerDeploymentVersion | null;
}

/** The worker from its parts: every worker Qyzmet runs has these options (the bench's baseline copies them). */
export async function createQyzmetWorker(opts: QyzmetWorkerOptions): Promise<Worker> {
  const bundle = await loadWorkflowBundle(opts.workflowBundlePath ? { bundlePath: opts.workflowBundlePath } : undefined);
  const code = 'code' in bundle ? bundle.code : fs.readFileSync(bundle.codePath, 'utf8');
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    activities: createActivities(opts.deps),
    // The same reviewed bundle everywhere; the keys this deployment trusts are added at start.
    workflowBundle: { code: withTrustedClaimKeys(code, opts.trustedClaimKeys) },
    shutdownGraceTime: opts.shutdownGraceTime ?? '20 seconds',
    maxCachedWorkflows: opts.maxCachedWorkflows,
    // Safe rollouts: each workflow type's behaviour is declared in workflows/versioning.ts.
    workerDeploymentOptions: workerDeploymentOptions(opts.version ?? null),
    // Tracing (lib/tracing): activity spans when on; the workflows' spans leave through the sink.
    interceptors: { activity: activityTracingInterceptors() },
    sinks: workflowSpanSinks(),
  });
}

export interface PlatformWorkerOptions extends Partial<Pick<QyzmetWorkerOptions, 'taskQueue' | 'workflowBundlePath' | 'shutdownGraceTime' | 'maxCachedWorkflows' | 'version'>> {
  /** Gateways and catalog cache instead of the configuration's (tests: simulated registries, a recording SMS gateway). */
  deps?: ActivityDepOverrides;
}

/** The worker of a platform: its connection, namespace, task queue, activities and the deployment's workflow code. */
export function platformWorker(platform: Platform<'worker'>, options: PlatformWorkerOptions = {}): Promise<Worker> {
  return createQyzmetWorker({
    connection: platform.workerConnection,
    namespace: platform.namespace,
    taskQueue: options.taskQueue ?? platform.taskQueue,
    deps: activityDeps(platform, options.deps),
    dataConverter: platform.dataConverter,
    trustedClaimKeys: platform.trustedClaimKeys,
    workflowBundlePath: options.workflowBundlePath ?? deployedBundlePath(platform.config),
    shutdownGraceTime: options.shutdownGraceTime ?? platform.config.WORKER_SHUTDOWN_GRACE_MS,
    maxCachedWorkflows: options.maxCachedWorkflows,
    // The configuration's (WORKER_VERSIONING, QYZMET_BUILD_ID) unless the caller names one.
    version: options.version !== undefined ? options.version : workerVersionOf(platform.config),
  });
}

/** The worker's periodic signed checkpoints of the audit log (lib/audit-checkpoints.ts); it holds the signing key. */
export function platformCheckpoints(platform: Pick<Platform<'worker'>, 'prisma' | 'keyRing' | 'logger' | 'config'>): { stop(): Promise<void> } {
  return startCheckpointing({ prisma: platform.prisma, keyRing: platform.keyRing, logger: platform.logger, intervalMs: platform.config.AUDIT_CHECKPOINT_INTERVAL_MS });
}

/**
 * The sweep for application cases recorded by an API that died before starting their workflow
 * (activities/case-reconciler.ts), on the configuration's schedule; null when turned off.
 */
export function platformReconciler(platform: Pick<Platform, 'config' | 'prisma' | 'taskQueue' | 'logger'>, temporal: Client): CaseReconciler | null {
  const { config } = platform;
  if (!config.RECONCILE_INTERVAL_MS) return null;
  return startCaseReconciler({
    prisma: platform.prisma,
    temporal,
    taskQueue: platform.taskQueue,
    logger: platform.logger,
    afterMs: config.RECONCILE_AFTER_MS,
    intervalMs: config.RECONCILE_INTERVAL_MS,
  });
}

/**
 * PAYER_MODE=file: the payer's acknowledgement files read from PAYER_INBOUND_DIR every
 * PAYER_INBOUND_POLL_MS (activities/payer-inbox.ts); null for another payer.
 */
export function platformPayerInbox(platform: Pick<Platform, 'config' | 'prisma' | 'taskQueue' | 'logger'>, temporal: Client): { stop(): Promise<void> } | null {
  const { config } = platform;
  if (config.PAYER_MODE !== 'file' || !config.PAYER_INBOUND_DIR) return null;
  return startPayerInbox({
    prisma: platform.prisma,
    inboundDir: config.PAYER_INBOUND_DIR,
    intervalMs: config.PAYER_INBOUND_POLL_MS,
    logger: platform.logger,
    startRejection: (instructionId) => startPaymentRejectionWorkflow(temporal, platform.taskQueue, instructionId),
  });
}

/**
 * The nightly population sweep's Schedule (activities/population-sweep-start.ts), created once —
 * unless SWEEP_SCHEDULE=false. A failure is logged, not fatal: the worker serves cases without it.
 */
export async function platformSweepSchedule(platform: Pick<Platform, 'config' | 'taskQueue' | 'logger'>, temporal: Client): Promise<void> {
  if (platform.config.SWEEP_SCHEDULE === false) return;
  try {
    const outcome = await ensureSweepSchedule(temporal, platform.taskQueue);
    platform.logger.info({ outcome }, 'population sweep schedule');
  } catch (e) {
    platform.logger.warn({ err: (e as Error).message }, 'population sweep schedule not created');
  }
}

/** Begins a graceful shutdown (in-flight tasks finish within shutdownGraceTime); safe to repeat. */
export function stopWorker(worker: Worker): void {
  if (worker.getState() === 'RUNNING') worker.shutdown();
}

/**
 * WORKER_VERSIONING_SET_CURRENT: the worker makes its own version current once the server knows
 * it (after the first poll) — a first deployment, or one worker on a dev server. A rollout that
 * keeps the old build for its Pinned workflows leaves it unset and switches with the CLI.
 */
async function promoteOwnVersion(platform: Platform<'worker'>, version: WorkerDeploymentVersion): Promise<void> {
  try {
    await setCurrentDeploymentVersion(platform.workerConnection, platform.namespace, version);
    platform.logger.info({ deploymentVersion: version }, 'worker version made current');
  } catch (e) {
    platform.logger.warn({ err: (e as Error).message, deploymentVersion: version }, 'worker version not made current');
  }
}

async function main(): Promise<void> {
  const platform = await openPlatform(loadConfig(process.env, { role: 'worker' }), { roles: ['worker'], name: 'qyzmet-worker' });
  const { config, logger } = platform;
  // Checked after the platform opens: a missing build id is the worker's concern, named once the dependencies answer.
  const version = workerVersionOf(config);
  const worker = await platformWorker(platform, { version });
  const checkpoints = platformCheckpoints(platform);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopWorker(worker));
  const temporal = new Client({ connection: platform.workerConnection, namespace: platform.namespace, dataConverter: platform.dataConverter, interceptors: { workflow: clientTracingInterceptors() } });
  const reconciler = platformReconciler(platform, temporal);
  const payerInbox = platformPayerInbox(platform, temporal);
  await platformSweepSchedule(platform, temporal);
  const health = config.WORKER_HEALTH_PORT ? serveHealth(config.WORKER_HEALTH_PORT, () => worker.getState() === 'RUNNING') : null;
  logger.info({ taskQueue: platform.taskQueue, namespace: platform.namespace, database: platform.db.kind, deploymentVersion: version }, 'worker ready');
  const running = worker.run();
  if (version && config.WORKER_VERSIONING_SET_CURRENT) await promoteOwnVersion(platform, version);
  await running;
  await checkpoints.stop();
  await reconciler?.stop();
  await payerInbox?.stop();
  health?.close();
  await platform.close();
  logger.info('worker stopped');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runMain('worker', main);
