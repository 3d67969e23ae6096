/**
 * The codec server the Temporal Web UI and CLI call to read (and write) encrypted payloads:
 * `POST <basePath>/decode` and `POST <basePath>/encode`, each taking and returning
 * `{ "payloads": [{ "metadata": { "<key>": "<base64>" }, "data": "<base64>" }] }` (Temporal's
 * codec-server protocol, proto3 JSON). A standalone fetch-style handler the API mounts:
 *
 *   const handle = createCodecServer({ codec, authorize, allowedOrigin: 'https://temporal-ui.example' });
 *   if (url.pathname.startsWith('/codec/')) return handle(request);
 *
 *   UI:  Remote Codec Endpoint https://api.example/codec, "pass access token" on
 *   CLI: temporal workflow show -w case-… --codec-endpoint https://api.example/codec --codec-auth "Bearer …"
 *
 * Who may call: every request needs `Authorization: Bearer <token>`, checked by the injected
 * `authorize` (the API's staff-token verifier and role check, told the operation and the
 * namespace); without it 401, refused 403. Browsers: CORS for the one configured UI origin only
 * (credentials allowed, headers authorization, content-type, x-namespace); a request from any
 * other origin is refused with 403 before the token is looked at. No Origin header (CLI) is not
 * a browser and needs no CORS.
 *
 * Answers are JSON with a stable `code` on every refusal: 400 BAD_REQUEST, 401 UNAUTHENTICATED,
 * 403 FORBIDDEN / ORIGIN_NOT_ALLOWED / NAMESPACE_NOT_ALLOWED, 404, 405, 413 BODY_TOO_LARGE,
 * 415 UNSUPPORTED_MEDIA_TYPE, 422 UNKNOWN_KEY / DECRYPT_FAILED / MALFORMED (the codec's error),
 * 503 AUTH_UNAVAILABLE. Decoded answers are `Cache-Control: no-store`: they are clear text.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { PayloadCodecError } from './payload-codec.ts';

export type CodecOperation = 'encode' | 'decode';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** True when the bearer token may run `operation` in `namespace` (X-Namespace, null if absent). */
  authorize(request: { token: string; operation: CodecOperation; namespace: string | null }): boolean | Promise<boolean>;
  /** The Temporal Web UI's origin (scheme://host[:port]); unset → no browser may call. */
  allowedOrigin?: string;
  /**
   * Development only: the dev server's Web UI has no login and so no token to pass; a request
   * from `allowedOrigin` without an Authorization header is then served. Never in production
   * (the API refuses to set it there): the UI behind OIDC passes the engineer's token.
   */
  trustAllowedOriginWithoutToken?: boolean;
  /** Namespaces this server answers for; unset → any. */
  namespaces?: readonly string[];
  /** Default '/codec'. */
  basePath?: string;
  /** Default 4 MiB. */
  bodyLimitBytes?: number;
  /** Default 1000 payloads per request. */
  maxPayloads?: number;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function fromJson(p: unknown, i: number): Payload {
  const bad = (what: string) => new Refusal(400, 'BAD_REQUEST', `payloads[${i}]: ${what}`);
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw bad('must be an object');
  const { metadata, data } = p as JsonPayload;
  if (data != null && (typeof data !== 'string' || !BASE64.test(data))) throw bad('data must be base64');
  if (metadata != null && (typeof metadata !== 'object' || Array.isArray(metadata))) throw bad('metadata must be an object');
  const meta: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (typeof v !== 'string' || !BASE64.test(v)) throw bad(`metadata.${k} must be base64`);
    meta[k] = new Uint8Array(Buffer.from(v, 'base64'));
  }
  return { metadata: meta, data: data == null ? undefined : new Uint8Array(Buffer.from(data, 'base64')) };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
  };
}

