/**
 * Two HTTP endpoints of the trust layer, served beside /graphql by api/server.ts:
 *
 *   POST /codec/decode, /codec/encode          the payload codec server (lib/temporal/codec-server.ts)
 *                                              for the Temporal Web UI and CLI: engineers' staff
 *                                              tokens only; CORS for CODEC_UI_ORIGIN only
 *   GET  /.well-known/qyzmet-signing-keys.json the decision-signing public keys, current and
 *                                              retired, as a JWKS whose `kid`s are RFC 7638
 *                                              thumbprints — anyone may verify a decision offline
 *
 * Outside production the dev server's Web UI (CODEC_UI_ORIGIN, set by `npm start`) is served
 * without a token: it has no login, and the dev server it reads is on this machine already.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { PayloadCodec } from '@temporalio/common';
import type { TokenVerifier } from '../../lib/auth/tokens.ts';
import type { Config } from '../../lib/config.ts';
import type { KeyRing } from '../../lib/signing.ts';
import { createCodecServer } from '../../lib/temporal/codec-server.ts';

export const CODEC_BASE_PATH = '/codec';
export const SIGNING_KEYS_PATH = '/.well-known/qyzmet-signing-keys.json';

export interface TrustEndpointDeps {
  config: Config;
  keyRing: KeyRing;
  /** Unset → /codec answers 404 (a process without payload keys). */
  payloadCodec?: PayloadCodec;
  verifyToken(): Promise<TokenVerifier>;
}

export type FetchHandler = (request: Request) => Promise<Response>;

/** The fetch-style handler for both endpoints, or null for any other path. */
export function trustEndpoints(deps: TrustEndpointDeps): (pathname: string) => FetchHandler | null {
  const codec = deps.payloadCodec
    ? createCodecServer({
        codec: deps.payloadCodec,
        basePath: CODEC_BASE_PATH,
        allowedOrigin: deps.config.CODEC_UI_ORIGIN,
        trustAllowedOriginWithoutToken: !deps.config.production,
        namespaces: [deps.config.TEMPORAL_NAMESPACE],
        authorize: async ({ token }) => {
          try {
            return (await (await deps.verifyToken())(token)).roles.includes('engineer');
          } catch (e) {
            if ((e as Error).name === 'InvalidToken') return false;
            throw e;
          }
        },
      })
    : null;
  const signingKeys: FetchHandler = async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    return new Response(JSON.stringify(deps.keyRing.publicKeysJwks()), {
      status: 200,
      headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
    });
  };
  return (pathname) => {
    if (pathname === SIGNING_KEYS_PATH) return signingKeys;
    if (codec && (pathname === CODEC_BASE_PATH || pathname.startsWith(`${CODEC_BASE_PATH}/`))) return codec;
    return null;
  };
}

/** Runs a fetch-style handler for a Node request. */
export async function serveFetch(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    duplex: 'half',
  } as RequestInit);
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
