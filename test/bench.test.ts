/**
 * The benchmark harness works end to end: `npm run bench -- --quick` starts its own dev server,
 * workers and API, and produces every figure with both absolute values and a ratio. What the
 * ratios are is the benchmark's business (a noisy machine decides them), not this test's: it
 * checks the harness's shape, and that a round too short for the machine's speed measures
 * longer instead of reporting 0.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';
import { entitlementsHeld } from '../scripts/bench/figures.ts';
import { closedLoop, openLoop, type LoadTarget } from '../scripts/bench/load.ts';
import { perMonth } from '../scripts/bench/phases/entitlements.ts';

const FIGURES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'EN', 'DB', 'SW'];

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every unit takes the same time, so ten started together finish together: the waves a real closed loop shows. */
function fixedLatency(ms: number): LoadTarget {
  let n = 0;
  return { label: 'fixed', start: async () => `u${++n}`, wait: () => new Promise((r) => setTimeout(r, ms)) };
}

describe('load rounds on a machine slower than the round', () => {
  it('a closed loop whose window ends between two waves of completions runs on until its minimum and measures the rate', async () => {
    const r = await closedLoop(fixedLatency(1000), { concurrency: 10, durationMs: 1500, minCases: 10, maxMs: 10_000 });
    expect(r.rate.count).toBeGreaterThanOrEqual(10);
    expect(r.windowMs).toBeGreaterThan(1500);
    const perSecond = (r.rate.count * 1000) / r.rate.windowMs;
    // 10 in flight, 1 s each: 10 per second once the loop is full.
    expect(perSecond).toBeGreaterThan(5);
    expect(perSecond).toBeLessThan(12);
  });

  it('without a minimum, or when the bound stops it first, a round falls back to every completion over its length, never 0', async () => {
    for (const extra of [{}, { minCases: 10, maxMs: 1500 }]) {
      const r = await closedLoop(fixedLatency(1000), { concurrency: 10, durationMs: 1500, ...extra });
      expect(r.elapsedMs).toBeLessThan(2900); // two waves, no third: the bound holds
      expect(r.rate.count).toBe(r.completed);
      expect(r.completed).toBeGreaterThanOrEqual(10);
    }
  });

  it('an open loop sends at its rate until its minimum, within its bound', async () => {
    expect((await openLoop(fixedLatency(20), { ratePerSec: 20, durationMs: 100 })).completed).toBe(2);
    expect((await openLoop(fixedLatency(20), { ratePerSec: 20, durationMs: 100, minCases: 10, maxMs: 5000 })).completed).toBe(10);
    expect((await openLoop(fixedLatency(20), { ratePerSec: 20, durationMs: 100, minCases: 10, maxMs: 200 })).completed).toBe(4);
  });
});

describe('the entitlement rows', () => {
  /** A history's events: `R` the period's recording activity scheduled, `T` a timer started, `.` anything else. */
  const history = (pattern: string) =>
    [...pattern].map((c) => (c === 'R' ? { activityTaskScheduledEventAttributes: { activityType: { name: 'record' } } } : c === 'T' ? { timerStartedEventAttributes: {} } : {}));

  it('a month is the events from one recording to the next, counted only when it waited for its timer', () => {
    // Two months of 11 events with a timer, then one due late: 6 events, no timer.
    const on = 'R....T.....';
    expect(perMonth(history(`..${on}${on}R.....R..`), 'record')).toEqual({ events: 11, timers: 2 / 3 });
    // No month waited (a machine slower than every period): all are counted, never NaN.
    expect(perMonth(history('R.....R.......R'), 'record')).toEqual({ events: 7, timers: 0 });
    expect(perMonth(history('..R..'), 'record').events).toBeNaN(); // one recording is no month
  });

  it('a worker keeps its cache size of waiting entitlements unless the heap the SDK leaves them fits fewer', () => {
    const worker = { heapLimitBytes: 4144 * 1024 * 1024, maxCachedWorkflows: 2310 };
    expect(entitlementsHeld(500, worker)).toBe(2310);
    expect(entitlementsHeld(2048, worker)).toBe(Math.floor((4144 - 200) / 2)); // 2 MiB each: 1 972
    expect(entitlementsHeld(-3, worker)).toBe(2310); // a heap delta lost in the noise bounds nothing
  });
});

// The quick bench took 4–9 minutes beside other heavy work and 15 minutes at a load average of
// about 29 on 2 cores, where a 15-minute limit failed a run whose figures were all present: the
// limit bounds a hung bench, not a slow machine.
it('npm run bench -- --quick produces every figure, as ratios with the values beside them', { timeout: 2_400_000 }, async () => {
  const out = path.join(inject('tempRoot'), 'bench-quick.json');
  const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'bench', '--', '--quick', '--out', out]);
  expect(code, stderr.slice(-4000)).toBe(0);

  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    infra: { journalMode: string };
    figures: { id: string; name: string; a: number | null; b: number | null; ratio: number | null; goal: unknown; met: boolean | null }[];
  };
  expect(result.infra.journalMode).toBe('wal');
  expect(new Set(result.figures.map((f) => f.id))).toEqual(new Set(FIGURES));
  for (const f of result.figures) {
    for (const v of [f.a, f.b, f.ratio]) expect(Number.isFinite(v), `${f.id} ${f.name}: ${JSON.stringify(f)}`).toBe(true);
    if (f.goal) expect(typeof f.met, `${f.id} ${f.name}`).toBe('boolean');
  }
  for (const id of FIGURES) expect(stdout).toContain(`| ${id} |`);
});
