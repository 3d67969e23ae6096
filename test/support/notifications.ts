import { expect } from 'vitest';

/** Collects the payloads a LISTEN handler receives; `until(n)` waits for the n-th. */
export function received() {
  const payloads: (string | null)[] = [];
  return { payloads, handler: (p: string | null) => payloads.push(p), until: (n: number) => expect.poll(() => payloads.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n) };
}
