/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) and months (YYYY-MM), as plain strings.
 * Pure and time-zone free: legal facts are calendar days, so nothing here touches a clock or
 * local time (a Date is only used as a UTC calendar, never read as "now").
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export class InvalidDate extends Error {
  constructor(readonly value: unknown, readonly expected: 'YYYY-MM-DD' | 'YYYY-MM' = 'YYYY-MM-DD') {
    super(`expected a calendar date ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'InvalidDate';
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isIsoMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = MONTH_RE.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function parts(date: unknown): [number, number, number] {
  if (!isIsoDate(date)) throw new InvalidDate(date);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Adds calendar months; a day past the end of the target month is clamped (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/**
 * Completed months from `from` to `to`: the largest n with addMonths(from, n) <= to, so a child
 * born 2024-01-31 is 1 month old on 2024-02-29 and 18 months old from 2025-07-31. Negative when
 * `to` is earlier (the mirror image, so monthsBetween(a, b) == -monthsBetween(b, a) on month-ends too).
 */
export function monthsBetween(from: string, to: string): number {
  if (compareDates(to, from) < 0) return 0 - monthsBetween(to, from) || 0; // never -0
  const [y1, m1] = parts(from);
  const [y2, m2] = parts(to);
  let n = (y2 - y1) * 12 + (m2 - m1);
  if (compareDates(addMonths(from, n), to) > 0) n -= 1;
  return n;
}

/** Completed years (age): a person born 29 Feb is a year older on 28 Feb of a common year. */
export function yearsBetween(from: string, to: string): number {
  const months = monthsBetween(from, to);
  return months < 0 ? -Math.floor(-months / 12) : Math.floor(months / 12);
}

export function compareDates(a: string, b: string): number {
  parts(a);
  parts(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The month (YYYY-MM) a date falls in. */
export function monthOf(date: string): string {
  parts(date);
  return date.slice(0, 7);
}

export function addMonthsToMonth(month: string, months: number): string {
  if (!isIsoMonth(month)) throw new InvalidDate(month, 'YYYY-MM');
  return addMonths(`${month}-01`, months).slice(0, 7);
}

/**
 * True when `month` (YYYY-MM) is one of the `count` whole months before the month of `date`:
 * the window benefit law uses for "the last 24 months" before a legal fact. The month of the
 * legal fact itself is incomplete and excluded.
 */
export function inMonthWindow(month: string, date: string, count: number): boolean {
  if (!isIsoMonth(month)) throw new InvalidDate(month, 'YYYY-MM');
  const end = monthOf(date);
  const start = addMonthsToMonth(end, -count);
  return month >= start && month < end;
}
