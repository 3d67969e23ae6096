/**
 * The HTTP server around the GraphQL API: /graphql (yoga), /healthz (process alive) and /readyz
 * (database and Temporal reachable). `npm run api` runs it alone; `npm start` runs it inside the
 * embedded platform process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../lib/config.ts';
import { checkDatabase, type Database } from '../lib/db/client.ts';
import { openPlatform } from '../lib/platform.ts';
import { runMain } from '../lib/startup.ts';
import { createTokenVerifier, type TokenVerifier } from '../lib/auth/tokens.ts';
import { consoleRoutes } from './http/console.ts';
import { serveFetch, trustEndpoints } from './temporal/trust-endpoints.ts';
import { createApi, type ApiDeps } from './yoga.ts';

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  server: http.Server;
  close(): Promise<void>;
}

async function readiness(db: Database, temporal: Client, namespace: string): Promise<Record<string, string>> {
  const checks: Record<string, string> = {};
  await Promise.all([
    checkDatabase(db, 2000).then(
      () => (checks.database = 'ok'),
      (e: Error) => (checks.database = `unreachable: ${e.message.split('\n')[0]}`),
    ),
    temporal.connection.workflowService.describeNamespace({ namespace }, ).then(
      () => (checks.temporal = 'ok'),
      (e: Error) => (checks.temporal = `unreachable: ${e.message.split('\n')[0]}`),
    ),
  ]);
  return checks;
}

export async function startApiServer(deps: ApiDeps, listen: { host: string; port: number }): Promise<RunningApi> {
  const yoga = createApi(deps);
  const officerConsole = consoleRoutes(deps.config);
  let verifier: Promise<TokenVerifier> | undefined;
  const trust = trustEndpoints({ ...deps, verifyToken: () => (verifier ??= deps.verifyToken ? Promise.resolve(deps.verifyToken) : createTokenVerifier(deps.config)) });
  const server = http.createServer(async (req, res) => {
    if (officerConsole(req, res)) return;
    const trustHandler = trust(new URL(req.url ?? '/', 'http://api').pathname);
    if (trustHandler) {
      await serveFetch(trustHandler, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"code":"INTERNAL"}');
      });
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url === '/readyz') {
      const checks = await readiness(deps.db, deps.temporal, deps.config.TEMPORAL_NAMESPACE);
      const ok = Object.values(checks).every((v) => v === 'ok');
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', checks }));
      return;
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
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    server,
    close: async () => {
      // Subscriptions first: their open streams would otherwise hold the server open.
      await yoga.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
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
