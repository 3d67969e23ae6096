/**
 * `npm run chaos`: the deployment's roles as separate processes on PostgreSQL — a Temporal dev
 * server, the worker, the API — under a load of application cases sent through GraphQL with no
 * client retries, while the worker, the API and Temporal are killed in turn (SIGKILL, then
 * restarted). At the end it checks what an operator must be able to promise:
 *
 *  - lost: an accepted case (startCase answered with the case) that never progressed;
 *  - duplicated: a request with two case rows, a case with two decisions or two workflow runs;
 *  - case rows without a workflow (the API died between recording a case and starting it);
 *  - INTERNAL_SERVER_ERROR in any GraphQL answer.
 *
 * Answers that never came because the API process was dead (connection refused or reset) are
 * counted apart: no server answered them, so they carry no code. Exit code 1 when a check fails.
 *
 *   npm run chaos [-- --cases 200 --concurrency 8 --reconcile-interval-ms 2000 --keep]
 *
 * `--reconcile-interval-ms 0` runs the worker without its reconciler, to see what it repairs.
 *
 * Needs PostgreSQL (TEST_POSTGRES_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
 * and the Temporal CLI; creates and drops a database of its own.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import pg from 'pg';
import { graphqlClient, type GraphQLResult } from '../api/client/graphql-client.ts';
import { CASE_SUMMARY, HISTORY, START_CASE } from '../api/client/operations.ts';
import { createApiKey } from '../lib/auth/api-keys.ts';
import { mintStaffToken } from '../lib/auth/tokens.ts';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { requireTemporalCli } from '../lib/temporal/cli.ts';
import { freePort } from '../lib/temporal/dev-server.ts';
import { bundleWorkflows } from '../lib/temporal/workflow-code.ts';
import { seedCatalog } from '../prisma/seed.ts';
import { getDataset } from '../registries/synthetic/dataset.ts';
import { caseWorkflowId, isSettled, type CaseStatus } from '../workflows/messages.ts';
import { nodeRole, temporalRole, type Role } from './chaos/roles.ts';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' }, 'reconcile-interval-ms': { type: 'string', default: '2000' }, keep: { type: 'boolean', default: false } } });
const CASES = Number(args.cases);
const CONCURRENCY = Number(args.concurrency);
const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const JWT_SECRET = `chaos-${randomUUID()}-${randomUUID()}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (...parts: unknown[]) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** What every answer was: a payload, a typed code, or no answer at all (the API process was gone). */
class Tally {
  readonly codes = new Map<string, number>();
  /** The first answer of each error code, for the report. */
  readonly firstDetail = new Map<string, string>();
  connectionErrors = 0;
  internal = 0;
  add(key: string) {
    this.codes.set(key, (this.codes.get(key) ?? 0) + 1);
    if (key.includes('INTERNAL_SERVER_ERROR')) this.internal++;
  }
  toJSON() {
    return { answers: Object.fromEntries([...this.codes].sort()), connectionErrors: this.connectionErrors, internalServerErrors: this.internal, firstOfEachError: Object.fromEntries(this.firstDetail) };
  }
}

