/**
 * Load generators. Closed loop: `concurrency` clients, each starting the next case when its
 * previous one completes. Open loop: sends on a fixed schedule whatever the system does, and
 * every latency counts from the *scheduled* send time, so queueing in the client is not hidden.
 */
import { withTicker } from './progress.ts';

export interface LoadTarget {
  label: string;
  /** Starts one unit of work; resolves with its id once the start is acknowledged. */
  start(): Promise<string>;
  /** Resolves when the unit completes (e.g. the workflow's result). */
  wait(id: string): Promise<void>;
}

export interface RoundResult {
  label: string;
  windowMs: number;
  /** Wall time including the drain of work in flight at the end of the window. */
  elapsedMs: number;
  /** Steady-state rate: completions after the first `concurrency` (the ramp) until the window's end. */
  rate: { count: number; windowMs: number };
  completed: number;
  errors: number;
  firstError?: string;
  /** From scheduled send to start acknowledged, and to completion (ms). */
  startMs: number[];
  e2eMs: number[];
  ids: string[];
  /** Completion times since the round's start. */
  doneAtMs: number[];
}

function newRound(label: string, windowMs: number): RoundResult {
  return { label, windowMs, elapsedMs: 0, rate: { count: 0, windowMs: 0 }, completed: 0, errors: 0, startMs: [], e2eMs: [], ids: [], doneAtMs: [] };
}

async function one(target: LoadTarget, r: RoundResult, t0: number, scheduled: number, waitForCompletion: boolean): Promise<void> {
  try {
    const id = await target.start();
    r.startMs.push(performance.now() - scheduled);
    r.ids.push(id);
    if (!waitForCompletion) return;
    await target.wait(id);
    const done = performance.now();
    r.e2eMs.push(done - scheduled);
    r.doneAtMs.push(done - t0);
    r.completed += 1;
  } catch (e) {
    r.errors += 1;
    r.firstError ??= (e as Error).message.slice(0, 500);
  }
}

/**
 * How long a round measures: `durationMs`, then on until `minCases` units have completed (past
 * the ramp, for a closed loop), but never past `maxMs` — a short round on a busy machine would
 * otherwise see no completion at all and report a rate of 0.
 */
export interface RoundLength {
  durationMs: number;
  minCases?: number;
  maxMs?: number;
}

export async function closedLoop(target: LoadTarget, opts: RoundLength & { concurrency: number; waitForCompletion?: boolean }): Promise<RoundResult> {
  const r = newRound(target.label, opts.durationMs);
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const hardEnd = t0 + Math.max(opts.durationMs, opts.maxMs ?? 0);
  const needed = opts.minCases ? opts.concurrency + opts.minCases : 0;
  let stoppedAt: number | null = null;
  const sending = () => {
    if (stoppedAt !== null) return false;
    const now = performance.now();
    if (now < end || (r.completed < needed && now < hardEnd)) return true;
    stoppedAt = now;
    return false;
  };
  const client = async () => {
    while (sending()) await one(target, r, t0, performance.now(), opts.waitForCompletion ?? true);
  };
  await withTicker(() => `${target.label}: ${r.completed} done, ${r.errors} errors`, Promise.all(Array.from({ length: opts.concurrency }, client)));
  r.elapsedMs = performance.now() - t0;
  // A round that met its minimum in time keeps its nominal window; a lengthened one ends when it stopped sending.
  const metInTime = r.doneAtMs.filter((t) => t <= opts.durationMs).length >= needed;
  if (!metInTime && stoppedAt !== null) r.windowMs = stoppedAt - t0;
  r.rate = steadyRate(r, opts.concurrency, opts.minCases ?? 1);
  return r;
}

export async function openLoop(target: LoadTarget, opts: RoundLength & { ratePerSec: number; waitForCompletion?: boolean }): Promise<RoundResult> {
  const sends = (ms: number) => Math.floor((opts.ratePerSec * ms) / 1000);
  // At the same rate, a round that must see `minCases` completions sends that many (bounded in time).
  const count = Math.max(1, sends(opts.durationMs), Math.min(opts.minCases ?? 0, sends(opts.maxMs ?? 0)));
  const intervalMs = 1000 / opts.ratePerSec;
  const r = newRound(target.label, Math.max(opts.durationMs, count * intervalMs));
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const inFlight: Promise<void>[] = [];
  let sent = 0;
  const sender = new Promise<void>((resolve) => {
    const tick = () => {
      // Catch up on every send that is due: a late timer must not lower the offered rate.
      while (sent < count && t0 + sent * intervalMs <= performance.now()) {
        inFlight.push(one(target, r, t0, t0 + sent * intervalMs, opts.waitForCompletion ?? true));
        sent += 1;
      }
      if (sent >= count) return resolve();
      setTimeout(tick, Math.max(0, t0 + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await withTicker(() => `${target.label}: ${sent}/${count} sent, ${r.completed} done, ${r.errors} errors`, sender.then(() => Promise.all(inFlight)));
  r.elapsedMs = performance.now() - t0;
  r.rate = { count: r.completed, windowMs: r.elapsedMs };
  return r;
}

/**
 * A closed loop's rate once it is full: from the completion of the first `concurrency` units
 * (the ramp) to the window's end. Cases started together finish in waves, so a window that
 * ends between two waves holds no completion past the ramp: a round that did not get past its
 * ramp, or saw fewer than `minCases` completions after it, falls back to all completions over
 * the whole round, drain included (an underestimate, flagged by the window) — never 0.
 */
function steadyRate(r: RoundResult, concurrency: number, minCases: number): { count: number; windowMs: number } {
  const done = [...r.doneAtMs].sort((a, b) => a - b);
  const rampEnd = done[concurrency - 1];
  if (rampEnd !== undefined && rampEnd < r.windowMs * 0.75) {
    const count = done.filter((t) => t > rampEnd && t <= r.windowMs).length;
    if (count >= Math.max(1, minCases)) return { count, windowMs: r.windowMs - rampEnd };
  }
  return { count: r.completed, windowMs: r.elapsedMs };
}
