import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { KZ_CALENDAR_YEARS } from './kz-calendar-years.ts';
import { STATUTORY_HOLIDAYS } from './kz-holidays.ts';
import { addWorkingDays, calendarDay, calendarRows, CalendarYearMissing, isWorkingDay, workingDaysBetween } from './working-days.ts';

function yearSummary(year: number) {
  const rows = calendarRows(`${year}-01-01`, `${year}-12-31`);
  return {
    weekdaysOff: rows.filter((d) => d.isoWeekday <= 5 && !d.working).map((d) => d.date),
    weekendsWorked: rows.filter((d) => d.isoWeekday > 5 && d.working).map((d) => d.date),
    daysOff: rows.filter((d) => !d.working).length,
    workingDays: rows.filter((d) => d.working).length,
  };
}

describe('the published calendars', () => {
  it('2024: 117 days off for a five-day week; 4 May worked for 8 May; Kurban ait on Sunday 16 June moves nothing', () => {
    const y = yearSummary(2024);
    expect(y.weekdaysOff).toEqual([
      '2024-01-01', '2024-01-02', '2024-03-08', '2024-03-21', '2024-03-22', '2024-03-25', '2024-05-01', '2024-05-07',
      '2024-05-08', '2024-05-09', '2024-07-08', '2024-08-30', '2024-10-25', '2024-12-16',
    ]);
    expect(y.weekendsWorked).toEqual(['2024-05-04']);
    expect(y.daysOff).toBe(117);
  });

  it('2025: Sunday 5 January worked for Friday 3 January; Kurban ait Friday 6 June', () => {
    const y = yearSummary(2025);
    expect(y.weekdaysOff).toEqual([
      '2025-01-01', '2025-01-02', '2025-01-03', '2025-01-07', '2025-03-10', '2025-03-21', '2025-03-24', '2025-03-25',
      '2025-05-01', '2025-05-07', '2025-05-09', '2025-06-06', '2025-07-07', '2025-09-01', '2025-10-27', '2025-12-16',
    ]);
    expect(y.weekendsWorked).toEqual(['2025-01-05']);
  });

  it('2026: the January calendar (119 days off, 246 working) less 31 August, no longer a day off for Constitution Day', () => {
    const y = yearSummary(2026);
    const january = [
      '2026-01-01', '2026-01-02', '2026-01-07', '2026-03-09', '2026-03-23', '2026-03-24', '2026-03-25', '2026-05-01',
      '2026-05-07', '2026-05-11', '2026-05-27', '2026-07-06', '2026-08-31', '2026-10-26', '2026-12-16',
    ];
    expect(y.weekdaysOff).toEqual(january.filter((d) => d !== '2026-08-31'));
    expect(y.weekendsWorked).toEqual([]);
    expect([y.daysOff, y.workingDays]).toEqual([119 - 1, 246 + 1]);
  });
});

