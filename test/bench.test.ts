/**
 * The benchmark harness works end to end: `npm run bench -- --quick` starts its own dev server,
 * workers and API, and produces every figure with both absolute values and a ratio. What the
 * ratios are is the benchmark's business (a noisy machine decides them), not this test's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';

const FIGURES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'DB'];

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

it('npm run bench -- --quick produces every figure, as ratios with the values beside them', { timeout: 300_000 }, async () => {
  const out = path.join(inject('tempRoot'), 'bench-quick.json');
  const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'bench', '--', '--quick', '--out', out]);
  expect(code, stderr.slice(-4000)).toBe(0);

  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    infra: { journalMode: string };
    figures: { id: string; name: string; a: number | null; b: number | null; ratio: number | null; goal: unknown; met: boolean | null }[];
  };
  expect(result.infra.journalMode).toBe('wal');
  expect(new Set(result.figures.map((f) => f.id))).toEqual(new Set(FIGURES));
  for (const f of result.figures) {
    for (const v of [f.a, f.b, f.ratio]) expect(Number.isFinite(v), `${f.id} ${f.name}: ${JSON.stringify(f)}`).toBe(true);
    if (f.goal) expect(typeof f.met, `${f.id} ${f.name}`).toBe('boolean');
  }
  for (const id of FIGURES) expect(stdout).toContain(`| ${id} |`);
});
