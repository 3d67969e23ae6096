import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, inMonthWindow, isIsoDate, monthsBetween, yearsBetween } from './dates.ts';

describe('addMonths', () => {
  const cases: [string, number, string][] = [
    ['2025-03-10', 12, '2026-03-10'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-03-31', -1, '2025-02-28'],
  ];
  it.each(cases)('%s + %i months = %s', (date, n, expected) => expect(addMonths(date, n)).toBe(expected));
});

describe('monthsBetween (completed months)', () => {
  const cases: [string, string, number][] = [
    ['2025-06-15', '2025-06-15', 0],
    ['2025-06-15', '2025-07-14', 0],
    ['2025-06-15', '2025-07-15', 1],
    ['2025-06-15', '2026-12-14', 17],
    ['2025-06-15', '2026-12-15', 18],
    ['2024-01-31', '2024-02-29', 1],
    ['2024-01-31', '2024-02-28', 0],
    ['2025-06-15', '2025-06-14', 0],
    ['2025-06-15', '2025-05-15', -1],
  ];
  it.each(cases)('%s → %s = %i', (from, to, expected) => expect(monthsBetween(from, to)).toBe(expected));
  it('never returns -0', () => expect(Object.is(monthsBetween('2025-06-15', '2025-06-14'), 0)).toBe(true));
});

describe('yearsBetween (age)', () => {
  const cases: [string, string, number][] = [
    ['2007-09-01', '2025-09-01', 18],
    ['2007-09-02', '2025-09-01', 17],
    ['2004-02-29', '2022-02-28', 18],
    ['2004-02-29', '2022-02-27', 17],
  ];
  it.each(cases)('born %s, on %s → %i', (from, to, expected) => expect(yearsBetween(from, to)).toBe(expected));
});

describe('other date helpers', () => {
  it('adds days and counts them across years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('defines the 24-month window before a legal fact', () => {
    expect(inMonthWindow('2023-06', '2025-06-15', 24)).toBe(true);
    expect(inMonthWindow('2023-05', '2025-06-15', 24)).toBe(false);
    expect(inMonthWindow('2025-05', '2025-06-15', 24)).toBe(true);
    expect(inMonthWindow('2025-06', '2025-06-15', 24)).toBe(false);
  });

  it('rejects impossible dates', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => addMonths('2025-13-01', 1)).toThrow(/calendar date/);
  });
});
