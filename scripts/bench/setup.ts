/**
 * The bench's own infrastructure: a fresh Temporal dev server (SQLite in WAL mode, checked), a
 * PostgreSQL database of its own, a migrated PGlite directory, and both workflow bundles.
 * Everything lives under one temporary directory and is removed by `teardown`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateDeploy } from '../../lib/db/migrate.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { startDevServer, type DevServer } from '../../lib/temporal/dev-server.ts';
import { bundleWorkflows, WORKFLOWS_ENTRY } from '../../lib/temporal/workflow-code.ts';

export interface BenchInfra {
  tempRoot: string;
  temporal: DevServer;
  journalMode: string | null;
  postgresUrl: string;
  /** DATA_DIR whose pglite/ subdirectory holds the migrated embedded database. */
  pgliteDataDir: string;
  bundles: { platform: { path: string; bytes: number }; baseline: { path: string; bytes: number } };
  timingsMs: Record<string, number>;
  teardown(): Promise<void>;
}

const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Three attempts: the bundling beside it holds this process's event loop for seconds at a time on a busy machine, long enough for a connect timeout to fire first. */
async function connectAdmin(): Promise<pg.Client> {
  let last: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
    try {
      await c.connect();
      return c;
    } catch (e) {
      last = e as Error;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  throw new Error(`the bench needs PostgreSQL at ${ADMIN_URL} (${last?.message}); start it or set BENCH_POSTGRES_ADMIN_URL`);
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connectAdmin();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function timed<T>(timings: Record<string, number>, name: string, p: Promise<T>): Promise<T> {
  const t0 = performance.now();
  const v = await p;
  timings[name] = Math.round(performance.now() - t0);
  return v;
}

async function bundle(workflowsPath: string, out: string): Promise<{ path: string; bytes: number }> {
  const code = await bundleWorkflows(workflowsPath);
  fs.writeFileSync(out, code);
  return { path: out, bytes: Buffer.byteLength(code) };
}

export async function setUpInfra(log: (m: string) => void): Promise<BenchInfra> {
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-'));
  const dbName = `qyzmet_bench_${process.pid}_${Date.now()}`;
  const timingsMs: Record<string, number> = {};
  let temporal: DevServer | undefined;
  let dbCreated = false;
  const teardown = async () => {
    await temporal?.stop();
    if (dbCreated) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => {});
    fs.rmSync(tempRoot, { recursive: true, force: true });
  };
  try {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    const postgresUrl = url.toString();
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const pgliteDataDir = path.join(tempRoot, 'pglite-home');
    log('starting Temporal dev server, creating databases, bundling workflows');
    const [server, , , platform, baseline] = await Promise.all([
      timed(timingsMs, 'temporal', startDevServer({ cli: requireTemporalCli(), dbFile: path.join(tempRoot, 'temporal.db'), port: 0, uiPort: false })),
      timed(
        timingsMs,
        'postgres',
        admin((c) => c.query(`CREATE DATABASE "${dbName}"`)).then(() => {
          dbCreated = true;
          return migrateDeploy({ ...env, DATABASE_URL: postgresUrl });
        }),
      ),
      timed(timingsMs, 'pglite', migrateDeploy({ ...env, DATA_DIR: pgliteDataDir })),
      timed(timingsMs, 'bundlePlatform', bundle(WORKFLOWS_ENTRY, path.join(tempRoot, 'platform-bundle.js'))),
      timed(timingsMs, 'bundleBaseline', bundle(path.join(import.meta.dirname, 'baseline', 'workflows.ts'), path.join(tempRoot, 'baseline-bundle.js'))),
    ]);
    temporal = server;
    // WAL is a property of the database file: read back from its header, not assumed from the flags.
    if (server.journalMode !== 'wal') throw new Error(`the dev server's SQLite file is not in WAL mode (journal: ${server.journalMode})`);
    return { tempRoot, temporal: server, journalMode: server.journalMode, postgresUrl, pgliteDataDir, bundles: { platform, baseline }, timingsMs, teardown };
  } catch (e) {
    await teardown();
    throw e;
  }
}
