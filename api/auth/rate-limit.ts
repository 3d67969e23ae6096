/**
 * Per-caller rate limiting: a token bucket per key, in memory. Each API replica limits on its
 * own, so the effective limit behind a load balancer is N × the configured one — enough to stop
 * a runaway client without a shared store.
 */
export interface RateLimitOptions {
  burst: number;
  perSecond: number;
  now?: () => number;
  /** Buckets kept at most; the least recently used are dropped (a dropped bucket is full again). */
  maxKeys?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const { burst, perSecond } = this.options;
    const previous = this.buckets.get(key);
    const tokens = previous ? Math.min(burst, previous.tokens + ((now - previous.at) / 1000) * perSecond) : burst;
    // Re-inserting keeps the Map in least-recently-used order.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    const max = this.options.maxKeys ?? 10_000;
    while (this.buckets.size > max) this.buckets.delete(this.buckets.keys().next().value!);
    return { ok: true };
  }
}
