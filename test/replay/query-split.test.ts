/**
 * A query answered while a local activity's result is pending completes the workflow task early:
 * the local activity's marker goes out with the query's answer (and a new task is forced), and the
 * workflow learns the result in that next task. On replay the SDK resolves the local activity in
 * the task whose completion recorded its marker, one task earlier, so the code right after it runs
 * one task earlier too. Found in a case history (a support query during a review's opening):
 *
 *   50 WorkflowTaskCompleted · 51 MarkerRecorded core_local_activity (projectStep)
 *   52–54 WorkflowTaskScheduled/Started/Completed · 55 MarkerRecorded core_patch
 *
 * Such histories are rare and depend on timing, so this test makes them: it runs the workflows of
 * fixtures/query-split-workflows.ts on the dev server and moves the local activity's marker into
 * the task before, as the early completion does. Then:
 *   - `patched(id)` asked right after the local activity fails replay ("Non-deprecated patch marker
 *     encountered … no corresponding change command"): a worker that lost such a case from its
 *     cache would fail its workflow task for good;
 *   - the patch generation (workflows/patch-generations.ts), recorded at the start, replays.
 */
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { historyFromJson, historyToJson, type HistoryJson } from '../../lib/temporal/history/json.ts';
import { bundlerLogger } from '../../lib/temporal/workflow-code.ts';
import { quietRuntime, testTaskQueue } from '../support/temporal.ts';

const WORKFLOWS = fileURLToPath(new URL('./fixtures/query-split-workflows.ts', import.meta.url));
type Event = Record<string, any>;

const isLocalActivityMarker = (e: Event) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity';

/**
 * The history as an early completion would have left it: after the local activity marker at
 * `index`, a new workflow task (scheduled, started, completed) before the commands that followed.
 * Later event ids, and every reference to them, move by three.
 */
function splitAfter(history: HistoryJson, index: number): HistoryJson {
  const events = history.events as Event[];
  const marker = events[index]!;
  const at = Number(marker.eventId) + 1;
  const shift = (e: Event): Event =>
    JSON.parse(JSON.stringify(e), (key, value) => (/^(eventId|\w+EventId)$/.test(key) && Number(value) >= at ? String(Number(value) + 3) : value));
  const completed = [...events.slice(0, index)].reverse().find((e) => e.workflowTaskCompletedEventAttributes)!;
  const started = events.find((e) => e.eventId === completed.workflowTaskCompletedEventAttributes.startedEventId)!;
  const scheduled = events.find((e) => e.eventId === completed.workflowTaskCompletedEventAttributes.scheduledEventId)!;
  const id = (n: number) => String(at + n);
  const task = [
    { ...scheduled, eventId: id(0), eventTime: marker.eventTime },
    { ...started, eventId: id(1), eventTime: marker.eventTime, workflowTaskStartedEventAttributes: { ...started.workflowTaskStartedEventAttributes, scheduledEventId: id(0), requestId: 'request-from-RespondWorkflowTaskCompleted' } },
    { ...completed, eventId: id(2), eventTime: marker.eventTime, workflowTaskCompletedEventAttributes: { ...completed.workflowTaskCompletedEventAttributes, scheduledEventId: id(0), startedEventId: id(1) } },
  ];
  return { ...history, events: [...events.slice(0, index + 1), ...task, ...events.slice(index + 1).map(shift)] };
}

let connection: NativeConnection;
let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
const recorded: Record<'perChangePatches' | 'generationPatches', HistoryJson> = {} as never;

/** Replays one history; the error's message, or null when it replays. */
async function replay(name: string, history: HistoryJson): Promise<string | null> {
  try {
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: name }, historyFromJson(history), name);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

beforeAll(async () => {
  quietRuntime();
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection });
  const taskQueue = testTaskQueue('query-split');
  bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger: bundlerLogger });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities: { pause: async (ms: number) => (await sleep(ms), 1) } });
  await worker.runUntil(async () => {
    for (const type of ['perChangePatches', 'generationPatches'] as const) {
      const handle = await client.workflow.start(type, { taskQueue, workflowId: `query-split-${type}-${taskQueue}` });
      await handle.result();
      recorded[type] = historyToJson(await handle.fetchHistory());
    }
  });
}, 180_000);

afterAll(async () => {
  await connection?.close();
});

describe('a workflow task completed early by a query, while a local activity result was pending', () => {
  it('as recorded (no early completion), both workflows replay', async () => {
    expect(await replay('per-change', recorded.perChangePatches)).toBeNull();
    expect(await replay('generation', recorded.generationPatches)).toBeNull();
  });

  it("breaks replay where patched(id) is asked right after the local activity: each round's patch, split there, fails", async () => {
    const markers = recorded.perChangePatches.events.flatMap((e, i) => (isLocalActivityMarker(e as Event) ? [i] : []));
    expect(markers).toHaveLength(3);
    for (const [round, index] of markers.entries()) {
      expect(await replay(`per-change-split-${round}`, splitAfter(recorded.perChangePatches, index))).toMatch(
        new RegExp(`Non-deprecated patch marker encountered for change query-split-demo-${round}, but there is no corresponding change command`),
      );
    }
  });

  it('the patch generation, recorded at the start, replays with every local activity split from what follows it', async () => {
    const history = recorded.generationPatches;
    const markers = history.events.flatMap((e, i) => (isLocalActivityMarker(e as Event) ? [i] : []));
    expect(markers).toHaveLength(3);
    // Last first, so the earlier indexes still point at their markers.
    const split = markers.reverse().reduce((h, index) => splitAfter(h, index), history);
    expect(split.events.length).toBe(history.events.length + 9);
    expect(await replay('generation-split', split)).toBeNull();
  });
});
