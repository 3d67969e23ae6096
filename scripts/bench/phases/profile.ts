/**
 * Where the time goes: the platform worker and the baseline worker, each run under `--cpu-prof`
 * in a fresh process (so the profiler's overhead never touches the measured phases) for the same
 * closed-loop load, then summarised over the load window only (start-up and shutdown excluded).
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { IntakeDeps } from '../../../api/intake/start-case.ts';
import { spawnBaselineWorker, spawnPlatformWorker, TASK_QUEUES } from '../children.ts';
import { closedLoop, openLoop, type LoadTarget } from '../load.ts';
import { graphqlStartTarget, readTarget, startApi } from './api.ts';
import { summarizeDir, type ThreadProfile } from '../profile.ts';
import { log } from '../progress.ts';
import type { ChildHandle } from '../rpc.ts';
import type { BenchInfra } from '../setup.ts';
import type { WorkflowShape } from '../shape.ts';
import { baselineTarget, platformTarget } from '../systems.ts';

export interface ProfileResult {
  A: { cases: number; threads: ThreadProfile[] };
  B: { cases: number; threads: ThreadProfile[] };
  /** The API process: GraphQL startCase (workflows started on a queue no worker polls), then case(id). */
  api: { startCase: { requests: number; threads: ThreadProfile[] }; caseRead: { requests: number; threads: ThreadProfile[] } } | null;
  dir: string;
}

const SUFFIX = '-profile';

async function profiled(worker: ChildHandle, target: LoadTarget, ms: number, dir: string): Promise<{ cases: number; threads: ThreadProfile[] }> {
  await closedLoop(target, { concurrency: 10, durationMs: Math.min(3000, ms / 3) }); // warm
  const from = await worker.call<number>('mark');
  const r = await closedLoop(target, { concurrency: 10, durationMs: ms });
  const to = await worker.call<number>('mark');
  await worker.stop(); // profiles are written as the threads exit
  return { cases: r.completed, threads: summarizeDir(dir, { from, to }) };
}

async function profileApi(ms: number, infra: BenchInfra, client: Client, intake: IntakeDeps, caseIds: string[], dir: string): Promise<ProfileResult['api']> {
  log('profile: API process under --cpu-prof (startCase, then case(id))');
  const api = await startApi(infra, intake.prisma, { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`], taskQueue: `bench-api${SUFFIX}` });
  const start = graphqlStartTarget(api, client);
  const read = readTarget('case(id)', api.urls.full, { 'x-api-key': api.apiKey }, caseIds);
  await openLoop(start, { ratePerSec: 10, durationMs: 1000, waitForCompletion: false });
  await closedLoop(read, { concurrency: 10, durationMs: 1000 });
  const t0 = await api.child.call<number>('mark');
  const s = await openLoop(start, { ratePerSec: 10, durationMs: ms / 2, waitForCompletion: false });
  const t1 = await api.child.call<number>('mark');
  const r = await closedLoop(read, { concurrency: 10, durationMs: ms / 2 });
  const t2 = await api.child.call<number>('mark');
  await api.child.stop();
  return {
    startCase: { requests: s.ids.length, threads: summarizeDir(dir, { from: t0, to: t1 }) },
    caseRead: { requests: r.completed, threads: summarizeDir(dir, { from: t1, to: t2 }) },
  };
}

export async function runProfile(
  ms: number,
  infra: BenchInfra,
  client: Client,
  intake: IntakeDeps,
  shapes: Record<'auto' | 'review', WorkflowShape>,
  caseIds: string[],
  outDir: string,
): Promise<ProfileResult> {
  const dirs = { A: path.join(outDir, 'platform'), B: path.join(outDir, 'baseline'), api: path.join(outDir, 'api') };
  log(`profile: platform worker under --cpu-prof, ${ms / 1000} s closed loop`);
  const platform = await spawnPlatformWorker(infra, 'postgresql', { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dirs.A}`], taskQueueSuffix: SUFFIX });
  const A = await profiled(platform, platformTarget('A', client, { ...intake, taskQueue: TASK_QUEUES.platform + SUFFIX }), ms, dirs.A);
  log(`profile: baseline worker under --cpu-prof`);
  const baseline = await spawnBaselineWorker(infra, { execArgv: ['--cpu-prof', `--cpu-prof-dir=${dirs.B}`], taskQueueSuffix: SUFFIX });
  await baseline.call('shapes', shapes);
  const B = await profiled(baseline, baselineTarget('B', client, TASK_QUEUES.baseline + SUFFIX, shapes.auto), ms, dirs.B);
  const api = await profileApi(ms, infra, client, intake, caseIds, dirs.api);
  return { A, B, api, dir: outDir };
}
