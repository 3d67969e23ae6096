/**
 * History ⇄ the SDK's history JSON (the format `temporal workflow show --output json` prints).
 *
 * Why not `historyFromJSON` / `historyToJSON` from @temporalio/common: in this dependency tree
 * npm cannot hoist protobufjs 8 (@grpc/proto-loader needs 7 at the top), so @temporalio/common
 * and @temporalio/proto each get their own copy, and the SDK functions throw "type must be a
 * Type" (protojson of one copy rejects a reflection Type of the other). Here protojson is loaded
 * next to @temporalio/proto, so both sides are one copy whatever npm's layout. The enum fix-ups
 * are the SDK's (1.24), so files stay interchangeable with other Temporal tools.
 */
import { createRequire } from 'node:module';
import type { WorkflowHandle } from '@temporalio/client';

/** A decoded history (temporal.api.history.v1.IHistory), as `fetchHistory()` returns it. */
export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** A history in the SDK's JSON form: proto3 JSON events, payloads base64. */
export type HistoryJson = { events: Record<string, unknown>[] };

interface ProtoType {
  fromObject(o: unknown): unknown;
}
interface ProtoJson {
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
  toJson(type: unknown, message: unknown): unknown;
}

// @temporalio/proto is reached through @temporalio/common (which pins it), wherever npm put it.
const require = createRequire(createRequire(import.meta.url).resolve('@temporalio/common'));
const proto = require('@temporalio/proto') as { temporal: { api: { history: { v1: { History: ProtoType } } } } };
const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot(root: unknown): { lookupType(name: string): unknown } };
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');

const constantCase = (s: string) => s.replace(/[^\b][A-Z]/g, (m) => `${m[0]}_${m[1]}`).toUpperCase();

function fixEnum(obj: Record<string, unknown>, attr: string, prefix: string): Record<string, unknown> | undefined {
  const v = obj[attr];
  if (typeof v !== 'string' || !v) return undefined;
  return { [attr]: v.startsWith(prefix) ? v : `${prefix}_${constantCase(v)}` };
}

/** Older tools wrote enums in PascalCase ("WorkflowExecutionStarted"); protojson wants constants. */
function fixEvent(e: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(e).find((k) => k.endsWith('EventAttributes'));
  if (!key) throw new TypeError(`history event ${String(e.eventId)} has no attributes`);
  const attrs = e[key] as Record<string, unknown>;
  const taskQueue = attrs.taskQueue as Record<string, unknown> | undefined;
  const childFailure = attrs.childWorkflowExecutionFailureInfo as Record<string, unknown> | undefined;
  return {
    ...e,
    ...fixEnum(e, 'eventType', 'EVENT_TYPE'),
    [key]: {
      ...attrs,
      ...(taskQueue && { taskQueue: { ...taskQueue, ...fixEnum(taskQueue, 'kind', 'TASK_QUEUE_KIND') } }),
      ...fixEnum(attrs, 'parentClosePolicy', 'PARENT_CLOSE_POLICY'),
      ...fixEnum(attrs, 'workflowIdReusePolicy', 'WORKFLOW_ID_REUSE_POLICY'),
      ...fixEnum(attrs, 'initiator', 'CONTINUE_AS_NEW_INITIATOR'),
      ...fixEnum(attrs, 'retryState', 'RETRY_STATE'),
      ...(childFailure && { childWorkflowExecutionFailureInfo: { ...childFailure, ...fixEnum(childFailure, 'retryState', 'RETRY_STATE') } }),
    },
  };
}

export function historyFromJson(json: unknown): History {
  const events = (json as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) throw new TypeError('expected an object with an array of events');
  const loaded = protojson.fromJson(historyType, { events: events.map((e) => fixEvent(e as Record<string, unknown>)) }, { ignoreUnknownFields: true });
  if (!loaded) throw new TypeError('invalid history');
  return loaded as History;
}

export function historyToJson(history: History): HistoryJson {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)) as HistoryJson;
}