describe('calendarDay', () => {
  it.each([
    ['2026-03-24', 'SUBSTITUTE_DAY_OFF', false, 'nauryz-1'],
    ['2026-03-25', 'SUBSTITUTE_DAY_OFF', false, 'nauryz-2'],
    ['2026-03-23', 'HOLIDAY', false, 'nauryz-3'],
    ['2026-05-27', 'HOLIDAY', false, 'kurban-ait'],
    ['2025-01-05', 'TRANSFERRED_WORKING_DAY', true, undefined],
    ['2025-01-03', 'TRANSFERRED_DAY_OFF', false, undefined],
    ['2024-06-17', 'WORKING_DAY', true, undefined],
    ['2026-08-31', 'WORKING_DAY', true, undefined],
    ['2026-03-21', 'HOLIDAY', false, 'nauryz-1'],
    ['2026-03-28', 'WEEKEND', false, undefined],
  ])('%s is %s', (date, kind, working, holiday) => {
    const day = calendarDay(date);
    expect([day.kind, day.working, day.holiday?.id]).toEqual([kind, working, holiday]);
    expect(isWorkingDay(date)).toBe(working);
    expect(day.estimated).toBe(false);
  });

  it('names holidays in kk, ru and en', () => {
    expect(calendarDay('2025-12-16').holiday?.name).toEqual({ kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' });
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it.each([
    ['2026-03-20', 3, '2026-03-30'], // Friday before Nauryz
    ['2024-05-03', 3, '2024-05-10'], // Saturday 4 May is worked, 7–9 May are not
    ['2025-03-07', 3, '2025-03-13'], // 8 March on Saturday gives Monday 10 March off
    ['2024-06-14', 3, '2024-06-19'], // Kurban ait on Sunday: Monday 17 June is a working day
    ['2025-01-02', 3, '2025-01-08'], // 3 Jan off, Sunday 5 Jan worked, 7 Jan off
    ['2026-03-20', -3, '2026-03-17'],
    ['2026-03-26', -1, '2026-03-20'],
    ['2026-05-08', 0, '2026-05-08'],
  ])('%s + %i working days = %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
    expect(workingDaysBetween(from, expected)).toBe(n);
  });

  it('is the inverse of workingDaysBetween on every day of the modelled years', () => {
    for (let d = '2024-01-01'; d < '2026-12-01'; d = addDays(d, 1)) {
      for (const n of [1, 3, 10]) expect(workingDaysBetween(d, addWorkingDays(d, n))).toBe(n);
    }
  });

  it('counts a period backwards as a negative number, never -0', () => {
    expect(workingDaysBetween('2026-03-30', '2026-03-20')).toBe(-3);
    expect(Object.is(workingDaysBetween('2026-03-21', '2026-03-22'), 0)).toBe(true);
    expect(Object.is(workingDaysBetween('2026-03-22', '2026-03-21'), 0)).toBe(true);
  });

  it('refuses counts that are not whole or too large', () => {
    expect(() => addWorkingDays('2026-03-20', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-20', 1001)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(TypeError);
  });
});

describe('a year without calendar data', () => {
  it('throws CalendarYearMissing by default', () => {
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarYearMissing);
    expect(() => addWorkingDays('2026-12-30', 3)).toThrow(/no data for 2027/);
    try {
      calendarDay('2027-05-03');
    } catch (e) {
      expect(e).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', year: 2027 });
    }
  });

  it('is estimated from the statutory list when asked, and marked so', () => {
    const estimate = { onMissingYear: 'estimate' } as const;
    // 2 January 2027 is a Saturday: Monday 4 January is its day off.
    expect(calendarRows('2027-01-01', '2027-01-05', estimate).map((d) => [d.date, d.kind])).toEqual([
      ['2027-01-01', 'HOLIDAY'],
      ['2027-01-02', 'HOLIDAY'],
      ['2027-01-03', 'WEEKEND'],
      ['2027-01-04', 'SUBSTITUTE_DAY_OFF'],
      ['2027-01-05', 'WORKING_DAY'],
    ]);
    expect(calendarDay('2027-03-15', estimate)).toMatchObject({ kind: 'HOLIDAY', estimated: true, verified: false, holiday: { id: 'constitution-day' } });
    expect(addWorkingDays('2026-12-30', 3, estimate)).toBe('2027-01-06');
  });

  it('never estimates before the statutory list starts', () => {
    expect(() => isWorkingDay('2023-12-29', { onMissingYear: 'estimate' })).toThrow(/starts in 2024/);
  });
});

describe('the calendar data', () => {
  it.each(KZ_CALENDAR_YEARS.map((y) => [y.year, y] as const))('%i is consistent and sourced', (year, y) => {
    expect(y.kurbanAit.startsWith(`${year}-`)).toBe(true);
    for (const t of y.transfers) {
      expect(t.workingDay.startsWith(`${year}-`) && t.dayOff.startsWith(`${year}-`)).toBe(true);
      expect(calendarDay(t.workingDay).isoWeekday).toBeGreaterThan(5);
      expect(calendarDay(t.dayOff).isoWeekday).toBeLessThanOrEqual(5);
      expect(t.act).toMatch(/Order/);
    }
    expect(y.sources.length).toBeGreaterThan(0);
    for (const s of y.sources) expect(s.url).toMatch(/^https:\/\//);
    expect(y.verification.length).toBeGreaterThan(40);
    expect(calendarDay(`${year}-06-01`).verified).toBe(y.verified);
  });

  it('lists each statutory holiday once, with its basis', () => {
    const ids = STATUTORY_HOLIDAYS.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of STATUTORY_HOLIDAYS) expect(h.basis).toMatch(/No\. 267-II|No\. 414-V|Constitution/);
  });
});
