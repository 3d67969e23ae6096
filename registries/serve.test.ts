import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryServer, type RunningRegistryServer } from './serve.ts';
import { createSimulatedRegistry } from './simulated.ts';
import { getDataset } from './synthetic/dataset.ts';

const dataset = getDataset({ seed: 7, referenceDate: '2025-06-15' });
const iin = dataset.personas.newbornMother.iin;
let served: RunningRegistryServer;

beforeAll(async () => {
  served = await startRegistryServer({ registry: createSimulatedRegistry({ dataset, now: () => new Date('2025-06-15T09:00:00Z') }) });
});
afterAll(() => served.close());

const post = (path: string, body: string) => fetch(`${served.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('registry server protocol', () => {
  it('answers POST /{query} with data, source and fetchedAt', async () => {
    const res = await post('/civil.person', JSON.stringify({ iin }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ data: dataset.persons.get(iin), source: 'sim:civil', fetchedAt: '2025-06-15T09:00:00.000Z' });
  });

  it('takes the query from the last path segment, so it works behind a prefix', async () => {
    const res = await post('/gateway/v1/civil.children', JSON.stringify({ iin }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(3);
  });

  it.each([
    ['an unknown subject', '/civil.person', JSON.stringify({ iin: '850105300126' }), 404, 'NOT_FOUND'],
    ['an invalid IIN', '/civil.person', JSON.stringify({ iin: '1' }), 400, 'BAD_REQUEST'],
    ['an unknown query (400, never 404)', '/civil.spouse', JSON.stringify({ iin }), 400, 'BAD_REQUEST'],
    ['a body that is not JSON', '/civil.person', '{iin:', 400, 'BAD_REQUEST'],
    ['a body over 1 MiB', '/civil.person', JSON.stringify({ iin, pad: 'x'.repeat(1_100_000) }), 413, 'BAD_REQUEST'],
  ])('answers %s with %i and an error envelope', async (_label, path, body, status, kind) => {
    const res = await post(path, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { kind: string; message: string } };
    expect(json.error.kind).toBe(kind);
    expect(json.error.message).not.toBe('');
  });

  it('answers GET /health, and 405 for other methods', async () => {
    expect(await (await fetch(`${served.url}/health`)).json()).toEqual({ status: 'ok' });
    const res = await fetch(`${served.url}/civil.person`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
