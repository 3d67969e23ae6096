import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.ts';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the configured rate, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 2, perSecond: 1, now: () => now });
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')].map((d) => d.ok)).toEqual([true, true, false]);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take('b').ok).toBe(true);
    now = 1000;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('keeps a bounded number of buckets', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 0.001, maxKeys: 2, now: () => 0 });
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // drops a
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('c').ok).toBe(false);
  });
});
