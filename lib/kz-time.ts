/** Kazakhstan keeps one time zone, UTC+5 (since 1 March 2024): legal dates are dates there. */
const OFFSET_MS = 5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function kzDate(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function kzDateTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A deadline as a citizen or officer reads it: one that ends with a day (midnight in Astana) is
 * that day's "24:00" — "2026-12-11 24:00", never "2026-12-12 00:00", which reads as a day later
 * than the last day to act. Any other moment is shown as it is.
 */
export function kzDeadline(at: Date | string): string {
  const ms = new Date(at).getTime();
  if ((ms + OFFSET_MS) % DAY_MS !== 0) return kzDateTime(at);
  return `${kzDate(new Date(ms - 1))} 24:00`;
}
