/**
 * One worker process of the bench (BENCH_ROLE=platform | baseline), so that its CPU time and
 * memory belong to one role. The platform worker is opened and built exactly as `npm run worker`
 * does (openPlatform, platformWorker); the baseline is bare Temporal — a worker connection and no
 * database — taking the options createQyzmetWorker would pass and swapping in B's bundle and
 * no-op activities.
 */
import v8 from 'node:v8';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { comparableOptions, captureWorkerOptions, createInstrumentedWorker, localInputSizes, setMeasureSizes, takeActivityStats, workflowThreadHeapBytes, writeWorkflowThreadSnapshots } from './instrument.ts';
import { processDb } from './dbcount.ts';
import { serve } from './rpc.ts';
import type { ActivityDeps } from '../../activities/index.ts';
import { startCase, type StartCaseInput } from '../../api/intake/start-case.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { openPlatform } from '../../lib/platform.ts';
import { connectWorkerConnection } from '../../lib/temporal/connection.ts';
import { installRuntime } from '../../lib/temporal/runtime.ts';
import { seedCatalog } from '../../prisma/seed.ts';
import { dataConverterOf, loadPayloadCodec } from '../../lib/temporal/data-converter.ts';
import { createQyzmetWorker, platformWorker } from '../../worker.ts';
import { createBaselineActivities, createBaselineEntitlementActivities, recordedPeriods } from './baseline/activities.ts';
import type { WorkflowShape } from './shape.ts';

const role = process.env.BENCH_ROLE;
const bundle = process.env.BENCH_BUNDLE!;
const maxCachedWorkflows = process.env.BENCH_MAX_CACHED ? Number(process.env.BENCH_MAX_CACHED) : undefined;
const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, name: `bench-${role}` });
const cleanups: (() => Promise<void>)[] = [];
let worker: Worker | null = null;
let running: Promise<void> | null = null;
let intake: ((input: StartCaseInput) => Promise<string>) | null = null;

function run(w: Worker): void {
  worker = w;
  running = w.run().catch((e) => {
    process.stderr.write(`worker failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}

let baselineConnection: { connection: NativeConnection; namespace: string } | null = null;

if (role === 'platform') {
  // The embedded database admits one process: with BENCH_INTAKE, intake runs here too (the API role), as in `npm start`'s platform process.
  const platform = await openPlatform(config, { roles: process.env.BENCH_INTAKE === '1' ? ['worker', 'api'] : ['worker'], logger });
  cleanups.push(() => platform.close());
  if (process.env.BENCH_SEED === '1') await seedCatalog(platform.prisma, { allowUnverified: config.allowUnverifiedLaw });
  run(await platformWorker(platform, { workflowBundlePath: bundle, maxCachedWorkflows }));
  if ('temporal' in platform) {
    // Through the process's catalog cache, which the activities share: intake never re-reads the catalog per case.
    const intakeDeps = { prisma: platform.prisma, temporal: platform.temporal, taskQueue: platform.taskQueue };
    intake = async (input) => (await startCase(intakeDeps, input)).caseId;
  }
} else if (role === 'baseline') {
  installRuntime(logger);
  baselineConnection = await connectWorkerConnection(config);
  const { connection } = baselineConnection;
  cleanups.push(() => connection.close());
} else {
  throw new Error(`BENCH_ROLE must be platform or baseline, got ${role}`);
}

serve({
  cpu: () => ({ ...process.cpuUsage(), atMs: performance.now(), db: { ...processDb } }),
  mem: () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  },
  workflowHeap: async () => (worker ? workflowThreadHeapBytes(worker) : NaN),
  /** The workflow threads' heap snapshots, written to `${prefix}-<i>.heapsnapshot`. */
  workflowHeapSnapshot: async (args: { prefix: string }) => (worker ? writeWorkflowThreadSnapshots(worker, args.prefix) : []),
  /** The main thread's heap limit, from which the SDK sizes the default workflow cache. */
  heapLimit: () => v8.getHeapStatistics().heap_size_limit,
  /** Baseline only: periods each of B's entitlements has recorded. */
  periods: () => recordedPeriods(),
  /** hrtime in µs: the clock of V8's CPU profiles, to cut a profile to one phase. */
  mark: () => Number(process.hrtime.bigint() / 1000n),
  stats: (args?: { reset?: boolean }) => takeActivityStats(args?.reset ?? true),
  sizes: (args: { on: boolean }) => {
    const sizes = localInputSizes();
    setMeasureSizes(args.on);
    return sizes;
  },
  options: () => (worker ? comparableOptions(worker) : null),
  startCase: async (input: StartCaseInput) => {
    if (!intake) throw new Error('this worker has no intake (BENCH_INTAKE=1)');
    return intake(input);
  },
  /** Baseline only: the shapes to replay, then the worker starts. */
  shapes: async (shapes: Record<'auto' | 'review', WorkflowShape>) => {
    if (!baselineConnection || worker) throw new Error('shapes: baseline worker only, once');
    const { connection, namespace } = baselineConnection;
    // The options platformWorker passes: the same task queue, shutdown grace and cache size.
    const options = await captureWorkerOptions(() =>
      createQyzmetWorker({ connection, namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, deps: {} as ActivityDeps, dataConverter: dataConverterOf(loadPayloadCodec(config).codec), trustedClaimKeys: {}, workflowBundlePath: bundle, maxCachedWorkflows, shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS }),
    );
    run(await createInstrumentedWorker({ ...options, activities: { ...createBaselineActivities(shapes), ...createBaselineEntitlementActivities() } }));
    return comparableOptions(worker!);
  },
  stop: async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    for (const c of cleanups.reverse()) await c().catch(() => {});
    setTimeout(() => process.exit(0), 50);
  },
});
