/**
 * ISO-8601 durations for deadlines (SLA `P3D`, consent window `PT72H`). Only fixed-length units
 * are accepted — weeks, days, hours, minutes, seconds — because a Temporal timer needs an exact
 * number of milliseconds; "P1M" has no fixed length, so a definition must say `P30D` instead.
 */

const DURATION_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export class InvalidDuration extends Error {
  constructor(readonly value: unknown, reason: string) {
    super(`invalid ISO-8601 duration ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidDuration';
  }
}

export function durationToMs(duration: string): number {
  if (typeof duration !== 'string') throw new InvalidDuration(duration, 'not a string');
  if (/^P.*[YM].*$/.test(duration.split('T')[0] ?? '')) {
    throw new InvalidDuration(duration, 'years and months have no fixed length; use days (e.g. P30D)');
  }
  const m = DURATION_RE.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) {
    throw new InvalidDuration(duration, 'expected PnW, PnD, PTnH, PTnM, PTnS or a combination such as P1DT12H');
  }
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number];
  const ms = ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
  if (ms <= 0) throw new InvalidDuration(duration, 'must be longer than zero');
  return Math.round(ms);
}

export function isDuration(value: unknown): value is string {
  try {
    durationToMs(value as string);
    return true;
  } catch {
    return false;
  }
}
