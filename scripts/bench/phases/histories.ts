/**
 * P4 (history events and state transitions per case) and P8 (replay time per history, bundle
 * size): read from completed workflows of the load phases, replayed with each system's bundle.
 */
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { decodeHistory } from '../../../lib/temporal/history/decode.ts';
import { log } from '../progress.ts';
import { interleave, summarize } from '../stats.ts';

export interface HistoryStats {
  events: number;
  stateTransitions: number;
  sizeBytes: number;
  samples: number;
}

export interface HistoriesResult {
  A: HistoryStats;
  B: HistoryStats;
  replayMsPerHistory: { A: number; B: number; rounds: { A: number[]; B: number[] } };
}

type Sample = { workflowId: string; history: temporal.api.history.v1.IHistory };

async function inspect(client: Client, ids: string[]): Promise<{ stats: HistoryStats; histories: Sample[] }> {
  const rows = await Promise.all(
    ids.map(async (workflowId) => {
      const handle = client.workflow.getHandle(workflowId);
      const [d, history] = await Promise.all([handle.describe(), handle.fetchHistory().then((h) => decodeHistory(h, client.options.loadedDataConverter.payloadCodecs))]);
      const info = d.raw.workflowExecutionInfo!;
      return { events: Number(info.historyLength), transitions: Number(info.stateTransitionCount), bytes: Number(info.historySizeBytes), sample: { workflowId, history } };
    }),
  );
  const mean = (f: (r: (typeof rows)[number]) => number) => summarize(rows.map(f)).mean;
  return {
    stats: { events: mean((r) => r.events), stateTransitions: mean((r) => r.transitions), sizeBytes: mean((r) => r.bytes), samples: rows.length },
    histories: rows.map((r) => r.sample),
  };
}

/** Wall time per history, excluding the replay worker's start (the first history absorbs it). */
async function replay(bundlePath: string, histories: Sample[]): Promise<number> {
  const stamps: number[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: bundlePath }, replayName: 'bench' }, histories)) {
    if (r.error) throw new Error(`replay of ${r.workflowId} failed: ${r.error.message}`);
    stamps.push(performance.now());
  }
  return (stamps[stamps.length - 1]! - stamps[0]!) / (stamps.length - 1);
}

export async function measureHistories(client: Client, ids: { A: string[]; B: string[] }, bundles: { A: string; B: string }, rounds: number): Promise<HistoriesResult> {
  log(`histories: describing ${ids.A.length} + ${ids.B.length} completed workflows`);
  const [a, b] = [await inspect(client, ids.A), await inspect(client, ids.B)];
  const samples = { A: a.histories, B: b.histories };
  await replay(bundles.A, samples.A.slice(0, 3)); // warm the replayer (module load, JIT)
  await replay(bundles.B, samples.B.slice(0, 3));
  const times: { A: number[]; B: number[] } = { A: [], B: [] };
  for (const which of interleave(rounds)) {
    times[which].push(await replay(bundles[which], samples[which]));
    log(`  replay ${which}: ${times[which].at(-1)!.toFixed(2)} ms per history`);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return { A: a.stats, B: b.stats, replayMsPerHistory: { A: mean(times.A), B: mean(times.B), rounds: times } };
}
