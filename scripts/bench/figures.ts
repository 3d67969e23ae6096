/** From the phases' measurements to the issue's figures (P1 … P9, databases). */
import { DB_CONCURRENCY } from './phases/databases.ts';
import type { HistoriesResult } from './phases/histories.ts';
import type { ThroughputResult } from './phases/throughput.ts';
import type { WaitingResult } from './phases/waiting.ts';
import type { EntitlementResult } from './phases/entitlements.ts';
import type { ApiResult } from './phases/api.ts';
import type { SweepResult } from './phases/sweep.ts';
import { figure, type Figure } from './report.ts';
import { cpuPerUnit, pooled, throughput, type Measured } from './rounds.ts';

export interface PhaseResults {
  throughput: ThroughputResult;
  histories: HistoriesResult;
  api: ApiResult;
  waiting: WaitingResult;
  entitlements: EntitlementResult;
  databases: { pglite: Measured[]; postgresql: Measured[] };
  sweep: SweepResult;
  bundles: { A: number; B: number };
}

export function computeFigures(r: PhaseResults): Figure[] {
  const t = r.throughput;
  const closedAll = { A: Object.values(t.closed).flatMap((c) => c.A), B: Object.values(t.closed).flatMap((c) => c.B) };
  const half = t.open['0.5'];
  const f: Figure[] = [];
  f.push(figure('P1', 'completed per second (best closed loop)', '/s', t.maxRate.A, t.maxRate.B, { kind: 'min', value: 0.7 }));
  for (const [c, m] of Object.entries(t.closed)) f.push(figure('P1', `completed per second, ${c} in flight`, '/s', throughput(m.A), throughput(m.B), null));
  f.push(figure('P2', `startCase p50 (GraphQL ÷ workflow.start)`, 'ms', r.api.start.A.p50, r.api.start.B.p50, { kind: 'max', value: 1.5 }, r.api.note));
  f.push(figure('P2', `startCase p99 (GraphQL ÷ workflow.start)`, 'ms', r.api.start.A.p99, r.api.start.B.p99, { kind: 'max', value: 2.0 }, r.api.note));
  const load = (share: string) => `open loop at ${Number(share) * 100}% of A's max, same rate for B`;
  if (half) f.push(figure('P3', `time to automatic decision p50, ${load('0.5')}`, 'ms', pooled(half.A, 'e2eMs').p50, pooled(half.B, 'e2eMs').p50, { kind: 'max', value: 1.3 }));
  for (const [share, m] of Object.entries(t.open)) {
    if (share !== '0.5') f.push(figure('P3', `time to decision p50, ${load(share)}`, 'ms', pooled(m.A, 'e2eMs').p50, pooled(m.B, 'e2eMs').p50, null));
    f.push(figure('P3', `time to decision p99, ${load(share)}`, 'ms', pooled(m.A, 'e2eMs').p99, pooled(m.B, 'e2eMs').p99, null));
  }
  f.push(figure('P3', 'time to decision p50, one case at a time', 'ms', pooled(t.serial.A, 'e2eMs').p50, pooled(t.serial.B, 'e2eMs').p50, null));
  f.push(figure('P4', 'state transitions per case', '', r.histories.A.stateTransitions, r.histories.B.stateTransitions, { kind: 'max', value: 1.2 }));
  f.push(figure('P4', 'history events per case', '', r.histories.A.events, r.histories.B.events, { kind: 'max', value: 1.2 }));
  f.push(figure('P4', 'history bytes per case', 'B', r.histories.A.sizeBytes, r.histories.B.sizeBytes, null));
  f.push(figure('P5', 'worker CPU per case (closed loops)', 'ms', cpuPerUnit(closedAll.A), cpuPerUnit(closedAll.B), { kind: 'max', value: 1.5 }));
  f.push(figure('P5', 'Temporal server CPU per case', 'ms', cpuPerUnit(closedAll.A, 'serverCpuMs'), cpuPerUnit(closedAll.B, 'serverCpuMs'), null));
  f.push(figure('P6', 'case(id) p50 (full stack ÷ bare yoga)', 'ms', r.api.read.A.p50, r.api.read.B.p50, { kind: 'max', value: 1.2 }, r.api.note));
  f.push(figure('P6', 'case(id) requests per second', '/s', r.api.read.rps.A, r.api.read.rps.B, { kind: 'min', value: 0.83 }, 'goal ≤ 1.2 as a slowdown: ≥ 1/1.2 as a rate'));
  f.push(figure('P6', 'case(id) API process CPU per request', 'ms', r.api.read.apiCpuMsPerRequest.A, r.api.read.apiCpuMsPerRequest.B, null));
  f.push(figure('P7', `resolveTask p50 (${r.waiting.update.viaGraphql ? 'GraphQL' : 'executeUpdate'} ÷ bare executeUpdate)`, 'ms', r.waiting.update.A.p50, r.waiting.update.B.p50, { kind: 'max', value: 1.5 }));
  f.push(figure('P7', 'resolveTask p50 (platform executeUpdate ÷ bare)', 'ms', r.waiting.update.ADirect.p50, r.waiting.update.B.p50, null));
  f.push(figure('P8', 'replay per history', 'ms', r.histories.replayMsPerHistory.A, r.histories.replayMsPerHistory.B, { kind: 'max', value: 1.5 }));
  f.push(figure('P8', 'workflow bundle', 'KiB', r.bundles.A / 1024, r.bundles.B / 1024, { kind: 'max', value: 1.5 }));
  f.push(figure('P9', 'workflow-thread heap per cached workflow', 'KiB', r.waiting.memory.A.workflowHeapKb, r.waiting.memory.B.workflowHeapKb, null));
  f.push(...entitlementFigures(r.entitlements));
  const db = r.databases;
  f.push(figure('DB', `PGlite ÷ PostgreSQL: cases per second, ${DB_CONCURRENCY} in flight`, '/s', throughput(db.pglite), throughput(db.postgresql), null));
  f.push(figure('DB', 'PGlite ÷ PostgreSQL: time to decision p50', 'ms', pooled(db.pglite, 'e2eMs').p50, pooled(db.postgresql, 'e2eMs').p50, null));
  f.push(figure('DB', 'PGlite ÷ PostgreSQL: platform process CPU per case', 'ms', cpuPerUnit(db.pglite), cpuPerUnit(db.postgresql), null, 'PGlite runs the database inside the process; the PostgreSQL server’s CPU is not counted'));
  const sw = r.sweep;
  f.push(figure('SW', `population sweep: persons scanned per second (sweep ÷ reading the extract alone), ${sw.B.scanned.toLocaleString('en-US')} persons`, '/s', sw.A.scanned / sw.A.seconds, sw.B.scanned / sw.B.seconds, null, `A: ${sw.A.seconds.toFixed(1)} s, with the offers' case workflows on the same worker`));
  f.push(figure('SW', 'population sweep: offers made (÷ families entitled in the extract)', '', sw.A.offered, sw.B.entitled, null, 'a ratio of 1 offers every entitled family once'));
  return f;
}

