/**
 * P9 and P7 on the same workflows: N cases wait for an officer (held in the worker's cache),
 * which measures memory per cached workflow; then each is resolved — through GraphQL
 * `resolveTask`, or a bare `executeUpdate` on the platform workflow — against B's workflows
 * waiting for the same Update, resolved with a bare `executeUpdate`.
 */
import type { Client } from '@temporalio/client';
import type { IntakeDeps } from '../../../api/intake/start-case.ts';
import { caseIdOfWorkflow, resolveTaskUpdate, type TaskState } from '../../../workflows/messages.ts';
import { WAITING_QUERY } from '../baseline/protocol.ts';
import type { ClaimSigner } from '../../../lib/claims/sign-claim.ts';
import { resolveReview, waitForOpenTask } from '../derive.ts';
import type { LoadTarget } from '../load.ts';
import { log } from '../progress.ts';
import type { ChildHandle } from '../rpc.ts';
import type { WorkflowShape } from '../shape.ts';
import { interleave, summarize, type Summary } from '../stats.ts';
import { baselineTarget, platformTarget } from '../systems.ts';

export interface WaitingResult {
  cached: number;
  memory: { A: MemoryPerWorkflow; B: MemoryPerWorkflow };
  update: { A: Summary; ADirect: Summary; B: Summary; viaGraphql: boolean };
}

/** KiB per cached workflow: the workflow thread's live heap (the figure) and process RSS (context). */
export interface MemoryPerWorkflow {
  workflowHeapKb: number;
  rssKb: number;
}

/** Resolves a platform case's task through the API; absent when the API cannot do it yet. */
export type GraphqlResolve = (caseId: string, task: TaskState) => Promise<void>;

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function startWaiting(target: LoadTarget, n: number, ready: (id: string) => Promise<unknown>): Promise<{ id: string; ready: unknown }[]> {
  const out: { id: string; ready: unknown }[] = [];
  await pool(Array.from({ length: n }, (_, i) => i), 10, async () => {
    const id = await target.start();
    out.push({ id, ready: await ready(id) });
  });
  return out;
}

interface MemorySample {
  rss: number;
  workflowHeap: number;
}

export async function memory(worker: ChildHandle): Promise<MemorySample> {
  const { rss } = await worker.call<{ rss: number }>('mem');
  return { rss, workflowHeap: await worker.call<number>('workflowHeap') };
}

export async function runWaiting(
  n: number,
  rounds: number,
  ctx: { client: Client; intake: IntakeDeps; baselineTaskQueue: string; shape: WorkflowShape; platform: ChildHandle; baseline: ChildHandle; graphqlResolve?: GraphqlResolve; claimSigner: ClaimSigner },
): Promise<WaitingResult> {
  const { client } = ctx;
  const perWorkflow = (before: MemorySample, after: MemorySample): MemoryPerWorkflow => ({
    workflowHeapKb: (after.workflowHeap - before.workflowHeap) / 1024 / n,
    rssKb: (after.rss - before.rss) / 1024 / n,
  });

  log(`P9: ${n} platform cases waiting for an officer`);
  const a0 = await memory(ctx.platform);
  const cases = await startWaiting(platformTarget('A', client, ctx.intake, 'review'), n, (id) => waitForOpenTask(client, id, 60_000));
  const a1 = await memory(ctx.platform);
  log(`P9: ${n} baseline workflows waiting for their Update`);
  const b0 = await memory(ctx.baseline);
  const waiting = await startWaiting(baselineTarget('B', client, ctx.baselineTaskQueue, ctx.shape, 'review'), n, async (id) => {
    for (let i = 0; i < 600; i++) {
      if (await client.workflow.getHandle(id).query<boolean>(WAITING_QUERY).catch(() => false)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`baseline ${id} never reached its wait`);
  });
  const b1 = await memory(ctx.baseline);
  const memoryResult = { A: perWorkflow(a0, a1), B: perWorkflow(b0, b1) };
  const show = (m: MemoryPerWorkflow) => `${m.workflowHeapKb.toFixed(1)} KiB heap, ${m.rssKb.toFixed(1)} KiB RSS`;
  log(`  per cached workflow: A ${show(memoryResult.A)}; B ${show(memoryResult.B)}`);

  // P7: one Update at a time, so each latency is the Update's own, not a queue's.
  const lat = { A: [] as number[], ADirect: [] as number[], B: [] as number[] };
  const updateArg = 'x'.repeat(Math.max((ctx.shape.update?.inputBytes ?? 2) - 2, 0));
  const order = interleave(rounds);
  const perRound = { A: Math.ceil(n / order.filter((w) => w === 'A').length), B: Math.ceil(n / order.filter((w) => w === 'B').length) };
  let ai = 0;
  let bi = 0;
  for (const [r, which] of order.entries()) {
    log(`P7: round ${r + 1}/${order.length} (${which})`);
    if (which === 'A') {
      for (const { id, ready } of cases.slice(ai, ai + perRound.A)) {
        const task = ready as TaskState;
        // Alternate GraphQL and the bare Update on the same kind of case: the difference is the API's.
        const viaApi = ctx.graphqlResolve && ai % 2 === 0;
        const t0 = performance.now();
        if (viaApi) await ctx.graphqlResolve!(caseIdOfWorkflow(id), task);
        else await resolveReview(client, ctx.claimSigner, id, task);
        (viaApi ? lat.A : lat.ADirect).push(performance.now() - t0);
        ai += 1;
      }
    } else {
      for (const { id } of waiting.slice(bi, bi + perRound.B)) {
        const t0 = performance.now();
        await client.workflow.getHandle(id).executeUpdate(ctx.shape.update!.name, { args: [updateArg] });
        lat.B.push(performance.now() - t0);
        bi += 1;
      }
    }
  }
  // Let the resolved cases finish (notification, completion) before the next phase.
  await Promise.all([...cases, ...waiting].map(({ id }) => client.workflow.getHandle(id).result()));
  const viaGraphql = Boolean(ctx.graphqlResolve);
  return {
    cached: n,
    memory: memoryResult,
    update: { A: summarize(viaGraphql ? lat.A : lat.ADirect), ADirect: summarize(lat.ADirect), B: summarize(lat.B), viaGraphql },
  };
}
