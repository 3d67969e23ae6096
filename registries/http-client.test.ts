import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpRegistry, type HttpRegistry, type HttpRegistryOptions } from './http-client.ts';
import { startRegistryServer, type RunningRegistryServer } from './serve.ts';
import { createSimulatedRegistry } from './simulated.ts';
import { bankAccountOf, getDataset } from './synthetic/dataset.ts';
import { createTestPki } from './testing/x509.ts';
import { QUERY_NAMES, RegistryError, type QueryName, type QueryParams, type RegistryClient } from './types.ts';

const REF = '2025-06-15';
const dataset = getDataset({ seed: 7, referenceDate: REF });
const p = dataset.personas;

const clients: HttpRegistry[] = [];
function client(options: HttpRegistryOptions): HttpRegistry {
  const c = createHttpRegistry(options);
  clients.push(c);
  return c;
}
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const close of closers) await close();
});

/** A node:http server answering with whatever the handler does; records what it received. */
async function rawServer(handler: http.RequestListener): Promise<{ url: string; requests: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] }> {
  const requests: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function errorOf(promise: Promise<unknown>): Promise<RegistryError> {
  const err = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!(err instanceof RegistryError)) throw err;
  return err;
}

describe('against the simulated registry served over HTTP', () => {
  let served: RunningRegistryServer;
  let registry: HttpRegistry;
  const simulated = createSimulatedRegistry({ dataset });

  beforeAll(async () => {
    served = await startRegistryServer({ registry: simulated });
    closers.push(() => served.close());
    registry = client({ baseUrl: served.url, timeoutMs: 2_000 });
  });

  const sampleParams: { [Q in QueryName]: QueryParams<Q> } = {
    'civil.person': { iin: p.newbornMother.iin },
    'civil.children': { iin: p.newbornMother.iin },
    'civil.birth': { childIin: p.newbornMother.childIin! },
    'civil.population': { cursor: null, limit: 5 },
    'employment.history': { iin: p.recentlyLaidOff.iin },
    'income.monthly': { iin: p.steadyEmployee.iin, months: 24, asOf: REF },
    'disability.status': { iin: p.disabledAdult.iin },
    'bank.account': { iin: p.unverifiedBankAccount.iin },
    'bank.accountByIban': { iban: bankAccountOf(dataset, p.unverifiedBankAccount.iin)!.iban },
  };

  it.each(QUERY_NAMES)('%s returns what the registry holds, with its source', async (query) => {
    const direct = await simulated.query(query, sampleParams[query] as never);
    const answer = await registry.query(query, sampleParams[query] as never);
    expect(answer.data).toEqual(direct.data);
    expect(answer.source).toBe(direct.source);
    expect(Date.parse(answer.fetchedAt)).not.toBeNaN();
  });

  it('maps an unknown subject to NOT_FOUND (not retryable)', async () => {
    const err = await errorOf(registry.query('civil.person', { iin: '850105300126' }));
    expect(err).toMatchObject({ kind: 'NOT_FOUND', query: 'civil.person', retryable: false });
    expect(err.message).toContain('HTTP 404');
    expect((await errorOf(registry.query('employment.history', { iin: p.notFoundEmployment.iin }))).kind).toBe('NOT_FOUND');
  });

  it('maps malformed parameters to BAD_REQUEST', async () => {
    const err = await errorOf(registry.query('civil.person', { iin: '12345' }));
    expect(err).toMatchObject({ kind: 'BAD_REQUEST', retryable: false });
    expect(err.message).toContain('exactly 12 digits');
  });

  it('maps a registry outage (503) to UNAVAILABLE (retryable)', async () => {
    simulated.setOutage('employment', true);
    try {
      const err = await errorOf(registry.query('employment.history', { iin: p.steadyEmployee.iin }));
      expect(err).toMatchObject({ kind: 'UNAVAILABLE', retryable: true });
      expect(err.message).toContain('registry employment is down');
    } finally {
      simulated.setOutage('employment', false);
    }
  });

  it("maps the registry's own timeout (504) to TIMEOUT", async () => {
    const hanging = createSimulatedRegistry({ dataset, faults: { timeoutRate: 1 }, hangTimeoutMs: 20 });
    const server = await startRegistryServer({ registry: hanging });
    closers.push(() => server.close());
    const err = await errorOf(client({ baseUrl: server.url, timeoutMs: 5_000 }).query('civil.person', { iin: p.newbornMother.iin }));
    expect(err).toMatchObject({ kind: 'TIMEOUT', retryable: true });
    expect(err.message).toContain('HTTP 504');
  });

  it('fails TIMEOUT at its own deadline when the registry hangs, and the server stops waiting too', async () => {
    const hanging = createSimulatedRegistry({ dataset, faults: { timeoutRate: 1 }, hangTimeoutMs: 60_000 });
    let serverSideAborted = false;
    const observed: RegistryClient = {
      query: (query, params, options) => {
        options?.signal?.addEventListener('abort', () => (serverSideAborted = true));
        return hanging.query(query, params, options);
      },
    };
    const server = await startRegistryServer({ registry: observed });
    closers.push(() => server.close());
    const err = await errorOf(client({ baseUrl: server.url, timeoutMs: 100 }).query('civil.person', { iin: p.newbornMother.iin }));
    expect(err).toMatchObject({ kind: 'TIMEOUT' });
    expect(err.message).toContain('within 100 ms');
    await expect.poll(() => serverSideAborted, { timeout: 2_000 }).toBe(true);
  });
});

