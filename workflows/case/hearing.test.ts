/**
 * The hearing window on Kazakhstan's working-day calendar: the rows walked and the date it ends,
 * as the workflow computes it (pure, deterministic).
 */
import { describe, expect, it } from 'vitest';
import { calendarRows } from '../../lib/calendar/working-days.ts';
import { DEFAULT_HEARING_WORKING_DAYS } from '../messages.ts';
import { hearingWindowEnd } from './hearing.ts';

const row = (d: { date: string; kind: string; working: boolean; holiday?: { id: string } }) => `${d.date} ${d.kind}${d.holiday ? ` ${d.holiday.id}` : ''}${d.working ? ' +1' : ''}`;

describe('the hearing window in working days', () => {
  it('is 3 working days when the service sets none', () => {
    expect(DEFAULT_HEARING_WORKING_DAYS).toBe(3);
  });

  it('opened on Friday 20 March 2026 (before Nauryz) ends on Monday 30 March at 24:00 Almaty time', () => {
    const end = hearingWindowEnd('2026-03-20T05:00:00Z', DEFAULT_HEARING_WORKING_DAYS); // 10:00 Almaty
    expect(end.days!.map(row)).toEqual([
      '2026-03-21 HOLIDAY nauryz-1',
      '2026-03-22 HOLIDAY nauryz-2',
      '2026-03-23 HOLIDAY nauryz-3',
      '2026-03-24 SUBSTITUTE_DAY_OFF nauryz-1',
      '2026-03-25 SUBSTITUTE_DAY_OFF nauryz-2',
      '2026-03-26 WORKING_DAY +1',
      '2026-03-27 WORKING_DAY +1',
      '2026-03-28 WEEKEND',
      '2026-03-29 WEEKEND',
      '2026-03-30 WORKING_DAY +1',
    ]);
    expect(end.lastDay).toBe('2026-03-30');
    expect(end.dueAt).toBe('2026-03-30T19:00:00.000Z');
  });

  it('opened on Friday 11 December 2026 skips Independence Day (Wednesday 16 December)', () => {
    const end = hearingWindowEnd('2026-12-11T09:00:00Z', 3);
    expect(calendarRows('2026-12-12', end.lastDay!).map(row)).toEqual([
      '2026-12-12 WEEKEND',
      '2026-12-13 WEEKEND',
      '2026-12-14 WORKING_DAY +1',
      '2026-12-15 WORKING_DAY +1',
      '2026-12-16 HOLIDAY independence-day',
      '2026-12-17 WORKING_DAY +1',
    ]);
    expect(end.dueAt).toBe('2026-12-17T19:00:00.000Z');
  });

  it('runs into a year the calendar has no data for (2027) as an estimate from the statutory holidays, marked unverified, instead of failing the case', () => {
    const end = hearingWindowEnd('2026-12-30T06:00:00Z', 3);
    // 31 December, then (New Year on Friday and Saturday, its substitute Monday 4 January) 5 and 6 January.
    expect(end.days!.filter((d) => d.working).map((d) => d.date)).toEqual(['2026-12-31', '2027-01-05', '2027-01-06']);
    expect(end.days!.find((d) => d.date === '2027-01-04')).toMatchObject({ kind: 'SUBSTITUTE_DAY_OFF', estimated: true });
    expect(end.lastDay).toBe('2027-01-06');
    expect(end.verified).toBe(false);
    expect(end.estimatedYears).toEqual([2027]);
  });
});
