/**
 * Databases for tests: a private copy of the migrated PGlite template, or the run's PostgreSQL
 * database. Tests that touch the database run against both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type Database } from '../../lib/db/client.ts';

export type DatabaseKind = 'pglite' | 'postgresql';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgresql'];

export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'postgresql') {
    return openDatabase({ DATABASE_URL: inject('postgresUrl'), DATABASE_POOL_SIZE: 5, pgliteDir: '' });
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