describe('HTTP status and answer mapping', () => {
  const person = () => ({ ...dataset.persons.get(p.newbornMother.iin)! });
  const cases: [string, http.RequestListener, string, RegExp][] = [
    ['404 without a body', (_q, s) => s.writeHead(404).end(), 'NOT_FOUND', /HTTP 404$/],
    ['400 with an error body', (_q, s) => s.writeHead(400).end('{"error":{"message":"iin is required"}}'), 'BAD_REQUEST', /HTTP 400: iin is required/],
    ['422', (_q, s) => s.writeHead(422).end(), 'BAD_REQUEST', /HTTP 422/],
    ['408', (_q, s) => s.writeHead(408).end(), 'TIMEOUT', /HTTP 408/],
    ['504 from a proxy', (_q, s) => s.writeHead(504).end('<html>Gateway Timeout</html>'), 'TIMEOUT', /HTTP 504: <html>Gateway Timeout/],
    ['500 with HTML', (_q, s) => s.writeHead(500).end('<html><body>Internal   Server Error</body></html>'), 'UNAVAILABLE', /HTTP 500: <html><body>Internal Server Error/],
    ['502', (_q, s) => s.writeHead(502).end(), 'UNAVAILABLE', /HTTP 502/],
    ['429', (_q, s) => s.writeHead(429).end(), 'UNAVAILABLE', /HTTP 429/],
    ['403', (_q, s) => s.writeHead(403).end(), 'UNAVAILABLE', /HTTP 403/],
    ['200 that is not JSON', (_q, s) => s.writeHead(200).end('<html>login</html>'), 'UNAVAILABLE', /malformed answer.*"data"/],
    ['200 without data', (_q, s) => s.writeHead(200).end('{"result":{}}'), 'UNAVAILABLE', /malformed answer.*"data"/],
    ['200 about another person', (_q, s) => s.writeHead(200).end(JSON.stringify({ data: { ...person(), iin: p.steadyEmployee.iin } })), 'UNAVAILABLE', /about iin \d+, not the one asked for/],
    ['200 with a person lacking fields', (_q, s) => s.writeHead(200).end(JSON.stringify({ data: { iin: p.newbornMother.iin } })), 'UNAVAILABLE', /lacks birthDate/],
    [
      'an answer cut short',
      (_q, s) => {
        s.writeHead(200, { 'content-length': '1000' });
        s.write('{"data":{"iin":');
        setTimeout(() => s.destroy(), 10);
      },
      'UNAVAILABLE',
      /cannot reach|cut short/,
    ],
    ['an answer above the size limit', (_q, s) => s.writeHead(200).end(JSON.stringify({ data: person(), padding: 'x'.repeat(20_000) })), 'UNAVAILABLE', /exceeds 10000 bytes/],
  ];

  it.each(cases)('%s → %s', async (_label, handler, kind, message) => {
    const server = await rawServer(handler);
    const err = await errorOf(client({ baseUrl: server.url, maxResponseBytes: 10_000 }).query('civil.person', { iin: p.newbornMother.iin }));
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
  });

  it('POSTs JSON to {base}/{query}, keeps a base path, sends extra headers, and falls back to the base URL as source', async () => {
    const server = await rawServer((_q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: person() })));
    const registry = client({ baseUrl: `${server.url}/gateway/v1/`, headers: { 'x-api-key': 'k-1' }, now: () => new Date('2025-06-15T09:00:00Z') });
    const answer = await registry.query('civil.person', { iin: p.newbornMother.iin });
    expect(answer).toEqual({ data: person(), source: `${server.url}/gateway/v1`, fetchedAt: '2025-06-15T09:00:00.000Z' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/gateway/v1/civil.person',
      body: JSON.stringify({ iin: p.newbornMother.iin }),
      headers: expect.objectContaining({ 'content-type': 'application/json', 'x-api-key': 'k-1' }),
    });
  });

  it('routes each registry to its own base URL', async () => {
    const civil = await rawServer((_q, s) => s.writeHead(200).end(JSON.stringify({ data: person(), source: 'gbdfl' })));
    const bank = await rawServer((_q, s) => s.writeHead(404).end());
    const registry = client({ baseUrls: { civil: civil.url, bank: bank.url } });
    expect((await registry.query('civil.person', { iin: p.newbornMother.iin })).source).toBe('gbdfl');
    expect((await errorOf(registry.query('bank.account', { iin: p.newbornMother.iin }))).kind).toBe('NOT_FOUND');
    const unconfigured = await errorOf(registry.query('employment.history', { iin: p.newbornMother.iin }));
    expect(unconfigured).toMatchObject({ kind: 'UNAVAILABLE', message: 'no base URL is configured for registry "employment"' });
    expect(civil.requests).toHaveLength(1);
    expect(bank.requests).toHaveLength(1);
  });

  it('maps a refused connection to UNAVAILABLE', async () => {
    const server = await startRegistryServer({ registry: createSimulatedRegistry({ dataset }) });
    await server.close();
    const err = await errorOf(client({ baseUrl: server.url }).query('civil.person', { iin: p.newbornMother.iin }));
    expect(err).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('refuses a configuration without a usable URL', () => {
    expect(() => createHttpRegistry({})).toThrow(/needs baseUrl or baseUrls/);
    expect(() => createHttpRegistry({ baseUrl: 'ftp://registry' })).toThrow(/http\(s\) URL/);
    expect(() => createHttpRegistry({ baseUrls: { civil: 'not a url' } })).toThrow(/http\(s\) URL/);
  });
});

