/**
 * The officer console under /console: the built single-page app (web/dist) as static files, its
 * runtime configuration, and — outside production — development identities. The console talks
 * to /graphql like any other client, so this module grants nothing the API does not.
 *
 * Every response carries a strict Content-Security-Policy: scripts, styles and requests only
 * from this origin (plus the identity provider's, which the sign-in must reach), no inline
 * script, no framing. Hashed assets are immutable; index.html is revalidated on every load so
 * a deploy reaches officers at their next navigation.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { mintStaffToken } from '../../lib/auth/tokens.ts';
import { PROJECT_ROOT, type Config } from '../../lib/config.ts';
import { DEV_IDENTITIES, devIdentitiesAvailable } from './dev-identities.ts';

export const CONSOLE_PATH = '/console';
const DEV_TOKEN_TTL_SECONDS = 3600;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.map']);

export type ConsoleSettings = Pick<
  Config,
  | 'production'
  | 'API_DEFAULT_LANGUAGE'
  | 'CONSOLE_OIDC_ISSUER'
  | 'CONSOLE_OIDC_CLIENT_ID'
  | 'CONSOLE_OIDC_SCOPE'
  | 'JWT_PUBLIC_KEYS'
  | 'JWKS_URL'
  | 'JWT_SECRET'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
  | 'DATA_DIR'
>;

/** What the console reads at start (GET /console/config.json). */
export interface ConsoleRuntimeConfig {
  graphqlPath: string;
  defaultLanguage: string;
  production: boolean;
  devIdentities: boolean;
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

export function runtimeConfig(config: ConsoleSettings): ConsoleRuntimeConfig {
  const oidc = config.CONSOLE_OIDC_ISSUER && config.CONSOLE_OIDC_CLIENT_ID ? { issuer: config.CONSOLE_OIDC_ISSUER, clientId: config.CONSOLE_OIDC_CLIENT_ID, scope: config.CONSOLE_OIDC_SCOPE } : null;
  return { graphqlPath: '/graphql', defaultLanguage: config.API_DEFAULT_LANGUAGE, production: config.production, devIdentities: devIdentitiesAvailable(config), oidc };
}

export function contentSecurityPolicy(config: Pick<ConsoleSettings, 'CONSOLE_OIDC_ISSUER'>): string {
  // The browser itself fetches the provider's discovery document and exchanges the code there.
  const idp = config.CONSOLE_OIDC_ISSUER ? ` ${new URL(config.CONSOLE_OIDC_ISSUER).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${idp}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface Cached {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer | null;
}

/**
 * Returns a request handler that answers everything under /console and reports whether the
 * request was one of its own (false: pass it on).
 */
export function consoleRoutes(config: ConsoleSettings, options: { distDir?: string } = {}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const distDir = path.resolve(options.distDir ?? path.join(PROJECT_ROOT, 'web', 'dist'));
  const headers = {
    'content-security-policy': contentSecurityPolicy(config),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  const cache = new Map<string, Cached>();

  const send = (req: IncomingMessage, res: ServerResponse, status: number, body: Buffer | string, extra: Record<string, string>) => {
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const json = (req: IncomingMessage, res: ServerResponse, status: number, value: unknown) =>
    send(req, res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });

  function readFile(file: string): Cached | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit;
    const body = fs.readFileSync(file);
    const entry = { mtimeMs: stat.mtimeMs, body, gzip: COMPRESSIBLE.has(path.extname(file)) && body.length > 1024 ? gzipSync(body) : null };
    cache.set(file, entry);
    return entry;
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): void {
    const entry = readFile(file);
    if (!entry) {
      send(req, res, 404, 'Not found', { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const gzip = entry.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    send(req, res, 200, gzip ? entry.gzip! : entry.body, {
      'content-type': type,
      'cache-control': cacheControl,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
  }

  async function devIdentities(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!devIdentitiesAvailable(config)) {
      json(req, res, 404, { error: 'NOT_AVAILABLE', message: 'Development identities exist only outside production, where tokens are signed with the development secret.' });
      return;
    }
    const expiresAt = new Date(Date.now() + DEV_TOKEN_TTL_SECONDS * 1000).toISOString();
    const identities = await Promise.all(
      DEV_IDENTITIES.map(async ({ label, ...claims }) => ({ ...claims, label, expiresAt, token: await mintStaffToken(config, claims, `${DEV_TOKEN_TTL_SECONDS}s`) })),
    );
    json(req, res, 200, { identities });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, 'Method not allowed', { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    // The raw path was under /console; if the parsed one is not, dot segments climbed out of it.
    if (url.pathname !== CONSOLE_PATH && !url.pathname.startsWith(`${CONSOLE_PATH}/`)) {
      send(req, res, 400, 'Bad path', { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    if (url.pathname === CONSOLE_PATH) {
      send(req, res, 308, '', { location: `${CONSOLE_PATH}/${url.search}` });
      return;
    }
    const rest = url.pathname.slice(CONSOLE_PATH.length + 1);
    if (rest === 'config.json') return json(req, res, 200, runtimeConfig(config));
    if (rest === 'dev-identities') {
      devIdentities(req, res).catch((e: Error) => json(req, res, 500, { error: 'INTERNAL_SERVER_ERROR', message: e.message }));
      return;
    }
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) {
      send(req, res, 503, 'The officer console is not built: run `npm run build:console` (npm start does it).', { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(rest);
    } catch {
      relative = '\0';
    }
    const file = path.resolve(distDir, relative);
    if (relative.includes('\0') || (file !== distDir && !file.startsWith(distDir + path.sep))) {
      send(req, res, 400, 'Bad path', { 'content-type': 'text/plain; charset=utf-8' });
      return;
    }
    if (rest.startsWith('assets/')) return serveFile(req, res, file, 'public, max-age=31536000, immutable');
    // A path with a file extension names a file; any other is a route of the app.
    if (path.extname(relative) && relative !== 'index.html') return serveFile(req, res, file, 'no-cache');
    serveFile(req, res, index, 'no-cache');
  }

  return (req, res) => {
    const pathname = (req.url ?? '').split('?')[0]!;
    if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return false;
    handle(req, res);
    return true;
  };
}
