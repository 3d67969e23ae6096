import { describe, expect, it } from 'vitest';
import { addDays, addMonthsToMonth, addYears, ageOn, daysBetween, monthsBetween, parseIsoDate } from './calendar.ts';

describe('calendar', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('adds months across year boundaries in both directions', () => {
    expect(addMonthsToMonth('2025-01', -1)).toBe('2024-12');
    expect(addMonthsToMonth('2025-06', -60)).toBe('2020-06');
    expect(addMonthsToMonth('2024-11', 3)).toBe('2025-02');
    expect(monthsBetween('2020-06', '2025-06')).toBe(60);
    expect(monthsBetween('2025-06', '2025-01')).toBe(-5);
  });

  it('counts whole years of age, birthday included', () => {
    expect(ageOn('1990-06-15', '2025-06-14')).toBe(34);
    expect(ageOn('1990-06-15', '2025-06-15')).toBe(35);
    expect(ageOn('2024-02-29', '2025-02-28')).toBe(0);
    expect(ageOn('2024-02-29', '2025-03-01')).toBe(1);
  });

  it('moves 29 February to the 28th in common years', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('rejects what is not a date', () => {
    expect(() => parseIsoDate('2025-02-30')).toThrow(/not an ISO date/);
    expect(() => parseIsoDate('15.06.2025')).toThrow(/not an ISO date/);
  });
});
