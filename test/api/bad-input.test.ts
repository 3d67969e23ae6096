/**
 * Bad input gets a clear, typed error and changes nothing: a bad IIN, an unknown service, a
 * missing application field, malformed JSON, an oversized body, a too-deep or too-aliased query,
 * a wrong, expired or revoked credential. And the limits around them: rate limiting, CSRF,
 * introspection and GraphiQL off, error masking.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../api/http/hardening.ts';
import { createApi } from '../../api/yoga.ts';
import { createApiKey, revokeApiKey } from '../../lib/auth/api-keys.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { applications, decidedCase } from './support/fixtures.ts';
import { expectOk, startHarness, STAFF, type GqlResult, type Harness } from './support/harness.ts';
import { CASE, HISTORY, START_CASE, VIEWER } from '../../api/client/operations.ts';

let h: Harness;
let known: string;
beforeAll(async () => {
  h = await startHarness();
  known = await decidedCase(h, 'frontendA');
});
afterAll(async () => h?.close());

/** What bad input must not touch. */
async function snapshot() {
  const p = h.engine.db.prisma;
  const [cases, tasks, events, decisions, lifeEvents, caseAudit] = await Promise.all([
    p.case.count(),
    p.task.count(),
    p.caseEvent.count(),
    p.decision.count(),
    p.lifeEvent.count(),
    p.auditEntry.count({ where: { NOT: { stream: 'security' } } }),
  ]);
  return { cases, tasks, events, decisions, lifeEvents, caseAudit };
}

const startWith = (input: Record<string, unknown>) => h.gql('frontendA', START_CASE, { input: { clientRequestId: `bad-${randomUUID()}`, ...input } });
const member = (r: GqlResult) => expectOk(r).startCase as { __typename: string; code: string; message: string; detail: string; fields: { field: string; code: string }[] };

describe('bad application input', () => {
  it('answers an IIN with a wrong check digit with InvalidIin naming the field', async () => {
    const before = await snapshot();
    const iin = applications(h).autoApproved.applicantIin;
    const wrong = iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);
    const result = member(await startWith({ ...applications(h).autoApproved, applicantIin: wrong }));
    expect(result).toMatchObject({ __typename: 'InvalidIin', code: 'INVALID_IIN', message: 'The IIN is not valid.', fields: [{ field: 'applicantIin', code: 'CHECKSUM' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown service with ServiceNotFound listing the real ones', async () => {
    const before = await snapshot();
    const result = member(await startWith({ ...applications(h).autoApproved, serviceCode: 'moon-allowance' }));
    expect(result).toMatchObject({ __typename: 'ServiceNotFound', code: 'SERVICE_NOT_FOUND', detail: expect.stringContaining('birth-allowance') });
    expect(await snapshot()).toEqual(before);
  });

  it('answers a missing required application field with ValidationFailed naming it', async () => {
    const before = await snapshot();
    const result = member(await startWith({ ...applications(h).autoApproved, application: {} }));
    expect(result).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'childIin' })] });
    const notObject = member(await startWith({ ...applications(h).autoApproved, application: [1, 2] }));
    expect(notObject).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'application', code: 'type' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unticked declaration with ValidationFailed (NOT_CONFIRMED), never a signed denial', async () => {
    const before = await snapshot();
    const p = h.engine.dataset.personas.largeFamilyParent;
    const result = member(await startWith({ serviceCode: 'large-family-allowance', applicantIin: p.iin, application: { confirmsCohabitation: false } }));
    expect(result).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'confirmsCohabitation', code: 'NOT_CONFIRMED' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('answers a missing GraphQL argument as BAD_REQUEST, in the language asked for', async () => {
    const result = await h.gql('frontendA', START_CASE, { input: { clientRequestId: 'x', serviceCode: 'birth-allowance', applicantIin: '1' } }, { 'accept-language': 'ru' });
    expect(result.body.errors?.[0]).toMatchObject({ message: 'Запрос не является корректным запросом GraphQL.', extensions: { code: 'BAD_REQUEST', detail: expect.stringContaining('application') } });
  });
});

