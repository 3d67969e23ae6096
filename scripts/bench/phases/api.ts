/**
 * What the API adds. P2: GraphQL `startCase` against a bare `client.workflow.start`, open loop
 * at the same rate for both (half the platform's maximum, so neither side is saturated).
 * P6: `case(id)` on the full stack (Pothos, yoga, GraphQL Armor, API-key authentication, rate
 * limiting) against the same query on a bare schema on yoga, closed loop. Both servers run in
 * one API process, whose CPU time is reported per request.
 */
import path from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Client } from '@temporalio/client';
import { createApiKey } from '../../../lib/auth/api-keys.ts';
import { mintStaffToken } from '../../../lib/auth/tokens.ts';
import type { PrismaClient } from '../../../lib/db/client.ts';
import { caseWorkflowId, type TaskState } from '../../../workflows/messages.ts';
import { benchPayloadKeysFile, TASK_QUEUES } from '../children.ts';
import { graphqlClient, overHttp, payload } from '../../../api/client/graphql-client.ts';
import { CASE_SUMMARY, RESOLVE_TASK_LEAN, START_CASE_LEAN } from '../../../api/client/operations.ts';
import { closedLoop, openLoop, type LoadTarget } from '../load.ts';
import { roundOf, type BenchOptions } from '../options.ts';
import { log } from '../progress.ts';
import { cpuPerUnit, interleaved, pooled, throughput } from '../rounds.ts';
import { spawnChild, type ChildHandle } from '../rpc.ts';
import type { BenchInfra } from '../setup.ts';
import type { Summary } from '../stats.ts';
import { summarize } from '../stats.ts';
import { applications, CLIENT_ID, nextRequestId, waitResult } from '../systems.ts';
import type { GraphqlResolve } from './waiting.ts';

export interface ApiResult {
  note: string;
  start: { A: Summary; B: Summary; ratePerSec: number; apiCpuMsPerStart: number; apiSqlPerStart: number };
  read: { A: Summary; B: Summary; rps: { A: number; B: number }; apiCpuMsPerRequest: { A: number; B: number }; apiSqlPerRequest: { A: number; B: number } };
}

export function emptyApiResult(note: string): ApiResult {
  const none = summarize([]);
  return {
    note,
    start: { A: none, B: none, ratePerSec: NaN, apiCpuMsPerStart: NaN, apiSqlPerStart: NaN },
    read: { A: none, B: none, rps: { A: NaN, B: NaN }, apiCpuMsPerRequest: { A: NaN, B: NaN }, apiSqlPerRequest: { A: NaN, B: NaN } },
  };
}

export interface ApiHandle {
  child: ChildHandle;
  urls: { full: string; bare: string };
  apiKey: string;
  supervisorToken: string;
}

const JWT_SECRET = 'bench-only-secret-bench-only-secret-0123456789';
const REVIEW_DEPARTMENT = 'employment';

export async function startApi(infra: BenchInfra, prisma: PrismaClient, opts: { execArgv?: string[]; taskQueue?: string } = {}): Promise<ApiHandle> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: infra.postgresUrl,
    DATA_DIR: path.join(infra.tempRoot, 'data'),
    TEMPORAL_ADDRESS: infra.temporal.address,
    // The workers' payload key: what this API's client encrypts, they must decrypt.
    PAYLOAD_KEYS_FILE: benchPayloadKeysFile(infra),
    TEMPORAL_TASK_QUEUE: opts.taskQueue ?? TASK_QUEUES.platform,
    JWT_SECRET,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // Limits stay on (their code runs on every request) but never refuse the bench's load.
    API_RATE_LIMIT_BURST: '1000000',
    API_RATE_LIMIT_PER_SECOND: '1000000',
  };
  const child = await spawnChild('api', 'api-child.ts', env, opts.execArgv);
  const urls = await child.call<{ full: string; bare: string }>('urls');
  const { key } = await createApiKey(prisma, { name: 'bench front-end', clientId: CLIENT_ID, scopes: ['cases:write', 'cases:read'] });
  const supervisorToken = await mintStaffToken(
    { JWT_SECRET, JWT_ISSUER: 'qyzmet', JWT_AUDIENCE: 'qyzmet-api', JWT_PUBLIC_KEYS: undefined, JWKS_URL: undefined, DATA_DIR: env.DATA_DIR!, production: false },
    { sub: 'bench-supervisor', roles: ['supervisor'], department: REVIEW_DEPARTMENT },
  );
  return { child, urls, apiKey: key, supervisorToken };
}

/** The API's own client, as a front-end holds it; graphql-response+json makes errors non-2xx. */
const apiClient = (url: string) => graphqlClient(overHttp(url), { accept: 'application/graphql-response+json, application/json' });

