/**
 * The generator's calendar: the shared date arithmetic of lib/dates.ts, plus what only the
 * synthetic population needs (ages, anniversaries, random dates, month offsets).
 */
import { addDays, addMonthsToMonth, daysBetween, monthOf } from '../../lib/dates.ts';
import { isValidCalendarDate } from '../../lib/iin.ts';

export { addDays, addMonthsToMonth, daysBetween, monthOf };

export function parseIsoDate(iso: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const parts = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  if (!parts || !isValidCalendarDate(parts.year, parts.month, parts.day)) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${iso}"`);
  return parts;
}

export function dateMs(iso: string): number {
  const { year, month, day } = parseIsoDate(iso);
  return Date.UTC(year, month - 1, day);
}

/** Whole years from `birthDate` to `on`. */
export function ageOn(birthDate: string, on: string): number {
  const b = parseIsoDate(birthDate);
  const o = parseIsoDate(on);
  return o.year - b.year - (o.month < b.month || (o.month === b.month && o.day < b.day) ? 1 : 0);
}

/** Same day `years` earlier or later; 29 February falls back to the 28th in common years. */
export function addYears(iso: string, years: number): string {
  const { year, month, day } = parseIsoDate(iso);
  const y = year + years;
  const d = isValidCalendarDate(y, month, day) ? day : 28;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` (YYYY-MM); negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** A uniformly random date in [from, to]. */
export function randomDateBetween(rnd: () => number, from: string, to: string): string {
  const span = daysBetween(from, to);
  return addDays(from, Math.floor(rnd() * (span + 1)));
}
