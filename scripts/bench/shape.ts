/**
 * The shape of a case as Temporal sees it — which activities run, local or regular, in which
 * workflow task, with which payload sizes — read from a real platform history. Baseline B replays
 * that shape with no-op activities, so B differs from the platform only in what the activities
 * and the workflow code do, never in how many round trips or bytes Temporal handles.
 */
import type { temporal } from '@temporalio/proto';

type IHistory = temporal.api.history.v1.IHistory;
type IPayloads = temporal.api.common.v1.IPayloads | null | undefined;

/** One activity call; `inBytes`/`outBytes` are JSON payload sizes, `outBytes: null` = returns nothing. */
export interface StepShape {
  local: boolean;
  type: string;
  inBytes: number;
  outBytes: number | null;
}

/** The commands of one workflow task: local activities run in order, regular ones are awaited together at the end. */
export type Batch = StepShape[];

export interface WorkflowShape {
  inputBytes: number;
  resultBytes: number;
  /** The single regular activity of the first workflow task (it hands B the rest of the shape). */
  first: StepShape;
  main: Batch[];
  /** Present when the case waits for an officer Update (the review path). */
  update?: { name: string; inputBytes: number; resultBytes: number; batches: Batch[] };
  after: Batch[];
  /** What the platform's history holds that B deliberately does not do (bare Temporal). */
  extras: { searchAttributeUpserts: number; timers: number; otherMarkers: number };
}

/** Bytes of JSON data in a payload list (what the converter produced; metadata excluded). */
export function payloadBytes(payloads: IPayloads): number {
  return (payloads?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0);
}

function isNullPayload(payloads: IPayloads): boolean {
  const p = payloads?.payloads?.[0];
  if (!p) return true;
  const encoding = p.metadata?.encoding ? Buffer.from(p.metadata.encoding).toString() : '';
  return encoding === 'binary/null';
}

function markerField(details: Record<string, IPayloads> | null | undefined, key: string): IPayloads {
  return details?.[key] ?? undefined;
}

/** Local-activity input sizes are not in history; the platform worker measures them (by type, in call order). */
export type LocalInputSizes = Map<string, number[]>;

export function deriveShape(history: IHistory, localInputs: LocalInputSizes): WorkflowShape {
  const events = history.events ?? [];
  const scheduled = new Map<string, StepShape>();
  const localQueue = new Map([...localInputs].map(([k, v]) => [k, [...v]]));
  const batches: { steps: Batch; section: 'main' | 'update' | 'after' }[] = [];
  let section: 'main' | 'update' | 'after' = 'main';
  let current: Batch | null = null;
  let inputBytes = 0;
  let resultBytes = 0;
  let update: WorkflowShape['update'];
  const extras = { searchAttributeUpserts: 0, timers: 0, otherMarkers: 0 };
  const open = () => {
    current = [];
    batches.push({ steps: current, section });
  };

  for (const e of events) {
    if (e.workflowExecutionStartedEventAttributes) inputBytes = payloadBytes(e.workflowExecutionStartedEventAttributes.input);
    else if (e.workflowTaskCompletedEventAttributes) open();
    else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      const step: StepShape = { local: false, type: a.activityType?.name ?? '?', inBytes: payloadBytes(a.input), outBytes: null };
      scheduled.set(String(e.eventId), step);
      current!.push(step);
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      const step = scheduled.get(String(a.scheduledEventId));
      if (step) step.outBytes = isNullPayload(a.result) ? null : payloadBytes(a.result);
    } else if (e.markerRecordedEventAttributes) {
      const m = e.markerRecordedEventAttributes;
      if (m.markerName !== 'core_local_activity') {
        extras.otherMarkers += 1;
        continue;
      }
      const details = m.details as Record<string, IPayloads> | undefined;
      const meta = JSON.parse(Buffer.from(markerField(details, 'data')?.payloads?.[0]?.data ?? '{}').toString()) as { activity_type?: string };
      const type = meta.activity_type ?? '?';
      const result = markerField(details, 'result');
      const inBytes = localQueue.get(type)?.shift() ?? 0;
      current!.push({ local: true, type, inBytes, outBytes: isNullPayload(result) ? null : payloadBytes(result) });
    } else if (e.upsertWorkflowSearchAttributesEventAttributes) extras.searchAttributeUpserts += 1;
    else if (e.timerStartedEventAttributes) extras.timers += 1;
    else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      update = { name: req?.input?.name ?? '?', inputBytes: payloadBytes(req?.input?.args), resultBytes: 0, batches: [] };
      section = 'update';
      open();
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      if (update) update.resultBytes = payloadBytes(e.workflowExecutionUpdateCompletedEventAttributes.outcome?.success);
      section = 'after';
      open();
    } else if (e.workflowExecutionCompletedEventAttributes) resultBytes = payloadBytes(e.workflowExecutionCompletedEventAttributes.result);
  }

  const nonEmpty = batches.filter((b) => b.steps.length > 0);
  const head = nonEmpty.shift();
  if (!head || head.steps.length !== 1 || head.steps[0]!.local) {
    throw new Error(`baseline: the case's first workflow task is expected to schedule exactly one regular activity; got ${JSON.stringify(head?.steps)}`);
  }
  const pick = (s: 'main' | 'update' | 'after') => nonEmpty.filter((b) => b.section === s).map((b) => b.steps);
  if (update) update.batches = pick('update');
  return { inputBytes, resultBytes, first: head.steps[0]!, main: pick('main'), update, after: pick('after'), extras };
}

export function countSteps(shape: WorkflowShape): { regular: number; local: number } {
  const all = [shape.first, ...[...shape.main, ...(shape.update?.batches ?? []), ...shape.after].flat()];
  return { regular: all.filter((s) => !s.local).length, local: all.filter((s) => s.local).length };
}

/** A JSON string value whose encoded payload is exactly `bytes` long (at least the two quotes). */
export function padTo(bytes: number): string {
  return 'x'.repeat(Math.max(bytes - 2, 0));
}
