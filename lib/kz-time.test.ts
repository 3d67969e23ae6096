import { describe, expect, it } from 'vitest';
import { kzDate, kzDateTime, kzDeadline } from './kz-time.ts';

describe('Kazakhstan time (UTC+5)', () => {
  it('dates a moment in Astana, not in UTC', () => {
    expect(kzDate('2026-12-10T19:00:00Z')).toBe('2026-12-11');
    expect(kzDateTime('2026-12-10T18:59:00Z')).toBe('2026-12-10 23:59');
  });

  it('shows a deadline that ends with a day as that day at 24:00', () => {
    // The end of 11 December in Astana is 19:00 UTC on the 11th.
    expect(kzDateTime('2026-12-11T19:00:00Z')).toBe('2026-12-12 00:00');
    expect(kzDeadline('2026-12-11T19:00:00Z')).toBe('2026-12-11 24:00');
    expect(kzDeadline(new Date('2026-12-31T19:00:00Z'))).toBe('2026-12-31 24:00');
  });

  it('shows any other deadline as it is', () => {
    expect(kzDeadline('2026-12-11T13:30:00Z')).toBe('2026-12-11 18:30');
    expect(kzDeadline('2026-12-11T19:00:30Z')).toBe('2026-12-12 00:00');
  });
});
