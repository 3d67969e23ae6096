/**
 * Selecting and fetching histories from Temporal: by case id, by workflow id, or by a visibility
 * query (listed page by page), each history downloaded whole with bounded concurrency.
 */
import type { Client } from '@temporalio/client';
import { caseWorkflowId, FINAL_STATUSES, type CaseStatus } from '../../workflows/messages.ts';
import { SA_SERVICE, SA_STATUS } from '../temporal/search-attributes.ts';
import type { HistorySource } from './history-files.ts';

export interface ExecutionRef {
  workflowId: string;
  runId?: string;
}

/** Temporal's ExecutionStatus values, as the visibility query spells them. */
const EXECUTION_STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'];
const CASE_STATUSES: readonly string[] = [...FINAL_STATUSES, 'RECEIVED', 'OFFERED', 'GATHERING_EVIDENCE', 'EVALUATING', 'PENDING_REVIEW', 'AWAITING_INFORMATION'] satisfies readonly CaseStatus[];

export interface QueryFilters {
  /** A service code (QyzmetService). */
  service?: string;
  /** A Temporal execution status (Completed, Running …) or a case status (APPROVED, PENDING_REVIEW …). */
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

/** The visibility query for the filters, or null when none is given. */
export function visibilityQuery(f: QueryFilters, now: Date = new Date()): string | null {
  const parts: string[] = [];
  if (f.query?.trim()) parts.push(`(${f.query.trim()})`);
  if (f.workflowType) parts.push(`WorkflowType = ${quote(f.workflowType)}`);
  if (f.service) parts.push(`${SA_SERVICE.name} = ${quote(f.service)}`);
  if (f.status) {
    const execution = EXECUTION_STATUSES.find((s) => s.toLowerCase() === f.status!.toLowerCase());
    if (execution) parts.push(`ExecutionStatus = ${quote(execution)}`);
    else if (CASE_STATUSES.includes(f.status.toUpperCase())) parts.push(`${SA_STATUS.name} = ${quote(f.status.toUpperCase())}`);
    else throw new SelectionError(`unknown status "${f.status}": a Temporal status (${EXECUTION_STATUSES.join(', ')}) or a case status (${CASE_STATUSES.join(', ')})`);
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

export const refsForCases = (caseIds: readonly string[]): ExecutionRef[] => caseIds.map((id) => ({ workflowId: caseWorkflowId(id) }));

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
        const history = await client.workflow.getHandle(ref.workflowId, ref.runId).fetchHistory();
        results[i] = { workflowId: ref.workflowId, history, source: `temporal:${ref.workflowId}${ref.runId ? `/${ref.runId}` : ''}` };
      } catch (e) {
        const notFound = (e as Error).name === 'WorkflowNotFoundError' || /not found/i.test((e as Error).message);
        results[i] = { workflowId: ref.workflowId, message: notFound ? `workflow ${ref.workflowId} not found` : (e as Error).message };
      }
      options.onFetched?.(++done, refs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, refs.length)) }, worker));
  const histories = results.filter((r): r is HistorySource => 'history' in r);
  const problems = results.filter((r): r is FetchProblem => !('history' in r));
  return { histories, problems };
}
