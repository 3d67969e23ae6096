/**
 * Reading history events (SDK JSON form) for people: what an event is ("local activity
 * projectStep", "timer 1 (1.5s)", "patch marker notify-…") rather than its raw attributes.
 */
import type { HistoryJson } from './json.ts';

type Event = Record<string, unknown>;

/** One event in proto3 JSON: `eventId`, `eventTime`, `eventType` (EVENT_TYPE_…) and one `…EventAttributes`. */
export interface HistoryEventJson {
  eventId: string;
  eventTime: string;
  eventType: string;
  [attributes: string]: unknown;
}
type Attrs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- proto JSON is untyped here

export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
export const PATCH_MARKER = 'core_patch';

/** EVENT_TYPE_MARKER_RECORDED → MarkerRecorded (the spelling core uses in its messages), of an event or its type. */
export function eventTypeName(eventOrType: Event | string): string {
  const raw = typeof eventOrType === 'string' ? eventOrType : String(eventOrType.eventType ?? '');
  return raw.replace(/^EVENT_TYPE_/, '').toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

export function attributesOf(e: Event): Attrs {
  const key = Object.keys(e).find((k) => k.endsWith('EventAttributes'));
  return (key ? e[key] : {}) as Attrs;
}

/** A json/plain payload's value (payloads are base64 in history JSON); undefined if it is not one. */
export function decodePayload(p: Attrs | undefined): unknown {
  if (!p?.data) return undefined;
  try {
    return JSON.parse(Buffer.from(String(p.data), 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** For a marker event: the local activity it records, or the patch it records. */
export function markerInfo(e: Event): { kind: 'localActivity'; activityType: string; seq: number } | { kind: 'patch'; patchId: string; deprecated: boolean } | { kind: 'other'; name: string } {
  const a = attributesOf(e);
  if (a.markerName === LOCAL_ACTIVITY_MARKER) {
    const data = decodePayload(a.details?.data?.payloads?.[0]) as { activity_type?: string; seq?: number } | undefined;
    return { kind: 'localActivity', activityType: data?.activity_type ?? '?', seq: data?.seq ?? -1 };
  }
  if (a.markerName === PATCH_MARKER) {
    const data = decodePayload((a.details?.['patch-data'] ?? a.details?.patch_data)?.payloads?.[0]) as { id?: string; deprecated?: boolean } | undefined;
    return { kind: 'patch', patchId: data?.id ?? '?', deprecated: Boolean(data?.deprecated) };
  }
  return { kind: 'other', name: String(a.markerName ?? '?') };
}

/** `history` lets an Update's completion be named after the Update it completes. */
export function describeEvent(e: Event, history?: HistoryJson): string {
  const a = attributesOf(e);
  const type = eventTypeName(e);
  switch (type) {
    case 'ActivityTaskScheduled':
      return `activity ${a.activityType?.name} (activity id ${a.activityId})`;
    case 'MarkerRecorded': {
      const m = markerInfo(e);
      if (m.kind === 'localActivity') return `local activity ${m.activityType} (seq ${m.seq})`;
      if (m.kind === 'patch') return `patch marker '${m.patchId}'${m.deprecated ? ' (deprecated)' : ''}`;
      return `marker ${m.name}`;
    }
    case 'TimerStarted':
      return `timer ${a.timerId} (${a.startToFireTimeout})`;
    case 'StartChildWorkflowExecutionInitiated':
      return `child workflow ${a.workflowType?.name} ${a.workflowId}`;
    case 'UpsertWorkflowSearchAttributes':
      return `search attributes ${Object.keys(a.searchAttributes?.indexedFields ?? {}).join(', ')}`;
    case 'WorkflowExecutionUpdateAccepted':
      return `Update ${a.acceptedRequest?.input?.name ?? '?'} accepted`;
    case 'WorkflowExecutionUpdateCompleted': {
      const accepted = history?.events.find((x) => String(x.eventId) === String(a.acceptedEventId));
      return `Update ${accepted ? attributesOf(accepted).acceptedRequest?.input?.name : a.meta?.updateId} completed`;
    }
    default:
      return type;
  }
}

export function workflowTypeOf(history: HistoryJson): string {
  const first = history.events[0];
  return first ? String(attributesOf(first).workflowType?.name ?? '?') : '?';
}

export const eventIdOf = (e: Event): number => Number(e.eventId);