describe('abort', () => {
  it("rejects with the caller's abort reason, and a caller deadline becomes TIMEOUT", async () => {
    const server = await rawServer(() => {
      /* never answers */
    });
    const registry = client({ baseUrl: server.url, timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const pending = registry.query('civil.person', { iin: p.newbornMother.iin }, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    await expect(registry.query('civil.person', { iin: p.newbornMother.iin }, { signal: AbortSignal.timeout(30) })).rejects.toMatchObject({ kind: 'TIMEOUT' });
    await expect(registry.query('civil.person', { iin: p.newbornMother.iin }, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe('mutual TLS', () => {
  const pki = createTestPki();
  let served: RunningRegistryServer;

  beforeAll(async () => {
    served = await startRegistryServer({
      registry: createSimulatedRegistry({ dataset }),
      host: 'localhost',
      tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.caCert },
    });
    closers.push(() => served.close());
  });

  it('queries over https with a client certificate', async () => {
    expect(served.url).toMatch(/^https:\/\/localhost:\d+$/);
    const registry = client({ baseUrl: served.url, tls: { cert: pki.client.cert, key: pki.client.key, ca: pki.caCert } });
    const answer = await registry.query('civil.person', { iin: p.newbornMother.iin });
    expect(answer.data.iin).toBe(p.newbornMother.iin);
  });

  it('is refused without a client certificate', async () => {
    const err = await errorOf(client({ baseUrl: served.url, tls: { ca: pki.caCert } }).query('civil.person', { iin: p.newbornMother.iin }));
    expect(err.kind).toBe('UNAVAILABLE');
  });

  it("does not trust a server certificate outside the configured CA", async () => {
    const err = await errorOf(client({ baseUrl: served.url, tls: { cert: pki.client.cert, key: pki.client.key } }).query('civil.person', { iin: p.newbornMother.iin }));
    expect(err.kind).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/CERT|certificate|SELF_SIGNED|UNABLE_TO/i);
  });
});
