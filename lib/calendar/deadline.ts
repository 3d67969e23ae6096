/**
 * Deadlines as service definitions state them — a calendar duration or a number of working
 * days — resolved to the instant they fall due.
 *
 *   parseDeadline('3 working days' | 'P3D' | { workingDays: 3 } | { calendar: 'PT72H' }) → Deadline
 *   formatDeadline(deadline)                              → '3 working days' | 'PT72H'
 *   resolveDeadline(start, deadline, opts?)               → { dueAt, dueMs, lastDay, verified, … }
 *
 * Working-day convention (the general rule for periods in Kazakh law: a period starts on the
 * day after the event that starts it and ends at the end of its last day): the count begins on
 * the local date after the start — whatever the hour, and whether or not the start day is a
 * working day — and the deadline is 24:00 Asia/Almaty time (UTC+5) at the end of the nth working
 * day. So 3 working days from Friday 20 March 2026 10:00 (Nauryz, 21–25 March off) end on Monday
 * 30 March 2026 at 24:00 local, 19:00Z.
 *
 * Calendar durations are exact spans (services' ISO-8601 rule: weeks, days, hours, minutes,
 * seconds), added to the start instant; they need no calendar and are always `verified`.
 * Pure and deterministic: workflow code may call it with workflow time as the start.
 */
import { addDays } from '../dates.ts';
import { durationToMs, InvalidDuration } from '../iso-duration.ts';
import { almatyDate, almatyStartOfDay, toEpochMs, type Instant } from './almaty-time.ts';
import { MAX_WORKING_DAYS, walkWorkingDays, type CalendarDay, type CalendarOptions } from './working-days.ts';

export type Deadline = { calendar: string } | { workingDays: number };

export class InvalidDeadline extends TypeError {
  readonly code = 'INVALID_DEADLINE';
  constructor(readonly value: unknown, reason: string) {
    super(`invalid deadline ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidDeadline';
  }
}

const WORKING_DAYS_TEXT = /^([1-9]\d{0,3}) working days?$/;

function checkedWorkingDays(value: unknown, n: unknown): Deadline {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_WORKING_DAYS) {
    throw new InvalidDeadline(value, `working days must be a whole number from 1 to ${MAX_WORKING_DAYS}`);
  }
  return { workingDays: n };
}

function checkedCalendar(value: unknown, iso: string): Deadline {
  try {
    durationToMs(iso);
  } catch (e) {
    if (e instanceof InvalidDuration) throw new InvalidDeadline(value, e.message);
    throw e;
  }
  return { calendar: iso };
}

export function parseDeadline(value: unknown): Deadline {
  if (typeof value === 'string') {
    const m = WORKING_DAYS_TEXT.exec(value.trim());
    if (m) return checkedWorkingDays(value, Number(m[1]));
    if (value.startsWith('P')) return checkedCalendar(value, value);
    throw new InvalidDeadline(value, 'expected an ISO-8601 duration such as P3D or "N working days"');
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'workingDays') return checkedWorkingDays(value, (value as { workingDays: unknown }).workingDays);
    if (keys.length === 1 && keys[0] === 'calendar' && typeof (value as { calendar: unknown }).calendar === 'string') {
      return checkedCalendar(value, (value as { calendar: string }).calendar);
    }
  }
  throw new InvalidDeadline(value, 'expected { workingDays: n }, { calendar: "P…" } or a string form');
}

export function formatDeadline(deadline: Deadline): string {
  if ('workingDays' in deadline) return `${deadline.workingDays} working day${deadline.workingDays === 1 ? '' : 's'}`;
  return deadline.calendar;
}

export interface ResolvedDeadline {
  deadline: Deadline;
  /** The instant the period ends, ISO 8601 UTC. */
  dueAt: string;
  dueMs: number;
  /** Working days: the local start date and the last (nth) working day of the period. */
  startDate?: string;
  lastDay?: string;
  /** Working days: every day walked, with why each did or did not count. */
  days?: CalendarDay[];
  /** False when any day counted lies in a year not checked against its acts, or estimated. */
  verified: boolean;
  /** Years with no calendar data that were estimated (only with onMissingYear: 'estimate'). */
  estimatedYears: number[];
}

export function resolveDeadline(start: Instant, deadline: Deadline | string, options: CalendarOptions = {}): ResolvedDeadline {
  const spec = parseDeadline(deadline);
  const startMs = toEpochMs(start);
  if ('calendar' in spec) {
    const dueMs = startMs + durationToMs(spec.calendar);
    return { deadline: spec, dueAt: new Date(dueMs).toISOString(), dueMs, verified: true, estimatedYears: [] };
  }
  const startDate = almatyDate(startMs);
  const walk = walkWorkingDays(startDate, spec.workingDays, options);
  const dueMs = almatyStartOfDay(addDays(walk.date, 1));
  const estimatedYears = [...new Set(walk.days.filter((d) => d.estimated).map((d) => Number(d.date.slice(0, 4))))];
  return {
    deadline: spec,
    dueAt: new Date(dueMs).toISOString(),
    dueMs,
    startDate,
    lastDay: walk.date,
    days: walk.days,
    verified: walk.days.every((d) => d.verified && !d.estimated),
    estimatedYears,
  };
}
