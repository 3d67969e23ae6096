/**
 * Runs one of Qyzmet's entry points (worker.ts, api/server.ts, scripts/start.ts) as its own
 * process with a bare environment, and returns how it ended: the start-up tests read its exit code
 * and its one-line message. Killed after 30 s.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';

export function runEntry(entry: string, env: Record<string, string>, dataDirName: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, entry)], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', TEMPORAL_CONNECT_TIMEOUT_MS: '2000', DATA_DIR: path.join(inject('tempRoot'), dataDirName), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: stderr.trim(), ms: Date.now() - started });
    });
  });
}
