import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createCodecServer, type CodecOperation } from './codec-server.ts';
import { EncryptionCodec } from './payload-codec.ts';

const UI = 'https://temporal-ui.qyzmet.test';
const codec = new EncryptionCodec({ active: 'k1', keys: new Map([['k1', new Uint8Array(randomBytes(32))]]) });
const calls: { token: string; operation: CodecOperation; namespace: string | null }[] = [];
const handle = createCodecServer({
  codec,
  allowedOrigin: UI,
  namespaces: ['default'],
  bodyLimitBytes: 64 * 1024,
  authorize(r) {
    calls.push(r);
    if (r.token === 'broken') throw new Error('token service down');
    return r.token === 'engineer' || (r.token === 'reader' && r.operation === 'decode');
  },
});

const plain = defaultPayloadConverter.toPayload({ reason: 'Clear text reason' });
const asJson = (p: typeof plain) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data!).toString('base64'),
});

function post(op: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return handle(
    new Request(`http://api.test/codec/${op}`, {
      method: 'POST',
      headers: { authorization: 'Bearer engineer', 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe('codec server', () => {
  it('encodes and decodes in the proto3 JSON form the UI and CLI send', async () => {
    const enc = await post('encode', { payloads: [asJson(plain)] });
    expect(enc.status).toBe(200);
    const encoded = (await enc.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(encoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.payloads[0]!.data, 'base64').toString('latin1')).not.toContain('Clear text');
    const dec = await post('decode', encoded, { authorization: 'Bearer reader' });
    expect(dec.status).toBe(200);
    expect(dec.headers.get('cache-control')).toBe('no-store');
    expect((await dec.json()) as unknown).toEqual({ payloads: [asJson(plain)] });
    expect(calls.at(-1)).toEqual({ token: 'reader', operation: 'decode', namespace: 'default' });
  });

  it('answers the UI origin with CORS, credentials allowed', async () => {
    const pre = await handle(new Request('http://api.test/codec/decode', { method: 'OPTIONS', headers: { origin: UI, 'access-control-request-method': 'POST' } }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(UI);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-namespace');
    const res = await post('decode', { payloads: [] }, { origin: UI });
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([200, UI]);
  });

  it.each([
    ['another origin, preflight', () => handle(new Request('http://api.test/codec/decode', { method: 'OPTIONS', headers: { origin: 'https://evil.test' } })), 403, 'ORIGIN_NOT_ALLOWED'],
    ['another origin, even with a good token', () => post('decode', { payloads: [] }, { origin: 'https://evil.test' }), 403, 'ORIGIN_NOT_ALLOWED'],
    ['no token', () => post('decode', { payloads: [] }, { authorization: '' }), 401, 'UNAUTHENTICATED'],
    ['not a bearer token', () => post('decode', { payloads: [] }, { authorization: 'Basic ZW5n' }), 401, 'UNAUTHENTICATED'],
    ['a token that may not', () => post('decode', { payloads: [] }, { authorization: 'Bearer citizen' }), 403, 'FORBIDDEN'],
    ['a reader encoding', () => post('encode', { payloads: [] }, { authorization: 'Bearer reader' }), 403, 'FORBIDDEN'],
    ['the verifier failing', () => post('decode', { payloads: [] }, { authorization: 'Bearer broken' }), 503, 'AUTH_UNAVAILABLE'],
    ['another namespace', () => post('decode', { payloads: [] }, { 'x-namespace': 'other' }), 403, 'NAMESPACE_NOT_ALLOWED'],
    ['not JSON content', () => post('decode', 'payloads', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['malformed JSON', () => post('decode', '{"payloads":'), 400, 'BAD_REQUEST'],
    ['no payloads array', () => post('decode', { payload: [] }), 400, 'BAD_REQUEST'],
    ['data not base64', () => post('decode', { payloads: [{ data: '%%%' }] }), 400, 'BAD_REQUEST'],
    ['metadata not base64', () => post('decode', { payloads: [{ metadata: { encoding: 'json plain!' } }] }), 400, 'BAD_REQUEST'],
    ['a body over the limit', () => post('decode', { payloads: [{ data: 'A'.repeat(70 * 1024) }] }), 413, 'BODY_TOO_LARGE'],
    ['GET', () => handle(new Request('http://api.test/codec/decode', { headers: { authorization: 'Bearer engineer' } })), 405, 'METHOD_NOT_ALLOWED'],
    ['another path', () => post('download', { payloads: [] }), 404, 'NOT_FOUND'],
    ['a payload of an unknown key', () => post('decode', { payloads: [{ metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('k0') }, data: b64('x'.repeat(40)) }] }), 422, 'UNKNOWN_KEY'],
    ['a tampered payload', () => tampered().then((p) => post('decode', { payloads: [p] })), 422, 'DECRYPT_FAILED'],
  ])('refuses %s', async (_name, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
  });

  it('does not ask the verifier about requests from a foreign origin', async () => {
    const before = calls.length;
    await post('decode', { payloads: [] }, { origin: 'https://evil.test' });
    expect(calls.length).toBe(before);
  });
});

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

async function tampered() {
  const [enc] = await codec.encode([plain]);
  const data = Buffer.from(enc!.data!);
  data[data.length - 5]! ^= 1;
  return { ...asJson({ ...enc!, data }), data: data.toString('base64') };
}
