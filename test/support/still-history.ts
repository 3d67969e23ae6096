/**
 * A workflow's history length once it has finished what it was doing. An Update returns when its
 * handler does, but the workflow may go on: a staff notice for a newly opened task is an activity
 * scheduled after the review opens. Tests that compare history lengths ("the workflow saw nothing")
 * take the length here, so the comparison measures the step under test and nothing else.
 */
import type { WorkflowHandle } from '@temporalio/client';

/** No activity pending and the same length on two reads `quietMs` apart; fails after `timeoutMs`. */
export async function stillHistoryLength(handle: WorkflowHandle, { quietMs = 1000, timeoutMs = 60_000 } = {}): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
    const n = history.events!.length;
    const busy = (description.raw.pendingActivities?.length ?? 0) > 0 || description.raw.pendingWorkflowTask != null;
    if (!busy && n === last) return n;
    if (Date.now() > deadline) throw new Error(`workflow ${handle.workflowId} still busy after ${timeoutMs} ms (${n} events)`);
    last = busy ? -1 : n;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}
