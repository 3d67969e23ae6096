/**
 * The HTTP connector to real registries (or to registries/serve.ts): POST {base}/{query} with the
 * parameters as JSON; a 2xx answer is {"data": …, "source"?: "…"}. It never retries — the
 * activity calling it is retried by Temporal with its own policy — and maps every failure to a
 * RegistryError kind: 404 NOT_FOUND, 400/422 BAD_REQUEST, 408/504 and our deadline TIMEOUT,
 * everything else (5xx, 429, refused connections, TLS failures, malformed answers) UNAVAILABLE.
 * node:http/https only, so client certificates (mutual TLS, as X-Road-style exchanges require)
 * go through a plain https.Agent.
 */
import http from 'node:http';
import https from 'node:https';
import { abortError } from './abort.ts';
import { resultProblem } from './validate.ts';
import { REGISTRY_NAMES, RegistryError, registryOf, type QueryName, type QueryParams, type QueryResult, type RegistryAnswer, type RegistryClient, type RegistryName } from './types.ts';

export interface RegistryTlsOptions {
  /** Client certificate chain and key (PEM) for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  passphrase?: string;
  /** Trusted CA certificates (PEM) for the registries' server certificates, instead of Node's defaults. */
  ca?: string | Buffer | (string | Buffer)[];
}

export interface HttpRegistryOptions {
  /** One gateway for every registry… */
  baseUrl?: string;
  /** …or one base URL per registry (overrides baseUrl for the registries it names). */
  baseUrls?: Partial<Record<RegistryName, string>>;
  /** Whole-call deadline; past it the request is destroyed and the call fails TIMEOUT. Default 5 000. */
  timeoutMs?: number;
  tls?: RegistryTlsOptions;
  /** Extra request headers, e.g. an API key. */
  headers?: Record<string, string>;
  /** Larger answers are refused (UNAVAILABLE). Default 5 MiB. */
  maxResponseBytes?: number;
  now?: () => Date;
}

export interface HttpRegistry extends RegistryClient {
  /** Closes idle keep-alive connections. */
  close(): void;
}

const STATUS_KIND: Record<number, RegistryError['kind']> = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 408: 'TIMEOUT', 422: 'BAD_REQUEST', 504: 'TIMEOUT' };

interface RawResponse {
  status: number;
  body: string;
}

export function createHttpRegistry(options: HttpRegistryOptions): HttpRegistry {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxResponseBytes ?? 5 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, ...options.tls });

  const parseBase = (base: string): URL => {
    const url = URL.canParse(base) ? new URL(base) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`registry base URL must be an http(s) URL, got "${base}"`);
    return url;
  };
  // Parsed once, so a malformed URL stops start-up instead of failing the first case.
  if (!options.baseUrl && Object.keys(options.baseUrls ?? {}).length === 0) throw new Error('createHttpRegistry needs baseUrl or baseUrls');
  const bases = new Map<RegistryName, URL>();
  for (const registry of REGISTRY_NAMES) {
    const base = options.baseUrls?.[registry] ?? options.baseUrl;
    if (base) bases.set(registry, parseBase(base));
  }

  function post(url: URL, body: string, query: QueryName, signal: AbortSignal | undefined): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, {
        method: 'POST',
        agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers },
      });
      let settled = false;
      let deadlinePassed = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const fail = (err: unknown) =>
        finish(() => {
          if (deadlinePassed) reject(new RegistryError('TIMEOUT', query, `${query}: no answer from ${url.origin} within ${timeoutMs} ms`));
          else if (signal?.aborted) reject(abortError(signal, query));
          else {
            const e = err as NodeJS.ErrnoException;
            reject(new RegistryError('UNAVAILABLE', query, `${query}: cannot reach ${url.origin} (${e.code ?? e.message})`));
          }
        });
      const onAbort = () => req.destroy(new Error('aborted'));
      const deadline = setTimeout(() => {
        deadlinePassed = true;
        req.destroy(new Error('deadline passed'));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });

      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            finish(() => reject(new RegistryError('UNAVAILABLE', query, `${query}: answer from ${url.origin} exceeds ${maxBytes} bytes`)));
          } else chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete) fail(new Error('the answer was cut short'));
        });
        res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
      });
      req.end(body);
    });
  }

  async function query<Q extends QueryName>(query: Q, params: QueryParams<Q>, opts: { signal?: AbortSignal } = {}): Promise<RegistryAnswer<QueryResult<Q>>> {
    const registry = registryOf(query);
    const base = bases.get(registry);
    if (!base) throw new RegistryError('UNAVAILABLE', query, `no base URL is configured for registry "${registry}"`);
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/${query}`, base);
    if (opts.signal?.aborted) throw abortError(opts.signal, query);
    const response = await post(url, JSON.stringify(params), query, opts.signal);

    let json: unknown;
    try {
      json = response.body === '' ? undefined : JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    if (response.status < 200 || response.status > 299) {
      const kind = STATUS_KIND[response.status] ?? 'UNAVAILABLE';
      const detail = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
      const text = typeof detail === 'string' ? detail : response.body.slice(0, 200).replace(/\s+/g, ' ').trim();
      throw new RegistryError(kind, query, `${query}: ${url.origin} answered HTTP ${response.status}${text ? `: ${text}` : ''}`);
    }
    const envelope = json as { data?: unknown; source?: unknown } | undefined;
    if (typeof envelope !== 'object' || envelope === null || !('data' in envelope)) {
      throw new RegistryError('UNAVAILABLE', query, `${query}: malformed answer from ${url.origin} (expected a JSON object with "data")`);
    }
    const problem = resultProblem(query, params as Record<string, unknown>, envelope.data);
    if (problem) throw new RegistryError('UNAVAILABLE', query, `${query}: malformed answer from ${url.origin}: ${problem}`);
    return {
      data: envelope.data as QueryResult<Q>,
      source: typeof envelope.source === 'string' && envelope.source !== '' ? envelope.source : `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
      fetchedAt: now().toISOString(),
    };
  }

  return {
    query,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
