/**
 * `npm run hostile [-- --requests 2000]`: hostile input through every mutation's free-text and id
 * fields (scripts/hostile/attack.ts) against a stack of its own — a fresh PostgreSQL database, a
 * Temporal dev server, the production worker and the API over real HTTP — then prints what came
 * back, whether any case's workflow state differs from its read model, and how much the security
 * audit stream grew. Exits non-zero on any 5xx, INTERNAL_SERVER_ERROR or UNAVAILABLE, any diverged
 * case, or an audit growth other than one entry per refusal.
 *
 * PostgreSQL: HOSTILE_POSTGRES_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { overHttp } from '../api/client/graphql-client.ts';
import { startApiServer } from '../api/server.ts';
import { createApiKey } from '../lib/auth/api-keys.ts';
import { mintStaffToken } from '../lib/auth/tokens.ts';
import { mintDevCitizenAssertion } from '../lib/auth/citizen-assertions.ts';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { createLogger, quietLogger } from '../lib/logger.ts';
import { requireTemporalCli } from '../lib/temporal/cli.ts';
import { startDevServer } from '../lib/temporal/dev-server.ts';
import { installRuntime } from '../lib/temporal/runtime.ts';
import { runHostile } from './hostile/attack.ts';
import { startEngineCore } from './support/engine.ts';

const REFERENCE_DATE = '2026-03-16';
const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' } } });
const requests = Number(values.requests);
const log = (m: string) => process.stderr.write(`[hostile] ${m}\n`);
const adminUrl = process.env.HOSTILE_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<number> {
  installRuntime(quietLogger('hostile'));
  const dbName = `qyzmet_hostile_${process.pid}_${Date.now()}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  await admin(`CREATE DATABASE "${dbName}"`);
  const cleanup: (() => Promise<unknown>)[] = [() => admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)];
  try {
    log(`database ${dbName}: migrating`);
    await migrateDeploy({ ...process.env, DATABASE_URL: databaseUrl });
    const temporal = await startDevServer({ cli: requireTemporalCli(), uiPort: false, port: 0 });
    cleanup.unshift(() => temporal.stop());
    const db = await openDatabase({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 10, pgliteDir: '' });
    cleanup.unshift(() => db.close());
    log(`Temporal at ${temporal.address}: starting the worker`);
    const engine = await startEngineCore({ db, address: temporal.address, taskQueue: 'qyzmet-hostile', referenceDate: REFERENCE_DATE, clientId: 'hostile' });
    cleanup.unshift(() => engine.stop());
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'hostile-run-secret-0123456789abcdef0123',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: engine.taskQueue,
      // The run measures the input rules, not the rate limit.
      API_RATE_LIMIT_BURST: '100000',
      API_RATE_LIMIT_PER_SECOND: '10000',
    });
    const api = await startApiServer(
      { config, db, temporal: engine.client, keyRing: engine.deps.keyRing, logger: createLogger({ level: 'silent' }), intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) },
      { host: '127.0.0.1', port: 0 },
    );
    cleanup.unshift(() => api.close());
    const key = await createApiKey(db.prisma, { name: 'hostile front-end', clientId: 'client-hostile', scopes: ['cases:read', 'cases:write', 'life-events:write', 'offers:respond'] });
    const bearer = async (sub: string, roles: ('officer' | 'supervisor' | 'engineer')[], department: string | null) => ({ authorization: `Bearer ${await mintStaffToken(config, { sub, roles, department }, '2h')}` });
    log(`API at ${api.graphqlUrl}: sending ${requests} hostile requests`);
    const report = await runHostile(
      {
        send: overHttp(api.graphqlUrl),
        prisma: db.prisma,
        temporal: engine.client,
        dataset: engine.dataset,
        credentials: {
          frontend: { 'x-api-key': key.key },
          officer: await bearer('officer-aigerim', ['officer'], 'social-payments'),
          supervisor: await bearer('supervisor-nurlan', ['supervisor'], 'social-payments'),
          engineer: await bearer('engineer-timur', ['engineer'], null),
        },
        citizenProof: async (iin) => ({ kind: 'EGOV_SUBJECT', reference: await mintDevCitizenAssertion(config, iin, { ttlSeconds: 3600 }) }),
      },
      { requests, onProgress: (n) => n % 250 === 0 && log(`${n}/${requests}`) },
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const ok = report.serverErrors.length === 0 && report.diverged.length === 0 && report.securityGrowth === report.verdicts.INPUT_REFUSED && report.inputRefusedEntries === report.verdicts.INPUT_REFUSED;
    log(
      `${report.requests} requests: ${report.verdicts.INPUT_REFUSED} refused by the input rules, ${report.verdicts.TOO_LARGE} over the body limit (413), ` +
        `${report.verdicts.TYPED_ERROR} other typed errors, ${report.verdicts.ACCEPTED} accepted; ${report.serverErrors.length} server errors; ` +
        `${report.diverged.length} of ${report.casesChecked} cases diverged; security audit +${report.securityGrowth} (INPUT_REFUSED +${report.inputRefusedEntries}) — ${ok ? 'OK' : 'FAILED'}`,
    );
    return ok ? 0 : 1;
  } finally {
    for (const step of cleanup) await step().catch((e: Error) => log(`cleanup: ${e.message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    log(e.stack ?? e.message);
    process.exit(1);
  },
);
