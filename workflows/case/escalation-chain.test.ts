/**
 * The escalation chain's clock: a level's SLA in working days over Kazakhstan's calendar, timing
 * overrides winning for tests and demos, and the chain of plans resolved before chains existed.
 */
import { describe, expect, it } from 'vitest';
import { calendarRows } from '../../lib/calendar/index.ts';
import type { CasePlan } from '../../activities/index.ts';
import { chainOf, dueAtLevel, levelOf, type ChainLevel } from './escalation-chain.ts';

const CHAIN: ChainLevel[] = [
  { department: 'employment', role: 'officer', sla: '3 working days' },
  { department: 'employment', role: 'supervisor', sla: '2 working days' },
  { department: 'employment', role: 'head', sla: '2 working days' },
];

describe('an escalation level falls due', () => {
  it('3 working days from Friday 8 May 2026 (Victory Day on Saturday, its day off on Monday) end on Thursday 14 May, 24:00 Astana', () => {
    const start = Date.parse('2026-05-08T06:00:00Z'); // Friday, 11:00 local
    // The calendar rows the count walks, as the law gives them.
    const rows = calendarRows('2026-05-08', '2026-05-14').map((d) => `${d.date} ${d.isoWeekday} ${d.kind}${d.holiday ? ` (${d.holiday.name.en})` : ''}`);
    console.log(['calendar rows:', ...rows].join('\n  '));
    expect(rows).toEqual([
      '2026-05-08 5 WORKING_DAY',
      '2026-05-09 6 HOLIDAY (Victory Day)',
      '2026-05-10 7 WEEKEND',
      '2026-05-11 1 SUBSTITUTE_DAY_OFF (Victory Day)',
      '2026-05-12 2 WORKING_DAY',
      '2026-05-13 3 WORKING_DAY',
      '2026-05-14 4 WORKING_DAY',
    ]);

    const due = dueAtLevel(CHAIN, 0, start, undefined);
    console.log('due:', due);
    expect(due.lastDay).toBe('2026-05-14');
    expect(due.dueAt).toBe('2026-05-14T19:00:00.000Z');
    // 2026's transfers are reported, not yet checked against the act: the deadline says so.
    expect(due.verified).toBe(false);
    // Calendar days would have ended on Monday 11 May, a day off.
    expect(new Date(start + 3 * 86_400_000).toISOString().slice(0, 10)).toBe('2026-05-11');
  });

  it('the supervisors’ 2 working days from the Friday before Independence Day (Wednesday 16 December 2026) end on Tuesday 15 December', () => {
    expect(dueAtLevel(CHAIN, 1, Date.parse('2026-12-11T10:00:00Z'), undefined)).toMatchObject({ lastDay: '2026-12-15', dueAt: '2026-12-15T19:00:00.000Z' });
    expect(dueAtLevel(CHAIN, 2, Date.parse('2026-12-14T10:00:00Z'), undefined)).toMatchObject({ lastDay: '2026-12-17', dueAt: '2026-12-17T19:00:00.000Z' });
  });

  it('a year the calendar does not hold yet is estimated and flagged, never a failed workflow task', () => {
    const due = dueAtLevel(CHAIN, 0, Date.parse('2027-12-30T06:00:00Z'), undefined);
    expect(due.verified).toBe(false);
    expect(due.lastDay! > '2027-12-30').toBe(true);
  });

  it('timing overrides win, level by level (officers, supervisors, every level above)', () => {
    const now = Date.parse('2026-05-08T06:00:00Z');
    const timing = { slaMs: 1000, supervisorSlaMs: 2000, headSlaMs: 3000 };
    expect([0, 1, 2].map((l) => Date.parse(dueAtLevel(CHAIN, l, now, timing).dueAt) - now)).toEqual([1000, 2000, 3000]);
    expect(dueAtLevel(CHAIN, 1, now, { slaMs: 1000 }).lastDay).toBe('2026-05-13');
  });
});

describe('the chain of a plan', () => {
  const policy = {
    slaMs: 3 * 86_400_000,
    supervisorSlaMs: 2 * 86_400_000,
    informationDeadlineMs: 1,
    consentWindowMs: 1,
    candidateGroup: { department: 'employment', role: 'officer' },
    supervisorGroup: { department: 'employment', role: 'supervisor' },
    fourEyesThreshold: 1,
  } satisfies CasePlan['policy'];

  it('is the operational policy’s when the plan carries one', () => {
    expect(chainOf({ ...policy, escalationChain: CHAIN })).toBe(CHAIN);
  });

  it('for a plan resolved before chains, keeps its calendar SLAs and adds the head of department', () => {
    expect(chainOf(policy)).toEqual([
      { department: 'employment', role: 'officer', sla: 'PT259200S' },
      { department: 'employment', role: 'supervisor', sla: 'PT172800S' },
      { department: 'employment', role: 'head', sla: 'PT172800S' },
    ]);
    expect(Date.parse(dueAtLevel(chainOf(policy), 0, 0, undefined).dueAt)).toBe(3 * 86_400_000);
  });

  it('places a task at the level its group holds', () => {
    expect(levelOf(CHAIN, { department: 'employment', role: 'officer' })).toBe(0);
    expect(levelOf(CHAIN, { department: 'employment', role: 'supervisor' })).toBe(1);
    expect(levelOf(CHAIN, { department: 'employment', role: 'head' })).toBe(2);
    expect(levelOf(CHAIN, { department: 'other', role: 'head' })).toBe(0);
  });
});
