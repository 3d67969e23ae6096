/**
 * The API over real HTTP (api/server.ts): health and readiness, GraphQL, server-sent events
 * through Node's HTTP stack, the body limit on a chunked upload, and a shutdown that does not
 * wait for open subscriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApi } from '../../api/server.ts';
import { createLogger } from '../../lib/logger.ts';
import { REFERENCE_DATE } from '../support/engine.ts';
import { applications, caseInReview } from './support/fixtures.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { CASE_UPDATED } from '../../api/client/operations.ts';

let h: Harness;
let api: RunningApi;
beforeAll(async () => {
  h = await startHarness();
  api = await startApiServer(
    { config: h.config, db: h.engine.db, temporal: h.engine.client, keyRing: h.engine.deps.keyRing, claimSigner: h.engine.claimSigner, logger: createLogger({ level: 'silent' }), intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`) },
    { host: '127.0.0.1', port: 0 },
  );
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
