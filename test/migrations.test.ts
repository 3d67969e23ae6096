/**
 * Migrations reach both databases through `prisma migrate deploy` (the global setup ran it on a
 * fresh PostgreSQL database and a fresh PGlite directory); the generated client round-trips on
 * both; and the `name`-type fix is what lets the PostgreSQL adapter read the catalog at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { describe, expect, it, inject } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { createPgPool } from '../lib/db/pg-pool.ts';
import { DATABASE_KINDS, useTestDatabase } from './support/database.ts';

const migrationNames = fs
  .readdirSync(path.join(PROJECT_ROOT, 'prisma', 'migrations'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('has every migration applied and none failed', async () => {
    const rows = await db().prisma.$queryRawUnsafe<{ migration_name: string; finished_at: Date | null }[]>(
      'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('round-trips a case with JSON, decimals and dates through the generated client', async () => {
    const id = `c-roundtrip-${kind}-${Date.now()}`;
    await db().prisma.case.create({
      data: {
        id,
        workflowId: `case-${id}`,
        serviceCode: 'birth-allowance',
        department: 'social-payments',
        status: 'RECEIVED',
        origin: 'APPLICATION',
        applicantIin: '900101300123',
        application: { childIin: '260301500011', note: 'қызмет' },
        amount: '149416.50',
        legalFactDate: new Date('2026-03-01T00:00:00Z'),
      },
    });
    const back = await db().prisma.case.findUniqueOrThrow({ where: { id } });
    expect(back.application).toEqual({ childIin: '260301500011', note: 'қызмет' });
    expect(back.amount?.toString()).toBe('149416.5');
    expect(back.legalFactDate?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    await db().prisma.case.delete({ where: { id } });
    expect(await db().prisma.case.findUnique({ where: { id } })).toBeNull();
  });
});

describe('prisma/orm#27403 work-around', () => {
  const query = { sql: 'SELECT current_schema() AS schema, nspname FROM pg_namespace WHERE nspname = current_schema()', args: [], argTypes: [] };

  it('the stock pg pool cannot read the catalog through the adapter', async () => {
    const adapter = await new PrismaPg(new pg.Pool({ connectionString: inject('postgresUrl'), max: 1 })).connect();
    try {
      await expect(adapter.queryRaw(query)).rejects.toMatchObject({ cause: { kind: 'UnsupportedNativeDataType' } });
    } finally {
      await adapter.dispose();
    }
  });

  it("Qyzmet's pool reads `name` columns as text", async () => {
    const adapter = await new PrismaPg(createPgPool({ connectionString: inject('postgresUrl'), max: 1 })).connect();
    try {
      const result = await adapter.queryRaw(query);
      expect(result.rows).toEqual([['public', 'public']]);
    } finally {
      await adapter.dispose();
    }
  });

  it('`prisma migrate deploy` on an up-to-date PostgreSQL database applies nothing and succeeds', async () => {
    const env = { ...process.env, DATABASE_URL: inject('postgresUrl') };
    const result = await migrateDeploy(env);
    expect(result.output).toMatch(/No pending migrations to apply/);
  });
});
