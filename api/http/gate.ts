/**
 * What happens to a request before GraphQL sees it: the path (yoga answers only `/graphql`
 * exactly; anything else it would serve — `/graphql/`, `/x/graphql` — is 404 here, so no path
 * reaches GraphQL around the checks below), the size limit (413), JSON only (415, 400 on
 * malformed JSON), authentication (401 for bad credentials, audited) and the rate limit (429).
 * Each refusal is a small JSON body with a stable `extensions.code`, in the caller's language.
 *
 * The client address is the TCP peer; only when the peer is a trusted proxy
 * (API_TRUSTED_PROXIES) is `X-Forwarded-For` read, right to left, skipping trusted hops, so
 * anonymous callers behind the ministry's proxy get a bucket each and nobody can choose theirs.
 */
import { Kind, parse } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { Authentication, Caller } from '../auth/caller.ts';
import type { TokenBuckets } from '../auth/rate-limit.ts';
import { errorResponse } from '../errors.ts';
import { negotiateLanguage, type Lang, type MessageKey } from '../i18n.ts';

export interface GateOptions {
  endpoint: string;
  bodyLimitBytes: number;
  /**
   * A larger limit for a request whose one operation is a document upload (`attachDocument`, its
   * base64 content in the body); every other request keeps bodyLimitBytes. Unset: no exception.
   */
  upload?: { bodyLimitBytes: number; field: string };
  defaultLang: Lang;
  authenticate(headers: Headers): Promise<Authentication>;
  /** Writes the failed attempt to the security audit stream. */
  recordFailure(failure: Extract<Authentication, { ok: false }>, client: string): Promise<void>;
  limiter: TokenBuckets;
  /** Whether a peer address is a trusted proxy (API_TRUSTED_PROXIES). */
  trustedProxy?: (address: string) => boolean;
  /** The trusted document a request names by hash, if any (api/http/trusted-documents.ts): an upload may be sent by hash. */
  namedDocument?: (params: ParsedParams) => string | undefined;
}

/** A request body as the gate lets it through: a query, or a trusted document's hash (documentId or extensions.persistedQuery). */
export interface ParsedParams {
  query?: string;
  documentId?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

const PROBLEM_MESSAGE: Record<string, MessageKey> = {
  EXPIRED: 'TOKEN_EXPIRED',
  INVALID: 'TOKEN_INVALID',
  REVOKED: 'API_KEY_REVOKED',
  UNKNOWN: 'API_KEY_INVALID',
  MALFORMED: 'API_KEY_INVALID',
  AMBIGUOUS: 'CREDENTIALS_AMBIGUOUS',
};

async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function peerAddress(serverContext: unknown): string {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? 'unknown';
}

/** The client: the peer, or — when the peer is a trusted proxy — the nearest untrusted hop it names. */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: (address: string) => boolean): string {
  if (!forwardedFor || !trusted(peer)) return peer;
  const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!/^[0-9A-Fa-f:.]{2,45}$/.test(hop)) return peer; // not an address: the chain is not to be believed
    if (!trusted(hop)) return hop;
  }
  return hops[0] ?? peer;
}

/** Whether a document is exactly one mutation selecting exactly one field, `field`, and nothing else. */
export function isLoneMutation(query: string, field: string): boolean {
  let doc;
  try {
    doc = parse(query, { maxTokens: 200 });
  } catch {
    return false;
  }
  if (doc.definitions.length !== 1) return false;
  const op = doc.definitions[0]!;
  if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'mutation') return false;
  const selections = op.selectionSet.selections;
  return selections.length === 1 && selections[0]!.kind === Kind.FIELD && selections[0]!.name.value === field;
}

const isJson = (request: Request) => /^application\/(graphql-response\+)?json\b/i.test(request.headers.get('content-type') ?? '');

