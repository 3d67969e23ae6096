/**
 * A PostgreSQL database of a test file's own, migrated as operators migrate: for tests whose
 * assertions count rows (the run's shared database holds every other file's cases too) or that
 * hand the database to a child process through DATABASE_URL.
 */
import pg from 'pg';
import { openDatabase, type Database } from '../../lib/db/client.ts';
import { migrateDeploy } from '../../lib/db/migrate.ts';

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface PrivatePostgres {
  url: string;
  /** Opens the database (the engine closes it). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createPrivatePostgres(prefix: string): Promise<PrivatePostgres> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const env = { ...process.env, DATABASE_URL: url.toString() };
  await migrateDeploy(env);
  return {
    url: url.toString(),
    open: () => openDatabase({ DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: 5, pgliteDir: '' }),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
