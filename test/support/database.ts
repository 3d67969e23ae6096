/**
 * Databases for tests: a private copy of the migrated PGlite template, or a private PostgreSQL
 * database copied from the run's migrated template (dropped on close). Tests that touch the
 * database run against both. Private, because what one file grants (a child's allowance) would
 * make another file's application a duplicate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../lib/db/client.ts';

/** A fresh PostgreSQL database from the run's template; returns its URL and how to drop it. */
async function privatePostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${inject('postgresTemplate').replace(/_template$/, '')}_${randomUUID().slice(0, 8)}`;
  const admin = async <T>(sql: string, run: (c: pg.Client) => Promise<T> = (c) => c.query(sql) as Promise<T>) => {
    const c = new pg.Client({ connectionString: inject('postgresAdminUrl'), connectionTimeoutMillis: 10_000 });
    await c.connect();
    try {
      return await run(c);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${inject('postgresTemplate')}"`);
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined) };
}

export type DatabaseKind = 'pglite' | 'postgresql';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgresql'];

export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'postgresql') {
    const own = await privatePostgresDatabase();
    const db = await openDatabase({ DATABASE_URL: own.url, DATABASE_POOL_SIZE: 5, pgliteDir: '' });
    return {
      ...db,
      async close() {
        await db.close();
        await own.drop();
      },
    };
  }
  const dir = path.join(inject('tempRoot'), `pglite-${randomUUID()}`);
  fs.cpSync(inject('pgliteTemplate'), dir, { recursive: true });
  const db = await openDatabase({ DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1, pgliteDir: dir });
  return {
    ...db,
    async close() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The database of the enclosing `describe`: opened before its tests, closed after them. */
export function useTestDatabase(kind: DatabaseKind): () => Database {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());
  return () => db!;
}