/** The part of the heap limit the SDK leaves for cached workflows when it sizes the default cache (worker-options.js: heap − 200 MiB). */
const SDK_HEAP_RESERVE_BYTES = 200 * 1024 * 1024;

/** Cached workflows a worker holds: its cache size, unless the heap the SDK leaves them fits fewer. */
export function entitlementsHeld(heapKbPerEntitlement: number, w: Pick<EntitlementResult['waiting'], 'heapLimitBytes' | 'maxCachedWorkflows'>): number {
  const byHeap = heapKbPerEntitlement > 0 ? Math.floor((w.heapLimitBytes - SDK_HEAP_RESERVE_BYTES) / (heapKbPerEntitlement * 1024)) : Infinity;
  return Math.min(w.maxCachedWorkflows, byHeap);
}

function entitlementFigures(e: EntitlementResult): Figure[] {
  const w = e.waiting;
  const months = `${Math.max(...e.monthsGranted)} months of ${e.periodMs} ms`;
  const held = { A: entitlementsHeld(w.heapKb.A, w), B: entitlementsHeld(w.heapKb.B, w) };
  const heapMiB = (w.heapLimitBytes / 1024 / 1024).toFixed(0);
  return [
    figure('EN', `history events per entitlement-month (${months})`, '', e.A.eventsPerMonth, e.B.eventsPerMonth, { kind: 'max', value: 1.7 }, `months that waited for their timer: A ${Math.round(e.A.timedShare * 100)}%, B ${Math.round(e.B.timedShare * 100)}%`),
    figure('EN', 'worker CPU per entitlement-month', 'ms', e.A.cpuMs / e.A.months, e.B.cpuMs / e.B.months, null, `${e.A.months} and ${e.B.months} months in the steady windows`),
    figure('EN', 'workflow-thread heap per waiting entitlement', 'KiB', w.heapKb.A, w.heapKb.B, null, `${w.n} entitlements each`),
    figure('EN', `waiting entitlements one worker keeps cached (cache ${w.maxCachedWorkflows}, heap limit ${heapMiB} MiB)`, '', held.A, held.B, { kind: 'min', value: 1 }, 'min(cache size, (heap limit − 200 MiB) ÷ heap per entitlement)'),
  ];
}
