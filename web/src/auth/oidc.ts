/**
 * Sign-in through the ministry's identity provider: OpenID Connect authorization code flow with
 * PKCE, as a public client (no secret in a browser). Discovery finds the endpoints; `state`
 * binds the answer to this tab's request, `nonce` binds the ID token to it, and the
 * `code_verifier` proves to the token endpoint that the code was asked for here. The access
 * token is what the API verifies (its issuer, audience and keys: JWT_ISSUER, JWT_AUDIENCE,
 * JWKS_URL); the console keeps it in this tab only.
 */
import { CONSOLE_BASE, type OidcSettings } from '../app/runtime-config.ts';
import { codeChallenge, jwtClaims, randomToken } from './pkce.ts';
import { expiryOf, type Session } from './session.ts';

const PENDING_KEY = 'qyzmet.oidc.pending';
const TIMEOUT_MS = 10_000;

export const CALLBACK_PATH = `${CONSOLE_BASE}/callback`;

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  code_challenge_methods_supported?: string[];
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  returnTo: string;
}

export class SignInError extends Error {
  override name = 'SignInError';
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Discovery is a read: retried twice after a network failure, each try bounded by a timeout. */
export async function discover(issuer: string, attempts = 3): Promise<Discovery> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!response.ok) throw new SignInError(`discovery answered HTTP ${response.status}`);
      const doc = (await response.json()) as Discovery;
      // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer we asked.
      if (doc.issuer !== issuer) throw new SignInError(`discovery names issuer ${doc.issuer}, expected ${issuer}`);
      if (!doc.authorization_endpoint || !doc.token_endpoint) throw new SignInError('discovery lacks the authorization or token endpoint');
      if (doc.code_challenge_methods_supported && !doc.code_challenge_methods_supported.includes('S256')) throw new SignInError('the provider does not support PKCE with S256');
      return doc;
    } catch (e) {
      if (e instanceof SignInError) throw e;
      last = e;
      await new Promise((r) => setTimeout(r, 500 * (i + 1)));
    }
  }
  throw new SignInError(`the identity provider did not answer (${(last as Error)?.message ?? 'unknown error'})`);
}

/** Sends the browser to the provider; it comes back to CALLBACK_PATH. */
export async function beginSignIn(settings: OidcSettings, returnTo: string): Promise<void> {
  const doc = await discover(settings.issuer);
  const pending: Pending = {
    state: randomToken(),
    nonce: randomToken(),
    verifier: randomToken(),
    issuer: settings.issuer,
    clientId: settings.clientId,
    tokenEndpoint: doc.token_endpoint,
    returnTo,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const scope = new Set(settings.scope.split(' ').filter(Boolean));
  scope.add('openid');
  const url = new URL(doc.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: [...scope].join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

function takePending(): Pending | null {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  try {
    return raw ? (JSON.parse(raw) as Pending) : null;
  } catch {
    return null;
  }
}

/** Finishes the flow on CALLBACK_PATH: checks state, exchanges the code, checks the ID token. */
export async function completeSignIn(callback: URL): Promise<{ session: Session; returnTo: string }> {
  const pending = takePending();
  const params = callback.searchParams;
  if (params.get('error')) throw new SignInError(`${params.get('error')}${params.get('error_description') ? `: ${params.get('error_description')}` : ''}`);
  if (!pending) throw new SignInError('no sign-in was started in this tab');
  if (!params.get('state') || params.get('state') !== pending.state) throw new SignInError('the answer does not belong to this sign-in (state mismatch)');
  const code = params.get('code');
  if (!code) throw new SignInError('the provider sent no authorization code');
  // Never retried: a code is good for one exchange.
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: pending.clientId, code_verifier: pending.verifier }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; token_type?: string; expires_in?: number; id_token?: string; error?: string; error_description?: string };
  if (!response.ok || body.error)
    throw new SignInError(`the token endpoint refused the code (${body.error ?? `HTTP ${response.status}`}${body.error_description ? `: ${body.error_description}` : ''})`);
  if (!body.access_token || (body.token_type ?? '').toLowerCase() !== 'bearer') throw new SignInError('the token endpoint returned no bearer access token');
  checkIdToken(body.id_token, pending);
  const session: Session = { token: body.access_token, expiresAt: expiryOf(body.access_token, body.expires_in), source: 'oidc' };
  if (typeof body.expires_in === 'number') session.expiresAt = Math.min(session.expiresAt, Date.now() + body.expires_in * 1000);
  return { session, returnTo: pending.returnTo };
}

/**
 * The ID token came straight from the token endpoint over TLS, so its issuer is vouched for by
 * the connection (OpenID Connect Core 3.1.3.7, item 6); its audience, nonce and expiry are checked here.
 */
function checkIdToken(idToken: string | undefined, pending: Pending): void {
  if (!idToken) throw new SignInError('the token endpoint returned no ID token');
  const claims = jwtClaims(idToken);
  if (!claims) throw new SignInError('the ID token is not a JWT');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== pending.issuer) throw new SignInError('the ID token names another issuer');
  if (!aud.includes(pending.clientId)) throw new SignInError('the ID token is for another client');
  if (claims.nonce !== pending.nonce) throw new SignInError('the ID token does not answer this sign-in (nonce mismatch)');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw new SignInError('the ID token has expired');
}
