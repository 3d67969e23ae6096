/**
 * The API over real HTTP while Temporal is down: a Temporal dev server of this file's own is
 * stopped under a running API on PostgreSQL. Every answer that needs Temporal is the typed
 * UNAVAILABLE (retry later), never INTERNAL_SERVER_ERROR; /readyz says so within about a second
 * and without the driver's error text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../../api/server.ts';
import { graphqlClient } from '../../api/client/graphql-client.ts';
import { HISTORY, HISTORY_EXPORT, START_CASE, WITHDRAW } from '../../api/client/operations.ts';
import { message } from '../../api/i18n.ts';
import { createApiKey } from '../../lib/auth/api-keys.ts';
import { mintStaffToken } from '../../lib/auth/tokens.ts';
import { loadConfig } from '../../lib/config.ts';
import type { Database } from '../../lib/db/client.ts';
import { createLogger } from '../../lib/logger.ts';
import { openPlatform, type Platform } from '../../lib/platform.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { startDevServer, type DevServer } from '../../lib/temporal/dev-server.ts';
import { getDataset } from '../../registries/synthetic/dataset.ts';
import { catalog } from '../../services/catalog/index.ts';
import { publishAll } from '../../services/publish.ts';
import { openTestDatabase } from '../support/database.ts';
import { REFERENCE_DATE } from '../support/engine.ts';
import { quietRuntime, testTaskQueue } from '../support/temporal.ts';

let temporal: DevServer;
let db: Database;
let platform: Platform<'api'>;
let api: RunningApi;
let headers: { frontend: Record<string, string>; engineer: Record<string, string> };
let gql: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  quietRuntime();
  temporal = await startDevServer({ cli: requireTemporalCli(), uiPort: false, port: 0 });
  db = await openTestDatabase('postgresql');
  await publishAll(db.prisma, catalog, { status: 'PUBLISHED', allowUnverified: true });
  // No worker: the cases' workflows are started and wait; this file is about the API.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-for-the-outage-tests-0123456789',
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: testTaskQueue('outage'),
    API_RATE_LIMIT_BURST: '10000',
  });
  platform = await openPlatform(config, { roles: ['api'], database: db, logger: createLogger({ level: 'silent' }) });
  api = await startApiServer({ ...platform, intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) }, { host: '127.0.0.1', port: 0 });
  const key = await createApiKey(db.prisma, { name: 'Outage frontend', clientId: `outage-${randomUUID().slice(0, 8)}`, scopes: ['cases:read', 'cases:write'] });
  headers = {
    frontend: { 'x-api-key': key.key },
    engineer: { authorization: `Bearer ${await mintStaffToken(config, { sub: 'engineer-timur', roles: ['engineer'], department: null })}` },
  };
  gql = graphqlClient((body, h) =>
    fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...h }, body }),
  );
}, 120_000);

afterAll(async () => {
  await api?.close();
  await platform?.close();
  await db?.close();
  await temporal?.stop();
});

const mother = () => getDataset({ referenceDate: REFERENCE_DATE }).personas.newbornMother;
const startCase = (requestId: string) =>
  gql.execute(START_CASE, { input: { clientRequestId: requestId, serviceCode: 'birth-allowance', applicantIin: mother().iin, application: { childIin: mother().childIin } } }, headers.frontend);

/** The one error of an answer that failed as a whole or in one field, by code. */
const codes = (r: { body: { errors?: readonly { extensions?: Record<string, unknown> }[] } }) => (r.body.errors ?? []).map((e) => e.extensions?.code);

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe('while Temporal is down', () => {
  let caseId: string;

  it('is ready before', async () => {
    const started = await startCase(`before-${randomUUID()}`);
    caseId = (started.body.data!.startCase as { case: { caseId: string } }).case.caseId;
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
    await temporal.stop();
  });

  it('answers /readyz with 503 within about a second, again from its cache, with no error text', async () => {
    // Past the cached "ok".
    await new Promise((r) => setTimeout(r, 2_100));
    for (let i = 0; i < 2; i++) {
      const { value: response, ms } = await timed(() => fetch(`${api.url}/readyz`));
      expect(ms, `readyz answer ${i + 1}`).toBeLessThan(1_500);
      expect(response.status).toBe(503);
      expect(await response.text()).toBe(JSON.stringify({ status: 'unavailable', checks: { database: 'ok', temporal: 'unreachable' } }));
    }
  });

  it('answers caseHistory and caseHistoryExport with UNAVAILABLE', async () => {
    const { value: history, ms } = await timed(() => gql.execute(HISTORY, { caseId, first: 10 }, headers.engineer));
    expect(codes(history)).toEqual(['UNAVAILABLE']);
    // In the language asked for and on its field, like every other typed error (not the server's fallback mask).
    expect(history.body.errors![0]).toMatchObject({ message: message('en', 'UNAVAILABLE'), path: ['caseHistory'] });
    expect(ms).toBeLessThan(15_000);
    const exported = await gql.execute(HISTORY_EXPORT, { caseId }, headers.engineer);
    expect(codes(exported)).toEqual(['UNAVAILABLE']);
  });

  it('answers an Update (withdrawCase) and a new startCase with UNAVAILABLE, and startCase keeps the case for later', async () => {
    const withdrawn = await gql.execute(WITHDRAW, { caseId, reason: 'changed my mind' }, headers.frontend);
    expect(codes(withdrawn)).toEqual(['UNAVAILABLE']);
    const requestId = `during-${randomUUID()}`;
    const started = await startCase(requestId);
    expect(codes(started)).toEqual(['UNAVAILABLE']);
    // Recorded: the worker's reconciler (or the client's retry) starts its workflow later.
    expect(await db.prisma.case.count({ where: { clientRequestId: requestId } })).toBe(1);
  });
});
