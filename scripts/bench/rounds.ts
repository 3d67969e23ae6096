/**
 * Interleaved rounds: A B B A … so that drift on a shared, noisy machine (other processes, the
 * dev server's SQLite growing, the JIT warming) falls on both systems alike. Each round records
 * the CPU time its worker process and the Temporal server spent on it.
 */
import fs from 'node:fs';
import type { ActivityStat } from './instrument.ts';
import type { RoundResult } from './load.ts';
import { log } from './progress.ts';
import type { ChildHandle } from './rpc.ts';
import { interleave, round, summarize } from './stats.ts';

export interface Side {
  run(): Promise<RoundResult>;
  /** The worker process whose CPU time this side's work costs. */
  worker?: ChildHandle;
}

export interface Measured {
  round: RoundResult;
  workerCpuMs: number;
  serverCpuMs: number;
  /** PostgreSQL statements the worker process issued during the round (0 on PGlite). */
  workerDbQueries: number;
  activities: ActivityStat[];
}

/** utime + stime of a process from /proc, in ms (Linux; NaN elsewhere). */
export function procCpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
  } catch {
    return NaN;
  }
}

export async function cpuOf(worker: ChildHandle | undefined): Promise<{ cpuMs: number; dbQueries: number }> {
  if (!worker) return { cpuMs: NaN, dbQueries: NaN };
  const u = await worker.call<{ user: number; system: number; db: { queries: number } }>('cpu');
  return { cpuMs: (u.user + u.system) / 1000, dbQueries: u.db.queries };
}

function describe(m: Measured): string {
  const r = m.round;
  const e2e = summarize(r.e2eMs);
  return `${r.label}: ${round((r.rate.count * 1000) / r.rate.windowMs, 1)}/s over ${round(r.rate.windowMs / 1000, 1)} s, e2e p50 ${round(e2e.p50, 0)} ms, ${r.completed} done${r.errors ? `, ${r.errors} ERRORS (${r.firstError})` : ''}`;
}

export async function interleaved(name: string, rounds: number, sides: { A: Side; B: Side }, serverPid?: number): Promise<{ A: Measured[]; B: Measured[] }> {
  const out: { A: Measured[]; B: Measured[] } = { A: [], B: [] };
  const order = interleave(rounds);
  for (const [i, which] of order.entries()) {
    const side = sides[which];
    log(`${name}: round ${i + 1}/${order.length} (${which})`);
    await side.worker?.call('stats', { reset: true });
    const [cpu0, srv0] = [await cpuOf(side.worker), procCpuMs(serverPid)];
    const r = await side.run();
    const [cpu1, srv1] = [await cpuOf(side.worker), procCpuMs(serverPid)];
    const activities = side.worker ? await side.worker.call<ActivityStat[]>('stats', { reset: true }) : [];
    const m: Measured = { round: r, workerCpuMs: cpu1.cpuMs - cpu0.cpuMs, serverCpuMs: srv1 - srv0, workerDbQueries: cpu1.dbQueries - cpu0.dbQueries, activities };
    out[which].push(m);
    log(`  ${describe(m)}`);
    if (r.errors > Math.max(2, r.completed * 0.05)) throw new Error(`${name}: too many errors in round ${i + 1} (${which}): ${r.firstError}`);
  }
  return out;
}

/** Pooled over rounds: steady-state completions per second. */
export function throughput(ms: Measured[]): number {
  const done = ms.reduce((n, m) => n + m.round.rate.count, 0);
  const secs = ms.reduce((n, m) => n + m.round.rate.windowMs, 0) / 1000;
  return done / secs;
}

export function cpuPerUnit(ms: Measured[], key: 'workerCpuMs' | 'serverCpuMs' | 'workerDbQueries' = 'workerCpuMs'): number {
  const cpu = ms.reduce((n, m) => n + m[key], 0);
  const done = ms.reduce((n, m) => n + m.round.completed, 0);
  return cpu / done;
}

export const pooled = (ms: Measured[], key: 'e2eMs' | 'startMs') => summarize(ms.flatMap((m) => m.round[key]));

export interface ActivityRow {
  type: string;
  local: boolean;
  callsPerCase: number;
  meanMs: number;
  msPerCase: number;
  dbQueriesPerCase: number;
  dbTransactionsPerCase: number;
}

export function activityBreakdown(ms: Measured[]): ActivityRow[] {
  const cases = ms.reduce((n, m) => n + m.round.completed, 0);
  const by = new Map<string, ActivityStat>();
  for (const s of ms.flatMap((m) => m.activities)) {
    const key = `${s.local}:${s.type}`;
    const acc = by.get(key) ?? { ...s, calls: 0, totalMs: 0, maxMs: 0, dbQueries: 0, dbTransactions: 0 };
    acc.calls += s.calls;
    acc.totalMs += s.totalMs;
    acc.maxMs = Math.max(acc.maxMs, s.maxMs);
    acc.dbQueries += s.dbQueries;
    acc.dbTransactions += s.dbTransactions;
    by.set(key, acc);
  }
  return [...by.values()]
    .map((s) => ({
      type: s.type,
      local: s.local,
      callsPerCase: round(s.calls / cases, 2),
      meanMs: round(s.totalMs / s.calls, 2),
      msPerCase: round(s.totalMs / cases, 2),
      dbQueriesPerCase: round(s.dbQueries / cases, 2),
      dbTransactionsPerCase: round(s.dbTransactions / cases, 2),
    }))
    .sort((a, b) => b.msPerCase - a.msPerCase);
}
