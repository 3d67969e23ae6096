/** Kazakhstan keeps one time zone, UTC+5 (since 1 March 2024): legal dates are dates there. */
const OFFSET_MS = 5 * 60 * 60 * 1000;

export function kzDate(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function kzDateTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
