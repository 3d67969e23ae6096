/** Command-line options: `--quick` proves the harness in under two minutes; the default is the full run. */
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.ts';
import type { RoundLength } from './load.ts';

export interface BenchOptions {
  quick: boolean;
  /** Rounds per interleaved phase (A B B A …). */
  rounds: number;
  roundMs: number;
  warmupMs: number;
  concurrency: number[];
  openLoads: number[];
  apiRoundMs: number;
  /** Each measured round runs on until this many cases completed (past a closed loop's ramp)… */
  minCases: number;
  /** …but no longer than this. */
  maxRoundMs: number;
  /** Workflows kept waiting in the worker cache for P9, and resolved for P7. */
  cachedWorkflows: number;
  historySamples: number;
  profile: boolean;
  profileMs: number;
  /** EN: entitlements kept waiting (heap), entitlements run through their months, a month's length, and the months measured (null: all of them). */
  entitlements: { waiting: number; running: number; periodMs: number; windowMonths: number | null };
  /** The platform worker's simulated population at large, which the sweep row walks. */
  sweepHouseholds: number;
  out: string;
}

export function parseOptions(argv: string[]): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = flag('quick');
  const base: BenchOptions = quick
    ? { quick, rounds: 2, roundMs: 1500, warmupMs: 1500, concurrency: [10, 50], openLoads: [0.5, 0.8], apiRoundMs: 1000, minCases: 10, maxRoundMs: 10_000, cachedWorkflows: 10, entitlements: { waiting: 6, running: 4, periodMs: 3000, windowMonths: 4 }, historySamples: 10, profile: false, profileMs: 3000, sweepHouseholds: 1500, out: '' }
    : { quick, rounds: 4, roundMs: 15_000, warmupMs: 8000, concurrency: [10, 50], openLoads: [0.5, 0.8], apiRoundMs: 8000, minCases: 10, maxRoundMs: 60_000, cachedWorkflows: 300, entitlements: { waiting: 14, running: 9, periodMs: 3000, windowMonths: null }, historySamples: 40, profile: true, profileMs: 15_000, sweepHouseholds: 34_000, out: '' };
  if (flag('no-profile')) base.profile = false;
  if (flag('profile')) base.profile = true;
  if (value('rounds')) base.rounds = Number(value('rounds'));
  if (value('round-ms')) base.roundMs = Number(value('round-ms'));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  base.out = path.resolve(value('out') ?? path.join(PROJECT_ROOT, 'bench-results', `bench-${quick ? 'quick-' : ''}${stamp}.json`));
  return base;
}

/** A measured round of nominal length `durationMs`, lengthened (bounded) until it has seen its minimum of cases. */
export function roundOf(opts: Pick<BenchOptions, 'minCases' | 'maxRoundMs'>, durationMs: number): RoundLength {
  return { durationMs, minCases: opts.minCases, maxMs: Math.max(durationMs, opts.maxRoundMs) };
}
