/** The console benchmark's harness works (npm run bench:console): it is a command, not a timed test, so only its shape is checked here. */
import { describe, expect, it } from 'vitest';
import { benchConsole } from '../../scripts/bench-console.ts';

describe('npm run bench:console', () => {
  it('measures the built console and renders the full and the empty inbox', async () => {
    const result = await benchConsole({ tasks: 20, runs: 1, log: () => {} });
    expect(result.size.firstLoad.gzipBytes).toBeGreaterThan(10_000);
    expect(result.size.firstLoad.gzipBytes).toBeLessThan(result.size.firstLoad.bytes);
    expect(result.full.map((s) => s.rows)).toEqual([20]);
    expect(result.empty.map((s) => s.rows)).toEqual([0]);
    expect(result.median.full).toBeGreaterThan(0);
    expect(Number.isFinite(result.median.ratio)).toBe(true);
  });
});
