/**
 * The Qyzmet worker: runs case and life-event workflows and their activities. `npm run worker`
 * runs it alone (scale it horizontally against a Temporal cluster); `npm start` runs it inside
 * the embedded platform process.
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities/index.ts';
import { loadConfig, PROJECT_ROOT } from './lib/config.ts';
import { checkDatabase, openDatabase } from './lib/db/client.ts';
import { createLogger } from './lib/logger.ts';
import { buildActivityDeps } from './lib/platform-deps.ts';
import { databaseUnreachable, runMain, temporalUnreachable } from './lib/startup.ts';
import { connectWorkerConnection } from './lib/temporal/connection.ts';
import { defaultBundlePath, installRuntime } from './lib/temporal/runtime.ts';

export interface QyzmetWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (production); otherwise workflows are bundled from source at start. */
  workflowBundlePath?: string;
  /** How long running tasks may finish after shutdown begins (a Duration, or milliseconds). */
  shutdownGraceTime?: string | number;
  maxCachedWorkflows?: number;
}

const quietBundler = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };

export async function createQyzmetWorker(opts: QyzmetWorkerOptions): Promise<Worker> {
  const workflowBundle = opts.workflowBundlePath
    ? { codePath: opts.workflowBundlePath }
    : await bundleWorkflowCode({ workflowsPath: path.join(PROJECT_ROOT, 'workflows', 'index.ts'), logger: quietBundler });
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    workflowBundle,
    shutdownGraceTime: opts.shutdownGraceTime ?? '20 seconds',
    maxCachedWorkflows: opts.maxCachedWorkflows,
  });
}

// Shared with the API (lib/temporal/runtime.ts), whose replayCase replays the code this worker runs.
export { defaultBundlePath, installRuntime };

/** Begins a graceful shutdown (in-flight tasks finish within shutdownGraceTime); safe to repeat. */
export function stopWorker(worker: Worker): void {
  if (worker.getState() === 'RUNNING') worker.shutdown();
}

/** GET /healthz for container orchestrators: 200 while the worker polls its task queue. */
function serveHealth(port: number, running: () => boolean): http.Server {
  return http
    .createServer((req, res) => {
      const ok = req.url === '/healthz' && running();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
    })
    .listen(port, '0.0.0.0');
}

async function main(): Promise<void> {
  const config = loadConfig(process.env, { role: 'worker' });
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'qyzmet-worker' });
  const db = await openDatabase(config).catch((e) => Promise.reject(databaseUnreachable(config.DATABASE_URL, e)));
  await checkDatabase(db).catch((e) => Promise.reject(databaseUnreachable(config.DATABASE_URL, e)));
  installRuntime(logger); // before the first native connection creates the default runtime
  const { connection, namespace } = await connectWorkerConnection(config).catch((e) => Promise.reject(temporalUnreachable(config.TEMPORAL_ADDRESS, e)));
  const deps = await buildActivityDeps(config, db, logger);
  const worker = await createQyzmetWorker({
    connection,
    namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps,
    workflowBundlePath: defaultBundlePath(config),
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopWorker(worker));
  const health = config.WORKER_HEALTH_PORT ? serveHealth(config.WORKER_HEALTH_PORT, () => worker.getState() === 'RUNNING') : null;
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace, database: db.kind }, 'worker ready');
  await worker.run();
  health?.close();
  await connection.close();
  await db.close();
  logger.info('worker stopped');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runMain('worker', main);
