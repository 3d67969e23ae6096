/**
 * EN: what an entitlement costs once granted — history events and worker CPU per entitlement-month
 * — and how many active (waiting) entitlements one worker holds. A is the platform's entitlement
 * workflow (workflows/entitlement-workflow.ts) of a childcare allowance decided through intake,
 * its months passing in `periodMs` (the per-case timing override); B is bare Temporal doing the
 * least a monthly payment needs (baseline/workflows.ts: a timer per period and one activity
 * recording it), with the same period length and the same number of months.
 *
 * Per month means in the steady state: events between the first and the last period's recording
 * activity (continue-as-new included), CPU over a window in which every entitlement has started
 * paying and none has reached its end — the case before and the end notice after are not months.
 * Memory is P9's: the workflow thread's live heap before and after entitlements wait for their
 * next period (a period of an hour), divided by their number.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { startCase, type IntakeDeps } from '../../../api/intake/start-case.ts';
import type { PrismaClient } from '../../../lib/db/client.ts';
import { getDataset } from '../../../registries/index.ts';
import { applicantCandidates, type Application } from '../../../registries/synthetic/applicants.ts';
import { caseWorkflowId, entitlementIdOf, entitlementWorkflowId } from '../../../workflows/messages.ts';
import { BASELINE_ENTITLEMENT_WORKFLOW, PERIOD_ACTIVITY, type BaselineEntitlementInput } from '../baseline/protocol.ts';
import type { ActivityStat } from '../instrument.ts';
import { log } from '../progress.ts';
import { cpuOf } from '../rounds.ts';
import type { ChildHandle } from '../rpc.ts';
import { CLIENT_ID, nextRequestId } from '../systems.ts';
import { memory } from './waiting.ts';

export interface EntitlementOptions {
  /** Entitlements kept waiting for the heap figure, and entitlements run through their months. */
  waiting: number;
  running: number;
  periodMs: number;
  /** Months each entitlement records in the CPU window before the phase stops them (quick); null: they run to their end. */
  windowMonths: number | null;
  /** Bound on each wait of the phase (a busy machine lengthens it; it never hangs). */
  maxMs: number;
}

export interface SideMonths {
  /** Mean history events per month over the sampled entitlements, and the share of months that waited for their timer (a late one starts none). */
  eventsPerMonth: number;
  timedShare: number;
  /** Worker CPU over the window, and the months recorded in it. */
  cpuMs: number;
  months: number;
  /** False when the phase's bound cut the steady window short and the whole run was counted instead. */
  steady: boolean;
}

export interface EntitlementResult {
  periodMs: number;
  /** Months granted to each running entitlement (B runs the same). */
  monthsGranted: number[];
  A: SideMonths;
  B: SideMonths;
  waiting: {
    n: number;
    heapKb: { A: number; B: number };
    /** The worker's main-thread heap limit and its workflow cache size, from which the SDK sizes one from the other. */
    heapLimitBytes: number;
    maxCachedWorkflows: number;
  };
}

interface Side {
  label: 'A' | 'B';
  worker: ChildHandle;
  periodActivity: string;
  /** Periods each entitlement has recorded, by workflow id. */
  progress(): Promise<Map<string, number>>;
}

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, deadline: number, check: () => Promise<boolean>): Promise<boolean> {
  while (performance.now() < deadline) {
    if (await check()) return true;
    await sleepMs(100);
  }
  log(`  EN: ${what} not reached within the phase's bound; measuring what there is`);
  return false;
}

/** Every history event of a workflow, all its runs in order (continue-as-new followed back from the latest). */
async function allRuns(client: Client, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  for (let runId: string | undefined; ; ) {
    const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.unshift(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) return runs.flat();
  }
}

/**
 * A month is the events from one period's recording activity to the next's. Events per month count
 * the months that waited for their timer, as every month does outside the bench: a month that fell
 * due before the previous one was done (a machine slower than the accelerated period) starts no
 * timer and would flatter its side. Only when no month waited are all counted. `timers` is the share
 * of months that waited.
 */
