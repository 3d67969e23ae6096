/**
 * Local dates in Kazakhstan's legal time (Asia/Almaty), by plain arithmetic: no Intl and no
 * time-zone database, so the answer is the same on every machine and inside Temporal's workflow
 * sandbox.
 *
 *   almatyDate(instant)        → 'YYYY-MM-DD', the local calendar date of an instant
 *   almatyStartOfDay(date)     → epoch ms of 00:00 local on that date
 *   toEpochMs(instant)         → epoch ms of a number, Date or ISO string with a zone
 *
 * Almaty kept UTC+6 (no daylight saving since 2005) until the clocks went back one hour at
 * 00:00 on 1 March 2024 (Government decree: one time zone for the whole country); since then
 * it is UTC+5. So 29 February 2024 lasted 25 hours locally. Instants before 2005 are outside
 * what this module models.
 */
import { isIsoDate } from '../dates.ts';

const HOUR_MS = 3_600_000;
/** 2024-03-01T00:00+06:00, when Almaty moved from UTC+6 to UTC+5. */
export const ALMATY_UTC5_SINCE_MS = Date.UTC(2024, 1, 29, 18, 0, 0);
const FIRST_UTC5_DATE = '2024-03-01';

export type Instant = number | Date | string;

export class InvalidInstant extends TypeError {
  constructor(readonly value: unknown) {
    super(`expected an instant (epoch ms, Date, or ISO 8601 date-time with Z or an offset), got ${JSON.stringify(value)}`);
    this.name = 'InvalidInstant';
  }
}

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function toEpochMs(instant: Instant): number {
  let ms: number;
  if (typeof instant === 'number') ms = instant;
  else if (instant instanceof Date) ms = instant.getTime();
  else if (typeof instant === 'string' && ZONED_ISO.test(instant)) ms = Date.parse(instant);
  else throw new InvalidInstant(instant);
  if (!Number.isFinite(ms)) throw new InvalidInstant(instant);
  return ms;
}

export function almatyOffsetMs(epochMs: number): number {
  return (epochMs < ALMATY_UTC5_SINCE_MS ? 6 : 5) * HOUR_MS;
}

export function almatyDate(instant: Instant): string {
  const ms = toEpochMs(instant);
  return new Date(ms + almatyOffsetMs(ms)).toISOString().slice(0, 10);
}

export function almatyStartOfDay(date: string): number {
  if (!isIsoDate(date)) throw new InvalidInstant(date);
  const utcMidnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return utcMidnight - (date >= FIRST_UTC5_DATE ? 5 : 6) * HOUR_MS;
}
