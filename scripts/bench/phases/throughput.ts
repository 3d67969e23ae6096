/**
 * P1, P3, P5: closed-loop load at each concurrency (the best rate is a system's maximum), then
 * open-loop load at shares of the platform's maximum, offered at the same rate to both systems:
 * the latency ratio then says how much longer a case takes than bare Temporal under the same
 * traffic (Qyzmet's own work plus the queueing it causes), not how each copes with its own peak.
 */
import { processDb } from '../dbcount.ts';
import { closedLoop, openLoop, type LoadTarget } from '../load.ts';
import { roundOf, type BenchOptions } from '../options.ts';
import { log } from '../progress.ts';
import { interleaved, throughput, type Measured } from '../rounds.ts';
import type { ChildHandle } from '../rpc.ts';

export interface ThroughputResult {
  /** One case at a time: the critical path with no queueing at all. */
  serial: { A: Measured[]; B: Measured[] };
  closed: Record<number, { A: Measured[]; B: Measured[] }>;
  open: Record<string, { A: Measured[]; B: Measured[]; rates: { A: number; B: number } }>;
  maxRate: { A: number; B: number };
  /** SQL statements the intake (in this process) sent per platform case started. */
  intakeDbQueriesPerCase: number;
}

export async function runThroughput(
  opts: BenchOptions,
  targets: { A: LoadTarget; B: LoadTarget },
  workers: { A: ChildHandle; B: ChildHandle },
  serverPid: number | undefined,
): Promise<ThroughputResult> {
  log(`warm-up: ${opts.warmupMs / 1000} s each, closed loop c=10`);
  await closedLoop(targets.A, { concurrency: 10, durationMs: opts.warmupMs });
  await closedLoop(targets.B, { concurrency: 10, durationMs: opts.warmupMs });

  const serialMs = Math.max(1000, opts.roundMs / 3);
  const serial = await interleaved('one case at a time', opts.rounds, {
    A: { run: () => closedLoop(targets.A, { concurrency: 1, ...roundOf(opts, serialMs) }), worker: workers.A },
    B: { run: () => closedLoop(targets.B, { concurrency: 1, ...roundOf(opts, serialMs) }), worker: workers.B },
  }, serverPid);

  const closed: ThroughputResult['closed'] = {};
  const db0 = processDb.queries;
  for (const c of opts.concurrency) {
    closed[c] = await interleaved(
      `closed loop, ${c} in flight`,
      opts.rounds,
      {
        A: { run: () => closedLoop(targets.A, { concurrency: c, ...roundOf(opts, opts.roundMs) }), worker: workers.A },
        B: { run: () => closedLoop(targets.B, { concurrency: c, ...roundOf(opts, opts.roundMs) }), worker: workers.B },
      },
      serverPid,
    );
  }
  const startedA = Object.values(closed).flatMap((c) => c.A).reduce((n, m) => n + m.round.ids.length, 0);
  const intakeDbQueriesPerCase = (processDb.queries - db0) / startedA;
  const best = (side: 'A' | 'B') => Math.max(...opts.concurrency.map((c) => throughput(closed[c]![side])));
  const maxRate = { A: best('A'), B: best('B') };
  log(`maximum rates: A ${maxRate.A.toFixed(1)}/s, B ${maxRate.B.toFixed(1)}/s`);

  const open: ThroughputResult['open'] = {};
  const reference = Math.min(maxRate.A, maxRate.B);
  for (const share of opts.openLoads) {
    const rates = { A: share * reference, B: share * reference };
    const m = await interleaved(
      `open loop at ${share * 100}% of the platform's maximum (${rates.A.toFixed(1)}/s for both)`,
      opts.rounds,
      {
        A: { run: () => openLoop(targets.A, { ratePerSec: rates.A, ...roundOf(opts, opts.roundMs) }), worker: workers.A },
        B: { run: () => openLoop(targets.B, { ratePerSec: rates.B, ...roundOf(opts, opts.roundMs) }), worker: workers.B },
      },
      serverPid,
    );
    open[String(share)] = { ...m, rates };
  }
  return { serial, closed, open, maxRate, intakeDbQueriesPerCase };
}
