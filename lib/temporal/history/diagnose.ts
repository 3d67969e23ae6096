/**
 * Turning a nondeterminism error into what an engineer needs: the first history event the code
 * disagrees with (id and type), the command the code produced instead, and the patch to write.
 *
 * Core's message names the event only sometimes ("… HistoryEvent(id: 12, TimerStarted)"); for
 * mismatched activity types, local activities, child workflows or patches it quotes names only.
 * Then the failing workflow task is found by bisection — replaying prefixes of the history cut
 * after each workflow task's commands — and the event is looked up among that task's commands.
 */
import type { History } from './json.ts';
import { attributesOf, describeEvent, eventIdOf, eventTypeName, markerInfo } from './events.ts';
import type { HistoryJson } from './json.ts';
import type { ReplaySession } from './session.ts';

export interface Mismatch {
  /** Core's own words. */
  detail: string;
  eventId: number | null;
  eventType: string | null;
  /** The event in history, described ("local activity projectStep (seq 12)"). */
  event: string | null;
  /** What the current code did instead ("RecordMarker (local activity notifyCitizen)"). */
  command: string;
  /** How to make the change compatible. */
  hint: string;
}

const MACHINE_COMMANDS: [RegExp, string][] = [
  [/^Local activity machine/i, 'RecordMarker (a local activity)'],
  [/^Activity machine/i, 'ScheduleActivityTask'],
  [/^Timer machine/i, 'StartTimer'],
  [/^Change machine/i, "RecordMarker (a patched() marker)"],
  [/^Child workflow machine/i, 'StartChildWorkflowExecution'],
  [/^Complete workflow machine/i, 'CompleteWorkflowExecution'],
  [/^Fail workflow machine/i, 'FailWorkflowExecution'],
  [/^Continue as new workflow machine/i, 'ContinueAsNewWorkflowExecution'],
  [/^Cancel workflow machine/i, 'CancelWorkflowExecution'],
  [/^Signal external WF machine/i, 'SignalExternalWorkflowExecution'],
  [/^Cancel external WF machine/i, 'RequestCancelExternalWorkflowExecution'],
  [/^UpsertWorkflowSearchAttributesMachine/i, 'UpsertWorkflowSearchAttributes'],
  [/^ModifyWorkflowPropertiesMachine/i, 'ModifyWorkflowProperties'],
  [/^Update machine/i, 'an Update response'],
];

