/**
 * The HTTP server around the GraphQL API: /graphql (yoga), /healthz (process alive), /readyz
 * (database and Temporal reachable, answered within about a second, no error text), /metrics
 * (Prometheus, to API_METRICS_ALLOW only; api/http/metrics.ts) and /sms/inbound (citizens' SMS
 * replies to offers, signed by the gateway; api/http/sms-inbound.ts). close() is
 * graceful: new requests get 503, subscriptions end, requests in flight finish within
 * API_SHUTDOWN_GRACE_MS. `npm run api` runs it alone; `npm start` runs it inside the
 * embedded platform process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../lib/config.ts';
import { checkDatabase } from '../lib/db/client.ts';
import { readinessProbe, type Readiness } from '../lib/health-server.ts';
import { openPlatform } from '../lib/platform.ts';
import { runMain } from '../lib/startup.ts';
import { createTokenVerifier, type TokenVerifier } from '../lib/auth/tokens.ts';
import { consoleRoutes } from './http/console.ts';
import { createApiMetrics } from './http/metrics.ts';
import { SMS_INBOUND_PATH, smsInboundHandler } from './http/sms-inbound.ts';
import { smsGatewayOf } from '../lib/sms-gateway.ts';
import { serveFetch, trustEndpoints } from './temporal/trust-endpoints.ts';
import { createApi, type ApiDeps } from './yoga.ts';

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Database and Temporal, each bounded: /readyz answers within about a second whatever is down. */
function readinessOf(deps: ApiDeps): () => Promise<Readiness> {
  const namespace = deps.config.TEMPORAL_NAMESPACE;
  const timeoutMs = 800;
  return readinessProbe(
    {
      database: () => checkDatabase(deps.db, timeoutMs),
      // The SDK retries an unreachable server for ~20 s; the deadline ends the call itself too.
      temporal: () => deps.temporal.connection.withDeadline(Date.now() + timeoutMs, () => deps.temporal.connection.workflowService.describeNamespace({ namespace })),
    },
    { timeoutMs, maxAgeMs: 2_000, onFailure: (name, e) => deps.logger.warn({ check: name, err: e.message.split('\n')[0] }, 'readiness check failed') },
  );
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

export interface ApiServerOptions {
  host: string;
  port: number;
  /** How long close() lets requests in flight finish; default API_SHUTDOWN_GRACE_MS. */
  shutdownGraceMs?: number;
}

export async function startApiServer(deps: ApiDeps, listen: ApiServerOptions): Promise<RunningApi> {
  const metrics = createApiMetrics({ allow: deps.config.metricsAllow, prisma: deps.db.prisma });
  const yoga = createApi({ ...deps, metricsPlugin: metrics.plugin });
  const officerConsole = consoleRoutes(deps.config);
  let verifier: Promise<TokenVerifier> | undefined;
  const trust = trustEndpoints({ ...deps, verifyToken: () => (verifier ??= deps.verifyToken ? Promise.resolve(deps.verifyToken) : createTokenVerifier(deps.config)) });
  const readiness = readinessOf(deps);
  const smsInbound = smsInboundHandler({ config: deps.config, prisma: deps.db.prisma, temporal: deps.temporal, sms: deps.sms ?? smsGatewayOf(deps.config, deps.logger), logger: deps.logger });
  const graceMs = listen.shutdownGraceMs ?? deps.config.API_SHUTDOWN_GRACE_MS;
  // Requests being answered, so close() can wait for them; streams (SSE) end when yoga is disposed.
  const inFlight = new Set<http.ServerResponse>();
  let drained: (() => void) | undefined;
  let closing = false;
  const server = http.createServer(async (req, res) => {
    if (closing) {
      // A keep-alive connection may still carry a request after close() began.
      res.setHeader('connection', 'close');
      json(res, 503, { errors: [{ message: 'the API is shutting down; retry', extensions: { code: 'UNAVAILABLE' } }] });
      return;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    if (officerConsole(req, res)) return;
    const pathname = new URL(req.url ?? '/', 'http://api').pathname;
    const trustHandler = pathname === SMS_INBOUND_PATH ? smsInbound : trust(pathname);
    if (trustHandler) {
      await serveFetch(trustHandler, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"code":"INTERNAL"}');
      });
      return;
    }
    if (req.url === '/healthz') return void json(res, 200, { status: 'ok' });
    if (metrics.serve(req, res)) return;
    if (req.url === '/readyz') {
      const r = await readiness();
      return void json(res, r.status === 'ok' ? 200 : 503, r);
    }
    yoga(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host;
  const url = `http://${host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    server,
    close: () =>
      (closed ??= (async () => {
        // From now every new request gets 503 (still listening, so a balancer sees a clear answer
        // rather than a refused connection while it takes this instance out).
        closing = true;
        // Subscriptions are told to end: their streams complete and their responses finish.
        await yoga.dispose();
        // Requests in flight finish, up to the grace period; what is left is cut.
        if (inFlight.size > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, graceMs);
            drained = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await serverClosed;
      })()),
  };
}

async function main(): Promise<void> {
  // The API role: in production it must verify tokens with public keys, hold no signing key, and have the scrub key.
  const platform = await openPlatform(loadConfig(process.env, { role: 'api' }), { roles: ['api'], name: 'qyzmet-api' });
  const { config, logger } = platform;
  const api = await startApiServer(platform, { host: config.API_HOST, port: config.API_PORT });
  logger.info({ url: api.graphqlUrl }, 'API ready');
  const stop = async () => {
    await api.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runMain('api', main);
