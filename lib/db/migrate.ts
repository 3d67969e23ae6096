/**
 * Applies migrations with `prisma migrate deploy` (the same command operators run), against
 * whichever database the given environment names: DATABASE_URL for PostgreSQL, DATA_DIR for
 * the embedded PGlite database. With DATABASE_APP_ROLE set (PostgreSQL, migrating as the owner),
 * it then grants the application role its rights (prisma/grants.sql), so every table a
 * migration adds is covered before the API and the worker start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../config.ts';

export interface MigrateResult {
  applied: boolean;
  output: string;
  /** The application role that received its rights, when DATABASE_APP_ROLE was set. */
  grantedRole?: string;
}

export const GRANTS_SQL = path.join(PROJECT_ROOT, 'prisma', 'grants.sql');

/** Grants `role` the application's rights in the database at `databaseUrl` (idempotent). */
export async function grantApplicationRole(databaseUrl: string, role: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  try {
    await client.query("SELECT set_config('qyzmet.app_role', $1, false)", [role]);
    await client.query(fs.readFileSync(GRANTS_SQL, 'utf8'));
  } finally {
    await client.end();
  }
}

export function prismaBin(): string {
  return path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');
}

export async function migrateDeploy(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<MigrateResult> {
  const result = await prismaMigrateDeploy(env, timeoutMs);
  const role = env.DATABASE_APP_ROLE;
  if (!role) return result;
  if (!env.DATABASE_URL) throw new Error('DATABASE_APP_ROLE needs DATABASE_URL: the embedded database has no roles');
  await grantApplicationRole(env.DATABASE_URL, role).catch((e: Error) => {
    throw new Error(`granting the application role ${role} failed: ${e.message}`);
  });
  return { ...result, grantedRole: role };
}

function prismaMigrateDeploy(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<MigrateResult> {
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
