import { describe, expect, it } from 'vitest';
import { almatyDate, almatyStartOfDay, InvalidInstant, toEpochMs } from './almaty-time.ts';
import { formatDeadline, InvalidDeadline, parseDeadline, resolveDeadline } from './deadline.ts';
import { CalendarYearMissing } from './working-days.ts';

describe('Almaty local time', () => {
  it.each([
    ['2026-03-20T05:00:00Z', '2026-03-20'],
    ['2026-03-19T19:00:00Z', '2026-03-20'], // midnight local, UTC+5
    ['2026-03-19T18:59:59.999Z', '2026-03-19'],
    ['2024-02-28T18:00:00Z', '2024-02-29'], // still UTC+6
    ['2024-02-29T17:59:59Z', '2024-02-29'],
    ['2024-02-29T18:30:00Z', '2024-02-29'], // the repeated hour after the clocks went back
    ['2024-02-29T19:00:00Z', '2024-03-01'],
    ['2026-03-20T10:00:00+05:00', '2026-03-20'],
  ])('%s is %s in Almaty', (instant, date) => {
    expect(almatyDate(instant)).toBe(date);
  });

  it('knows local midnight on both sides of the 2024 change', () => {
    expect(new Date(almatyStartOfDay('2024-02-29')).toISOString()).toBe('2024-02-28T18:00:00.000Z');
    expect(new Date(almatyStartOfDay('2024-03-01')).toISOString()).toBe('2024-02-29T19:00:00.000Z');
    expect(new Date(almatyStartOfDay('2026-03-31')).toISOString()).toBe('2026-03-30T19:00:00.000Z');
  });

  it('refuses instants without a zone', () => {
    expect(() => toEpochMs('2026-03-20T10:00:00')).toThrow(InvalidInstant);
    expect(() => toEpochMs('2026-03-20')).toThrow(InvalidInstant);
    expect(() => toEpochMs(Number.NaN)).toThrow(InvalidInstant);
  });
});

describe('parseDeadline', () => {
  it.each([
    ['3 working days', { workingDays: 3 }, '3 working days'],
    ['1 working day', { workingDays: 1 }, '1 working day'],
    [{ workingDays: 10 }, { workingDays: 10 }, '10 working days'],
    ['P3D', { calendar: 'P3D' }, 'P3D'],
    [{ calendar: 'PT72H' }, { calendar: 'PT72H' }, 'PT72H'],
  ])('%j', (input, parsed, formatted) => {
    expect(parseDeadline(input)).toEqual(parsed);
    expect(formatDeadline(parseDeadline(input))).toBe(formatted);
  });

  it.each([['0 working days'], ['3 business days'], ['P1M'], [{ workingDays: 0 }], [{ workingDays: 2.5 }], [{ workingDays: 3, calendar: 'P1D' }], [null], [3]])(
    'refuses %j',
    (input) => expect(() => parseDeadline(input)).toThrow(InvalidDeadline),
  );
});

describe('resolveDeadline: a 3-working-day SLA started on a Friday before a public holiday', () => {
  it.each([
    // start (instant)                 last working day  due (24:00 Almaty)          why
    ['2026-03-20T05:00:00Z', '2026-03-30', '2026-03-30T19:00:00.000Z'], // Nauryz 21–23 March + substitutes 24, 25
    ['2026-03-19T20:00:00Z', '2026-03-30', '2026-03-30T19:00:00.000Z'], // 01:00 Friday local, Thursday in UTC
    ['2026-05-08T12:00:00Z', '2026-05-14', '2026-05-14T19:00:00.000Z'], // Victory Day on Saturday → Monday 11 May off
    ['2025-03-07T11:30:00Z', '2025-03-13', '2025-03-13T19:00:00.000Z'], // 8 March on Saturday → Monday 10 March off
    ['2024-05-03T12:30:00Z', '2024-05-10', '2024-05-10T19:00:00.000Z'], // Saturday 4 May worked, 7–9 May off
    ['2025-06-05T09:00:00Z', '2025-06-11', '2025-06-11T19:00:00.000Z'], // Thursday before Kurban ait, Friday 6 June
    ['2024-06-14T09:00:00Z', '2024-06-19', '2024-06-19T19:00:00.000Z'], // Kurban ait on Sunday: Monday is worked
  ])('from %s: last day %s, due %s', (start, lastDay, dueAt) => {
    const r = resolveDeadline(start, '3 working days');
    expect([r.lastDay, r.dueAt]).toEqual([lastDay, dueAt]);
    expect(r.dueMs).toBe(Date.parse(dueAt));
    expect(r.days!.filter((d) => d.working)).toHaveLength(3);
    expect(r.verified).toBe(false); // the years' acts are not yet checked: said, not hidden
    expect(r.estimatedYears).toEqual([]);
  });

  it('shows the calendar rows it walked', () => {
    const r = resolveDeadline('2026-03-20T05:00:00Z', { workingDays: 3 });
    expect(r.startDate).toBe('2026-03-20');
    expect(r.days!.map((d) => `${d.date} ${d.kind}${d.holiday ? ` ${d.holiday.id}` : ''}`)).toEqual([
      '2026-03-21 HOLIDAY nauryz-1',
      '2026-03-22 HOLIDAY nauryz-2',
      '2026-03-23 HOLIDAY nauryz-3',
      '2026-03-24 SUBSTITUTE_DAY_OFF nauryz-1',
      '2026-03-25 SUBSTITUTE_DAY_OFF nauryz-2',
      '2026-03-26 WORKING_DAY',
      '2026-03-27 WORKING_DAY',
      '2026-03-28 WEEKEND',
      '2026-03-29 WEEKEND',
      '2026-03-30 WORKING_DAY',
    ]);
  });

  it('ends at local midnight on either side of the 2024 time change', () => {
    expect(resolveDeadline('2024-02-27T06:00:00Z', '1 working day').dueAt).toBe('2024-02-28T18:00:00.000Z');
    expect(resolveDeadline('2024-02-28T06:00:00Z', '1 working day').dueAt).toBe('2024-02-29T19:00:00.000Z');
  });

  it('adds calendar durations to the instant, verified and with no calendar', () => {
    const r = resolveDeadline('2026-12-30T10:00:00Z', 'PT72H');
    expect(r).toMatchObject({ dueAt: '2027-01-02T10:00:00.000Z', verified: true, estimatedYears: [] });
  });

  it('crossing into a year without data: refused, or estimated and flagged', () => {
    expect(() => resolveDeadline('2026-12-30T05:00:00Z', '3 working days')).toThrow(CalendarYearMissing);
    const r = resolveDeadline('2026-12-30T05:00:00Z', '3 working days', { onMissingYear: 'estimate' });
    expect(r).toMatchObject({ lastDay: '2027-01-06', dueAt: '2027-01-06T19:00:00.000Z', verified: false, estimatedYears: [2027] });
  });
});
