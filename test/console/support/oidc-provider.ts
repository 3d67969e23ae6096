/**
 * A tiny OpenID Connect provider for tests, enough to prove the console's sign-in without a
 * real identity provider: discovery, an authorization endpoint that signs in one configured
 * staff member at once (no login form), a token endpoint that enforces PKCE (S256), single-use
 * codes and the registered redirect URI, and a JWKS the API verifies access tokens with. Tokens
 * are EdDSA, as the production recipe requires. Browsers call it cross-origin, so it answers
 * with CORS headers for the origins it is told about.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { StaffClaims } from '../../../lib/auth/tokens.ts';

export interface OidcProvider {
  issuer: string;
  clientId: string;
  /** Allows a redirect URI (and its origin for CORS). */
  register(redirectUri: string): void;
  /** Who the next sign-in is. */
  signInAs(user: StaffClaims): void;
  /** Every authorization request and token exchange, as received. */
  authorizations: URLSearchParams[];
  exchanges: { params: URLSearchParams; status: number; error?: string }[];
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  user: StaffClaims;
}

const base64url = (b: Buffer) => b.toString('base64url');

export async function startOidcProvider(options: { clientId: string; audience: string; accessTokenSeconds?: number }): Promise<OidcProvider> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-idp-1', alg: 'EdDSA', use: 'sig' };
  const redirects = new Set<string>();
  const origins = new Set<string>();
  const codes = new Map<string, PendingCode>();
  let user: StaffClaims = { sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments' };
  const authorizations: URLSearchParams[] = [];
  const exchanges: OidcProvider['exchanges'] = [];
  let issuer = '';

  const sign = (claims: Record<string, unknown>, audience: string, seconds: number, key: CryptoKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime(`${seconds}s`).sign(key);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin && origins.has(origin) ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors }).end(JSON.stringify(body));

    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['EdDSA'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      authorizations.push(p);
      const redirectUri = p.get('redirect_uri') ?? '';
      if (p.get('client_id') !== options.clientId || !redirects.has(redirectUri)) return json(400, { error: 'invalid_request', error_description: 'unknown client or redirect URI' });
      const back = new URL(redirectUri);
      back.searchParams.set('state', p.get('state') ?? '');
      if (p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = base64url(randomBytes(24));
        codes.set(code, { clientId: options.clientId, redirectUri, challenge: p.get('code_challenge')!, nonce: p.get('nonce') ?? '', user });
        back.searchParams.set('code', code);
      }
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const refuse = (error: string) => {
        exchanges.push({ params, status: 400, error });
        json(400, { error, error_description: `test provider: ${error}` });
      };
      const code = params.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code); // single use, even when the exchange fails
      if (params.get('grant_type') !== 'authorization_code' || !pending) return refuse('invalid_grant');
      if (params.get('client_id') !== pending.clientId || params.get('redirect_uri') !== pending.redirectUri) return refuse('invalid_grant');
      const verifier = params.get('code_verifier') ?? '';
      if (base64url(createHash('sha256').update(verifier).digest()) !== pending.challenge) return refuse('invalid_grant');
      const seconds = options.accessTokenSeconds ?? 600;
      const { sub, roles, department } = pending.user;
      const accessToken = await sign({ sub, roles, department }, options.audience, seconds, privateKey);
      const idToken = await sign({ sub, nonce: pending.nonce }, pending.clientId, seconds, privateKey);
      exchanges.push({ params, status: 200 });
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: seconds, id_token: idToken, scope: 'openid' });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId: options.clientId,
    register(redirectUri) {
      redirects.add(redirectUri);
      origins.add(new URL(redirectUri).origin);
    },
    signInAs(next) {
      user = next;
    },
    authorizations,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