async function readBody(request: Request, limit: number): Promise<string> {
  const tooLarge = new Refusal(413, 'BODY_TOO_LARGE', `the body is larger than ${limit} bytes`);
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw tooLarge;
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream: nothing past the limit is read.
  for await (const chunk of (request.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createCodecServer(options: CodecServerOptions): (request: Request) => Promise<Response> {
  const basePath = (options.basePath ?? '/codec').replace(/\/+$/, '');
  const limit = options.bodyLimitBytes ?? 4 * 1024 * 1024;
  const maxPayloads = options.maxPayloads ?? 1000;

  const corsHeaders = (origin: string | null): Record<string, string> =>
    origin && origin === options.allowedOrigin
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : { vary: 'Origin' };

  const json = (status: number, body: unknown, headers: Record<string, string>) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });

  async function run(request: Request, operation: CodecOperation, origin: string | null): Promise<Response> {
    if (request.method !== 'POST') throw new Refusal(405, 'METHOD_NOT_ALLOWED', 'use POST', { allow: 'POST, OPTIONS' });
    const auth = request.headers.get('authorization') ?? '';
    const token = /^Bearer ([\x21-\x7e]+)$/.exec(auth)?.[1];
    const namespace = request.headers.get('x-namespace');
    const devUi = options.trustAllowedOriginWithoutToken === true && !auth && origin !== null && origin === options.allowedOrigin;
    if (!token && !devUi) throw new Refusal(401, 'UNAUTHENTICATED', 'a bearer token is required', { 'www-authenticate': 'Bearer realm="codec"' });
    let allowed: boolean;
    try {
      allowed = devUi || (await options.authorize({ token: token!, operation, namespace }));
    } catch {
      throw new Refusal(503, 'AUTH_UNAVAILABLE', 'the token could not be checked; try again');
    }
    if (!allowed) throw new Refusal(403, 'FORBIDDEN', `this token may not ${operation} payloads`);
    if (options.namespaces && !(namespace && options.namespaces.includes(namespace))) {
      throw new Refusal(403, 'NAMESPACE_NOT_ALLOWED', 'this codec server does not serve that namespace');
    }
    if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
      throw new Refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request, limit));
    } catch (e) {
      if (e instanceof Refusal) throw e;
      throw new Refusal(400, 'BAD_REQUEST', 'the body is not JSON');
    }
    const list = (body as { payloads?: unknown } | null)?.payloads;
    if (!Array.isArray(list)) throw new Refusal(400, 'BAD_REQUEST', 'expected { "payloads": [...] }');
    if (list.length > maxPayloads) throw new Refusal(413, 'BODY_TOO_LARGE', `at most ${maxPayloads} payloads per request`);
    const payloads = list.map(fromJson);
    let result: Payload[];
    try {
      result = operation === 'decode' ? await options.codec.decode(payloads) : await options.codec.encode(payloads);
    } catch (e) {
      if (e instanceof PayloadCodecError) throw new Refusal(422, e.code, e.message);
      throw e;
    }
    return json(200, { payloads: result.map(toJson) }, corsHeaders(origin));
  }

  return async (request) => {
    const origin = request.headers.get('origin');
    const { pathname } = new URL(request.url);
    const operation = pathname === `${basePath}/decode` ? 'decode' : pathname === `${basePath}/encode` ? 'encode' : null;
    try {
      if (origin !== null && origin !== options.allowedOrigin) {
        throw new Refusal(403, 'ORIGIN_NOT_ALLOWED', 'this origin may not call the codec server');
      }
      if (!operation) throw new Refusal(404, 'NOT_FOUND', `the codec server answers ${basePath}/encode and ${basePath}/decode`);
      if (request.method === 'OPTIONS') {
        return new Response(null, {
          status: 204,
          headers: {
            ...corsHeaders(origin),
            'access-control-allow-methods': 'POST, OPTIONS',
            'access-control-allow-headers': 'authorization, content-type, x-namespace',
            'access-control-max-age': '600',
          },
        });
      }
      return await run(request, operation, origin);
    } catch (e) {
      if (e instanceof Refusal) return json(e.status, { code: e.code, message: e.message }, { ...corsHeaders(origin), ...e.headers });
      return json(500, { code: 'INTERNAL', message: 'the codec server failed' }, corsHeaders(origin));
    }
  };
}
