/**
 * A case's workflow history for engineers, with the case vocabulary the history toolbox
 * (lib/temporal/history) leaves to its callers: the case's run described, its events read page by
 * page for `caseHistory` (a page of GraphQL events needs only the Temporal pages up to it; every
 * read names the run the description found first, so a page never mixes runs), and the whole
 * history exported, optionally scrubbed, for `caseHistoryExport`.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { HistoryEventJson } from '../../lib/temporal/history/events.ts';

export type { HistoryEventJson };
import { createScrubber, exportHistoryJson, fetchHistory, HistoryNotFound, historyToJson, type HistoryJson } from '../../lib/temporal/history/index.ts';
import { decodeHistory } from '../../lib/temporal/history/decode.ts';
import { caseWorkflowId, entitlementWorkflowId } from '../../workflows/messages.ts';

/**
 * Which of a case's workflows: the case itself, or the entitlement an approval started (its
 * monthly payments; the latest run after continue-as-new).
 */
export type CaseWorkflowKind = 'CASE' | 'ENTITLEMENT';

export const workflowIdOf = (caseId: string, kind: CaseWorkflowKind = 'CASE'): string => (kind === 'ENTITLEMENT' ? entitlementWorkflowId(caseId) : caseWorkflowId(caseId));

export interface CaseRun {
  workflowId: string;
  runId: string;
  status: string;
  historyLength: number;
}

/**
 * A read from Temporal gives up after this long: without it the SDK retries an unreachable server
 * for about 20 s before the API can answer UNAVAILABLE.
 */
export const HISTORY_READ_DEADLINE_MS = 5_000;

const withReadDeadline = <T>(client: Client, read: () => Promise<T>): Promise<T> =>
  client.connection.withDeadline(Date.now() + HISTORY_READ_DEADLINE_MS, read);

export async function describeCaseRun(client: Client, caseId: string, kind: CaseWorkflowKind = 'CASE'): Promise<CaseRun> {
  const workflowId = workflowIdOf(caseId, kind);
  try {
    const d = await withReadDeadline(client, () => client.workflow.getHandle(workflowId).describe());
    return { workflowId, runId: d.runId, status: d.status.name, historyLength: d.historyLength };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new HistoryNotFound(workflowId);
    throw e;
  }
}

/** The run's events in order, fetched lazily in pages. */
export async function* runEvents(client: Client, run: CaseRun, pageSize = 200): AsyncGenerator<HistoryEventJson> {
  let token: Uint8Array | undefined;
  do {
    const response = await withReadDeadline(client, () =>
      client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId: run.workflowId, runId: run.runId },
        maximumPageSize: pageSize,
        nextPageToken: token,
      }),
    );
    const page = await decodeHistory({ events: response.history?.events ?? [] }, client.options.loadedDataConverter.payloadCodecs);
    yield* historyToJson(page).events as HistoryEventJson[];
    token = response.nextPageToken?.length ? response.nextPageToken : undefined;
  } while (token);
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
 * pseudonyms (key: `scrubKey`, else REPLAY_SCRUB_KEY, else the public corpus key), the workflow id
 * too, so the scrubbed history replays under the id returned.
 */
export async function exportCaseHistory(client: Client, caseId: string, options: { scrub?: boolean; scrubKey?: string; runId?: string; kind?: CaseWorkflowKind } = {}): Promise<CaseHistoryExport> {
  const workflowId = workflowIdOf(caseId, options.kind);
  const history = await fetchHistory(client, workflowId, options.runId);
  const scrubber = options.scrub ? createScrubber({ key: options.scrubKey ?? process.env.REPLAY_SCRUB_KEY }) : undefined;
  const json = exportHistoryJson(history, { scrubber });
  return { workflowId: scrubber ? scrubber.workflowId(workflowId) : workflowId, scrubbed: Boolean(scrubber), eventCount: json.events.length, history: json };
}
