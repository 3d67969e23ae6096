/**
 * The API on the real stack for tests: the case engine (a worker on the run's Temporal dev
 * server, a database with the catalog, simulated registries), the yoga server built by
 * createApi (requests go through `yoga.fetch`, no port), and one credential per role.
 */
import type { PayerPort } from '../../../lib/payer/port.ts';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { CaseUpdates } from '../../../api/case-updates.ts';
import { graphqlClient, type GraphQLResult } from '../../../api/client/graphql-client.ts';
import { createApi, type Api, type ApiDeps } from '../../../api/yoga.ts';
import { createApiKey, type ApiKeyScope } from '../../../lib/auth/api-keys.ts';
import { mintStaffToken, type StaffClaims } from '../../../lib/auth/tokens.ts';
import { loadConfig, type Config } from '../../../lib/config.ts';
import { createLogger } from '../../../lib/logger.ts';
import { REFERENCE_DATE, startEngine, type Engine } from '../../support/engine.ts';
import { syncStaff, type StaffEntry } from '../../../api/staff/directory.ts';
import type { DatabaseKind } from '../../support/database.ts';

export const ROLES = ['frontendA', 'frontendB', 'officerSocial', 'officerEmployment', 'supervisorSocial', 'engineer', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF: Record<Exclude<Role, 'frontendA' | 'frontendB' | 'anonymous'>, StaffClaims> = {
  officerSocial: { sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments' },
  officerEmployment: { sub: 'officer-dana', roles: ['officer'], department: 'employment' },
  supervisorSocial: { sub: 'supervisor-nurlan', roles: ['supervisor'], department: 'social-payments' },
  engineer: { sub: 'engineer-timur', roles: ['engineer'], department: null },
};

/** The staff directory the harness loads: its own staff, and a colleague a supervisor can give tasks to. */
export const HARNESS_STAFF_DIRECTORY: StaffEntry[] = [
  ...Object.values(STAFF).map((c) => ({ id: c.sub, department: c.department, roles: [...c.roles] })),
  { id: 'officer-aliya', department: 'social-payments', roles: ['officer'], displayName: 'Aliya' },
];

export type GqlResult<T = Record<string, any>> = GraphQLResult<T>;

export interface ApiClient {
  config: Config;
  yoga: Api;
  caseUpdates: CaseUpdates;
  gql<T = Record<string, any>>(role: Role | Record<string, string>, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  post(body: string, headers?: Record<string, string>): Promise<Response>;
}

export interface Harness extends ApiClient {
  engine: Engine;
  /** Header sets per role. */
  credentials: Record<Role, Record<string, string>>;
  apiKeys: { frontendA: { id: string; key: string }; frontendB: { id: string; key: string } };
  token(claims: StaffClaims, ttl?: string): Promise<string>;
  /** Another API on the same engine with other settings (production-like, tight limits, other workflow code …). */
  variant(env: Record<string, string>, deps?: Pick<ApiDeps, 'workflowBundle' | 'appealClock' | 'previews'>): ApiClient;
  close(): Promise<void>;
}

const BASE_ENV = {
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-for-the-api-harness-0123456789',
  API_RATE_LIMIT_BURST: '10000',
  API_RATE_LIMIT_PER_SECOND: '1000',
  LOG_LEVEL: 'silent',
};

export async function startHarness(options: { kind?: DatabaseKind; env?: Record<string, string>; payer?: PayerPort; populationHouseholds?: number } = {}): Promise<Harness> {
  const engine = await startEngine({ kind: options.kind, ...(options.payer ? { payer: options.payer } : {}), ...(options.populationHouseholds ? { populationHouseholds: options.populationHouseholds } : {}) });
  const dataDir = path.join(inject('tempRoot'), `api-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const yogas: Api[] = [];
  let credentials: Record<Role, Record<string, string>>;

  const client = (env: Record<string, string>, deps: Pick<ApiDeps, 'workflowBundle' | 'appealClock' | 'previews'> = {}): ApiClient => {
    const config = loadConfig({ ...BASE_ENV, DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: engine.taskQueue, ...env });
    const logger = createLogger({ level: (process.env.HARNESS_LOG_LEVEL as 'silent') ?? 'silent' });
    const caseUpdates = new CaseUpdates(engine.db, logger);
    const yoga = createApi({
      config,
      db: engine.db,
      temporal: engine.client,
      keyRing: engine.deps.keyRing,
      claimSigner: engine.claimSigner,
      logger,
      intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`),
      caseUpdates,
      ...deps,
    });
    yogas.push(yoga);
    const post = (body: string, headers: Record<string, string> = {}) =>
      Promise.resolve(yoga.fetch('http://api.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers }, body }));
    // Straight into the server, no port: the same client the demo and the bench use over HTTP.
    const client = graphqlClient(post);
    return {
      config,
      yoga,
      caseUpdates,
      post,
      gql: (role, query, variables, headers) => client.execute(query, variables, { ...(typeof role === 'string' ? credentials[role] : role), ...headers }),
    };
  };

  const main = client(options.env ?? {});
  const key = (name: string, clientId: string, scopes: ApiKeyScope[]) => createApiKey(engine.db.prisma, { name, clientId, scopes });
  const apiKeys = {
    frontendA: await key('Frontend A', 'client-a', ['cases:read', 'cases:write', 'life-events:write', 'offers:respond']),
    frontendB: await key('Frontend B', 'client-b', ['cases:read', 'cases:write']),
  };
  await syncStaff(engine.db.prisma, HARNESS_STAFF_DIRECTORY, { deactivateOthers: false });
  const token = (claims: StaffClaims, ttl = '1h') => mintStaffToken(main.config, claims, ttl);
  const bearer = async (claims: StaffClaims) => ({ authorization: `Bearer ${await token(claims)}` });
  credentials = {
    frontendA: { 'x-api-key': apiKeys.frontendA.key },
    frontendB: { 'x-api-key': apiKeys.frontendB.key },
    officerSocial: await bearer(STAFF.officerSocial),
    officerEmployment: await bearer(STAFF.officerEmployment),
    supervisorSocial: await bearer(STAFF.supervisorSocial),
    engineer: await bearer(STAFF.engineer),
    anonymous: {},
  };
  return {
    ...main,
    engine,
    credentials,
    apiKeys,
    token,
    variant: client,
    async close() {
      for (const yoga of yogas) await yoga.dispose();
      await engine.close();
    },
  };
}

/** The codes of a result's errors (top level), or of a union member's `code`. */
export function codesOf(result: GqlResult): string[] {
  return (result.body.errors ?? []).map((e) => String(e.extensions?.code));
}

export const expectOk = <T>(result: GqlResult<T>): T => {
  if (result.body.errors?.length || !result.body.data) throw new Error(`expected data, got ${result.status} ${JSON.stringify(result.body.errors ?? result.body)}`);
  return result.body.data;
};
