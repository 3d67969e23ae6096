/** The console benchmark's harness works (npm run bench:console): it is a command, not a timed test, so only its shape is checked here. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { benchConsole } from '../../scripts/bench-console.ts';
import { DIST_DIR } from '../../web/build.ts';

describe('npm run bench:console', () => {
  it('measures the built console and renders the full and the empty inbox', async () => {
    const result = await benchConsole({ tasks: 20, runs: 1, log: () => {}, pgliteTemplate: inject('pgliteTemplate') });
    expect(result.size.firstLoad.gzipBytes).toBeGreaterThan(10_000);
    expect(result.size.firstLoad.gzipBytes).toBeLessThan(result.size.firstLoad.bytes);
    expect(result.full.map((s) => s.rows)).toEqual([20]);
    expect(result.empty.map((s) => s.rows)).toEqual([0]);
    expect(result.median.full).toBeGreaterThan(0);
    expect(Number.isFinite(result.median.ratio)).toBe(true);
    // What was measured is the production bundle, even when built under a test runner (NODE_ENV=test).
    const script = result.size.files.find((f) => /^assets\/.*\.js$/.test(f.file))!;
    expect(fs.readFileSync(path.join(DIST_DIR, script.file), 'utf8')).not.toContain('Each child in a list should have a unique');
    expect(process.env.NODE_ENV).toBe('test');
  });
});