export function perMonth(events: temporal.api.history.v1.IHistoryEvent[], periodActivity: string): { events: number; timers: number } {
  const at = events.flatMap((e, i) => (e.activityTaskScheduledEventAttributes?.activityType?.name === periodActivity ? [i] : []));
  if (at.length < 2) return { events: NaN, timers: NaN };
  const months = at.slice(1).map((end, i) => ({ events: end - at[i]!, timed: events.slice(at[i], end).some((e) => e.timerStartedEventAttributes) }));
  const timed = months.filter((m) => m.timed);
  const counted = timed.length ? timed : months;
  return { events: counted.reduce((n, m) => n + m.events, 0) / counted.length, timers: timed.length / months.length };
}

const mean = (xs: number[]) => {
  const finite = xs.filter(Number.isFinite);
  return finite.length ? finite.reduce((s, x) => s + x, 0) / finite.length : NaN;
};

async function periodCalls(worker: ChildHandle, type: string): Promise<number> {
  const stats = await worker.call<ActivityStat[]>('stats', { reset: false });
  return stats.filter((s) => s.type === type).reduce((n, s) => n + s.calls, 0);
}

/**
 * Worker CPU per month over the steady window: from every entitlement having recorded two periods
 * to the first reaching its last two, or every one `windowMonths` more (or all done), with at
 * least one month per entitlement recorded in it.
 */
async function steadyCpu(side: Side, ids: string[], months: Map<string, number>, windowMonths: number | null, deadline: number): Promise<{ cpuMs: number; months: number; steady: boolean }> {
  const counts = async () => {
    const p = await side.progress();
    return ids.map((id) => ({ id, n: p.get(id) ?? 0 }));
  };
  let steady = await until(`${side.label}: every entitlement paying`, deadline, async () => (await counts()).every((c) => c.n >= 2));
  await side.worker.call('stats', { reset: true });
  const c0 = await cpuOf(side.worker);
  const minMonths = ids.length;
  steady =
    (await until(`${side.label}: the steady window`, deadline, async () => {
      const cs = await counts();
      const done = cs.every((c) => c.n >= months.get(c.id)!);
      const nearEnd = cs.some((c) => c.n >= months.get(c.id)! - 2) || (windowMonths !== null && cs.every((c) => c.n >= 2 + windowMonths));
      return done || (nearEnd && (await periodCalls(side.worker, side.periodActivity)) >= minMonths);
    })) && steady;
  const c1 = await cpuOf(side.worker);
  const recorded = await periodCalls(side.worker, side.periodActivity);
  await side.worker.call('stats', { reset: true });
  return { cpuMs: c1.cpuMs - c0.cpuMs, months: recorded, steady };
}

/** A: a childcare case through intake, as GraphQL `startCase` runs it; its approval starts the entitlement. */
async function grantA(client: Client, intake: IntakeDeps, app: Application, periodMs: number): Promise<string> {
  const { caseId } = await startCase(intake, { ...app, clientId: CLIENT_ID, clientRequestId: nextRequestId(), language: 'ru', timing: { periodMs } });
  const result = (await client.workflow.getHandle(caseWorkflowId(caseId)).result()) as { status: string };
  if (result.status !== 'APPROVED') throw new Error(`EN: the childcare case ${caseId} ended ${result.status}, expected APPROVED (registries/synthetic/applicants.ts: childcare)`);
  return caseId;
}

async function startB(client: Client, taskQueue: string, months: number, periodMs: number): Promise<string> {
  const id = `baseline-entitlement-${nextRequestId()}`;
  const input: BaselineEntitlementInput = { id, months, periodMs };
  await client.workflow.start(BASELINE_ENTITLEMENT_WORKFLOW, { taskQueue, workflowId: id, args: [input] });
  return id;
}

