/**
 * Starting the bench's worker processes with the environment each needs. Both roles read the
 * same configuration (lib/config.ts) as production processes do; only the task queue, the
 * database and the bundle differ.
 */
import path from 'node:path';
import { loadPayloadKeys } from '../../lib/temporal/payload-keys.ts';
import { loadClaimSigner, type ClaimSigner } from '../../lib/claims/sign-claim.ts';
import { spawnChild, type ChildHandle } from './rpc.ts';
import type { BenchInfra } from './setup.ts';

export const TASK_QUEUES = { platform: 'bench-platform', baseline: 'bench-baseline', pglite: 'bench-platform-pglite' } as const;

/** One payload key file for the bench's processes and its own client: each reads what the others encrypted. */
export function benchPayloadKeysFile(infra: BenchInfra): string {
  return loadPayloadKeys({ DATA_DIR: infra.tempRoot, production: false }).source;
}

function baseEnv(infra: BenchInfra): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: infra.temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    DATA_DIR: path.join(infra.tempRoot, 'data'),
    PAYLOAD_KEYS_FILE: benchPayloadKeysFile(infra),
  };
  delete env.DATABASE_URL;
  // Production's default log level: the platform's logging is part of its cost.
  env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
  return env;
}

/**
 * Signs officer claims as the bench's API child does: the development key under the children's
 * DATA_DIR, which the platform worker trusts (bare Updates need a claim like any other caller).
 */
export function benchClaimSigner(infra: BenchInfra): ClaimSigner {
  return loadClaimSigner({ DATA_DIR: baseEnv(infra).DATA_DIR!, production: false });
}

export interface WorkerChildOptions {
  execArgv?: string[];
  maxCachedWorkflows?: number;
  taskQueueSuffix?: string;
  /** SIM_POPULATION_HOUSEHOLDS of the worker's simulated registries (the sweep row's population). */
  populationHouseholds?: number;
}

export function spawnPlatformWorker(infra: BenchInfra, db: 'postgresql' | 'pglite', opts: WorkerChildOptions = {}): Promise<ChildHandle> {
  const env = baseEnv(infra);
  if (db === 'postgresql') env.DATABASE_URL = infra.postgresUrl;
  else env.DATA_DIR = infra.pgliteDataDir;
  Object.assign(env, {
    BENCH_ROLE: 'platform',
    BENCH_BUNDLE: infra.bundles.platform.path,
    BENCH_INTAKE: '1',
    BENCH_SEED: db === 'pglite' ? '1' : '0',
    TEMPORAL_TASK_QUEUE: (db === 'pglite' ? TASK_QUEUES.pglite : TASK_QUEUES.platform) + (opts.taskQueueSuffix ?? ''),
    BENCH_MAX_CACHED: opts.maxCachedWorkflows ? String(opts.maxCachedWorkflows) : '',
    SIM_POPULATION_HOUSEHOLDS: String(opts.populationHouseholds ?? 0),
  });
  return spawnChild(`platform-${db}`, 'worker-child.ts', env, opts.execArgv);
}

export function spawnBaselineWorker(infra: BenchInfra, opts: WorkerChildOptions = {}): Promise<ChildHandle> {
  const env = baseEnv(infra);
  Object.assign(env, {
    BENCH_ROLE: 'baseline',
    BENCH_BUNDLE: infra.bundles.baseline.path,
    TEMPORAL_TASK_QUEUE: TASK_QUEUES.baseline + (opts.taskQueueSuffix ?? ''),
    BENCH_MAX_CACHED: opts.maxCachedWorkflows ? String(opts.maxCachedWorkflows) : '',
  });
  return spawnChild('baseline', 'worker-child.ts', env, opts.execArgv);
}
