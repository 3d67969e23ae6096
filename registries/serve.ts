/**
 * Serves a RegistryClient over the protocol the HTTP connector speaks: POST /{query} with JSON
 * parameters → 200 {"data", "source", "fetchedAt"}, or an error status with
 * {"error": {"kind", "message"}}. With the simulated registry behind it, it is a stand-alone fake
 * of the interagency gateway:
 *
 *   tsx registries/serve.ts --port 7300 [--seed 2025] [--reference-date 2025-06-15]
 *       [--latency-ms 50 --jitter-ms 50 --error-rate 0.05 --timeout-rate 0.01 --outage employment,bank]
 *       [--tls-cert server.pem --tls-key server-key.pem [--tls-ca clients-ca.pem]]
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { createSimulatedRegistry, type FaultProfile } from './simulated.ts';
import { isQueryName } from './validate.ts';
import { REGISTRY_NAMES, RegistryError, type RegistryClient, type RegistryErrorKind, type RegistryName } from './types.ts';

export const ERROR_STATUS: Record<RegistryErrorKind, number> = { NOT_FOUND: 404, BAD_REQUEST: 400, UNAVAILABLE: 503, TIMEOUT: 504 };
const MAX_BODY_BYTES = 1024 * 1024;

export interface RegistryServerTls {
  cert: string | Buffer;
  key: string | Buffer;
  /** When given, clients must present a certificate signed by it (mutual TLS). */
  ca?: string | Buffer;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const sendError = (res: http.ServerResponse, kind: RegistryErrorKind, message: string, status = ERROR_STATUS[kind]) =>
  send(res, status, { error: { kind, message } });

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createRegistryRequestHandler(registry: RegistryClient): http.RequestListener {
  return (req, res) => {
    void (async () => {
      const pathname = new URL(req.url ?? '/', 'http://registry').pathname;
      if (req.method === 'GET' && pathname === '/health') return send(res, 200, { status: 'ok' });
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        return sendError(res, 'BAD_REQUEST', `use POST /{query}`, 405);
      }
      // The last path segment is the query, so the server also works behind a path prefix.
      const query = pathname.split('/').filter(Boolean).at(-1);
      // An unknown query is the caller's mistake, not a missing subject: 400, never 404.
      if (!isQueryName(query)) return sendError(res, 'BAD_REQUEST', `unknown query "${query ?? ''}"`);
      const body = await readBody(req);
      if (body === null) return sendError(res, 'BAD_REQUEST', `the request body exceeds ${MAX_BODY_BYTES} bytes`, 413);
      let params: unknown;
      try {
        params = JSON.parse(body);
      } catch {
        return sendError(res, 'BAD_REQUEST', 'the request body is not JSON');
      }
      // A client that hangs up stops the query (and frees a hanging simulated call).
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      try {
        const answer = await registry.query(query, params as never, { signal: controller.signal });
        send(res, 200, answer);
      } catch (err) {
        if (err instanceof RegistryError) sendError(res, err.kind, err.message);
        else if (!controller.signal.aborted) sendError(res, 'UNAVAILABLE', 'internal error', 500);
      }
    })().catch(() => sendError(res, 'UNAVAILABLE', 'internal error', 500));
  };
}

export function createRegistryServer(registry: RegistryClient, tls?: RegistryServerTls): http.Server {
  const handler = createRegistryRequestHandler(registry);
  if (!tls) return http.createServer(handler);
  return https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: !!tls.ca, rejectUnauthorized: !!tls.ca }, handler);
}

export interface RunningRegistryServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens (port 0 picks a free port) and resolves with the base URL to give the HTTP connector. */
export async function startRegistryServer(options: { registry: RegistryClient; port?: number; host?: string; tls?: RegistryServerTls }): Promise<RunningRegistryServer> {
  const server = createRegistryServer(options.registry, options.tls);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '7300' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'reference-date': { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'timeout-rate': { type: 'string' },
      'hang-timeout-ms': { type: 'string' },
      outage: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-ca': { type: 'string' },
    },
  });
  const num = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
    return n;
  };
  const outages = (values.outage ?? '').split(',').filter(Boolean);
  for (const name of outages) if (!(REGISTRY_NAMES as readonly string[]).includes(name)) throw new Error(`--outage: unknown registry "${name}" (${REGISTRY_NAMES.join(', ')})`);
  const faults: FaultProfile = {
    latencyMs: num('latency-ms', values['latency-ms']),
    jitterMs: num('jitter-ms', values['jitter-ms']),
    errorRate: num('error-rate', values['error-rate']),
    timeoutRate: num('timeout-rate', values['timeout-rate']),
  };
  const seed = values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const registry = createSimulatedRegistry({ seed, referenceDate: values['reference-date'], faults, hangTimeoutMs: num('hang-timeout-ms', values['hang-timeout-ms']) });
  for (const name of outages) registry.setOutage(name as RegistryName, true);
  if (!!values['tls-cert'] !== !!values['tls-key']) throw new Error('--tls-cert and --tls-key go together');
  const tls = values['tls-cert']
    ? { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']!), ca: values['tls-ca'] ? fs.readFileSync(values['tls-ca']) : undefined }
    : undefined;
  const running = await startRegistryServer({ registry, port: num('port', values.port), host: values.host, tls });
  const ds = registry.dataset;
  console.log(`simulated registries on ${running.url} (seed ${ds.seed}, reference date ${ds.referenceDate}, ${ds.persons.size} people)`);
  console.log(`try: curl -s -X POST ${running.url}/civil.person -H 'content-type: application/json' -d '{"iin":"${ds.personas.newbornMother.iin}"}'`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