export async function runEntitlements(
  opts: EntitlementOptions,
  ctx: { client: Client; intake: IntakeDeps; prisma: PrismaClient; platform: ChildHandle; baseline: ChildHandle; baselineTaskQueue: string },
): Promise<EntitlementResult> {
  const { client, prisma } = ctx;
  // Children under eleven months: how many the dataset holds depends on today's date (24 on
  // 2026-12-03). Fewer than asked for shrink the waiting set first, never below one each.
  const candidates = applicantCandidates(getDataset()).childcare;
  if (candidates.length < 3) throw new Error(`EN: at least 3 childcare applicants needed, the dataset has ${candidates.length}`);
  const running = Math.min(opts.running, candidates.length - 2);
  const n = Math.min(opts.waiting, candidates.length - 1 - running);
  if (n < opts.waiting || running < opts.running) log(`EN: ${candidates.length} childcare applicants in the dataset: ${n} waiting and ${running} running instead of ${opts.waiting} and ${opts.running}`);
  const caseOf = new Map<string, string>(); // entitlement workflow id → case id
  const sides: { A: Side; B: Side } = {
    A: {
      label: 'A',
      worker: ctx.platform,
      periodActivity: 'recordEntitlementPeriod',
      progress: async () => {
        const ids = [...caseOf.values()].map(entitlementIdOf);
        const rows = await prisma.entitlementPeriod.groupBy({ by: ['entitlementId'], where: { entitlementId: { in: ids } }, _count: { _all: true } });
        const byEntitlement = new Map(rows.map((r) => [r.entitlementId, r._count._all]));
        return new Map([...caseOf].map(([wf, caseId]) => [wf, byEntitlement.get(entitlementIdOf(caseId)) ?? 0]));
      },
    },
    B: { label: 'B', worker: ctx.baseline, periodActivity: PERIOD_ACTIVITY, progress: async () => new Map(Object.entries(await ctx.baseline.call<Record<string, number>>('periods'))) },
  };
  const grantAll = async (apps: Application[], periodMs: number) => {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(4, apps.length) }, async () => {
        while (next < apps.length) {
          const caseId = await grantA(client, ctx.intake, apps[next++]!, periodMs);
          caseOf.set(entitlementWorkflowId(caseId), caseId);
          ids.push(entitlementWorkflowId(caseId));
        }
      }),
    );
    return ids;
  };
  const paying = (side: Side, ids: string[], deadline: number) => until(`${side.label}: first periods`, deadline, async () => {
    const p = await side.progress();
    return ids.every((id) => (p.get(id) ?? 0) >= 1);
  });

  // Memory: entitlements waiting for their next period (an hour away), as P9 measures cases. One
  // on each side first, unmeasured: the first of a workflow type in a worker loads what every later one shares.
  const HOUR = 3_600_000;
  log(`EN: ${n} entitlements on each side waiting for their next period (and one before, to warm the workers)`);
  const warm = { A: await grantAll(candidates.slice(0, 1), HOUR), B: [await startB(client, ctx.baselineTaskQueue, 18, HOUR)] };
  const warmDeadline = performance.now() + opts.maxMs;
  await Promise.all([paying(sides.A, warm.A, warmDeadline), paying(sides.B, warm.B, warmDeadline)]);
  const [a0, b0] = [await memory(ctx.platform), await memory(ctx.baseline)];
  const waitingA = [...warm.A, ...(await grantAll(candidates.slice(1, 1 + n), HOUR))];
  const waitingB = [...warm.B, ...(await Promise.all(Array.from({ length: n }, () => startB(client, ctx.baselineTaskQueue, 18, HOUR))))];
  const memoryDeadline = performance.now() + opts.maxMs;
  await Promise.all([paying(sides.A, waitingA, memoryDeadline), paying(sides.B, waitingB, memoryDeadline)]);
  const [a1, b1] = [await memory(ctx.platform), await memory(ctx.baseline)];
  const heapKb = { A: (a1.workflowHeap - a0.workflowHeap) / 1024 / n, B: (b1.workflowHeap - b0.workflowHeap) / 1024 / n };
  const options = await ctx.platform.call<{ maxCachedWorkflows?: number }>('options');
  const waiting = { n, heapKb, heapLimitBytes: await ctx.platform.call<number>('heapLimit'), maxCachedWorkflows: Number(options?.maxCachedWorkflows) };
  log(`  per waiting entitlement: A ${heapKb.A.toFixed(1)} KiB, B ${heapKb.B.toFixed(1)} KiB of workflow-thread heap`);

  // Months: entitlements running through their granted months, A and B side by side.
  log(`EN: ${running} entitlements on each side paying a month every ${opts.periodMs} ms`);
  const runningA = await grantAll(candidates.slice(1 + n, 1 + n + running), opts.periodMs);
  // The schedule is opened by the entitlement's first activity, a moment after the case's approval.
  const scheduleOf = (wf: string) => prisma.entitlementSchedule.findUnique({ where: { id: entitlementIdOf(caseOf.get(wf)!) }, select: { periods: true } });
  await until('A: the schedules opened', performance.now() + opts.maxMs, async () => (await Promise.all(runningA.map(scheduleOf))).every(Boolean));
  const granted = await Promise.all(runningA.map(async (wf) => (await scheduleOf(wf))?.periods.length ?? 18));
  const runningB = await Promise.all(granted.map((m) => startB(client, ctx.baselineTaskQueue, m, opts.periodMs)));
  const monthsOf = new Map([...runningA.map((id, i) => [id, granted[i]!] as const), ...runningB.map((id, i) => [id, granted[i]!] as const)]);
  const runDeadline = performance.now() + Math.max(...granted) * opts.periodMs + opts.maxMs;
  const [cpuA, cpuB] = await Promise.all([steadyCpu(sides.A, runningA, monthsOf, opts.windowMonths, runDeadline), steadyCpu(sides.B, runningB, monthsOf, opts.windowMonths, runDeadline)]);
  if (opts.windowMonths === null) {
    // Run to their end (bounded) before the histories are read; one still running is ended below.
    const finished = (ids: string[]) => Promise.all(ids.map((id) => client.workflow.getHandle(id).result().catch(() => undefined)));
    await Promise.race([finished([...runningA, ...runningB]), sleepMs(Math.max(runDeadline - performance.now(), opts.maxMs))]);
  }

  const sample = async (side: Side, ids: string[]) => {
    const rows = await Promise.all(ids.map(async (id) => perMonth(await allRuns(client, id), side.periodActivity)));
    return { events: mean(rows.map((r) => r.events)), timers: mean(rows.map((r) => r.timers)) };
  };
  const [evA, evB] = [await sample(sides.A, runningA), await sample(sides.B, runningB)];
  // The waiting ones (and any run the bound cut short) stop here: the next phases measure other things.
  await Promise.all([...waitingA, ...waitingB, ...runningA, ...runningB].map((id) => client.workflow.getHandle(id).terminate('bench: EN phase over').catch(() => undefined)));
  const side = (ev: { events: number; timers: number }, cpu: { cpuMs: number; months: number; steady: boolean }): SideMonths => ({
    eventsPerMonth: ev.events,
    timedShare: ev.timers,
    cpuMs: cpu.cpuMs,
    months: cpu.months,
    steady: cpu.steady,
  });
  const result: EntitlementResult = { periodMs: opts.periodMs, monthsGranted: granted, A: side(evA, cpuA), B: side(evB, cpuB), waiting };
  const show = (s: SideMonths) => `${s.eventsPerMonth.toFixed(1)} events and ${(s.cpuMs / s.months).toFixed(1)} ms CPU per month (${s.months} months in the window${s.steady ? '' : ', not steady'}), ${Math.round(s.timedShare * 100)}% of months on their timer`;
  log(`  A: ${show(result.A)}; B: ${show(result.B)}`);
  return result;
}
