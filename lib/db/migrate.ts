/**
 * Applies migrations with `prisma migrate deploy` (the same command operators run), against
 * whichever database the given environment names: DATABASE_URL for PostgreSQL, DATA_DIR for
 * the embedded PGlite database.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

export interface MigrateResult {
  applied: boolean;
  output: string;
}

export function prismaBin(): string {
  return path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');
}

export async function migrateDeploy(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<MigrateResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(prismaBin(), ['migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ applied: /successfully applied|No pending migrations/.test(output), output });
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`));
    });
  });
}
