/**
 * The HTTP surface on PostgreSQL: one path, one input rule for every free-text and id argument,
 * CORS and proxies, strict dates and page limits, batched reads and a cost that counts page sizes
 * sent as variables, and what callers who see personal data masked do not see.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../../api/server.ts';
import { createApi } from '../../api/yoga.ts';
import { createLogger } from '../../lib/logger.ts';
import { REFERENCE_DATE } from '../support/engine.ts';
import { applications, caseInReview, decidedCase, employmentCaseInReview, offeredCase } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness, type GqlResult } from './support/harness.ts';
import { subscribe } from './support/sse.ts';
import { createApiKey, revokeApiKey } from '../../lib/auth/api-keys.ts';
import { MAX_STREAMS_PER_CALLER } from '../../api/schema/subscriptions.ts';
import { CASE, CASE_UPDATED, CASES, CREATE_API_KEY, REEVALUATE_CASE, HISTORY, PREVIEW_REEVALUATION, PROVIDE_INFORMATION, RESPOND_TO_OFFER, START_CASE, SUBMIT_LIFE_EVENT, VIEWER, WITHDRAW } from '../../api/client/operations.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ kind: 'postgresql' });
});
afterAll(async () => h?.close());

const security = (action?: string) => h.engine.db.prisma.auditEntry.count({ where: { stream: 'security', ...(action ? { action } : {}) } });
const member = (r: GqlResult, field: string) => expectOk(r)[field] as { __typename: string; code: string; fields?: { field: string; code: string }[] };

describe('one path', () => {
  it('answers /graphql only: /graphql/, /x/graphql and /graphql/x are 404 whatever the credential, and write nothing', async () => {
    const before = await security();
    for (const path of ['/graphql/', '/x/graphql', '/api/graphql', '/graphql/x', '/GRAPHQL']) {
      for (const headers of [h.credentials.engineer, h.credentials.anonymous, { 'x-api-key': 'qz_00000000_nope' }]) {
        const response = await h.yoga.fetch(`http://api.test${path}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...headers },
          body: JSON.stringify({ query: '{ securityAuditLog { total } a: cases { totalCount } }' }),
        });
        expect(response.status, path).toBe(404);
        expect((await response.json()).errors[0].extensions.code).toBe('NOT_FOUND');
      }
    }
    expect(await security()).toBe(before);
  });

  it('writes one ACCESS_DENIED row for a request that is refused many fields', async () => {
    const before = await security('ACCESS_DENIED');
    const caseId = await decidedCase(h, 'frontendA');
    // Staff (an officer of another department): an API key could not send this document at all.
    const result = await h.gql('officerEmployment', `query($id: ID!) { a: case(id: $id) { caseId } b: case(id: $id) { caseId } c: case(id: $id) { caseId } d: case(id: $id) { caseId } }`, { id: caseId });
    expect(codesOf(result)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(await security('ACCESS_DENIED')).toBe(before + 1);
    const row = await h.engine.db.prisma.auditEntry.findFirst({ where: { stream: 'security', action: 'ACCESS_DENIED' }, orderBy: { seq: 'desc' } });
    expect(row?.details).toMatchObject({ more: 3 });
  });
});

describe('one input rule for free text and ids', () => {
  const refusedOnce = async (run: () => Promise<GqlResult>) => {
    const before = await security('INPUT_REFUSED');
    const result = await run();
    expect(await security('INPUT_REFUSED')).toBe(before + 1);
    return result;
  };
  const badRequest = (result: GqlResult) => {
    expect(result.status).toBe(400);
    expect(codesOf(result)).toEqual(['BAD_REQUEST']);
    return (result.body.errors![0]!.extensions as { fields: { field: string; code: string }[] }).fields;
  };

  it('refuses NUL, lone surrogates, bidi overrides in any argument as 400 BAD_REQUEST naming the field, audited once', async () => {
    const app = applications(h).autoApproved;
    const cases = [
      () => h.gql('frontendA', START_CASE, { input: { clientRequestId: 'req-\u0000', ...app } }),
      () => h.gql('frontendA', START_CASE, { input: { clientRequestId: `req-${randomUUID()}`, ...app, application: { ...app.application, note: 'x\uD800' } } }),
      () => h.gql('engineer', CASES, { filter: { service: 'birth-allowance\u0000' } }),
      () => h.gql('engineer', CREATE_API_KEY, { input: { name: 'portal \uDC00', clientId: 'client-z', scopes: ['CASES_READ'] } }),
      () => h.gql('frontendA', WITHDRAW, { caseId: 'case-1', reason: 'moved \u202Eabroad' }),
      () => h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId: 'case-1', submissionId: 's1', answers: { 'no\u0000te': 'x' } } }),
      () => h.gql('frontendA', RESPOND_TO_OFFER, { caseId: 'case-1', consent: true, channel: 'sms\u0007', proof: { kind: 'EGOV_SUBJECT', reference: 'a.b.c' } }),
      () => h.gql('officerSocial', `{ case(id: "case-\\u0000") { caseId } }`),
    ];
    const expected = [
      ['input.clientRequestId', 'CONTROL_CHARACTER'],
      ['input.application.note', 'MALFORMED_UNICODE'],
      ['filter.service', 'CONTROL_CHARACTER'],
      ['input.name', 'MALFORMED_UNICODE'],
      ['reason', 'BIDI_CONTROL'],
      ['input.answers.(key)', 'CONTROL_CHARACTER'],
      ['channel', 'CONTROL_CHARACTER'],
      ['id', 'CONTROL_CHARACTER'],
    ];
    for (const [i, run] of cases.entries()) {
      const fields = badRequest(await refusedOnce(run));
      expect(fields.map((f) => [f.field, f.code])).toEqual([expected[i]]);
    }
  });

  it('refuses ids and keys of the wrong shape as typed VALIDATION_FAILED (mutations) or 400 (queries), audited once', async () => {
    const app = applications(h).autoApproved;
    const start = member(await refusedOnce(() => h.gql('frontendA', START_CASE, { input: { clientRequestId: "x'; DROP TABLE cases;--", ...app } })), 'startCase');
    expect(start).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'clientRequestId', code: 'INVALID_IDENTIFIER' }] });

    const p = h.engine.dataset.personas.newbornMother;
    const event = member(
      await refusedOnce(() => h.gql('frontendA', SUBMIT_LIFE_EVENT, { input: { eventId: `birth-${p.childIin}`, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: p.childIin, payload: {} } })),
      'submitLifeEvent',
    );
    expect(event).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'eventId', code: 'LOOKS_LIKE_IIN' }] });

    const { caseId, proof } = await offeredCase(h);
    const channel = member(await refusedOnce(() => h.gql('frontendA', RESPOND_TO_OFFER, { caseId, consent: true, channel: 'sms gateway', proof })), 'respondToOffer');
    expect(channel).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'channel', code: 'INVALID_IDENTIFIER' }] });

    const withdraw = member(await refusedOnce(() => h.gql('frontendA', WITHDRAW, { caseId, reason: 'x'.repeat(501) })), 'withdrawCase');
    expect(withdraw).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'reason', code: 'TOO_LONG' }] });

    const answers = member(
      await refusedOnce(() => h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'sub 1', answers: { 'bank iban': 'x' } } })),
      'provideInformation',
    );
    expect(answers.fields?.map((f) => f.field)).toEqual(['submissionId', 'answers.(key)']);

    const key = member(await refusedOnce(() => h.gql('engineer', CREATE_API_KEY, { input: { name: '   ', clientId: 'client-z', scopes: ['CASES_READ'] } })), 'createApiKey');
    expect(key).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'name', code: 'EMPTY' }] });

    expect(badRequest(await refusedOnce(() => h.gql('engineer', CASES, { filter: { service: "' OR 1=1 --" } })))).toEqual([{ field: 'filter.service', code: 'INVALID_IDENTIFIER' }]);
    expect((await h.engine.db.prisma.case.findUnique({ where: { id: caseId } }))?.status).toBe('OFFERED');
  });
});

describe('browsers, proxies and credentials', () => {
  it('allows only the configured origins, without credentials, and never reflects another', async () => {
    const api = h.variant({ API_CORS_ORIGINS: 'https://egov.kz' });
    const preflight = (origin: string) =>
      api.yoga.fetch('http://api.test/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
    const good = await preflight('https://egov.kz');
    expect(good.headers.get('access-control-allow-origin')).toBe('https://egov.kz');
    expect(good.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await api.post(JSON.stringify({ query: VIEWER }), { ...h.credentials.frontendA, origin: 'https://evil.example' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const none = await h.yoga.fetch('http://api.test/graphql', { method: 'OPTIONS', headers: { origin: 'https://egov.kz', 'access-control-request-method': 'POST' } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('treats an empty X-Api-Key as a bad credential (401), and its audit row names no key the caller typed', async () => {
    const empty = await h.gql({ 'x-api-key': '' }, '{ viewer { kind } }');
    expect(empty.status).toBe(401);
    expect(empty.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MALFORMED' });
    const spaces = await h.gql({ 'x-api-key': '   ' }, '{ viewer { kind } }');
    expect(spaces.status).toBe(401);

    const before = await security('AUTHENTICATION_FAILED');
    const guessed = await h.gql({ 'x-api-key': `qz_deadbeef_${'a'.repeat(32)}` }, '{ viewer { kind } }');
    expect(guessed.status).toBe(401);
    expect(await security('AUTHENTICATION_FAILED')).toBe(before + 1);
    const row = await h.engine.db.prisma.auditEntry.findFirst({ where: { stream: 'security', action: 'AUTHENTICATION_FAILED' }, orderBy: { seq: 'desc' } });
    expect(row?.actor).toBe('anonymous');
    expect(JSON.stringify(row?.details)).not.toContain('deadbeef');
  });

  it('gives anonymous callers behind a trusted proxy a bucket each, and believes no X-Forwarded-For from others', async () => {
    const serve = async (env: Record<string, string>): Promise<RunningApi> =>
      startApiServer(
        { config: h.variant(env).config, db: h.engine.db, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, logger: createLogger({ level: 'silent' }), intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) },
        { host: '127.0.0.1', port: 0 },
      );
    const tight = { API_RATE_LIMIT_BURST: '2', API_RATE_LIMIT_PER_SECOND: '0.01' };
    const ask = (api: RunningApi, forwardedFor: string) =>
      fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query: '{ viewer { kind } }' }) }).then((r) => r.status);

    const behindProxy = await serve({ ...tight, API_TRUSTED_PROXIES: '127.0.0.1, ::1' });
    try {
      expect([await ask(behindProxy, '203.0.113.1'), await ask(behindProxy, '203.0.113.1'), await ask(behindProxy, '203.0.113.1')]).toEqual([200, 200, 429]);
      expect(await ask(behindProxy, '203.0.113.2')).toBe(200);
      // A client cannot pick its bucket by prepending addresses: the nearest untrusted hop counts.
      expect(await ask(behindProxy, '198.51.100.7, 203.0.113.1')).toBe(429);
    } finally {
      await behindProxy.close();
    }
    const direct = await serve(tight);
    try {
      expect([await ask(direct, '203.0.113.1'), await ask(direct, '203.0.113.2'), await ask(direct, '203.0.113.3')]).toEqual([200, 200, 429]);
    } finally {
      await direct.close();
    }
  });
});

describe('page limits, cursors and dates', () => {
  it('answers cases(first: 1000) and a bad cursor with 400 BAD_REQUEST', async () => {
    for (const variables of [{ first: 1000 }, { after: 'not-a-cursor' }, { after: Buffer.from('[1]').toString('base64url') }, { last: -1 }]) {
      const result = await h.gql('engineer', CASES, variables);
      expect(result.status, JSON.stringify(variables)).toBe(400);
      expect(codesOf(result)).toEqual(['BAD_REQUEST']);
    }
    const literal = await h.gql('engineer', '{ cases(first: 1000) { totalCount } }');
    expect(literal.status).toBe(400);
  });

  it('refuses dates that do not exist and times without a zone, previewReevaluation included', async () => {
    for (const createdFrom of ['2026-02-31T00:00:00Z', '2026-03-01T00:00:00', '2026-03-01', '2026-03-01T25:00:00Z', '2026-13-01T00:00:00Z']) {
      const result = await h.gql('engineer', CASES, { filter: { createdFrom } });
      expect(result.status, createdFrom).toBe(400);
      expect(codesOf(result)).toEqual(['BAD_REQUEST']);
    }
    const literal = await h.gql('engineer', '{ cases(filter: { createdFrom: "2026-02-30T10:00:00+05:00" }) { totalCount } }');
    expect(codesOf(literal)).toEqual(['BAD_REQUEST']);
    expect(codesOf(await h.gql('engineer', CASES, { filter: { createdFrom: '2026-03-01T00:00:00+05:00', createdTo: '2026-03-01T00:00:00.123Z' } }))).toEqual([]);
    for (const decidedFrom of ['2026-02-30', '2026-02-31', '2025-02-29', '2026-3-1']) {
      const result = await h.gql('engineer', PREVIEW_REEVALUATION, { input: { serviceCode: 'birth-allowance', version: 1, decidedFrom } });
      expect(codesOf(result), decidedFrom).toEqual(['BAD_REQUEST']);
    }
    expect(codesOf(await h.gql('engineer', PREVIEW_REEVALUATION, { input: { serviceCode: 'birth-allowance', version: 1, decidedFrom: '2024-02-29' } }))).toEqual([]);
  });
});

describe('batched reads and their cost', () => {
  it('reads a page of cases with timelines and evidence in a bounded number of queries', async () => {
    for (let i = 0; i < 4; i++) await decidedCase(h, 'frontendA');
    let queries = 0;
    const counted = h.engine.db.prisma.$extends({
      query: {
        async $allOperations({ args, query }) {
          queries += 1;
          return query(args);
        },
      },
    });
    const yoga = createApi({ config: h.config, db: { ...h.engine.db, prisma: counted as never }, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, logger: createLogger({ level: 'silent' }) });
    const page = `query($n: Int) { cases(first: $n) { edges { node { caseId timeline { seq type } evidence { key status } decision { decisionId } openTasks { taskId } } } } }`;
    const run = async (n: number) => {
      queries = 0;
      const response = await yoga.fetch('http://api.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...h.credentials.engineer }, body: JSON.stringify({ query: page, variables: { n } }) });
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.cases.edges).toHaveLength(n);
      return queries;
    };
    try {
      const two = await run(2);
      const five = await run(5);
      expect(five).toBe(two);
      expect(five).toBeLessThanOrEqual(8);
    } finally {
      await yoga.dispose();
    }
  });

  it('counts a page size given as a variable in the query cost', async () => {
    const page = `cases(first: $n) { edges { node { caseId status timeline { seq type at status data } evidence { key status registry data } } } pageInfo { hasNextPage endCursor } }`;
    const twoPages = `query($n: Int) { a: ${page} b: ${page} }`;
    const big = await h.gql('engineer', twoPages, { n: 100 });
    expect(big.status).toBe(400);
    expect(codesOf(big)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codesOf(await h.gql('engineer', twoPages, { n: 5 }))).toEqual([]);
    expect(codesOf(await h.gql('engineer', `query($n: Int) { ${page} }`, { n: 100 }))).toEqual([]);
    const byDefault = await h.gql('engineer', `query($n: Int = 100) { a: ${page} b: ${page} }`, {});
    expect(codesOf(byDefault)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

describe('what masked callers do not see', () => {
  const TIMELINE = `query($id: ID!) { case(id: $id) { applicantIin department timeline { type data } } }`;

  it('a token that is officer in one department and engineer reads other departments masked', async () => {
    const { caseId } = await employmentCaseInReview(h, 'frontendA');
    const both = { authorization: `Bearer ${await h.token({ sub: 'officer-engineer', roles: ['officer', 'engineer'], department: 'social-payments' })}` };
    const seen = expectOk(await h.gql(both, CASE, { id: caseId })).case as { applicantIin: string; evidence: unknown };
    const iin = (await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).applicantIin;
    expect(seen.applicantIin).toBe(`${iin.slice(0, 2)}**********`);
    expect(JSON.stringify(seen)).not.toContain(iin);
    const own = expectOk(await h.gql('officerEmployment', CASE, { id: caseId })).case as { applicantIin: string };
    expect(own.applicantIin).toBe(iin);
    // Nor can it find whose cases exist elsewhere by IIN.
    const search = await h.gql(both, `query($iin: String) { cases(filter: { applicantIin: $iin }) { totalCount } }`, { iin });
    expect(expectOk(search).cases).toEqual({ totalCount: 0 });
  });

  it('engineers see no free text: withdrawal reasons and history failure messages are withheld', async () => {
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const reason = 'Мен Алматыға көштім, телефон +77011234567';
    expect(member(await h.gql('frontendA', WITHDRAW, { caseId, reason }), 'withdrawCase').__typename).toBe('CasePayload');
    await h.engine.waitFor(caseId, (s) => s.status === 'WITHDRAWN');
    await expect.poll(async () => (await h.engine.db.prisma.caseEvent.count({ where: { caseId, type: 'WITHDRAWN' } }))).toBe(1);
    const engineer = JSON.stringify(expectOk(await h.gql('engineer', TIMELINE, { id: caseId })));
    expect(engineer).not.toContain('Алматы');
    expect(engineer).toContain('[withheld]');
    expect(JSON.stringify(expectOk(await h.gql('officerSocial', TIMELINE, { id: caseId })))).toContain(reason);

    const outage = await employmentCaseInReview(h, 'frontendA');
    const history = expectOk(await h.gql('engineer', HISTORY, { caseId: outage.caseId, first: 100 })).caseHistory as { edges: { node: { summary: string } }[] };
    const failures = history.edges.map((e) => e.node.summary).filter((s) => /\bfailed[ :(]/.test(s));
    expect(failures.length).toBeGreaterThan(0);
    for (const s of failures) expect(s).toMatch(/failed(?: \([^)]*\))?: \[withheld\]$/);
  });
});


describe('subscriptions', () => {
  it(`holds at most ${MAX_STREAMS_PER_CALLER} open streams per caller`, async () => {
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_CALLER; i++) {
      const stream = await subscribe(h, h.credentials.frontendA, CASE_UPDATED, { caseId });
      expect((await stream.next())?.data?.caseUpdated.caseId).toBe(caseId);
      streams.push(stream);
    }
    const extra = await subscribe(h, h.credentials.frontendA, CASE_UPDATED, { caseId });
    expect((await extra.next())?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another caller has its own allowance; a closed stream frees its slot.
    const officer = await subscribe(h, h.credentials.supervisorSocial, CASE_UPDATED, { caseId });
    expect((await officer.next())?.data?.caseUpdated.caseId).toBe(caseId);
    await streams.pop()!.cancel();
    await expect
      .poll(async () => {
        const again = await subscribe(h, h.credentials.frontendA, CASE_UPDATED, { caseId });
        const first = await again.next();
        if (first?.data) streams.push(again);
        else await again.cancel();
        return Boolean(first?.data);
      }, { timeout: 5000 })
      .toBe(true);
    for (const stream of [...streams, officer]) await stream.cancel();
  });

  it('ends the stream of an offer once it is refused', async () => {
    const { caseId, proof } = await offeredCase(h);
    const stream = await subscribe(h, h.credentials.frontendA, CASE_UPDATED, { caseId });
    expect((await stream.next())?.data?.caseUpdated.status).toBe('OFFERED');
    expect(member(await h.gql('frontendA', RESPOND_TO_OFFER, { caseId, consent: false, proof }), 'respondToOffer').__typename).toBe('CasePayload');
    const statuses: string[] = [];
    for (let e = await stream.next(); e; e = await stream.next()) statuses.push(e.data!.caseUpdated.status);
    expect(statuses.at(-1)).toBe('REFUSED');
  });

  it('stops streaming to a key once it is revoked, even while the case is quiet', async () => {
    const { id, key } = await createApiKey(h.engine.db.prisma, { name: 'kiosk', clientId: 'client-a', scopes: ['cases:read'] });
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const stream = await subscribe(h, { 'x-api-key': key }, CASE_UPDATED, { caseId });
    expect((await stream.next())?.data?.caseUpdated.caseId).toBe(caseId);
    await revokeApiKey(h.engine.db.prisma, id);
    expect(await stream.next(15_000)).toBeNull();
  });
});

describe('what-if with a pasted definition, for engineers', () => {
  it('refuses a definition that reads personal fields the service never reads: no IIN as an amount, no name oracle', async () => {
    const caseId = await decidedCase(h, 'frontendA');
    const pinned = await h.engine.db.prisma.serviceVersion.findFirst({ where: { code: 'birth-allowance', status: 'PUBLISHED' }, orderBy: { version: 'desc' } });
    const base = structuredClone(pinned!.definition) as Record<string, any>;
    base.version = 90;
    const iinAmount = structuredClone(base);
    iinAmount.decision.amount = 'double(applicant.iin)';
    const nameOracle = structuredClone(base);
    nameOracle.rules[nameOracle.rules.length - 1].expression = 'evidence.person.lastName.startsWith("А")';
    const bracketed = structuredClone(base);
    bracketed.rules[0].expression = "evidence['person']['firstName'] == 'Айгүл'";
    const iin = applications(h).autoApproved.applicantIin;
    for (const [definition, path] of [[iinAmount, 'applicant.iin'], [nameOracle, 'evidence.person.lastName'], [bracketed, 'evidence.person.firstName']] as const) {
      const result = await h.gql('engineer', REEVALUATE_CASE, { input: { caseId, definition }, lang: 'EN' });
      expect(JSON.stringify(result.body)).not.toContain(iin);
      const r = member(result, 'reevaluateCase');
      expect(r).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'definition', code: 'READS_PERSONAL_DATA' }] });
      expect(JSON.stringify(r)).toContain(path);
    }
    // What the service itself reads stays open to what-if.
    expect(member(await h.gql('engineer', REEVALUATE_CASE, { input: { caseId, definition: base }, lang: 'EN' }), 'reevaluateCase').__typename).toBe('CaseReevaluation');
    const preview = await h.gql('engineer', PREVIEW_REEVALUATION, { input: { serviceCode: 'birth-allowance', definition: iinAmount } });
    expect(member(preview, 'previewReevaluation')).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
