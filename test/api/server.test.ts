/**
 * The API over real HTTP (api/server.ts): health and readiness, GraphQL, server-sent events
 * through Node's HTTP stack, the body limit on a chunked upload, and a graceful shutdown: requests
 * in flight finish within the grace period, new ones get 503, open subscriptions are ended; the
 * SMS gateway's endpoint beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../../api/server.ts';
import { createLogger } from '../../lib/logger.ts';
import { REFERENCE_DATE } from '../support/engine.ts';
import { applications, caseInReview } from './support/fixtures.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { CASE_UPDATED } from '../../api/client/operations.ts';
import { SMS_INBOUND_PATH, SMS_SIGNATURE_HEADER, signSmsBody } from '../../api/http/sms-inbound.ts';

let h: Harness;
let api: RunningApi;
/** The grace period comes from API_SHUTDOWN_GRACE_MS, as in production. */
const serve = (shutdownGraceMs?: number) =>
  startApiServer(
    { config: shutdownGraceMs === undefined ? h.config : { ...h.config, API_SHUTDOWN_GRACE_MS: shutdownGraceMs }, db: h.engine.db, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, claimSigner: h.engine.claimSigner, logger: createLogger({ level: 'silent' }), intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) },
    { host: '127.0.0.1', port: 0 },
  );
beforeAll(async () => {
  h = await startHarness();
  api = await serve();
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

describe('the HTTP server', () => {
  it('answers health and readiness', async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${api.url}/readyz`)).json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('takes the SMS gateway\'s signed deliveries at /sms/inbound, and refuses unsigned ones', async () => {
    const body = JSON.stringify({ messageId: `server-test-${Date.now()}`, from: '+77000000001', text: '1', receivedAt: '2026-03-16T06:00:00Z' });
    const post = (headers: Record<string, string>) => fetch(`${api.url}${SMS_INBOUND_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const signed = await post({ [SMS_SIGNATURE_HEADER]: signSmsBody(h.config.smsInboundSecret!, body) });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ outcome: 'NO_OPEN_OFFER', duplicate: false });
    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('serves GraphQL and refuses a chunked body over the limit', async () => {
    const ok = await fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...h.credentials.engineer }, body: JSON.stringify({ query: '{ viewer { kind } }' }) });
    expect(await ok.json()).toEqual({ data: { viewer: { kind: 'staff' } } });
    const chunk = new TextEncoder().encode(`{"query":"${'x'.repeat(16_000)}`);
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < 6; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const big = await fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...h.credentials.engineer }, body, duplex: 'half' } as RequestInit);
    expect(big.status).toBe(413);
    expect((await big.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('streams a subscription as server-sent events, and closes with it open', async () => {
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...h.credentials.frontendA },
      body: JSON.stringify({ query: CASE_UPDATED, variables: { caseId } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    expect(text).toContain('event: next');
    expect(text).toContain(`"caseId":"${caseId}"`);
    const started = Date.now();
    await api.close();
    expect(Date.now() - started).toBeLessThan(5000);
    await reader.cancel().catch(() => {});
  });
});

/** A GraphQL request whose body the test writes piece by piece: it stays in flight until ended. */
function slowRequest(url: string, headers: Record<string, string>) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const write = (text: string) => controller.enqueue(new TextEncoder().encode(text));
  const response = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);
  response.catch(() => {});
  write('{"query":"{ viewer');
  return { response, finish: () => (write(' { kind } }"}'), controller.close()) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('closing the HTTP server', () => {
  it('lets a request in flight finish, answers new ones 503 UNAVAILABLE meanwhile, then stops listening', async () => {
    const server = await serve(10_000);
    const slow = slowRequest(server.graphqlUrl, h.credentials.engineer);
    await sleep(300);
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    const refused = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...h.credentials.engineer }, body: JSON.stringify({ query: '{ viewer { kind } }' }) });
    expect(refused.status).toBe(503);
    expect((await refused.json()).errors[0].extensions.code).toBe('UNAVAILABLE');
    expect(closed).toBe(false);
    slow.finish();
    const answer = await slow.response;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { viewer: { kind: 'staff' } } });
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('cuts what is still in flight when the grace period ends', async () => {
    const server = await serve(500);
    const slow = slowRequest(server.graphqlUrl, h.credentials.engineer);
    await sleep(300);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(slow.response.then((r) => r.text())).rejects.toThrow();
  });
});
