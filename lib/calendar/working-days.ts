/**
 * Kazakhstan's working days, derived from the holidays the law lists (kz-holidays.ts) and each
 * year's movable feast and transfers (kz-calendar-years.ts). Pure and deterministic: safe in
 * Temporal workflow code (no I/O, no clock, no Intl).
 *
 *   isWorkingDay(date, opts?)               → boolean
 *   addWorkingDays(date, n, opts?)          → the nth working day after `date` (n < 0: before it)
 *   workingDaysBetween(from, to, opts?)     → working days d with from < d ≤ to (negative if to < from)
 *   calendarDay(date, opts?) / calendarRows(from, to, opts?) → the days with kind, holiday name,
 *                                             and whether the year is verified or estimated
 *
 * Dates are local dates in Kazakhstan ('YYYY-MM-DD'); almaty-time.ts turns instants into them.
 * A five-day week (Saturday and Sunday off), as public bodies work.
 *
 * A year whose calendar is missing (before 2024, or not yet in kz-calendar-years.ts) throws
 * CalendarYearMissing — a legal deadline must not be computed from a guess without saying so.
 * With `{ onMissingYear: 'estimate' }` a year from 2024 on is derived from the statutory list
 * alone (no Kurban ait, no transfers) and every day of it is marked `estimated` and unverified,
 * so the caller can still show or set a provisional date and flag it.
 */
import { addDays, compareDates, isIsoDate } from '../dates.ts';
import { KZ_CALENDAR_YEARS, type KzCalendarYear } from './kz-calendar-years.ts';
import { KURBAN_AIT_NAME, STATUTORY_LIST_FROM_YEAR, statutoryHolidaysOf, type HolidayKind } from './kz-holidays.ts';

export type DayKind = 'WORKING_DAY' | 'WEEKEND' | 'HOLIDAY' | 'SUBSTITUTE_DAY_OFF' | 'TRANSFERRED_DAY_OFF' | 'TRANSFERRED_WORKING_DAY';

export interface CalendarDay {
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  working: boolean;
  kind: DayKind;
  holiday?: { id: string; kind: HolidayKind; name: { kk: string; ru: string; en: string } };
  /** Why a day is moved: the holiday it substitutes for, or the act that transferred it. */
  note?: string;
  /** The year's dates were checked against the acts (see kz-calendar-years.ts). */
  verified: boolean;
  /** The year is missing and was estimated from the statutory list alone. */
  estimated: boolean;
}

export interface CalendarOptions {
  /** 'throw' (default): CalendarYearMissing; 'estimate': statutory holidays only, marked estimated. */
  onMissingYear?: 'throw' | 'estimate';
}

export class CalendarYearMissing extends Error {
  readonly code = 'CALENDAR_YEAR_MISSING';
  constructor(readonly year: number) {
    super(
      year < STATUTORY_LIST_FROM_YEAR
        ? `the working-day calendar starts in ${STATUTORY_LIST_FROM_YEAR}; ${year} is not modelled`
        : `the working-day calendar has no data for ${year} (Kurban ait date and transferred days); add it to lib/calendar/kz-calendar-years.ts or ask for an estimate`,
    );
    this.name = 'CalendarYearMissing';
  }
}

/** Working days are counted at most this far, so a bad input cannot loop for ever. */
export const MAX_WORKING_DAYS = 1000;

type Special = Omit<CalendarDay, 'isoWeekday' | 'verified' | 'estimated'>;
interface YearTable {
  special: Map<string, Special>;
  verified: boolean;
  estimated: boolean;
}

function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const pad = (n: number) => String(n).padStart(2, '0');

