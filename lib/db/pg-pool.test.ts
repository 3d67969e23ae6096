/**
 * The application's PostgreSQL pool survives the server ending its idle connections (a restart,
 * an administrator, a dropped database): the process is told, keeps running, and the next query
 * gets a fresh connection.
 */
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { createPgPool } from './pg-pool.ts';

it('replaces an idle connection the server terminated instead of crashing the process', async () => {
  const url = inject('postgresUrl');
  const heard: Error[] = [];
  const pool = createPgPool({ connectionString: url, max: 2, onIdleError: (e) => heard.push(e) });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]!.pid;
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(1);
    expect((heard[0] as Error & { code?: string }).code).toBe('57P01');
    const again = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(again.rows[0]!.pid).not.toBe(pid);
  } finally {
    await admin.end();
    await pool.end();
  }
});
