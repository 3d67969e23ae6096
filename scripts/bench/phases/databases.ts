/**
 * The same case load on the embedded PGlite database and on PostgreSQL. PGlite admits one
 * process, so intake runs inside each platform worker process here (as in `npm start`), for
 * both databases alike.
 */
import type { Client } from '@temporalio/client';
import type { StartCaseInput } from '../../../api/intake/start-case.ts';
import { spawnPlatformWorker } from '../children.ts';
import { closedLoop } from '../load.ts';
import { roundOf, type BenchOptions } from '../options.ts';
import { log } from '../progress.ts';
import { interleaved, type Measured } from '../rounds.ts';
import type { ChildHandle } from '../rpc.ts';
import type { BenchInfra } from '../setup.ts';
import { childIntakeTarget } from '../systems.ts';

export const DB_CONCURRENCY = 10;

/** Started with the other workers (it idles until its phase), so the phase does not wait for its start-up. */
export function startPgliteWorker(infra: BenchInfra): Promise<ChildHandle> {
  return spawnPlatformWorker(infra, 'pglite');
}

export async function runDatabases(
  opts: Pick<BenchOptions, 'rounds' | 'roundMs' | 'warmupMs' | 'minCases' | 'maxRoundMs'>,
  serverPid: number | undefined,
  client: Client,
  workers: { pglite: ChildHandle; postgresql: ChildHandle },
): Promise<{ pglite: Measured[]; postgresql: Measured[] }> {
  const { pglite: pgliteWorker, postgresql: postgresWorker } = workers;
  try {
    const via = (w: ChildHandle) => (input: StartCaseInput) => w.call<string>('startCase', input);
    const targets = { A: childIntakeTarget('PGlite', client, via(pgliteWorker)), B: childIntakeTarget('PostgreSQL', client, via(postgresWorker)) };
    await closedLoop(targets.A, { concurrency: DB_CONCURRENCY, durationMs: opts.warmupMs });
    await closedLoop(targets.B, { concurrency: DB_CONCURRENCY, durationMs: opts.warmupMs });
    const m = await interleaved(
      `PGlite (A) vs PostgreSQL (B), closed loop ${DB_CONCURRENCY} in flight`,
      opts.rounds,
      {
        A: { run: () => closedLoop(targets.A, { concurrency: DB_CONCURRENCY, ...roundOf(opts, opts.roundMs) }), worker: pgliteWorker },
        B: { run: () => closedLoop(targets.B, { concurrency: DB_CONCURRENCY, ...roundOf(opts, opts.roundMs) }), worker: postgresWorker },
      },
      serverPid,
    );
    return { pglite: m.A, postgresql: m.B };
  } finally {
    await pgliteWorker.stop();
  }
}
