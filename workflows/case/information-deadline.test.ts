import { describe, expect, it } from 'vitest';
import { calendarRows } from '../../lib/calendar/index.ts';
import { informationDueAt, informationPeriodOf } from './information-deadline.ts';

const DAY = 86_400_000;

describe('information deadline in working days', () => {
  it("reads the service's whole days as working days, anything else as a span", () => {
    expect(informationPeriodOf(10 * DAY)).toEqual({ workingDays: 10 });
    expect(informationPeriodOf(36 * 3_600_000)).toEqual({ calendar: 'PT129600S' });
  });

  it('a request made on Friday 20 March 2026, before Nauryz, is due at the end of Wednesday 8 April', () => {
    // The calendar's rows for the days after the request (lib/calendar, 2026 data): Nauryz falls
    // on Saturday to Monday, and the two weekend days give Tuesday and Wednesday off.
    const rows = calendarRows('2026-03-21', '2026-04-08').map((d) => `${d.date} ${d.kind}${d.holiday ? ` ${d.holiday.name.en}` : ''}`);
    expect(rows).toEqual([
      '2026-03-21 HOLIDAY Nauryz',
      '2026-03-22 HOLIDAY Nauryz',
      '2026-03-23 HOLIDAY Nauryz',
      '2026-03-24 SUBSTITUTE_DAY_OFF Nauryz',
      '2026-03-25 SUBSTITUTE_DAY_OFF Nauryz',
      '2026-03-26 WORKING_DAY', // 1
      '2026-03-27 WORKING_DAY', // 2
      '2026-03-28 WEEKEND',
      '2026-03-29 WEEKEND',
      '2026-03-30 WORKING_DAY', // 3
      '2026-03-31 WORKING_DAY', // 4
      '2026-04-01 WORKING_DAY', // 5
      '2026-04-02 WORKING_DAY', // 6
      '2026-04-03 WORKING_DAY', // 7
      '2026-04-04 WEEKEND',
      '2026-04-05 WEEKEND',
      '2026-04-06 WORKING_DAY', // 8
      '2026-04-07 WORKING_DAY', // 9
      '2026-04-08 WORKING_DAY', // 10
    ]);
    // 10:00 Almaty time on the Friday; the service's 'P10D' (job-loss payment, birth allowance, …).
    const due = informationDueAt(10 * DAY, undefined, Date.parse('2026-03-20T05:00:00Z'));
    // 24:00 Almaty (UTC+5) at the end of the 10th working day.
    expect(due).toEqual({ dueAt: '2026-04-08T19:00:00.000Z', workingDays: 10, lastDay: '2026-04-08', calendarVerified: false });
  });

  it('the hour of the request does not matter: the count starts the next day', () => {
    const late = informationDueAt(10 * DAY, undefined, Date.parse('2026-03-20T18:59:59Z')); // 23:59:59 Friday, Almaty
    expect(late.dueAt).toBe('2026-04-08T19:00:00.000Z');
    const saturday = informationDueAt(10 * DAY, undefined, Date.parse('2026-03-20T19:00:00Z')); // 00:00 Saturday, Almaty
    expect(saturday.dueAt).toBe('2026-04-08T19:00:00.000Z');
  });

  it('a year the calendar does not hold yet is estimated, not thrown on', () => {
    const due = informationDueAt(3 * DAY, undefined, Date.parse('2027-06-01T05:00:00Z'));
    expect(due).toMatchObject({ workingDays: 3, lastDay: '2027-06-04', calendarVerified: false });
  });

  it('a permitted override is a span from the request', () => {
    expect(informationDueAt(10 * DAY, 1500, Date.parse('2026-03-20T05:00:00Z'))).toEqual({ dueAt: '2026-03-20T05:00:01.500Z', workingDays: null, lastDay: null, calendarVerified: true });
  });
});
