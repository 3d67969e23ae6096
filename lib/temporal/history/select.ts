/**
 * Selecting and fetching histories from Temporal: by workflow id, or by a visibility query
 * (listed page by page), each history downloaded whole with bounded concurrency. Which workflow
 * id a case has, and which statuses a case can be in, are the caller's (the case vocabulary).
 */
import { decodeHistory } from './decode.ts';
import type { Client } from '@temporalio/client';
import { SA_SERVICE, SA_STATUS } from '../search-attributes.ts';
import type { HistorySource } from './files.ts';
import type { History } from './json.ts';

export interface ExecutionRef {
  workflowId: string;
  runId?: string;
}

/** Temporal's ExecutionStatus values, as the visibility query spells them. */
const EXECUTION_STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'];

export interface QueryFilters {
  /** A service code (QyzmetService). */
  service?: string;
  /** A Temporal execution status (Completed, Running …) or one of `caseStatuses` (QyzmetStatus). */
  status?: string;
  /** Start time bounds: an ISO date or time, or an age such as 7d, 12h, 30m. */
  since?: string;
  until?: string;
  workflowType?: string;
  /** A raw visibility query, ANDed with the rest. */
  query?: string;
}

export class SelectionError extends Error {
  override name = 'SelectionError';
}

/** An ISO date/time, or an age ("7d") counted back from `now`. */
export function parseInstant(value: string, now: Date = new Date()): string {
  const age = /^(\d+)([dhm])$/.exec(value.trim());
  if (age) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[age[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() - Number(age[1]) * unit).toISOString();
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new SelectionError(`not a date, time or age: "${value}" (try 2026-03-01, 2026-03-01T08:00:00Z or 7d)`);
  return new Date(t).toISOString();
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The visibility query for the filters, or null when none is given. A status that is not a
 * Temporal execution status must be one of `caseStatuses` (matched on QyzmetStatus).
 */
export function visibilityQuery(f: QueryFilters, options: { caseStatuses: readonly string[]; now?: Date }): string | null {
  const { caseStatuses, now = new Date() } = options;
  const parts: string[] = [];
  if (f.query?.trim()) parts.push(`(${f.query.trim()})`);
  if (f.workflowType) parts.push(`WorkflowType = ${quote(f.workflowType)}`);
  if (f.service) parts.push(`${SA_SERVICE.name} = ${quote(f.service)}`);
  if (f.status) {
    const execution = EXECUTION_STATUSES.find((s) => s.toLowerCase() === f.status!.toLowerCase());
    if (execution) parts.push(`ExecutionStatus = ${quote(execution)}`);
    else if (caseStatuses.includes(f.status.toUpperCase())) parts.push(`${SA_STATUS.name} = ${quote(f.status.toUpperCase())}`);
    else throw new SelectionError(`unknown status "${f.status}": a Temporal status (${EXECUTION_STATUSES.join(', ')}) or a case status (${caseStatuses.join(', ')})`);
  }
  if (f.since) parts.push(`StartTime >= ${quote(parseInstant(f.since, now))}`);
  if (f.until) parts.push(`StartTime <= ${quote(parseInstant(f.until, now))}`);
  return parts.length ? parts.join(' AND ') : null;
}

/** Every execution the query matches (all pages), optionally at most `limit`. */
export async function listExecutions(client: Client, query: string, options: { limit?: number; pageSize?: number } = {}): Promise<ExecutionRef[]> {
  const refs: ExecutionRef[] = [];
  for await (const w of client.workflow.list({ query, pageSize: options.pageSize ?? 200 })) {
    refs.push({ workflowId: w.workflowId, runId: w.runId });
    if (options.limit && refs.length >= options.limit) break;
  }
  return refs;
}

/** A workflow (or one run of it) Temporal does not have: never started, or past retention. */
export class HistoryNotFound extends Error {
  override name = 'HistoryNotFound';
  constructor(
    readonly workflowId: string,
    readonly runId?: string,
  ) {
    super(`no workflow ${workflowId}${runId ? ` run ${runId}` : ''}`);
  }
}

const isNotFound = (e: unknown) => (e as Error).name === 'WorkflowNotFoundError' || /not found/i.test((e as Error).message);

/**
 * One whole history, its payloads decoded with the client's codec (decode.ts): what the toolbox
 * reads, scrubs and replays is clear text, whatever the server stores. HistoryNotFound when there
 * is no such workflow or run.
 */
export async function fetchHistory(client: Client, workflowId: string, runId?: string): Promise<History> {
  try {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    return await decodeHistory(history, client.options.loadedDataConverter.payloadCodecs);
  } catch (e) {
    if (isNotFound(e)) throw new HistoryNotFound(workflowId, runId);
    throw e;
  }
}

export interface FetchProblem {
  workflowId: string;
  message: string;
}

/**
 * Downloads histories, `concurrency` at a time, in the order given. A missing workflow is
 * reported, not thrown, so one bad id does not hide the rest.
 */
export async function fetchHistories(
  client: Client,
  refs: readonly ExecutionRef[],
  options: { concurrency?: number; onFetched?(done: number, total: number): void } = {},
): Promise<{ histories: HistorySource[]; problems: FetchProblem[] }> {
  const results: (HistorySource | FetchProblem)[] = new Array(refs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < refs.length) {
      const i = next++;
      const ref = refs[i]!;
      try {
        const history = await fetchHistory(client, ref.workflowId, ref.runId);
        results[i] = { workflowId: ref.workflowId, history, source: `temporal:${ref.workflowId}${ref.runId ? `/${ref.runId}` : ''}` };
      } catch (e) {
        results[i] = { workflowId: ref.workflowId, message: e instanceof HistoryNotFound ? `workflow ${ref.workflowId} not found` : (e as Error).message };
      }
      options.onFetched?.(++done, refs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, refs.length)) }, worker));
  const histories = results.filter((r): r is HistorySource => 'history' in r);
  const problems = results.filter((r): r is FetchProblem => !('history' in r));
  return { histories, problems };
}
