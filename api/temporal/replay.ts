/**
 * Replaying a case's history against the workflow code this deployment runs (replayCase). The
 * bundle is loaded once per process, on the first replay — the prebuilt bundle the worker runs
 * in production (WORKFLOW_BUNDLE_PATH, dist/workflow-bundle.js), else workflows/index.ts bundled
 * here (lib/temporal/workflow-code.ts decides) — and replays run one at a time: each starts a
 * replay worker and a V8 context, CPU the API's other requests need more.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../../lib/config.ts';
import { fetchHistory, replayHistories, type ReplayFailure } from '../../lib/temporal/history/index.ts';
import { deployedWorkflowCode, loadWorkflowBundle, type WorkflowBundle } from '../../lib/temporal/workflow-code.ts';
import { workflowIdOf, type CaseWorkflowKind } from './history.ts';

export interface CaseReplayResult {
  workflowId: string;
  runId: string;
  ok: boolean;
  eventCount: number;
  durationMs: number;
  /** Set when the code cannot replay the history: the first mismatching event and the fix. */
  failure: ReplayFailure | null;
}

/** Replays one run of a case's workflow (running or closed) against `bundle`. */
export async function replayCase(client: Client, caseId: string, options: { bundle: WorkflowBundle; runId?: string; kind?: CaseWorkflowKind }): Promise<CaseReplayResult> {
  const workflowId = workflowIdOf(caseId, options.kind);
  const history = await fetchHistory(client, workflowId, options.runId);
  const summary = await replayHistories([{ workflowId, history, source: `temporal:${workflowId}` }], { bundle: options.bundle });
  const item = summary.items[0]!;
  return { workflowId, runId: item.runId, ok: item.ok, eventCount: history.events?.length ?? 0, durationMs: summary.durationMs, failure: summary.failures[0] ?? null };
}

export interface CaseReplayReport extends CaseReplayResult {
  /** What was replayed against: a bundle file, or the workflow sources (relative to the project). */
  workflowCode: string;
}

/** The workflow code to replay against: given (tests), or what the worker of this deployment runs. */
export type WorkflowCodeSource = { bundle: WorkflowBundle; label: string } | { config: Config };

export class CaseReplayer {
  private loaded: Promise<{ bundle: WorkflowBundle; label: string }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: Client,
    private readonly source: WorkflowCodeSource,
  ) {}

  private code(): Promise<{ bundle: WorkflowBundle; label: string }> {
    if (!this.loaded) {
      this.loaded = this.load();
      this.loaded.catch(() => (this.loaded = undefined)); // a failed bundling is retried next time
    }
    return this.loaded;
  }

  private async load(): Promise<{ bundle: WorkflowBundle; label: string }> {
    if ('bundle' in this.source) return this.source;
    const { code, label } = deployedWorkflowCode(this.source.config);
    return { bundle: await loadWorkflowBundle(code), label };
  }

  /** Replays one run of the case's workflow, or of its entitlement's (running or closed). */
  replay(caseId: string, runId: string, kind: CaseWorkflowKind = 'CASE'): Promise<CaseReplayReport> {
    const run = this.queue.then(async () => {
      const { bundle, label } = await this.code();
      return { ...(await replayCase(this.client, caseId, { bundle, runId, kind })), workflowCode: label };
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
