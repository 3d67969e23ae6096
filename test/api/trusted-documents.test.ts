/**
 * Trusted documents: an API key runs only the catalogue of api/client/operations.ts — by hash
 * (documentId, Apollo's persistedQuery extension) or by its exact text; anything else is refused
 * with a typed 400 before it is executed, and audited. Staff may still send any query.
 */
import { randomUUID } from 'node:crypto';
import { parse, print, stripIgnoredCharacters } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, trustedDocuments } from '../../api/http/trusted-documents.ts';
import * as operations from '../../api/client/operations.ts';
import { ATTACH_DOCUMENT, START_CASE, VIEWER } from '../../api/client/operations.ts';
import { CaseSummary, frontEndClient, StartCase } from '../../web/src/api/front-end-example.ts';
import { applications } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const send = async (role: keyof Harness['credentials'], body: Record<string, unknown>) => {
  const response = await h.post(JSON.stringify(body), h.credentials[role]);
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
};
const lastSecurity = () => h.engine.db.prisma.auditEntry.findFirst({ where: { stream: 'security' }, orderBy: { seq: 'desc' } });
const casesOf = (iin: string) => h.engine.db.prisma.case.count({ where: { applicantIin: iin } });

describe('the catalogue', () => {
  it('holds every operation of api/client/operations.ts, keyed by the sha256 of its text and of its printed and stripped forms', () => {
    const catalogue = trustedDocuments();
    const documents = Object.values(operations).filter((v) => typeof v === 'string' && /^\s*(query|mutation|subscription)\b/.test(v));
    expect(new Set(catalogue.values()).size).toBe(documents.length);
    for (const form of [START_CASE, print(parse(START_CASE)), stripIgnoredCharacters(START_CASE)]) expect(catalogue.get(documentHash(form))).toBe(START_CASE);
  });
});

