/**
 * Bench-only instrumentation of a worker process, added without touching the platform code:
 * `Worker.create` is wrapped so that (1) every worker gets a timing interceptor — per activity
 * type, local or regular — and (2) the options `createQyzmetWorker` passes are captured, so the
 * baseline worker runs with exactly the platform's worker options.
 */
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { dbScope, type DbCount } from './dbcount.ts';

export interface ActivityStat {
  type: string;
  local: boolean;
  calls: number;
  totalMs: number;
  maxMs: number;
  /** PostgreSQL statements and transactions the activity issued (0 on PGlite: not counted). */
  dbQueries: number;
  dbTransactions: number;
}

const stats = new Map<string, ActivityStat>();
/** Local-activity input sizes (JSON bytes) by type, in call order; only while `measureSizes` is on. */
const localInputs = new Map<string, number[]>();
let measureSizes = false;

export function setMeasureSizes(on: boolean): void {
  measureSizes = on;
  if (on) localInputs.clear();
}

export function localInputSizes(): Record<string, number[]> {
  return Object.fromEntries(localInputs);
}

export function takeActivityStats(reset = true): ActivityStat[] {
  const out = [...stats.values()].map((s) => ({ ...s }));
  if (reset) stats.clear();
  return out;
}

const timing: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const { activityType, isLocal } = ctx.info;
      if (measureSizes && isLocal) {
        const sizes = localInputs.get(activityType) ?? [];
        sizes.push(input.args.length ? JSON.stringify(input.args[0]).length : 0);
        localInputs.set(activityType, sizes);
      }
      const t0 = performance.now();
      const db: DbCount = { queries: 0, transactions: 0 };
      try {
        return await dbScope.run(db, () => next(input));
      } finally {
        const ms = performance.now() - t0;
        const key = `${isLocal ? 'L' : 'R'}:${activityType}`;
        const s = stats.get(key) ?? { type: activityType, local: isLocal, calls: 0, totalMs: 0, maxMs: 0, dbQueries: 0, dbTransactions: 0 };
        s.calls += 1;
        s.totalMs += ms;
        s.maxMs = Math.max(s.maxMs, ms);
        s.dbQueries += db.queries;
        s.dbTransactions += db.transactions;
        stats.set(key, s);
      }
    },
  },
});

const originalCreate = Worker.create.bind(Worker);
let captureOnly = false;
let captured: WorkerOptions | null = null;
class Captured extends Error {}

Worker.create = async (options: WorkerOptions) => {
  captured = options;
  if (captureOnly) throw new Captured('captured');
  return originalCreate(withTiming(options));
};

function withTiming(options: WorkerOptions): WorkerOptions {
  return { ...options, interceptors: { ...options.interceptors, activity: [...(options.interceptors?.activity ?? []), timing] } };
}

/** Runs `build` (which calls Worker.create) and returns the options it passed, creating nothing. */
export async function captureWorkerOptions(build: () => Promise<unknown>): Promise<WorkerOptions> {
  captureOnly = true;
  try {
    await build();
  } catch (e) {
    if (!(e instanceof Captured)) throw e;
  } finally {
    captureOnly = false;
  }
  if (!captured) throw new Error('Worker.create was not called');
  return captured;
}

export function createInstrumentedWorker(options: WorkerOptions): Promise<Worker> {
  return originalCreate(withTiming(options));
}

/** The compiled options two workers must share for a fair comparison (no functions, no code; the build id hashes the bundle). */
export function comparableOptions(worker: Worker): Record<string, unknown> {
  const skip = new Set(['buildId', 'taskQueue', 'activities', 'workflowBundle', 'interceptors', 'sinks', 'connection', 'identity', 'loadedDataConverter', 'dataConverter']);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(worker.options as unknown as Record<string, unknown>)) {
    if (skip.has(k) || typeof v === 'function') continue;
    try {
      out[k] = JSON.parse(JSON.stringify(v, (_key, val) => (typeof val === 'function' || typeof val === 'bigint' ? undefined : val)));
    } catch {
      /* not serialisable: not an option that shapes the comparison */
    }
  }
  return out;
}

/**
 * Live heap of the worker's workflow thread(s), where cached workflows live: the sum of node
 * sizes in a heap snapshot (which collects garbage first). Reaches into the SDK's thread pool —
 * bench-only; process RSS would also count activity-side churn and allocator slack.
 */
/** Writes each workflow thread's heap snapshot to `${prefix}-<i>.heapsnapshot` (for analysis of what cached workflows hold). */
export async function writeWorkflowThreadSnapshots(worker: Worker, prefix: string): Promise<string[]> {
  const fs = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const clients = (worker as unknown as { workflowCreator?: { workerThreadClients?: { workerThread: import('node:worker_threads').Worker }[] } }).workflowCreator
    ?.workerThreadClients;
  if (!clients?.length) throw new Error('no workflow threads found (SDK internals changed?)');
  const out: string[] = [];
  for (const [i, { workerThread }] of clients.entries()) {
    const file = `${prefix}-${i}.heapsnapshot`;
    await pipeline(await workerThread.getHeapSnapshot(), fs.createWriteStream(file));
    out.push(file);
  }
  return out;
}

export async function workflowThreadHeapBytes(worker: Worker): Promise<number> {
  const clients = (worker as unknown as { workflowCreator?: { workerThreadClients?: { workerThread: import('node:worker_threads').Worker }[] } }).workflowCreator
    ?.workerThreadClients;
  if (!clients?.length) throw new Error('no workflow threads found (SDK internals changed?)');
  let total = 0;
  for (const { workerThread } of clients) {
    const stream = await workerThread.getHeapSnapshot();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    const snap = JSON.parse(Buffer.concat(chunks).toString()) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
    const fields = snap.snapshot.meta.node_fields;
    const stride = fields.length;
    const self = fields.indexOf('self_size');
    for (let i = self; i < snap.nodes.length; i += stride) total += snap.nodes[i]!;
  }
  return total;
}
