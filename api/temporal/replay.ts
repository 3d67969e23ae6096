/**
 * Replaying a case's history against the workflow code this deployment runs (replayCase). The
 * bundle is loaded once per process, on the first replay — the prebuilt bundle the worker runs
 * in production (WORKFLOW_BUNDLE_PATH, dist/workflow-bundle.js), else workflows/index.ts bundled
 * here — and replays run one at a time: each starts a replay worker and a V8 context, CPU the
 * API's other requests need more.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Config } from '../../lib/config.ts';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { DEFAULT_WORKFLOWS_PATH, loadWorkflowBundle, replayCase, type CaseReplayResult, type WorkflowBundle } from '../../lib/replay/index.ts';
import { defaultBundlePath } from '../../lib/temporal/runtime.ts';

export interface ReplayOutcome extends CaseReplayResult {
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
    const bundlePath = defaultBundlePath(this.source.config);
    if (bundlePath) return { bundle: await loadWorkflowBundle({ bundlePath }), label: bundlePath };
    return { bundle: await loadWorkflowBundle({ workflowsPath: DEFAULT_WORKFLOWS_PATH }), label: path.relative(PROJECT_ROOT, DEFAULT_WORKFLOWS_PATH) };
  }

  /** Replays one run of the case's workflow (running or closed). */
  replay(caseId: string, runId: string): Promise<ReplayOutcome> {
    const run = this.queue.then(async () => {
      const { bundle, label } = await this.code();
      return { ...(await replayCase(this.client, caseId, { bundle, runId })), workflowCode: label };
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
