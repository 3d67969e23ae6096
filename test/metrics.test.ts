/**
 * Metrics on the real stack: the worker's runtime exporter (the SDK's series and Qyzmet's own)
 * and the API's GET /metrics, scraped after cases were started over HTTP and decided. Neither
 * exposition holds personal data: no IIN, name or phone of the synthetic population, anywhere.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_CASE } from '../api/client/operations.ts';
import { startApiServer, type RunningApi } from '../api/server.ts';
import { createLogger } from '../lib/logger.ts';
import { loadConfig } from '../lib/config.ts';
import { applications, caseInReview } from './api/support/fixtures.ts';
import { startHarness, type Harness } from './api/support/harness.ts';
import { REFERENCE_DATE } from './support/engine.ts';
import { quietRuntime } from './support/temporal.ts';
import { until } from './support/until.ts';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The value of one series, labels given as a subset; undefined when absent. */
function valueOf(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

let h: Harness;
let api: RunningApi;
let workerMetricsUrl: string;
const caseIds: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  // Before the harness's engine opens the first native connection: the runtime is installed once.
  quietRuntime({ metricsAddress: `127.0.0.1:${port}` });
  h = await startHarness();
  api = await startApiServer(
    { config: h.config, db: h.engine.db, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, claimSigner: h.engine.claimSigner, logger: createLogger({ level: 'silent' }), intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) },
    { host: '127.0.0.1', port: 0 },
  );
  const post = (headers: Record<string, string>, body: unknown) =>
    fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  const apps = applications(h);
  for (const app of [apps.autoApproved, apps.autoApproved, apps.jobLoss]) {
    const res = await post(h.credentials.frontendA, { query: START_CASE, operationName: 'StartCase', variables: { input: { clientRequestId: `req-${randomUUID()}`, ...app } } });
    caseIds.push(res.data.startCase.case.caseId);
  }
  // Refusals: a caller with no credentials, and one with a key that does not exist.
  await post({}, { query: START_CASE, variables: { input: { clientRequestId: `req-${randomUUID()}`, ...apps.autoApproved } } });
  await post({ 'x-api-key': 'qk_not-a-key' }, { query: '{ viewer { kind } }' });
  // A denial decided by the machine.
  const p = h.engine.dataset.personas.dismissedForMisconduct;
  caseIds.push(await h.engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: h.engine.dataset.employment.get(p.iin)!.jobLossDate! }, timing: { hearingWindowMs: 1000 } }));
  for (const id of caseIds) await h.engine.result(id);
});

afterAll(async () => {
  await api?.close();
  await h?.close();
});

