import { describe, expect, it } from 'vitest';
import { InvalidDuration, durationToMs } from './definition.ts';

describe('durationToMs', () => {
  const cases: [string, number][] = [
    ['P3D', 3 * 86_400_000],
    ['PT72H', 72 * 3_600_000],
    ['P1W', 7 * 86_400_000],
    ['P1DT12H', 36 * 3_600_000],
    ['PT30M', 1_800_000],
    ['PT1.5S', 1500],
  ];
  it.each(cases)('%s = %i ms', (duration, ms) => expect(durationToMs(duration)).toBe(ms));

  it.each(['P1M', 'P1Y', 'P', 'PT', '3D', 'P0D', 'PT-1H', ''])('rejects %j', (bad) => {
    expect(() => durationToMs(bad)).toThrow(InvalidDuration);
  });
});
