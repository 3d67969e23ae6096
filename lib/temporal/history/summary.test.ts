import { describe, expect, it } from 'vitest';
import { eventTypeName } from './events.ts';
import { formatDuration, HistorySummarizer } from './summary.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const event = (eventId: number, eventType: string, attributes: Record<string, unknown>) => ({ eventId: String(eventId), eventTime: '2026-03-16T06:00:00Z', eventType, ...attributes });

describe('history summaries', () => {
  it('names events in plain words, remembering earlier events by id', () => {
    const s = new HistorySummarizer();
    const lines = [
      event(1, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', { workflowExecutionStartedEventAttributes: { workflowType: { name: 'caseWorkflow' }, taskQueue: { name: 'qyzmet-cases' } } }),
      event(5, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', { activityTaskScheduledEventAttributes: { activityType: { name: 'fetchEvidence' } } }),
      event(6, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', { activityTaskStartedEventAttributes: { scheduledEventId: '5', attempt: 2 } }),
      event(7, 'EVENT_TYPE_ACTIVITY_TASK_FAILED', { activityTaskFailedEventAttributes: { scheduledEventId: '5', failure: { message: 'civil registry down' } } }),
      event(8, 'EVENT_TYPE_TIMER_STARTED', { timerStartedEventAttributes: { timerId: '1', startToFireTimeout: '259200s' } }),
      event(9, 'EVENT_TYPE_TIMER_FIRED', { timerFiredEventAttributes: { timerId: '1' } }),
      event(10, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { meta: { updateId: 'u1' }, input: { name: 'resolveTask' } } } }),
      event(11, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', { workflowExecutionUpdateCompletedEventAttributes: { meta: { updateId: 'u1' }, outcome: { success: {} } } }),
      event(12, 'EVENT_TYPE_MARKER_RECORDED', { markerRecordedEventAttributes: { markerName: 'core_local_activity', details: { data: { payloads: [{ data: b64({ activity_type: 'projectStep' }) }] } } } }),
      event(13, 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', { upsertWorkflowSearchAttributesEventAttributes: { searchAttributes: { indexedFields: { QyzmetStatus: { data: b64('APPROVED') } } } } }),
      event(14, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { workflowTaskCompletedEventAttributes: {} }),
      event(15, 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', { workflowExecutionCompletedEventAttributes: {} }),
    ].map((e) => s.summarize(e));
    expect(lines).toEqual([
      'Workflow caseWorkflow started on task queue qyzmet-cases',
      'Activity fetchEvidence scheduled',
      'Activity fetchEvidence started (attempt 2)',
      'Activity fetchEvidence failed: civil registry down',
      'Timer started (3 days)',
      'Timer fired (3 days)',
      'Update resolveTask accepted',
      'Update resolveTask completed',
      'Local activity projectStep completed',
      'Search attributes set: QyzmetStatus="APPROVED"',
      'Workflow task completed',
      'Workflow completed',
    ]);
  });

  it('formats durations and event types', () => {
    expect(['259200s', '599.940s', '5400s', '60s', '1s', '0.250s', 'x'].map(formatDuration)).toEqual(['3 days', '10 minutes', '1.5 hours', '1 minute', '1 second', '0.3 seconds', 'unknown duration']);
    expect(eventTypeName('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe('WorkflowExecutionUpdateAccepted');
  });
});