const countBy = (keys: string[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-chaos-'));
  const dbName = `qyzmet_chaos_${process.pid}_${Date.now()}`;
  log(`work directory ${dir}, database ${dbName}`);
  await admin(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const DATABASE_URL = dbUrl.toString();
  const roles: Role[] = [];
  try {
    const env = { ...process.env, DATABASE_URL } as Record<string, string>;
    await migrateDeploy(env);
    const db = await openDatabase({ DATABASE_URL, DATABASE_POOL_SIZE: 4, pgliteDir: '' });
    await seedCatalog(db.prisma, { allowUnverified: true });
    const clientId = `chaos-${randomUUID().slice(0, 8)}`;
    const key = await createApiKey(db.prisma, { name: 'Chaos front end', clientId, scopes: ['cases:read', 'cases:write'] });
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, await bundleWorkflows());

    const [temporalPort, apiPort, healthPort] = [await freePort(), await freePort(), await freePort()];
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    const taskQueue = `chaos-${randomUUID().slice(0, 8)}`;
    const common = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL,
      DATA_DIR: dir,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_CONNECT_TIMEOUT_MS: '30000',
      WORKFLOW_BUNDLE_PATH: bundlePath,
    };
    const temporal = temporalRole(requireTemporalCli(), temporalPort, dir);
    const worker = nodeRole('worker', 'worker.ts', { ...common, WORKER_HEALTH_PORT: String(healthPort), WORKER_SHUTDOWN_GRACE_MS: '5000', RECONCILE_INTERVAL_MS: args['reconcile-interval-ms']!, RECONCILE_AFTER_MS: '10000' }, `http://127.0.0.1:${healthPort}/healthz`, path.join(dir, 'worker.log'));
    const api = nodeRole('api', 'api/server.ts', { ...common, API_HOST: '127.0.0.1', API_PORT: String(apiPort), JWT_SECRET, API_RATE_LIMIT_BURST: '100000', API_RATE_LIMIT_PER_SECOND: '100000', API_SHUTDOWN_GRACE_MS: '2000' }, `http://127.0.0.1:${apiPort}/readyz`, path.join(dir, 'api.log'));
    roles.push(api, worker, temporal);
    log('starting Temporal, the worker and the API as separate processes');
    await temporal.start();
    await worker.start();
    await api.start();

    const graphqlUrl = `http://127.0.0.1:${apiPort}/graphql`;
    const gql = graphqlClient((body, headers) => fetch(graphqlUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(60_000) }));
    const frontend = { 'x-api-key': key.key, 'accept-language': 'en' };
    const engineer = { authorization: `Bearer ${await mintStaffToken(loadConfig({ NODE_ENV: 'development', JWT_SECRET }), { sub: 'engineer-chaos', roles: ['engineer'], department: null })}`, 'accept-language': 'en' };
    const persona = getDataset().personas.newbornMother;

    const writes = new Tally();
    const reads = new Tally();
    const accepted = new Set<string>();
    const requested: string[] = [];
    /** Requests answered with an error or not at all: any row they left must still get its workflow. */
    const unanswered = new Map<string, string>();
    const outcomeOf = (r: { body: { data?: Record<string, unknown> | null; errors?: readonly { extensions?: Record<string, unknown> }[] } }, field: string): string => {
      if (r.body.errors?.length) return `error:${String(r.body.errors[0]!.extensions?.code)}`;
      const v = r.body.data?.[field] as { __typename?: string; code?: string } | null | undefined;
      if (v?.code) return `error:${v.code}`;
      return v ? (v.__typename ?? field) : 'null';
    };
    const record = async (tally: Tally, send: () => Promise<GraphQLResult<Record<string, unknown>>>, field: string) => {
      try {
        const r = await send();
        const o = outcomeOf(r, field);
        if (o.startsWith('error:') && !tally.firstDetail.has(o)) tally.firstDetail.set(o, JSON.stringify(r.body.errors?.[0] ?? r.body.data).slice(0, 300));
        tally.add(o);
        return { r, o };
      } catch {
        tally.connectionErrors++;
        // A front end that finds the API gone submits nothing new until it answers again; it
        // does not resend what failed (no retries).
        await apiBack();
        return null;
      }
    };
    const apiBack = async () => {
      while (!(await fetch(`http://127.0.0.1:${apiPort}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false))) await sleep(250);
    };

    // Faults, in turn, while the load goes on: each at its mark (answers so far), the next only
    // once the previous role is back.
    let done = 0;
    const marks = [0.15, 0.4, 0.65].map((f) => Math.round(CASES * f));
    const faultLog: string[] = [];
    const chaos = (async () => {
      for (const [i, role] of [worker, api, temporal].entries()) {
        while (done < marks[i]!) await sleep(50);
        log(`SIGKILL ${role.name} (after ${done} answers)`);
        const t0 = Date.now();
        const at = done;
        await role.kill();
        // Temporal stays down longer than the SDK's own retries, so some starts fail and are left to the reconciler.
        await sleep(role === temporal ? 25_000 : 1000);
        await role.start();
        faultLog.push(`${role.name}: SIGKILL after ${at} answers, ready again after ${((Date.now() - t0) / 1000).toFixed(1)} s (${done - at} answers meanwhile)`);
        log(`${role.name} ready again`);
      }
    })();
    // The load outlasts the faults: while a fault is under way, requests go on up to a few dozen
    // past its mark, then wait for the role to be back, so every fault lands inside the load.
    const pace = async (i: number) => {
      for (;;) {
        const active = faultLog.length;
        const mark = marks[active];
        if (mark === undefined || i <= mark + CONCURRENCY * 4) return;
        await sleep(100);
      }
    };

    // Readers alongside: the case as the read model shows it, and its history from Temporal.
    let loading = true;
    const reader = (async () => {
      while (loading) {
        const ids = [...accepted];
        if (ids.length) {
          const id = ids[Math.floor(Math.random() * ids.length)]!;
          await record(reads, () => gql.execute<Record<string, unknown>>(CASE_SUMMARY, { id }, frontend), 'case');
          await record(reads, () => gql.execute<Record<string, unknown>>(HISTORY, { caseId: id, first: 5 }, engineer), 'caseHistory');
        }
        await sleep(200);
      }
    })();

    log(`load: ${CASES} startCase requests, ${CONCURRENCY} at a time, no retries`);
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CASES) {
          const i = next++;
          await pace(i);
          const requestId = `chaos-${i}-${randomUUID().slice(0, 8)}`;
          requested.push(requestId);
          const res = await record(
            writes,
            () => gql.execute<Record<string, unknown>>(START_CASE, { input: { clientRequestId: requestId, serviceCode: 'birth-allowance', applicantIin: persona.iin, application: { childIin: persona.childIin } } }, frontend),
            'startCase',
          );
          if (!res) unanswered.set(requestId, 'no answer');
          else if (res.o !== 'StartCasePayload') unanswered.set(requestId, res.o);
          if (res?.o === 'StartCasePayload') accepted.add(((res.r.body.data as Record<string, unknown>).startCase as { case: { caseId: string } }).case.caseId);
          done++;
          await sleep(150);
        }
      }),
    );
    await chaos;
    loading = false;
    await reader;
    log(`load sent in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for every case to progress`);

    // Every case row must get its workflow (the reconciler starts those the API left) and progress.
    const connection = await Connection.connect({ address: temporalAddress });
    const client = new Client({ connection });
    // Settled, or waiting on a person: an officer's review, or the citizen's hearing window after a
    // preliminary refusal (three working days; the case is decided once it ends).
    const progressed = (status: string) => isSettled(status as CaseStatus) || status === 'PENDING_REVIEW' || status === 'PRELIMINARY_REFUSAL';
    // Cases under way are waited for (up to 4 min); a row no workflow step has reached is given
    // a minute, long enough for the reconciler (10 s age, 2 s sweeps) to have started it.
    const loadEnded = Date.now();
    const deadline = loadEnded + 240_000;
    const readRows = () => db.prisma.case.findMany({ where: { clientId }, select: { id: true, status: true, clientRequestId: true } });
    let rows = await readRows();
    const waiting = () => rows.some((r) => !progressed(r.status) && (r.status !== 'RECEIVED' || Date.now() - loadEnded < 60_000));
    while (Date.now() < deadline && waiting()) {
      await sleep(2000);
      rows = await readRows();
    }

    let withoutWorkflow = 0;
    let duplicateRuns = 0;
    for (const row of rows) {
      try {
        await client.workflow.getHandle(caseWorkflowId(row.id)).describe();
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) withoutWorkflow++;
        else throw e;
      }
      let runs = 0;
      for await (const _ of client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(row.id)}'` })) runs++;
      if (runs > 1) duplicateRuns++;
    }
    const rowsById = new Map(rows.map((r) => [r.id, r]));
    const lost = [...accepted].filter((id) => !rowsById.has(id) || !progressed(rowsById.get(id)!.status));
    const perRequest = new Map<string, number>();
    for (const r of rows) perRequest.set(r.clientRequestId!, (perRequest.get(r.clientRequestId!) ?? 0) + 1);
    const duplicateRows = [...perRequest.values()].filter((n) => n > 1).length;
    const decisions = await db.prisma.decision.groupBy({ by: ['caseId'], where: { caseId: { in: rows.map((r) => r.id) }, replacesDecisionId: null }, _count: { _all: true } });
    const duplicateDecisions = decisions.filter((d) => d._count._all > 1).length;
    const statuses: Record<string, number> = {};
    for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    await connection.close();
    await db.close();

    const report = {
      requests: CASES,
      accepted: accepted.size,
      caseRows: rows.length,
      // Recorded although the client never got the case (UNAVAILABLE, or the API died): each must
      // have been started by the worker's reconciler and have progressed like the others.
      rowsOfRequestsNotAccepted: countBy(rows.filter((r) => unanswered.has(r.clientRequestId!)).map((r) => `${unanswered.get(r.clientRequestId!)} → ${progressed(r.status) ? 'progressed' : r.status}`)),
      statuses,
      lost: lost.length,
      duplicated: { rowsPerRequest: duplicateRows, decisionsPerCase: duplicateDecisions, workflowRunsPerCase: duplicateRuns },
      rowsWithoutWorkflow: withoutWorkflow,
      startCase: writes.toJSON(),
      reads: reads.toJSON(),
      faults: faultLog,
    };
    console.log(JSON.stringify(report, null, 2));
    const failed = lost.length + duplicateRows + duplicateDecisions + duplicateRuns + withoutWorkflow + writes.internal + reads.internal;
    log(failed === 0 ? 'PASS: nothing lost, nothing duplicated, no case without its workflow, no INTERNAL_SERVER_ERROR' : 'FAIL');
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    for (const role of roles) await role.stop().catch(() => {});
    if (!args.keep) {
      await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    } else log(`kept ${dir} and database ${dbName}`);
  }
}

await main();
