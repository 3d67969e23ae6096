/**
 * How the API serves the officer console (api/http/console.ts), over real HTTP with a stand-in
 * build: the Content-Security-Policy and other headers, content types, caching, the single-page
 * fallback, refusals, the runtime configuration and the development identities.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { consoleRoutes } from '../../api/http/console.ts';
import { DEV_IDENTITIES } from '../../api/http/dev-identities.ts';
import { createTokenVerifier } from '../../lib/auth/tokens.ts';
import { ConfigError, loadConfig, type Config } from '../../lib/config.ts';

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const BUNDLE = `console.log(${JSON.stringify('x'.repeat(4000))});`;

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(config: Config, distDir: string): Promise<Served> {
  const routes = consoleRoutes(config, { distDir });
  const server = http.createServer((req, res) => {
    if (!routes(req, res)) res.writeHead(418).end('not the console');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const devConfig = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'development', JWT_SECRET: 'console-serving-test-secret-0123456789abcdef', DATA_DIR: inject('tempRoot'), ...env });
const productionConfig = (env: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWKS_URL: 'https://idp.example.kz/jwks', SIGNING_PUBLIC_KEYS_FILE: '', SIGNING_KEY_FILE: '/k.pem', ...env });

let dist: string;
let dev: Served;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(inject('tempRoot'), 'console-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Qyzmet</title><script type="module" src="/console/assets/index-abc123.js"></script>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), BUNDLE);
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  dev = await serve(devConfig(), dist);
});

afterAll(async () => {
  await dev?.close();
});

describe('the console under /console', () => {
  it('serves the app with a strict Content-Security-Policy and revalidates index.html on every load', async () => {
    for (const route of ['/console/', '/console/cases/c0123456789abcdef', '/console/callback?code=x&state=y']) {
      const res = await fetch(dev.url + route);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(STRICT_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toContain('<title>Qyzmet</title>');
    }
    const bare = await fetch(`${dev.url}/console?x=1`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/console/?x=1']);
  });

  it('marks hashed assets immutable, with their content types, compressed when the browser accepts gzip', async () => {
    const js = await fetch(`${dev.url}/console/assets/index-abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect([js.status, js.headers.get('content-type'), js.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    expect(await js.text()).toBe(BUNDLE);
    const css = await fetch(`${dev.url}/console/assets/index-abc123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await fetch(`${dev.url}/console/favicon.svg`);
    expect([svg.headers.get('content-type'), svg.headers.get('cache-control')]).toEqual(['image/svg+xml', 'no-cache']);

    const gz = await new Promise<http.IncomingMessage>((resolve) => http.get(`${dev.url}/console/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, resolve));
    const chunks: Buffer[] = [];
    for await (const c of gz) chunks.push(c as Buffer);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.concat(chunks)).toString()).toBe(BUNDLE);
    expect(Buffer.concat(chunks).length).toBeLessThan(BUNDLE.length / 10);
  });

  it('answers a missing file with 404 (never the app), refuses paths out of the build and methods other than GET and HEAD', async () => {
    const missing = await fetch(`${dev.url}/console/assets/index-gone.js`);
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'text/plain; charset=utf-8']);
    // Sent as they are (fetch would normalise the dots away before they left).
    const { hostname, port } = new URL(dev.url);
    const raw = (pathname: string) => new Promise<number>((resolve) => http.get({ hostname, port, path: pathname }, (res) => resolve(res.resume().statusCode!)));
    for (const escape of ['/console/..%2f..%2fpackage.json', '/console/%2e%2e/%2e%2e/package.json', '/console/../../package.json', '/console/assets/%00x.js']) {
      expect(await raw(escape), escape).toBe(400);
    }
    const post = await fetch(`${dev.url}/console/`, { method: 'POST', body: '{}' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${dev.url}/console/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect((await fetch(`${dev.url}/consoles`)).status).toBe(418); // not its path: passed on
  });

  it('says how to build the console when it is not built', async () => {
    const empty = await serve(devConfig(), fs.mkdtempSync(path.join(inject('tempRoot'), 'console-unbuilt-')));
    const res = await fetch(`${empty.url}/console/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:console');
    await empty.close();
  });

  it('tells the console how to sign in, and lets the identity provider through the policy', async () => {
    const config = await (await fetch(`${dev.url}/console/config.json`)).json();
    expect(config).toEqual({ graphqlPath: '/graphql', defaultLanguage: 'kk', production: false, devIdentities: true, oidc: null });

    const withIdp = await serve(productionConfig({ CONSOLE_OIDC_ISSUER: 'https://idp.example.kz/realms/mlsp', CONSOLE_OIDC_CLIENT_ID: 'qyzmet-console' }), dist);
    const res = await fetch(`${withIdp.url}/console/config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      graphqlPath: '/graphql',
      defaultLanguage: 'kk',
      production: true,
      devIdentities: false,
      oidc: { issuer: 'https://idp.example.kz/realms/mlsp', clientId: 'qyzmet-console', scope: 'openid' },
    });
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' https://idp.example.kz;");
    await withIdp.close();
  });

  it('mints short-lived development tokens the API accepts, and never in production or where an identity provider signs tokens', async () => {
    const config = devConfig();
    const res = await fetch(`${dev.url}/console/dev-identities`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { identities } = (await res.json()) as { identities: { sub: string; roles: string[]; department: string | null; token: string; expiresAt: string }[] };
    expect(identities.map((i) => i.sub)).toEqual(DEV_IDENTITIES.map((i) => i.sub));
    expect(identities.map((i) => i.sub)).toEqual(['officer-aigerim', 'officer-bolat', 'supervisor-nurlan', 'officer-dana', 'engineer-timur']);
    const verify = await createTokenVerifier(config);
    for (const identity of identities) {
      expect(await verify(identity.token)).toEqual({ sub: identity.sub, roles: identity.roles, department: identity.department });
      const ttl = Date.parse(identity.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(55 * 60_000);
      expect(ttl).toBeLessThanOrEqual(60 * 60_000);
    }

    for (const config of [productionConfig(), devConfig({ JWKS_URL: 'https://idp.example.kz/jwks' })]) {
      const refusing = await serve(config, dist);
      const refused = await fetch(`${refusing.url}/console/dev-identities`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toMatch(/eyJ/);
      await refusing.close();
    }
  });
});

describe("the console's configuration", () => {
  const issues = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).issues.map((i) => i.variable);
    }
  };

  it('needs the issuer and the client id together, and https in production except on this host', () => {
    expect(issues({ CONSOLE_OIDC_ISSUER: 'https://idp.example.kz' })).toEqual(['CONSOLE_OIDC_CLIENT_ID']);
    expect(issues({ CONSOLE_OIDC_CLIENT_ID: 'qyzmet-console' })).toEqual(['CONSOLE_OIDC_CLIENT_ID']);
    expect(issues({ CONSOLE_OIDC_ISSUER: 'https://idp.example.kz', CONSOLE_OIDC_CLIENT_ID: 'qyzmet console' })).toEqual(['CONSOLE_OIDC_CLIENT_ID']);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/d', JWKS_URL: 'https://idp.example.kz/jwks', SIGNING_KEY_FILE: '/k.pem', CONSOLE_OIDC_CLIENT_ID: 'qyzmet-console' };
    expect(issues({ ...production, CONSOLE_OIDC_ISSUER: 'http://idp.example.kz' })).toEqual(['CONSOLE_OIDC_ISSUER']);
    expect(issues({ ...production, CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:8080' })).toEqual([]);
    expect(issues({ ...production, CONSOLE_OIDC_ISSUER: 'https://idp.example.kz' })).toEqual([]);
  });
});