/** The core message inside the SDK's wrapping ("… Nondeterminism error: <detail>", source: …). */
export function coreDetail(message: string): string {
  const m = /Nondeterminism error: (.*?)(?:", source:|$)/s.exec(message) ?? /Nondeterminism\("(.*?)"\)/s.exec(message);
  return (m?.[1] ?? message).replace(/\\"/g, '"').trim();
}

type Finder = (e: Record<string, unknown>) => boolean;

interface Parsed {
  command: string;
  eventId: number | null;
  /** Picks the event among the failing task's commands when core did not give its id. */
  find: Finder | null;
  patch: { id: string; removed: boolean } | null;
}

function parse(detail: string): Parsed {
  const byId = /HistoryEvent\(id: (\d+), (\w+)\)/.exec(detail);
  const eventId = byId ? Number(byId[1]) : null;
  let m: RegExpExecArray | null;
  if ((m = /Activity (type|id) of scheduled event '(.*?)' does not\s+match activity \w+ of activity command '(.*?)'/s.exec(detail))) {
    const [, what, inHistory, inCode] = m as unknown as [string, string, string, string];
    return {
      command: what === 'type' ? `ScheduleActivityTask (activity ${inCode})` : `ScheduleActivityTask (activity id ${inCode})`,
      eventId,
      find: (e) => eventTypeName(e) === 'ActivityTaskScheduled' && (what === 'type' ? attributesOf(e).activityType?.name : attributesOf(e).activityId) === inHistory,
      patch: null,
    };
  }
  if ((m = /Activity (type|id) of recorded marker '(.*?)' does not\s+match activity \w+ of local activity command '(.*?)'/s.exec(detail))) {
    const [, what, inHistory, inCode] = m as unknown as [string, string, string, string];
    return {
      command: what === 'type' ? `RecordMarker (local activity ${inCode})` : `RecordMarker (local activity id ${inCode})`,
      eventId,
      find: (e) => {
        const info = eventTypeName(e) === 'MarkerRecorded' ? markerInfo(e) : null;
        return info?.kind === 'localActivity' && (what === 'type' ? info.activityType === inHistory : String(info.seq) === inHistory);
      },
      patch: null,
    };
  }
  if ((m = /Child workflow (id|type) of scheduled event '(.*?)' does not\s+match child workflow \w+ of command '(.*?)'/s.exec(detail))) {
    const [, what, inHistory, inCode] = m as unknown as [string, string, string, string];
    return {
      command: `StartChildWorkflowExecution (${what} ${inCode})`,
      eventId,
      find: (e) => eventTypeName(e) === 'StartChildWorkflowExecutionInitiated' && (what === 'id' ? attributesOf(e).workflowId : attributesOf(e).workflowType?.name) === inHistory,
      patch: null,
    };
  }
  if ((m = /Non-deprecated patch marker encountered for change (.*?), but there is\s+no corresponding change command/s.exec(detail))) {
    const id = m[1]!;
    return { command: `no patched('${id}') call`, eventId, find: patchMarker(id), patch: { id, removed: true } };
  }
  if ((m = /Change id (.*?) does not match expected id (.*)$/s.exec(detail))) {
    return { command: `RecordMarker (patched('${m[2]}'))`, eventId, find: patchMarker(m[1]!), patch: { id: m[1]!, removed: false } };
  }
  if (/^No command scheduled for event/.test(detail)) {
    return { command: 'nothing: it is still waiting at an earlier step (work added before this point, or this step removed)', eventId, find: null, patch: null };
  }
  const machine = MACHINE_COMMANDS.find(([re]) => re.test(detail));
  return { command: machine ? machine[1] : 'a different command', eventId, find: null, patch: null };
}

const patchMarker =
  (id: string): Finder =>
  (e) => {
    const info = eventTypeName(e) === 'MarkerRecorded' ? markerInfo(e) : null;
    return info?.kind === 'patch' && info.patchId === id;
  };

function hintFor(parsed: Parsed, eventType: string | null, workflowType: string): string {
  if (parsed.patch?.removed) {
    return `histories still carry the marker of patched('${parsed.patch.id}'): keep the call (or use deprecatePatch('${parsed.patch.id}')) until no such history can be replayed`;
  }
  if (parsed.patch) return `the patch ids differ: a running history recorded patched('${parsed.patch.id}'); never rename a patch id`;
  if (eventType === 'WorkflowExecutionUpdateCompleted' || parsed.command === 'an Update response') {
    return (
      `an Update handler and the main flow resumed in the same workflow task and their commands came out in another order; ` +
      `if the code did not change here, this is a race: let handlers finish (await condition(allHandlersFinished)) before the main flow schedules more work`
    );
  }
  const suggestion = `${workflowType.replace(/Workflow$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-<what-changed>`;
  return (
    `if the change is intended, keep the old path for running histories: if (patched('${suggestion}')) { new code } else { old code }, ` +
    `the new id named by a new patch generation (workflows/patch-generations.ts) so cases started from then on decide it at their start; ` +
    `once none run without the marker, deprecatePatch('${suggestion}'); later remove it`
  );
}

/** The prefix of history up to the end of the `k`-th workflow task's commands. */
function cutAfterTask(json: HistoryJson, taskCompletedIndex: number): number {
  for (let i = taskCompletedIndex + 1; i < json.events.length; i++) {
    if (eventTypeName(json.events[i]!) === 'WorkflowTaskStarted') return i;
  }
  return json.events.length;
}

async function firstFailingTask(session: ReplaySession, history: History, json: HistoryJson, workflowId: string): Promise<{ from: number; to: number } | null> {
  const completed = json.events.flatMap((e, i) => (eventTypeName(e) === 'WorkflowTaskCompleted' ? [i] : []));
  if (completed.length === 0) return null;
  const fails = async (k: number) => Boolean((await session.replay({ events: history.events!.slice(0, cutAfterTask(json, completed[k]!)) }, workflowId)).error);
  let lo = 0;
  let hi = completed.length - 1;
  if (!(await fails(hi))) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (await fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { from: completed[lo]! + 1, to: cutAfterTask(json, completed[lo]!) };
}

export async function diagnose(session: ReplaySession, history: History, json: HistoryJson, workflowId: string, message: string): Promise<Mismatch> {
  const detail = coreDetail(message);
  const parsed = parse(detail);
  const workflowType = String(attributesOf(json.events[0] ?? {}).workflowType?.name ?? 'workflow');
  let found = parsed.eventId === null ? undefined : json.events.find((e) => eventIdOf(e) === parsed.eventId);
  if (!found) {
    const window = await firstFailingTask(session, history, json, workflowId);
    if (window) {
      const events = json.events.slice(window.from, window.to);
      found = (parsed.find && events.find(parsed.find)) || events[0];
    }
  }
  const event = found ? describeEvent(found, json) : null;
  const eventType = found ? eventTypeName(found) : null;
  return {
    detail,
    eventId: found ? eventIdOf(found) : parsed.eventId,
    eventType,
    event,
    command: parsed.command,
    hint: hintFor(parsed, eventType, workflowType),
  };
}
