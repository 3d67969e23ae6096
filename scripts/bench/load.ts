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

export async function closedLoop(target: LoadTarget, opts: { concurrency: number; durationMs: number; waitForCompletion?: boolean }): Promise<RoundResult> {
  const r = newRound(target.label, opts.durationMs);
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const client = async () => {
    while (performance.now() < end) await one(target, r, t0, performance.now(), opts.waitForCompletion ?? true);
  };
  await withTicker(() => `${target.label}: ${r.completed} done, ${r.errors} errors`, Promise.all(Array.from({ length: opts.concurrency }, client)));
  r.elapsedMs = performance.now() - t0;
  r.rate = steadyRate(r, opts.concurrency);
  return r;
}

export async function openLoop(target: LoadTarget, opts: { ratePerSec: number; durationMs: number; waitForCompletion?: boolean }): Promise<RoundResult> {
  const r = newRound(target.label, opts.durationMs);
  const count = Math.max(1, Math.floor((opts.ratePerSec * opts.durationMs) / 1000));
  const intervalMs = 1000 / opts.ratePerSec;
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
 * (the ramp) to the window's end. A round too short to get past its ramp falls back to all
 * completions over the whole round, drain included (an underestimate, flagged by the window).
 */
function steadyRate(r: RoundResult, concurrency: number): { count: number; windowMs: number } {
  const done = [...r.doneAtMs].sort((a, b) => a - b);
  const rampEnd = done[concurrency - 1];
  if (rampEnd !== undefined && rampEnd < r.windowMs * 0.75) {
    return { count: done.filter((t) => t > rampEnd && t <= r.windowMs).length, windowMs: r.windowMs - rampEnd };
  }
  return { count: r.completed, windowMs: r.elapsedMs };
}
