/**
 * `npm run amounts`, the table of every service × case with the amount Qyzmet signs beside the
 * hand computation: it runs over the whole catalog history (2025 and 2026 legal facts) and every
 * row agrees. A version list with a gap in its supersedes chain, or a figure that drifts from the
 * law's, fails here.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';

describe('npm run amounts', () => {
  it('signs the hand-computed amount in every row, 2025 and 2026 legal facts alike', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/amount-table.ts'], { cwd: PROJECT_ROOT });
    const summary = /^(\d+) rows, (\d+) differ from the hand computation$/m.exec(stdout);
    expect(summary, stdout.slice(-2000)).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThanOrEqual(60);
    expect(Number(summary![2]), stdout).toBe(0);
    for (const service of ['birth-allowance', 'childcare-allowance', 'large-family-allowance', 'job-loss-payment']) expect(stdout).toContain(`| ${service}`);
    expect(stdout).toMatch(/2025 birth/);
  });
});