export function graphqlStartTarget(api: ApiHandle, client: Client): LoadTarget {
  const gql = apiClient(api.urls.full);
  return {
    label: 'A (GraphQL startCase)',
    start: async () => {
      const app = applications().auto;
      const data = await gql.data<{ startCase: { __typename: string; case: { caseId: string } } }>(
        START_CASE_LEAN,
        { input: { clientRequestId: nextRequestId(), serviceCode: app.serviceCode, applicantIin: app.applicantIin, application: app.application, language: 'RU', timing: app.timing } },
        { 'x-api-key': api.apiKey },
      );
      return caseWorkflowId(payload(data.startCase, 'StartCasePayload').case.caseId);
    },
    wait: waitResult(client),
  };
}

export function graphqlResolver(api: ApiHandle): GraphqlResolve {
  const gql = apiClient(api.urls.full);
  return async (_caseId: string, task: TaskState) => {
    const data = await gql.data<{ resolveTask: { __typename: string } }>(
      RESOLVE_TASK_LEAN,
      { input: { taskId: task.taskId, action: 'DENY', reason: 'bench: no registry holds the applicant', grounds: ['NOT_REGISTERED_UNEMPLOYED'] } },
      { authorization: `Bearer ${api.supervisorToken}` },
    );
    payload(data.resolveTask, 'ResolveTaskPayload');
  };
}

/** Reads cases by their Relay global id, as a front-end does with the `id` it was given. */
export function readTarget(label: string, url: string, headers: Record<string, string>, caseIds: string[]): LoadTarget {
  let i = 0;
  const gql = apiClient(url);
  return {
    label,
    start: async () => {
      const caseId = caseIds[i++ % caseIds.length]!;
      const data = await gql.data<{ case: { caseId: string } | null }>(CASE_SUMMARY, { id: encodeGlobalID('Case', caseId) }, headers);
      if (data.case?.caseId !== caseId) throw new Error(`case(${caseId}) answered ${JSON.stringify(data.case)}`);
      return caseId;
    },
    wait: async () => {},
  };
}

export async function runApiPhases(
  opts: Pick<BenchOptions, 'rounds' | 'apiRoundMs' | 'minCases' | 'maxRoundMs'>,
  api: ApiHandle,
  client: Client,
  startB: LoadTarget,
  ratePerSec: number,
  caseIds: string[],
  serverPid: number | undefined,
): Promise<ApiResult> {
  const A = graphqlStartTarget(api, client);
  await openLoop(A, { ratePerSec, durationMs: 1000 }); // warm the API's code paths
  const start = await interleaved(
    `P2 startCase, open loop at ${ratePerSec.toFixed(1)}/s`,
    opts.rounds,
    { A: { run: () => openLoop(A, { ratePerSec, ...roundOf(opts, opts.apiRoundMs) }), worker: api.child }, B: { run: () => openLoop(startB, { ratePerSec, ...roundOf(opts, opts.apiRoundMs) }) } },
    serverPid,
  );
  log(`  startCase p50: GraphQL ${pooled(start.A, 'startMs').p50.toFixed(1)} ms, workflow.start ${pooled(start.B, 'startMs').p50.toFixed(1)} ms`);

  const full = readTarget('A (full stack)', api.urls.full, { 'x-api-key': api.apiKey }, caseIds);
  const bare = readTarget('B (bare yoga)', api.urls.bare, {}, caseIds);
  await closedLoop(full, { concurrency: 10, durationMs: 1000 });
  await closedLoop(bare, { concurrency: 10, durationMs: 1000 });
  const read = await interleaved(
    'P6 case(id), closed loop 10 in flight',
    opts.rounds,
    {
      A: { run: () => closedLoop(full, { concurrency: 10, ...roundOf(opts, opts.apiRoundMs) }), worker: api.child },
      B: { run: () => closedLoop(bare, { concurrency: 10, ...roundOf(opts, opts.apiRoundMs) }), worker: api.child },
    },
    serverPid,
  );
  return {
    note: 'full stack: api/yoga.ts createApi',
    start: { A: pooled(start.A, 'startMs'), B: pooled(start.B, 'startMs'), ratePerSec, apiCpuMsPerStart: cpuPerUnit(start.A), apiSqlPerStart: cpuPerUnit(start.A, 'workerDbQueries') },
    read: {
      A: pooled(read.A, 'e2eMs'),
      B: pooled(read.B, 'e2eMs'),
      rps: { A: throughput(read.A), B: throughput(read.B) },
      apiCpuMsPerRequest: { A: cpuPerUnit(read.A), B: cpuPerUnit(read.B) },
      apiSqlPerRequest: { A: cpuPerUnit(read.A, 'workerDbQueries'), B: cpuPerUnit(read.B, 'workerDbQueries') },
    },
  };
}
