/**
 * The recipe's database roles on a real PostgreSQL server: deploy/postgres/init-roles.sh creates
 * them, the migrate command (as the compose job runs it) migrates as the owner and grants the
 * application role its rights, and that role may only append to the audit log.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { grantApplicationRole } from '../../lib/db/migrate.ts';

const run = promisify(execFile);
const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const suffix = `${process.pid}_${Date.now()}`;
const names = {
  owner: `qz_owner_${suffix}`,
  app: `qz_app_${suffix}`,
  temporal: `qz_temporal_${suffix}`,
  db: `qz_db_${suffix}`,
  temporalDb: `qz_tdb_${suffix}`,
  visibilityDb: `qz_vdb_${suffix}`,
};

function urlAs(user: string, database: string): string {
  const url = new URL(ADMIN_URL);
  url.username = user;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(url: string, sql: string): Promise<string> {
  return withClient(url, (c) => c.query(sql)).then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'error',
  );
}

const admin = new URL(ADMIN_URL);
const initEnv = {
  ...process.env,
  PGHOST: admin.hostname,
  PGPORT: admin.port || '5432',
  POSTGRES_USER: decodeURIComponent(admin.username) || 'postgres',
  POSTGRES_DB: admin.pathname.slice(1) || 'postgres',
  QYZMET_DB_OWNER: names.owner,
  QYZMET_DB_APP_ROLE: names.app,
  QYZMET_TEMPORAL_DB_USER: names.temporal,
  QYZMET_DB_NAME: names.db,
  QYZMET_TEMPORAL_DB_NAME: names.temporalDb,
  QYZMET_TEMPORAL_VISIBILITY_DB_NAME: names.visibilityDb,
  QYZMET_DB_PASSWORD: 'owner-password',
  QYZMET_DB_APP_PASSWORD: 'app-password',
  QYZMET_TEMPORAL_DB_PASSWORD: 'temporal-password',
};

const appUrl = urlAs(names.app, names.db);
const adminDbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${names.db}` }).toString();
const ownerUrl = urlAs(names.owner, names.db);
let migrateOutput = '';

beforeAll(async () => {
  const initRoles = path.join(PROJECT_ROOT, 'deploy', 'postgres', 'init-roles.sh');
  await run('sh', [initRoles], { env: initEnv });
  await run('sh', [initRoles], { env: initEnv }); // a second start of the container changes nothing
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: ownerUrl, DATABASE_APP_ROLE: names.app, LOG_LEVEL: 'silent' };
  delete (env as Record<string, string | undefined>).DATA_DIR;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { cwd: PROJECT_ROOT, env, timeout: 180_000 });
  migrateOutput = stdout;
}, 240_000);

afterAll(async () => {
  await withClient(ADMIN_URL, async (c) => {
    for (const db of [names.db, names.temporalDb, names.visibilityDb]) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    for (const role of [names.app, names.owner, names.temporal]) await c.query(`DROP ROLE IF EXISTS "${role}"`);
  });
});

const AUDIT_ROW = `INSERT INTO "AuditEntry" (stream, seq, "idempotencyKey", actor, action, details, at, "prevHash", hash)
  VALUES ('security', 1, 'k-${suffix}', 'test', 'ROLE_CHECK', '{}', now(), 'genesis', 'h1')`;

describe('database roles of the production recipe', () => {
  it('creates roles that are neither superusers nor able to create roles or databases', async () => {
    const roles = await withClient(ADMIN_URL, (c) =>
      c.query<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>(
        'SELECT rolname, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname',
        [[names.owner, names.app, names.temporal]],
      ),
    );
    expect(roles.rows).toHaveLength(3);
    for (const r of roles.rows) expect([r.rolsuper, r.rolcreatedb, r.rolcreaterole], r.rolname).toEqual([false, false, false]);
  });

  it('migrates as the owner and says what the application role may do', async () => {
    expect(migrateOutput).toContain(`${names.app} may read and write, and only append to "AuditEntry" and "AuditCheckpoint"`);
    const owner = await withClient(adminDbUrl, (c) => c.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'AuditEntry' AND schemaname = 'public'`));
    expect(owner.rows).toEqual([{ tableowner: names.owner }]);
  });

  it('lets the application role insert and read audit entries but never change or remove them', async () => {
    expect(await outcome(appUrl, AUDIT_ROW)).toBe('ok');
    expect(await withClient(appUrl, (c) => c.query(`SELECT action FROM "AuditEntry" WHERE "idempotencyKey" = 'k-${suffix}'`)).then((r) => r.rows)).toEqual([{ action: 'ROLE_CHECK' }]);
    // 42501: insufficient_privilege
    expect(await outcome(appUrl, `UPDATE "AuditEntry" SET action = 'FORGED'`)).toBe('42501');
    expect(await outcome(appUrl, `DELETE FROM "AuditEntry"`)).toBe('42501');
    expect(await outcome(appUrl, `TRUNCATE "AuditEntry"`)).toBe('42501');
    expect(await outcome(appUrl, `SELECT id FROM "AuditEntry" FOR UPDATE`)).toBe('42501');
    expect(await withClient(adminDbUrl, (c) => c.query(`SELECT count(*)::int AS n FROM "AuditEntry"`)).then((r) => r.rows[0].n)).toBe(1);
  });

  it('lets the application role insert and read signed audit checkpoints but never change or remove them', async () => {
    const row = `INSERT INTO "AuditCheckpoint" (stream, seq, head, "throughId", at, record, signature, "keyId") VALUES ('security', 1, 'h1', 1, now(), '{}', 's', 'k')`;
    expect(await outcome(appUrl, row)).toBe('ok');
    expect(await outcome(appUrl, `SELECT seq FROM "AuditCheckpoint"`)).toBe('ok');
    expect(await outcome(appUrl, `UPDATE "AuditCheckpoint" SET head = 'forged'`)).toBe('42501');
    expect(await outcome(appUrl, `DELETE FROM "AuditCheckpoint"`)).toBe('42501');
    expect(await outcome(appUrl, `TRUNCATE "AuditCheckpoint"`)).toBe('42501');
    expect(await withClient(adminDbUrl, (c) => c.query(`SELECT count(*)::int AS n FROM "AuditCheckpoint"`)).then((r) => r.rows[0].n)).toBe(1);
  });

  it('gives the application role ordinary rights on every other table and none on the schema', async () => {
    const id = `key-${suffix}`;
    expect(await outcome(appUrl, `INSERT INTO "ApiKey" (id, name, "clientId", prefix, hash, scopes) VALUES ('${id}', 'n', 'c', 'p-${suffix}', 'h', '{}')`)).toBe('ok');
    expect(await outcome(appUrl, `UPDATE "ApiKey" SET name = 'renamed' WHERE id = '${id}'`)).toBe('ok');
    expect(await outcome(appUrl, `DELETE FROM "ApiKey" WHERE id = '${id}'`)).toBe('ok');
    expect(await outcome(appUrl, `CREATE TABLE intruder (id int)`)).toBe('42501');
    expect(await outcome(appUrl, `DROP TABLE "Case"`)).toBe('42501');
    expect(await outcome(appUrl, `DELETE FROM _prisma_migrations`)).toBe('42501');
  });

  it("keeps Temporal's role out of Qyzmet's database", async () => {
    expect(await outcome(urlAs(names.temporal, names.db), 'SELECT 1')).toBe('42501');
    expect(await outcome(urlAs(names.temporal, names.temporalDb), 'SELECT 1')).toBe('ok');
    expect(await outcome(urlAs(names.app, names.temporalDb), 'SELECT 1')).toBe('42501');
  });

  it('grants again without change, and refuses a role that owns the tables', async () => {
    await grantApplicationRole(ownerUrl, names.app);
    expect(await outcome(appUrl, `DELETE FROM "AuditEntry"`)).toBe('42501');
    expect(await outcome(appUrl, `SELECT count(*) FROM "AuditEntry"`)).toBe('ok');
    await expect(grantApplicationRole(ownerUrl, names.owner)).rejects.toThrow(/owns tables/);
    await expect(grantApplicationRole(ownerUrl, `${names.app}_missing`)).rejects.toThrow(/does not exist/);
  });
});