function buildYear(year: number, data: KzCalendarYear | undefined): Map<string, Special> {
  const special = new Map<string, Special>();
  for (const t of data?.transfers ?? []) {
    special.set(t.workingDay, { date: t.workingDay, working: true, kind: 'TRANSFERRED_WORKING_DAY', note: `rest day moved to ${t.dayOff} by ${t.act}` });
    special.set(t.dayOff, { date: t.dayOff, working: false, kind: 'TRANSFERRED_DAY_OFF', note: `rest day moved from ${t.workingDay} by ${t.act}` });
  }
  const holidays = statutoryHolidaysOf(year).map((h) => ({ date: `${year}-${pad(h.month)}-${pad(h.day)}`, holiday: { id: h.id, kind: h.kind, name: h.name } }));
  if (data) holidays.push({ date: data.kurbanAit, holiday: { id: 'kurban-ait', kind: 'RELIGIOUS', name: KURBAN_AIT_NAME } });
  holidays.sort((a, b) => compareDates(a.date, b.date));
  for (const h of holidays) special.set(h.date, { date: h.date, working: false, kind: 'HOLIDAY', holiday: h.holiday });
  const isWorking = (date: string) => special.get(date)?.working ?? isoWeekday(date) <= 5;
  // Law on holidays art. 5: a national or state holiday on a weekend day gives the next working
  // day off. Religious days off (Labour Code art. 84 p. 5) are not moved.
  for (const h of holidays) {
    if (h.holiday.kind === 'RELIGIOUS' || isoWeekday(h.date) <= 5) continue;
    let d = addDays(h.date, 1);
    while (!isWorking(d)) d = addDays(d, 1);
    special.set(d, { date: d, working: false, kind: 'SUBSTITUTE_DAY_OFF', holiday: h.holiday, note: `day off for ${h.holiday.name.en} on ${h.date} (Law on holidays, art. 5)` });
  }
  return special;
}

function yearTable(year: number, options: CalendarOptions): YearTable {
  const data = KZ_CALENDAR_YEARS.find((y) => y.year === year);
  if (year < STATUTORY_LIST_FROM_YEAR || (!data && options.onMissingYear !== 'estimate')) throw new CalendarYearMissing(year);
  return { special: buildYear(year, data), verified: data?.verified ?? false, estimated: !data };
}

function requireDate(date: string): void {
  if (!isIsoDate(date)) throw new TypeError(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

/** Looks up days year by year without rebuilding a year for each day. */
function dayReader(options: CalendarOptions): (date: string) => CalendarDay {
  const tables = new Map<number, YearTable>();
  return (date) => {
    requireDate(date);
    const year = Number(date.slice(0, 4));
    let table = tables.get(year);
    if (!table) tables.set(year, (table = yearTable(year, options)));
    const weekday = isoWeekday(date);
    const special = table.special.get(date);
    const base = special ?? { date, working: weekday <= 5, kind: weekday <= 5 ? ('WORKING_DAY' as const) : ('WEEKEND' as const) };
    return { ...base, isoWeekday: weekday, verified: table.verified, estimated: table.estimated };
  };
}

export function calendarDay(date: string, options: CalendarOptions = {}): CalendarDay {
  return dayReader(options)(date);
}

export function isWorkingDay(date: string, options: CalendarOptions = {}): boolean {
  return calendarDay(date, options).working;
}

/** Every day from `from` to `to`, both included. */
export function calendarRows(from: string, to: string, options: CalendarOptions = {}): CalendarDay[] {
  requireDate(from);
  requireDate(to);
  if (compareDates(to, from) < 0) return [];
  const read = dayReader(options);
  const rows: CalendarDay[] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) {
    if (rows.length > MAX_WORKING_DAYS * 3) throw new RangeError(`calendarRows spans more than ${MAX_WORKING_DAYS * 3} days`);
    rows.push(read(d));
  }
  return rows;
}

/** The working days passed on the way from `date` to its nth working day, and that day. */
export function walkWorkingDays(date: string, n: number, options: CalendarOptions = {}): { date: string; days: CalendarDay[] } {
  requireDate(date);
  if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) throw new RangeError(`working days must be an integer within ±${MAX_WORKING_DAYS}, got ${n}`);
  const read = dayReader(options);
  const step = n < 0 ? -1 : 1;
  const days: CalendarDay[] = [];
  let d = date;
  for (let counted = 0; counted < Math.abs(n); ) {
    d = addDays(d, step);
    const day = read(d);
    days.push(day);
    if (day.working) counted += 1;
  }
  return { date: d, days };
}

export function addWorkingDays(date: string, n: number, options: CalendarOptions = {}): string {
  return walkWorkingDays(date, n, options).date;
}

export function workingDaysBetween(from: string, to: string, options: CalendarOptions = {}): number {
  if (compareDates(to, from) < 0) return 0 - workingDaysBetween(to, from, options) || 0; // never -0
  return calendarRows(addDays(from, 1), to, options).filter((d) => d.working).length;
}
