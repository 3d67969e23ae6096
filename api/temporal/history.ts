/**
 * Reading a case workflow's history from Temporal page by page, for `caseHistory` (a page of
 * GraphQL events needs only the Temporal pages up to it). Every read names the run the
 * description found first, so a page never mixes runs. (Whole exports and replay are
 * lib/replay's: exportCaseHistory, replayCase.)
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { historyToJson } from '../../lib/replay/history-json.ts';

/** One event in proto3 JSON: `eventId`, `eventTime`, `eventType` (EVENT_TYPE_…) and one `…EventAttributes`. */
export interface HistoryEventJson {
  eventId: string;
  eventTime: string;
  eventType: string;
  [attributes: string]: unknown;
}

export class HistoryNotFound extends Error {
  constructor(readonly workflowId: string) {
    super(`no workflow ${workflowId}`);
  }
}

export interface CaseRun {
  workflowId: string;
  runId: string;
  status: string;
  historyLength: number;
}

export async function describeCaseRun(client: Client, caseId: string): Promise<CaseRun> {
  const workflowId = caseWorkflowId(caseId);
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
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
    const response = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId: run.workflowId, runId: run.runId },
      maximumPageSize: pageSize,
      nextPageToken: token,
    });
    yield* historyToJson({ events: response.history?.events ?? [] }).events as HistoryEventJson[];
    token = response.nextPageToken?.length ? response.nextPageToken : undefined;
  } while (token);
}
