import { describe, expect, it } from 'vitest';
import { slaState } from './sla.ts';

const at = (iso: string) => Date.parse(iso);
const task = (over: Partial<Parameters<typeof slaState>[0]> = {}) => ({
  status: 'OPEN',
  createdAt: '2026-03-16T00:00:00Z',
  dueAt: '2026-03-19T00:00:00Z',
  overdue: false,
  escalated: false,
  ...over,
});

describe('the deadline state of a task', () => {
  it('is on time until the last quarter of its window, then due soon, then overdue', () => {
    expect(slaState(task(), at('2026-03-18T05:00:00Z'))).toBe('onTime');
    expect(slaState(task(), at('2026-03-18T06:00:00Z'))).toBe('dueSoon');
    expect(slaState(task(), at('2026-03-19T00:00:00Z'))).toBe('overdue');
  });

  it('trusts the API on overdue and escalated, and calls finished tasks closed', () => {
    expect(slaState(task({ overdue: true }), at('2026-03-16T01:00:00Z'))).toBe('overdue');
    expect(slaState(task({ escalated: true, overdue: true }), at('2026-03-20T00:00:00Z'))).toBe('escalated');
    expect(slaState(task({ status: 'COMPLETED', overdue: false }), at('2026-03-25T00:00:00Z'))).toBe('closed');
  });
});
