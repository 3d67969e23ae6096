/**
 * Dates, amounts and durations for officers: always Kazakhstan time (UTC+5 since 1 March 2024,
 * one zone for the whole country) whatever the browser's own zone, amounts in tenge. The offset
 * is applied by hand rather than through the `Asia/Almaty` zone so that a browser with older
 * time-zone data (which still has UTC+6 there) shows the same hours as the server.
 */
import { LOCALES, type Lang } from './messages.ts';

export const KZ_OFFSET_MS = 5 * 60 * 60 * 1000;

const shifted = (iso: string | Date) => new Date(new Date(iso).getTime() + KZ_OFFSET_MS);

export function formatDateTime(iso: string | Date, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(shifted(iso));
}

export function formatTime(iso: string | Date, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(shifted(iso));
}

/** A calendar date (YYYY-MM-DD, no time): shown as it is, with no zone arithmetic. */
export function formatDate(date: string, lang: Lang): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatAmount(value: number, lang: Lang, currency = 'KZT'): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(value);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 3 hours", "2 days ago" — the largest whole unit, rounded towards the present. */
export function formatRelative(iso: string, now: number, lang: Lang): string {
  const delta = new Date(iso).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size) return rtf.format(Math.trunc(delta / size), unit);
  }
  return rtf.format(Math.trunc(delta / 1000), 'second');
}

/** A benefit period, YYYY-MM, as the month and year ("March 2026"); anything else as it is. */
export function formatMonth(period: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** A document's size: bytes below a kilobyte, else kilobytes or megabytes (1024-based), one decimal. */
export function formatSize(bytes: number, lang: Lang): string {
  const [unit, value] = bytes < 1024 ? (['byte', bytes] as const) : bytes < 1024 * 1024 ? (['kilobyte', bytes / 1024] as const) : (['megabyte', bytes / (1024 * 1024)] as const);
  return new Intl.NumberFormat(LOCALES[lang], { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