export function useGate(options: GateOptions): { plugin: Plugin; callerOf(request: Request): Caller | undefined } {
  const callers = new WeakMap<Request, Caller>();
  const langOf = (request: Request) => negotiateLanguage(request.headers.get('accept-language'), options.defaultLang);

  const plugin: Plugin = {
    async onRequest({ request, url, endResponse, serverContext }) {
      const lang = langOf(request);
      if (url.pathname !== options.endpoint) return endResponse(errorResponse(404, lang, 'NOT_FOUND'));
      if (request.method === 'OPTIONS') return;
      // The GraphiQL page itself needs no credentials; its queries do.
      if (request.method === 'GET' && !url.searchParams.has('query') && (request.headers.get('accept') ?? '').includes('text/html')) return;
      if (request.method === 'POST') {
        if (Number(request.headers.get('content-length') ?? 0) > Math.max(options.bodyLimitBytes, options.upload?.bodyLimitBytes ?? 0)) return endResponse(errorResponse(413, lang, 'PAYLOAD_TOO_LARGE'));
        if (!isJson(request)) return endResponse(errorResponse(415, lang, 'BAD_REQUEST', { key: 'UNSUPPORTED_MEDIA_TYPE' }));
      }
      const client = clientAddress(peerAddress(serverContext), request.headers.get('x-forwarded-for'), options.trustedProxy ?? (() => false));
      const auth = await options.authenticate(request.headers);
      if (!auth.ok) {
        // Failed attempts count against the address, so guessing keys is as slow as the limit.
        const decision = options.limiter.take(`address:${client}`);
        if (!decision.ok) return endResponse(errorResponse(429, lang, 'RATE_LIMITED', { headers: { 'retry-after': String(decision.retryAfterSeconds) } }));
        await options.recordFailure(auth, client);
        return endResponse(
          errorResponse(401, lang, 'UNAUTHENTICATED', {
            key: PROBLEM_MESSAGE[auth.problem],
            extensions: { reason: auth.problem },
            headers: { 'www-authenticate': auth.scheme === 'bearer' ? 'Bearer error="invalid_token"' : 'ApiKey' },
          }),
        );
      }
      const caller = auth.caller;
      const bucket = caller.kind === 'frontend' ? `api-key:${caller.apiKeyId}` : caller.kind === 'staff' ? `staff:${caller.sub}` : `address:${client}`;
      const decision = options.limiter.take(bucket);
      if (!decision.ok) return endResponse(errorResponse(429, lang, 'RATE_LIMITED', { headers: { 'retry-after': String(decision.retryAfterSeconds) } }));
      callers.set(request, caller);
    },

    onRequestParse({ request, url, setRequestParser }) {
      if (request.method !== 'POST') return;
      // Yoga's own parser has no size limit for bodies sent without Content-Length (chunked).
      setRequestParser(async (req) => {
        const lang = langOf(req);
        const text = await readLimited(req, Math.max(options.bodyLimitBytes, options.upload?.bodyLimitBytes ?? 0));
        if (text === null) return errorResponse(413, lang, 'PAYLOAD_TOO_LARGE');
        const oversized = Buffer.byteLength(text, 'utf8') > options.bodyLimitBytes;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          // Past the ordinary limit only a well-formed upload is let through: anything else is too large.
          return oversized ? errorResponse(413, lang, 'PAYLOAD_TOO_LARGE') : errorResponse(400, lang, 'BAD_REQUEST', { key: 'MALFORMED_JSON' });
        }
        const params = body as { query?: unknown; documentId?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };
        const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
        const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || v === null || ok(v);
        // A document by hash (trusted documents) may come without its text.
        const byHash = isObject(params) && (params.documentId !== undefined || (isObject(params.extensions) && (params.extensions as { persistedQuery?: unknown }).persistedQuery !== undefined));
        const valid =
          isObject(params) &&
          (typeof params.query === 'string' || (byHash && optional(params.query, (v) => typeof v === 'string'))) &&
          optional(params.documentId, (v) => typeof v === 'string') &&
          optional(params.extensions, isObject) &&
          optional(params.variables, isObject) &&
          optional(params.operationName, (v) => typeof v === 'string');
        if (!valid && oversized) return errorResponse(413, lang, 'PAYLOAD_TOO_LARGE');
        if (!valid) return errorResponse(400, lang, 'BAD_REQUEST', { extensions: { detail: 'expected {"query": string, "variables"?: object, "operationName"?: string}, or {"documentId": string} / {"extensions": {"persistedQuery": {"sha256Hash": string}}} in place of the query' } });
        const parsed: ParsedParams = {
          query: (params.query ?? undefined) as string | undefined,
          ...(typeof params.documentId === 'string' ? { documentId: params.documentId } : {}),
          variables: (params.variables ?? undefined) as Record<string, unknown> | undefined,
          operationName: (params.operationName ?? undefined) as string | undefined,
          extensions: (params.extensions ?? undefined) as Record<string, unknown> | undefined,
        };
        // Only a lone upload mutation may use the larger limit: nothing else rides along with it.
        const document = parsed.query ?? options.namedDocument?.(parsed);
        if (oversized && !(options.upload && document !== undefined && isLoneMutation(document, options.upload.field))) return errorResponse(413, lang, 'PAYLOAD_TOO_LARGE');
        return parsed as GraphQLParams;
      });
    },
  };
  return { plugin, callerOf: (request) => callers.get(request) };
}