describe('an API key', () => {
  it('runs a trusted document sent by documentId, by the persistedQuery extension and by its exact text', async () => {
    const hash = documentHash(VIEWER);
    for (const body of [{ documentId: `sha256:${hash}` }, { documentId: hash }, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, { query: VIEWER }]) {
      const result = await send('frontendA', body);
      expect(result.status, JSON.stringify(body)).toBe(200);
      expect(result.body.data?.viewer).toMatchObject({ kind: 'frontend' });
    }
    const app = applications(h).autoApproved;
    const started = await send('frontendA', { documentId: `sha256:${documentHash(START_CASE)}`, variables: { input: { clientRequestId: `td-${randomUUID()}`, ...app } } });
    expect(started.body.data?.startCase).toMatchObject({ __typename: 'StartCasePayload', created: true });
  });

  it('is refused an untrusted query with DOCUMENT_NOT_TRUSTED (400), nothing executed, and the refusal audited', async () => {
    const app = applications(h).autoApproved;
    const untrusted = `mutation Sneaky($input: StartCaseInput!) { startCase(input: $input) { __typename } }`;
    const refused = await send('frontendA', { query: untrusted, operationName: 'Sneaky', variables: { input: { clientRequestId: `td-${randomUUID()}`, ...app } } });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([expect.objectContaining({ message: 'With an API key only trusted documents are accepted (by hash, or in their exact text).', extensions: expect.objectContaining({ code: 'DOCUMENT_NOT_TRUSTED' }) })]);
    expect(await casesOf(app.applicantIin)).toBe(0);
    expect(await lastSecurity()).toMatchObject({
      actor: `api-key:${h.apiKeys.frontendA.id}`,
      action: 'ACCESS_DENIED',
      details: { code: 'DOCUMENT_NOT_TRUSTED', operation: 'document', target: { documentHash: documentHash(untrusted), operationName: 'Sneaky' } },
    });
    // An automatic-persisted-query client's retry, its own formatting and that text's hash, is judged by the text.
    const own = `query Viewer {\n  viewer {\n    kind\n  }\n}`;
    const retried = await send('frontendA', { query: own, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(own) } } });
    expect(retried.body.data?.viewer).toEqual({ kind: 'frontend' });
    // Reformatted it is the same document; one more field makes it another.
    expect(expectOk(await h.gql('frontendA', `${print(parse(VIEWER))}\n`)).viewer).toEqual({ kind: 'frontend' });
    expect(codesOf(await h.gql('frontendA', VIEWER.replace('kind', 'kind id')))).toEqual(['DOCUMENT_NOT_TRUSTED']);
  });

  it('is refused an unknown hash with PERSISTED_QUERY_NOT_FOUND (400), audited; a malformed hash or one that is not its query is a bad request', async () => {
    const unknown = documentHash('query { viewer { kind } }');
    const result = await send('frontendB', { documentId: `sha256:${unknown}` });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await lastSecurity()).toMatchObject({ actor: `api-key:${h.apiKeys.frontendB.id}`, action: 'ACCESS_DENIED', details: { code: 'PERSISTED_QUERY_NOT_FOUND', target: { documentHash: unknown } } });
    expect((await send('frontendB', { documentId: 'sha256:nothex' })).body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect((await send('frontendB', { query: VIEWER, documentId: unknown })).body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('may send a document upload by hash past the ordinary body limit, as by its text', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(h.config.API_BODY_LIMIT_BYTES, 0x20)]);
    const variables = { input: { caseId: 'c00000000000000000000', contentType: 'application/pdf', contentBase64: pdf.toString('base64') } };
    const byHash = await send('frontendA', { documentId: documentHash(ATTACH_DOCUMENT), variables });
    expect(byHash.status).toBe(200);
    expect(byHash.body.data?.attachDocument).toMatchObject({ code: expect.any(String) });
  });

  it('counts the refusal in the API metrics as other refusals are', async () => {
    const { createApiMetrics, API_METRICS } = await import('../../api/http/metrics.ts');
    const metrics = createApiMetrics({ allow: [] });
    const { createApi } = await import('../../api/yoga.ts');
    const api = createApi({ config: h.config, db: h.engine.db, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, claimSigner: h.engine.claimSigner, logger: (await import('../../lib/logger.ts')).createLogger({ level: 'silent' }), metricsPlugin: metrics.plugin });
    try {
      const response = await api.fetch('http://api.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...h.credentials.frontendA }, body: JSON.stringify({ query: '{ viewer { kind } }' }) });
      expect(response.status).toBe(400);
      const counted = (await metrics.registry.getSingleMetric(API_METRICS.authRefusals)!.get()).values.find((v) => v.labels.code === 'DOCUMENT_NOT_TRUSTED');
      expect(counted?.value).toBe(1);
    } finally {
      await api.dispose();
    }
  });
});

describe("the README's typed client (gql.tada, web/src/api/front-end-example.ts)", () => {
  it('starts a case and follows it by hash, typed against schema.graphql', async () => {
    const request = frontEndClient(h.post, h.apiKeys.frontendB.key);
    const app = applications(h).autoApproved;
    const started = await request(StartCase, { input: { clientRequestId: `td-${randomUUID()}`, serviceCode: app.serviceCode, applicantIin: app.applicantIin, application: app.application } });
    if (started.startCase.__typename !== 'StartCasePayload') throw new Error(`not started: ${JSON.stringify(started.startCase)}`);
    const summary = await request(CaseSummary, { id: started.startCase.case.caseId });
    expect(summary.case).toMatchObject({ caseId: started.startCase.case.caseId, serviceCode: app.serviceCode });
  });
});

describe('staff', () => {
  it('may send any query, and a trusted document by hash', async () => {
    const adHoc = await h.gql('engineer', '{ viewer { kind } me: viewer { kind } }');
    expect(expectOk(adHoc)).toMatchObject({ viewer: { kind: 'staff' }, me: { kind: 'staff' } });
    const byHash = await send('officerSocial', { documentId: `sha256:${documentHash(VIEWER)}` });
    expect(byHash.body.data?.viewer).toMatchObject({ kind: 'staff' });
    // An unknown hash names nothing, for staff too (not a refusal of the caller: not audited).
    const before = await h.engine.db.prisma.auditEntry.count({ where: { stream: 'security' } });
    expect((await send('engineer', { documentId: documentHash('{ nothing }') })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await h.engine.db.prisma.auditEntry.count({ where: { stream: 'security' } })).toBe(before);
  });
});
