import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatDateTime, formatMonth, formatRelative, formatSize } from './format.ts';
import { format, LANGS, MESSAGES } from './messages.ts';

describe('dates and amounts for officers', () => {
  it('shows instants in Kazakhstan time (UTC+5) whatever the zone of the machine', () => {
    expect(formatDateTime('2026-03-16T19:30:00Z', 'en')).toBe('17/03/2026, 00:30');
    expect(formatDateTime('2026-03-16T19:30:00Z', 'ru')).toBe('17.03.2026, 00:30');
    expect(formatDateTime('2026-12-31T18:59:00Z', 'kk')).toMatch(/^31\.12\.2026,? 23:59$/);
  });

  it('shows calendar dates as they are, with no zone arithmetic', () => {
    expect(formatDate('2026-01-01', 'ru')).toBe('01.01.2026');
    expect(formatDate('2025-12-11', 'en')).toBe('11/12/2025');
  });

  it('shows amounts in tenge', () => {
    expect(formatAmount(238000, 'ru')).toMatch(/^238\s000\s₸$/);
    expect(formatAmount(4284000.5, 'en')).toMatch(/4,284,000\.5/);
    expect(formatAmount(1500, 'kk')).toMatch(/1\s500/);
  });

  it('says how far a deadline is', () => {
    const now = Date.parse('2026-03-16T06:00:00Z');
    expect(formatRelative('2026-03-16T09:00:00Z', now, 'en')).toBe('in 3 hours');
    expect(formatRelative('2026-03-14T06:00:00Z', now, 'en')).toBe('2 days ago');
    expect(formatRelative('2026-03-16T06:10:00Z', now, 'ru')).toBe('через 10 минут');
  });

  it('names benefit periods by month and documents by size', () => {
    expect(formatMonth('2026-03', 'en')).toBe('March 2026');
    expect(formatMonth('2026-12', 'ru')).toMatch(/^декабрь 2026/);
    expect(formatMonth('ONCE', 'en')).toBe('ONCE');
    expect(formatSize(900, 'en')).toBe('900 byte');
    expect(formatSize(2048, 'en')).toBe('2 kB');
    expect(formatSize(3.5 * 1024 * 1024, 'en')).toBe('3.5 MB');
  });
});

describe('the console’s texts', () => {
  it('exist in kk, ru and en with the same placeholders, none empty', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, english] of Object.entries(MESSAGES.en)) {
      for (const lang of LANGS) {
        const text = MESSAGES[lang][key as keyof typeof MESSAGES.en];
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(english));
      }
    }
    expect(format('{a} of {b}', { a: 1 })).toBe('1 of {b}');
  });
});
