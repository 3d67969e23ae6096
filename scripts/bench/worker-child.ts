/**
 * One worker process of the bench (BENCH_ROLE=platform | baseline), so that its CPU time and
 * memory belong to one role. The platform worker is built exactly as `npm run worker` builds it
 * (lib/config, openDatabase, buildActivityDeps, createQyzmetWorker); the baseline worker takes
 * the options createQyzmetWorker would pass and swaps in B's bundle and no-op activities.
 */
import type { Worker } from '@temporalio/worker';
import { comparableOptions, captureWorkerOptions, createInstrumentedWorker, localInputSizes, setMeasureSizes, takeActivityStats, workflowThreadHeapBytes } from './instrument.ts';
import { processDb } from './dbcount.ts';
import { serve } from './rpc.ts';
import type { ActivityDeps } from '../../activities/index.ts';
import { loadConfig } from '../../lib/config.ts';
import { openDatabase } from '../../lib/db/client.ts';
import { startCase, type StartCaseInput } from '../../lib/intake/start-case.ts';
import { createLogger } from '../../lib/logger.ts';
import { buildActivityDeps } from '../../lib/platform-deps.ts';
import { connectClient, connectWorkerConnection } from '../../lib/temporal/connection.ts';
import { seedCatalog } from '../../prisma/seed.ts';
import { createQyzmetWorker, installRuntime } from '../../worker.ts';
import { createBaselineActivities } from './baseline/activities.ts';
import type { WorkflowShape } from './shape.ts';

const role = process.env.BENCH_ROLE;
const bundle = process.env.BENCH_BUNDLE!;
const maxCachedWorkflows = process.env.BENCH_MAX_CACHED ? Number(process.env.BENCH_MAX_CACHED) : undefined;
const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, name: `bench-${role}` });
installRuntime(logger);
const { connection, namespace } = await connectWorkerConnection(config);
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

if (role === 'platform') {
  const db = await openDatabase(config);
  cleanups.push(() => db.close());
  if (process.env.BENCH_SEED === '1') await seedCatalog(db.prisma, { allowUnverified: config.allowUnverifiedLaw });
  const deps = await buildActivityDeps(config, db, logger);
  run(await createQyzmetWorker({ connection, namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, deps, workflowBundlePath: bundle, maxCachedWorkflows }));
  if (process.env.BENCH_INTAKE === '1') {
    // The embedded database admits one process: intake runs here, as in `npm start`'s platform process.
    const { client, connection: clientConnection } = await connectClient(config);
    cleanups.push(() => clientConnection.close());
    // With the worker's cached catalog, as the API's intake has its own: re-reading and re-validating every definition per case would block this process's activities.
    const intakeDeps = { prisma: db.prisma, catalog: deps.catalog, temporal: client, taskQueue: config.TEMPORAL_TASK_QUEUE };
    intake = async (input) => (await startCase(intakeDeps, input)).caseId;
  }
} else if (role !== 'baseline') {
  throw new Error(`BENCH_ROLE must be platform or baseline, got ${role}`);
}

serve({
  cpu: () => ({ ...process.cpuUsage(), atMs: performance.now(), db: { ...processDb } }),
  mem: () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  },
  workflowHeap: async () => (worker ? workflowThreadHeapBytes(worker) : NaN),
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
    if (role !== 'baseline' || worker) throw new Error('shapes: baseline worker only, once');
    const options = await captureWorkerOptions(() =>
      createQyzmetWorker({ connection, namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, deps: {} as ActivityDeps, workflowBundlePath: bundle, maxCachedWorkflows }),
    );
    run(await createInstrumentedWorker({ ...options, activities: createBaselineActivities(shapes) }));
    return comparableOptions(worker!);
  },
  stop: async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
    for (const c of cleanups.reverse()) await c().catch(() => {});
    setTimeout(() => process.exit(0), 50);
  },
});
