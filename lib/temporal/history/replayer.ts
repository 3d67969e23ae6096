/**
 * Replaying histories against workflow code (lib/temporal/workflow-code.ts loads it) and
 * reporting, per history, whether the code still produces the commands that history recorded.
 */
import type { WorkflowBundle } from '../workflow-code.ts';
import { diagnose, type Mismatch } from './diagnose.ts';
import { workflowTypeOf } from './events.ts';
import { historyJsonOf, type HistorySource } from './files.ts';
import { ReplaySession } from './session.ts';

export interface ReplayFailure {
  workflowId: string;
  runId: string;
  workflowType: string;
  source: string;
  kind: 'NONDETERMINISM' | 'ERROR';
  message: string;
  /** Set for nondeterminism: the first event the code disagrees with. */
  mismatch: Mismatch | null;
}

export interface ReplayItem {
  workflowId: string;
  runId: string;
  workflowType: string;
  source: string;
  ok: boolean;
}

export interface ReplaySummary {
  replayed: number;
  passed: number;
  failed: number;
  failures: ReplayFailure[];
  items: ReplayItem[];
  durationMs: number;
}

export interface ReplayOptions {
  bundle: WorkflowBundle;
  /** Called after each history (for a progress bar). */
  onResult?(item: ReplayItem, done: number, total: number): void;
}

export async function replayHistories(histories: readonly HistorySource[], options: ReplayOptions): Promise<ReplaySummary> {
  const started = Date.now();
  const session = new ReplaySession(options.bundle);
  const items: ReplayItem[] = [];
  const failures: ReplayFailure[] = [];
  try {
    for (const [i, h] of histories.entries()) {
      const json = historyJsonOf(h.history);
      const workflowType = workflowTypeOf(json);
      const outcome = await session.replay(h.history, h.workflowId);
      const item: ReplayItem = { workflowId: h.workflowId, runId: outcome.runId, workflowType, source: h.source, ok: !outcome.error };
      if (outcome.error) {
        const nondeterminism = outcome.error.name === 'DeterminismViolationError';
        failures.push({
          workflowId: h.workflowId,
          runId: outcome.runId,
          workflowType,
          source: h.source,
          kind: nondeterminism ? 'NONDETERMINISM' : 'ERROR',
          message: outcome.error.message,
          mismatch: nondeterminism ? await diagnose(session, h.history, json, h.workflowId, outcome.error.message) : null,
        });
      }
      items.push(item);
      options.onResult?.(item, i + 1, histories.length);
    }
  } finally {
    await session.close();
  }
  return { replayed: items.length, passed: items.filter((i) => i.ok).length, failed: failures.length, failures, items, durationMs: Date.now() - started };
}
