import { describe, expect, it } from 'vitest';
import { parseInstant, SelectionError, visibilityQuery } from './select.ts';
import { historyFileName, workflowIdOfFile } from './files.ts';

describe('visibility queries from convenience flags', () => {
  const now = new Date('2026-03-16T12:00:00Z');
  // The caller's vocabulary (the case statuses): the toolbox knows none of its own.
  const caseStatuses = ['RECEIVED', 'PENDING_REVIEW', 'APPROVED'];

  it('combines a raw query with service, status and a time range', () => {
    expect(visibilityQuery({ query: "WorkflowType='caseWorkflow'", service: 'birth-allowance', status: 'completed', since: '2026-03-01', until: '7d' }, { caseStatuses, now })).toBe(
      "(WorkflowType='caseWorkflow') AND QyzmetService = 'birth-allowance' AND ExecutionStatus = 'Completed' AND StartTime >= '2026-03-01T00:00:00.000Z' AND StartTime <= '2026-03-09T12:00:00.000Z'",
    );
  });

  it('reads a case status as the case search attribute, and quotes values', () => {
    expect(visibilityQuery({ status: 'pending_review', workflowType: "o'brien" }, { caseStatuses, now })).toBe("WorkflowType = 'o\\'brien' AND QyzmetStatus = 'PENDING_REVIEW'");
  });

  it('has nothing to say without filters, and refuses unknown statuses and dates', () => {
    expect(visibilityQuery({}, { caseStatuses, now })).toBeNull();
    expect(() => visibilityQuery({ status: 'Sleeping' }, { caseStatuses, now })).toThrow(SelectionError);
    expect(() => parseInstant('last tuesday', now)).toThrow(/not a date, time or age/);
    expect(parseInstant('12h', now)).toBe('2026-03-16T00:00:00.000Z');
  });
});

describe('history file names', () => {
  it('carry the workflow id, whatever it holds', () => {
    for (const id of ['case-c0b910fb3c2d5da2dc6e9', 'life-event-birth-1/2 ü', '..', 'a%b']) {
      const name = historyFileName(id);
      expect(name).toMatch(/^[A-Za-z0-9._%-]+\.json$/);
      expect(workflowIdOfFile(`/x/${name}`)).toBe(id);
    }
  });
});