describe('the worker metrics endpoint', () => {
  it("serves the SDK's series and Qyzmet's: decisions by service and outcome, their latency, registry calls", async () => {
    const text = await (await fetch(workerMetricsUrl)).text();
    expect(valueOf(text, 'temporal_workflow_completed')).toBeGreaterThan(0);
    expect(valueOf(text, 'qyzmet_cases_decided_total', { service: 'birth-allowance', outcome: 'APPROVED' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(text, 'qyzmet_cases_decided_total', { service: 'job-loss-payment', outcome: 'DENIED' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'qyzmet_case_decision_latency_seconds_count', { service: 'birth-allowance' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(text, 'qyzmet_registry_call_duration_seconds_count', { registry: 'civil' })).toBeGreaterThan(0);
    expect(valueOf(text, 'qyzmet_cases_started_total', { service: 'birth-allowance', origin: 'APPLICATION' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(text, 'qyzmet_cases_started_total', { service: 'job-loss-payment' })).toBeGreaterThanOrEqual(2);
  });
});

describe('the API metrics endpoint', () => {
  it('counts requests, operations by their root field, and refusals', async () => {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(valueOf(text, 'qyzmet_api_http_requests_total', { status: '200' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(text, 'qyzmet_api_graphql_operations_total', { type: 'mutation', operation: 'startCase', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(text, 'qyzmet_api_graphql_operation_duration_seconds_count', { operation: 'startCase' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(text, 'qyzmet_api_auth_refusals_total')).toBeGreaterThanOrEqual(2);
  });

  it("gauges the officers' inbox from the read model: live tasks by department, role and state, and the overdue ones", async () => {
    await caseInReview(h, 'frontendA', applications(h).fourEyes); // a large amount waits for an officer
    const live = await h.engine.db.prisma.task.findMany({ where: { status: { in: ['OPEN', 'CLAIMED'] } } });
    expect(live.length).toBeGreaterThan(0);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const { department, role } = live[0]!;
    const same = live.filter((t) => t.department === department && t.role === role && t.status === live[0]!.status);
    expect(valueOf(text, 'qyzmet_tasks_open', { department, role, state: live[0]!.status })).toBe(same.length);
    // Past every due date: each live task of that department and role is overdue.
    await h.engine.db.prisma.task.updateMany({ where: { id: { in: same.map((t) => t.id) } }, data: { dueAt: new Date('2000-01-01T00:00:00Z') } });
    const later = await (await fetch(`${api.url}/metrics`)).text();
    expect(valueOf(later, 'qyzmet_tasks_overdue', { department, role })).toBeGreaterThanOrEqual(same.length);
  });

  it('gauges the payment outbox from the read model: instructions not yet delivered by payer, kind and status, and the oldest one\'s age', async () => {
    const prisma = h.engine.db.prisma;
    // The automatic birth allowances above were paid: one instruction each, delivered by now.
    const paid = await until('an instruction delivered', () => prisma.paymentInstruction.findFirst({ where: { caseId: { in: caseIds } } }), (i) => i !== null && i.status !== 'PENDING' && i.status !== 'SENDING', 60_000);
    const before = await (await fetch(`${api.url}/metrics`)).text();
    const labels = { payer: paid!.payer, kind: paid!.kind, status: 'PENDING' };
    const depthBefore = valueOf(before, 'qyzmet_payment_outbox_instructions', labels) ?? 0;
    // As if its payer had stopped taking deliveries ten minutes ago.
    await prisma.paymentInstruction.update({ where: { id: paid!.id }, data: { status: 'PENDING', createdAt: new Date(Date.now() - 600_000) } });
    try {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      expect(valueOf(text, 'qyzmet_payment_outbox_instructions', labels)).toBe(depthBefore + 1);
      expect(valueOf(text, 'qyzmet_payment_outbox_oldest_age_seconds', { payer: paid!.payer })).toBeGreaterThanOrEqual(600);
    } finally {
      await prisma.paymentInstruction.update({ where: { id: paid!.id }, data: { status: paid!.status, createdAt: paid!.createdAt } });
    }
  });

  it('answers only the configured network', async () => {
    const elsewhere = await startApiServer(
      { config: { ...h.config, ...loadConfig({ API_METRICS_ALLOW: '10.9.8.0/24' }), metricsAllow: ['10.9.8.0/24'] }, db: h.engine.db, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, claimSigner: h.engine.claimSigner, logger: createLogger({ level: 'silent' }) },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      expect((await fetch(`${api.url}/metrics`)).status).toBe(200);
      const refused = await fetch(`${elsewhere.url}/metrics`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain('qyzmet_');
    } finally {
      await elsewhere.close();
    }
  });
});

describe('personal data in metrics', () => {
  it('appears in neither exposition: no IIN, name or phone of the synthetic population', async () => {
    const texts = [await (await fetch(workerMetricsUrl)).text(), await (await fetch(`${api.url}/metrics`)).text()];
    const people = [...h.engine.dataset.persons.values()];
    expect(people.length).toBeGreaterThan(100);
    const needles = new Set<string>();
    for (const p of people) for (const s of [p.iin, p.lastName, p.firstName, p.patronymic, p.phone, p.phone.replace(/^\+/, '')]) if (s && s.length >= 3) needles.add(s);
    for (const text of texts) {
      expect(text).toContain('qyzmet_');
      // No label value holds a run of 12 digits (an IIN), whoever it belongs to.
      expect(text.match(/="[^"]*\d{12}[^"]*"/g)).toBeNull();
      const found = [...needles].filter((n) => text.includes(n));
      expect(found).toEqual([]);
    }
  });
});
