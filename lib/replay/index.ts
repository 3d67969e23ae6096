/**
 * Histories for engineers: what the CLI (scripts/replay.ts) and the GraphQL API call.
 *
 *   exportCaseHistory(client, caseId, { scrub })  → the case's history as SDK JSON (caseHistory)
 *   replayCase(client, caseId, { bundle })         → replay against the current code (replayCase)
 *   loadWorkflowBundle()                           → bundle the current workflows once per process
 *   replayHistories(histories, { bundle })         → many at once, with diagnosis of failures
 */
import type { Client } from '@temporalio/client';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { exportHistoryJson } from './export.ts';
import type { History } from './history-json.ts';
import type { HistoryJson } from './scrub.ts';
import { createScrubber } from './scrub.ts';
import { replayHistories, type ReplayFailure } from './replayer.ts';
import type { WorkflowBundle } from './session.ts';

export { exportHistories, exportHistoryJson, exportHistoryText } from './export.ts';
export { fetchHistories, listExecutions, refsForCases, visibilityQuery, SelectionError, type QueryFilters } from './fetch.ts';
export { collectHistoryFiles, readHistoryFile, type HistorySource } from './history-files.ts';
export { historyFromJson, historyToJson, type History } from './history-json.ts';
export { formatSummary } from './report.ts';
export { DEFAULT_WORKFLOWS_PATH, loadWorkflowBundle, replayHistories, type ReplayFailure, type ReplaySummary, type WorkflowCode } from './replayer.ts';
export { createScrubber, type HistoryJson, type Scrubber } from './scrub.ts';
export type { WorkflowBundle } from './session.ts';

export class HistoryNotFound extends Error {
  override name = 'HistoryNotFound';
}

async function fetchHistory(client: Client, workflowId: string, runId?: string): Promise<History> {
  try {
    return await client.workflow.getHandle(workflowId, runId).fetchHistory();
  } catch (e) {
    if ((e as Error).name === 'WorkflowNotFoundError' || /not found/i.test((e as Error).message)) throw new HistoryNotFound(`no workflow ${workflowId}${runId ? ` run ${runId}` : ''}`);
    throw e;
  }
}

export interface CaseHistoryExport {
  workflowId: string;
  scrubbed: boolean;
  eventCount: number;
  /** The SDK's history JSON: loadable by historyFromJSON, `temporal workflow show`'s format. */
  history: HistoryJson;
}

/**
 * A case's workflow history as JSON. With `scrub`, personal data is replaced by consistent
 * pseudonyms (key: `scrubKey`, else REPLAY_SCRUB_KEY, else the public corpus key).
 */
export async function exportCaseHistory(client: Client, caseId: string, options: { scrub?: boolean; scrubKey?: string; runId?: string } = {}): Promise<CaseHistoryExport> {
  const history = await fetchHistory(client, caseWorkflowId(caseId), options.runId);
  const scrubber = options.scrub ? createScrubber({ key: options.scrubKey ?? process.env.REPLAY_SCRUB_KEY }) : undefined;
  const json = exportHistoryJson(history, { scrubber });
  return { workflowId: scrubber ? scrubber.workflowId(caseWorkflowId(caseId)) : caseWorkflowId(caseId), scrubbed: Boolean(scrubber), eventCount: json.events.length, history: json };
}

export interface CaseReplayResult {
  workflowId: string;
  runId: string;
  ok: boolean;
  eventCount: number;
  durationMs: number;
  /** Set when the current code cannot replay the history: the first mismatching event and the fix. */
  failure: ReplayFailure | null;
}

/** Replays one case's history (running or closed) against `bundle` (see loadWorkflowBundle). */
export async function replayCase(client: Client, caseId: string, options: { bundle: WorkflowBundle; runId?: string }): Promise<CaseReplayResult> {
  const workflowId = caseWorkflowId(caseId);
  const history = await fetchHistory(client, workflowId, options.runId);
  const summary = await replayHistories([{ workflowId, history, source: `temporal:${workflowId}` }], { bundle: options.bundle });
  const item = summary.items[0]!;
  return { workflowId, runId: item.runId, ok: item.ok, eventCount: history.events?.length ?? 0, durationMs: summary.durationMs, failure: summary.failures[0] ?? null };
}
