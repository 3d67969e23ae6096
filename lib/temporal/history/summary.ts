/**
 * One line of plain language per workflow history event ("Activity fetchEvidence scheduled",
 * "Update resolveTask accepted", "Timer started (3 days)"), for engineers reading a case's
 * history. Later events refer to earlier ones by id (a completion names its scheduling event), so
 * the summarizer reads a history in order and remembers names.
 */
import { attributesOf, decodePayload, eventTypeName, markerInfo, type HistoryEventJson } from './events.ts';

type Json = Record<string, unknown>;

const words = (pascal: string) => pascal.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^(\w)(.*)$/, (_m, a: string, b: string) => a + b.toLowerCase());

/** A proto3 JSON duration ("259200s", "599.940s") in words: "3 days", "10 minutes", "1.5 hours". */
export function formatDuration(duration: unknown): string {
  const seconds = typeof duration === 'string' ? Number(duration.replace(/s$/, '')) : NaN;
  if (!Number.isFinite(seconds)) return 'unknown duration';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, name] = units.find(([size]) => seconds >= size) ?? units[3]!;
  const n = Math.round((seconds / size) * 10) / 10;
  return `${n} ${name}${n === 1 ? '' : 's'}`;
}

const failureMessage = (a: Json) => (a.failure as { message?: string } | undefined)?.message ?? 'no message';

export class HistorySummarizer {
  private readonly activities = new Map<string, string>();
  private readonly timers = new Map<string, string>();
  private readonly updates = new Map<string, string>();
  private readonly children = new Map<string, string>();

  summarize(event: HistoryEventJson): string {
    const type = eventTypeName(event.eventType);
    const a = (attributesOf(event) ?? {}) as Json;
    const activity = () => this.activities.get(String(a.scheduledEventId)) ?? 'task';
    switch (type) {
      case 'WorkflowExecutionStarted':
        return `Workflow ${(a.workflowType as Json)?.name} started on task queue ${(a.taskQueue as Json)?.name}${a.parentWorkflowExecution ? ` by ${(a.parentWorkflowExecution as Json).workflowId}` : ''}`;
      case 'WorkflowExecutionCompleted':
        return 'Workflow completed';
      case 'WorkflowExecutionFailed':
        return `Workflow failed: ${failureMessage(a)}`;
      case 'WorkflowExecutionTerminated':
        return `Workflow terminated${a.reason ? `: ${a.reason}` : ''}`;
      case 'WorkflowTaskFailed':
        return `Workflow task failed (${String(a.cause ?? 'unknown cause').replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '')}): ${failureMessage(a)}`;
      case 'ActivityTaskScheduled': {
        const name = String((a.activityType as Json)?.name ?? 'unknown');
        this.activities.set(event.eventId, name);
        return `Activity ${name} scheduled`;
      }
      case 'ActivityTaskStarted':
        return `Activity ${activity()} started (attempt ${a.attempt ?? 1})`;
      case 'ActivityTaskCompleted':
        return `Activity ${activity()} completed`;
      case 'ActivityTaskFailed':
        return `Activity ${activity()} failed: ${failureMessage(a)}`;
      case 'ActivityTaskTimedOut':
        return `Activity ${activity()} timed out`;
      case 'ActivityTaskCanceled':
        return `Activity ${activity()} canceled`;
      case 'TimerStarted': {
        const duration = formatDuration(a.startToFireTimeout);
        this.timers.set(String(a.timerId), duration);
        return `Timer started (${duration})`;
      }
      case 'TimerFired':
        return `Timer fired (${this.timers.get(String(a.timerId)) ?? `timer ${a.timerId}`})`;
      case 'TimerCanceled':
        return `Timer canceled (${this.timers.get(String(a.timerId)) ?? `timer ${a.timerId}`})`;
      case 'MarkerRecorded':
        return this.marker(event, a);
      case 'WorkflowExecutionUpdateAccepted': {
        const request = a.acceptedRequest as { meta?: { updateId?: string }; input?: { name?: string } } | undefined;
        const name = request?.input?.name ?? 'unknown';
        if (request?.meta?.updateId) this.updates.set(request.meta.updateId, name);
        return `Update ${name} accepted`;
      }
      case 'WorkflowExecutionUpdateCompleted': {
        const name = this.updates.get(String((a.meta as Json)?.updateId)) ?? 'unknown';
        const outcome = a.outcome as { failure?: { message?: string } } | undefined;
        return outcome?.failure ? `Update ${name} failed: ${outcome.failure.message ?? 'no message'}` : `Update ${name} completed`;
      }
      case 'WorkflowExecutionSignaled':
        return `Signal ${a.signalName} received`;
      case 'UpsertWorkflowSearchAttributes': {
        const fields = ((a.searchAttributes as Json)?.indexedFields ?? {}) as Json;
        const pairs = Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(decodePayload(v as Json))}`);
        return `Search attributes set: ${pairs.join(', ')}`;
      }
      case 'StartChildWorkflowExecutionInitiated': {
        this.children.set(event.eventId, String(a.workflowId));
        return `Child workflow ${(a.workflowType as Json)?.name} requested (${a.workflowId})`;
      }
      case 'ChildWorkflowExecutionStarted':
        return `Child workflow ${this.children.get(String(a.initiatedEventId)) ?? (a.workflowExecution as Json)?.workflowId} started`;
      case 'ChildWorkflowExecutionCompleted':
        return `Child workflow ${this.children.get(String(a.initiatedEventId)) ?? (a.workflowExecution as Json)?.workflowId} completed`;
      default:
        return words(type);
    }
  }

  private marker(event: HistoryEventJson, a: Json): string {
    const info = markerInfo(event);
    const known = (name: string) => (name === '?' ? 'unknown' : name);
    if (info.kind === 'localActivity') {
      const name = known(info.activityType);
      return a.failure ? `Local activity ${name} failed: ${failureMessage(a)}` : `Local activity ${name} completed`;
    }
    if (info.kind === 'patch') return `Patch ${known(info.patchId)} recorded`;
    return `Marker ${a.markerName} recorded`;
  }
}
