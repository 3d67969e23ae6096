/**
 * One real Temporal dev server and one fresh PostgreSQL database for the whole test run, a
 * migrated PostgreSQL template each test engine copies into a database of its own (entitlements
 * make data of one file visible to another: a child granted in one must not be a duplicate in the
 * next), plus a migrated PGlite template that test files copy. Nothing here skips: a missing Temporal CLI or an
 * unreachable PostgreSQL fails the run with a message saying how to fix it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { requireTemporalCli } from '../lib/temporal/cli.ts';
import { startDevServer, type DevServer } from '../lib/temporal/dev-server.ts';
import { bundleWorkflows } from '../lib/temporal/workflow-code.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    postgresUrl: string;
    /** Admin connection and template name for a PostgreSQL database of one's own (test/support/database.ts). */
    postgresAdminUrl: string;
    postgresTemplate: string;
    pgliteTemplate: string;
    workflowBundlePath: string;
    tempRoot: string;
  }
}

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function createPostgresDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is required for the tests and did not answer at ${ADMIN_URL} (${(e as Error).message}). ` +
        'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_POSTGRES_ADMIN_URL.',
    );
  }
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the run's databases: its own, its template and the copies test engines left behind. */
async function dropPostgresDatabases(prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-test-'));
  const dbName = `qyzmet_test_${process.pid}_${Date.now()}`;
  const templateName = `${dbName}_template`;
  let server: DevServer | undefined;
  let dbCreated = false;
  const teardown = async () => {
    await server?.stop();
    if (dbCreated) await dropPostgresDatabases(dbName).catch(() => {});
    fs.rmSync(tempRoot, { recursive: true, force: true });
  };
  try {
    const cli = requireTemporalCli();
    const pgliteDataDir = path.join(tempRoot, 'pglite-template');
    // Connected before bundling starts: the bundler holds this process's event loop for seconds
    // at a time on a busy machine, long enough for the connection's timeout to fire first.
    const postgresUrl = await createPostgresDatabase(dbName);
    dbCreated = true;
    const templateUrl = await createPostgresDatabase(templateName);
    const [devServer, bundle] = await Promise.all([
      startDevServer({ cli, uiPort: false, port: 0 }),
      bundleWorkflows(),
    ]);
    server = devServer;
    // Both databases are migrated by `prisma migrate deploy`, as operators do.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    await Promise.all([
      migrateDeploy({ ...env, DATABASE_URL: postgresUrl }),
      migrateDeploy({ ...env, DATABASE_URL: templateUrl }),
      migrateDeploy({ ...env, DATA_DIR: tempRoot }).then(() => fs.renameSync(path.join(tempRoot, 'pglite'), pgliteDataDir)),
    ]);
    const workflowBundlePath = path.join(tempRoot, 'workflow-bundle.js');
    fs.writeFileSync(workflowBundlePath, bundle);

    project.provide('temporalAddress', server.address);
    project.provide('postgresUrl', postgresUrl);
    project.provide('postgresAdminUrl', ADMIN_URL);
    project.provide('postgresTemplate', templateName);
    project.provide('pgliteTemplate', pgliteDataDir);
    project.provide('workflowBundlePath', workflowBundlePath);
    project.provide('tempRoot', tempRoot);
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