describe('bad requests', () => {
  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const before = await snapshot();
    const response = await h.post('{"query": "{ viewer { kind } }"', h.credentials.frontendA);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    expect(await snapshot()).toEqual(before);
  });

  it('answers a body over the limit with 413, announced or streamed', async () => {
    const before = await snapshot();
    const big = JSON.stringify({ query: START_CASE, variables: { input: { clientRequestId: 'big', ...applications(h).autoApproved, application: { childIin: '1', pad: 'x'.repeat(70_000) } } } });
    const announced = await h.post(big, { ...h.credentials.frontendA, 'content-length': String(Buffer.byteLength(big)) });
    expect(announced.status).toBe(413);
    expect(await announced.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 8000, (i + 1) * 8000)));
        controller.enqueue(new TextEncoder().encode(big.slice(80_000)));
        controller.close();
      },
    });
    const streamed = await h.yoga.fetch('http://api.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...h.credentials.frontendA }, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(h.config.API_BODY_LIMIT_BYTES).toBe(65_536);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a too deep query without revealing the limit', async () => {
    let deep = 'caseId';
    for (let i = 0; i < 6; i++) deep = `case { decision { ${deep} } }`;
    const result = await h.gql('engineer', `query($id: ID!) { case(id: $id) { decision { ${deep} } } }`, { id: known });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ message: 'The query is too large or too complex.', extensions: { code: 'QUERY_TOO_COMPLEX' } })]);
    expect(JSON.stringify(result.body)).not.toMatch(new RegExp(`\\b${QUERY_LIMITS.maxDepth}\\b`));
  });

  it('refuses too many aliases, and too many tokens, the same way', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { kind }`).join(' ');
    const many = await h.gql('engineer', `{ ${aliases} }`);
    expect(many.body.errors?.[0]).toMatchObject({ message: 'The query is too large or too complex.', extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const tokens = await h.gql('engineer', `{ viewer { ${'kind '.repeat(QUERY_LIMITS.maxTokens)} } }`);
    expect(tokens.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('names no field in its answer to an unknown one (no suggestions)', async () => {
    const result = await h.gql('engineer', '{ viewer { kindd } }');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(result.body)).not.toContain('Did you mean');
  });
});

describe('bad credentials', () => {
  const expectRefused = async (headers: Record<string, string>, reason: string) => {
    const before = await snapshot();
    const failures = await h.engine.db.prisma.auditEntry.count({ where: { stream: 'security', action: 'AUTHENTICATION_FAILED' } });
    const result = await h.gql(headers, CASE, { id: known });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', reason } }] });
    expect(result.headers.get('www-authenticate')).toBeTruthy();
    expect(await snapshot()).toEqual(before);
    expect(await h.engine.db.prisma.auditEntry.count({ where: { stream: 'security', action: 'AUTHENTICATION_FAILED' } })).toBe(failures + 1);
    return result;
  };

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ roles: ['engineer'], department: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const result = await expectRefused({ authorization: `Bearer ${forged}` }, 'INVALID');
    expect(result.body.errors?.[0]?.message).toBe('The token is not valid.');
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({ roles: ['officer'], department: 'social-payments' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(STAFF.officerSocial.sub)
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(h.config.JWT_SECRET!));
    const result = await expectRefused({ authorization: `Bearer ${expired}`, 'accept-language': 'kk' }, 'EXPIRED');
    expect(result.body.errors?.[0]?.message).toBe('Токеннің мерзімі өтіп кеткен.');
  });

  it('refuses a revoked API key, and an unknown one', async () => {
    const { id, key } = await createApiKey(h.engine.db.prisma, { name: 'old portal', clientId: 'client-a', scopes: ['cases:read'] });
    expect(expectOk(await h.gql({ 'x-api-key': key }, VIEWER)).viewer).toEqual({ kind: 'frontend' });
    await revokeApiKey(h.engine.db.prisma, id);
    await expectRefused({ 'x-api-key': key }, 'REVOKED');
    await expectRefused({ 'x-api-key': `qz_0badc0de_${'a'.repeat(32)}` }, 'UNKNOWN');
    await expectRefused({ authorization: 'Basic dXNlcjpwYXNz' }, 'MALFORMED');
  });
});

describe('limits and defaults', () => {
  it('rate-limits each API key on its own (429 RATE_LIMITED with Retry-After)', async () => {
    const tight = h.variant({ API_RATE_LIMIT_BURST: '3', API_RATE_LIMIT_PER_SECOND: '0.01' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await tight.gql('frontendA', VIEWER)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await tight.gql('frontendA', VIEWER);
    expect(limited.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await tight.gql('frontendB', VIEWER)).status).toBe(200);
  });

  it('asks GET requests for the CSRF header', async () => {
    const url = `http://api.test/graphql?query=${encodeURIComponent('{ viewer { kind } }')}`;
    const without = await h.yoga.fetch(url, { headers: { ...h.credentials.engineer, accept: 'application/json' } });
    expect(without.status).toBe(403);
    expect((await without.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    const withHeader = await h.yoga.fetch(url, { headers: { ...h.credentials.engineer, accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(await withHeader.json()).toEqual({ data: { viewer: { kind: 'staff' } } });
  });

  it('turns introspection and GraphiQL off as configured (production defaults)', async () => {
    const production = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWT_SECRET: 'x'.repeat(40), SIGNING_KEY_FILE: '/k.pem' });
    expect({ graphiql: production.graphiql, introspection: production.introspection }).toEqual({ graphiql: false, introspection: false });
    const closed = h.variant({ GRAPHIQL: 'false', INTROSPECTION: 'false' });
    const introspection = await closed.gql('engineer', '{ __schema { types { name } } }');
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const page = await closed.yoga.fetch('http://api.test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<html');
    const open = await h.gql('engineer', '{ __schema { queryType { name } } }');
    expect(open.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(await (await h.yoga.fetch('http://api.test/graphql', { headers: { accept: 'text/html' } })).text()).toContain('<html');
  });

  it('masks unexpected errors: a stable code, no internals', async () => {
    const broken = { workflow: { getHandle: () => ({ describe: async () => Promise.reject(new Error('pg: password authentication failed for user "root" at 10.0.0.7')) }) } } as unknown as Client;
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: h.config.DATA_DIR, JWT_SECRET: h.config.JWT_SECRET!, LOG_LEVEL: 'silent' });
    const yoga = createApi({ config, db: h.engine.db, temporal: broken, keyRing: h.engine.deps.keyRing, claimSigner: h.engine.claimSigner, logger: createLogger({ level: 'silent' }) });
    try {
      const response = await yoga.fetch('http://api.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en', ...h.credentials.engineer },
        body: JSON.stringify({ query: HISTORY, variables: { caseId: known } }),
      });
      const body = await response.json();
      expect(body.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expect(JSON.stringify(body)).not.toMatch(/password|10\.0\.0\.7|at .*\.ts/);
    } finally {
      await yoga.dispose();
    }
  });
});
