/**
 * Reading a case workflow's history from Temporal, page by page (a page of GraphQL events needs
 * only the Temporal pages up to it), and exporting it whole as the SDK's JSON. Both read one
 * run, named by the description taken first, so a page never mixes runs.
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

export interface HistoryJson {
  events: HistoryEventJson[];
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

export interface HistoryExport extends CaseRun {
  history: HistoryJson;
}

/** The whole history in the SDK's JSON: what `historyFromJSON`, the replayer and the Temporal CLI read. */
export async function exportCaseHistory(client: Client, caseId: string): Promise<HistoryExport> {
  const run = await describeCaseRun(client, caseId);
  const events: HistoryEventJson[] = [];
  for await (const event of runEvents(client, run, 1000)) events.push(event);
  return { ...run, historyLength: events.length, history: { events } };
}
