import { describe, expect, it } from 'vitest';
import { needsSecondReview } from './four-eyes.ts';

const base = { computed: 164_350, periodMonths: 1, threshold: 500_000 };

describe('four-eyes on the amount actually paid', () => {
  it.each([
    ['the computed amount, below the threshold', { amount: 164_350 }, false],
    ['a lowered amount', { amount: 100_000 }, false],
    ['a raise of one tiyn', { amount: 164_350.01 }, true],
    ['a raise to just below the threshold', { amount: 499_999.99 }, true],
    ['exactly the threshold', { amount: 500_000, computed: 600_000 }, true],
    ['a lowered amount still at or above the threshold', { amount: 550_000, computed: 600_000 }, true],
    ['a monthly amount whose total reaches the threshold', { amount: 50_000, computed: 50_000, periodMonths: 10 }, true],
    ['a monthly amount whose total stays below', { amount: 49_999, computed: 50_000, periodMonths: 10 }, false],
    ['an amount the rules did not compute', { amount: 1_000, computed: null }, true],
  ])('%s', (_name, over, expected) => {
    expect(needsSecondReview({ ...base, ...over })).toBe(expected);
  });
});
