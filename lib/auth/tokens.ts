/**
 * Staff tokens (officers, supervisors, engineers): JWTs checked for issuer, audience and expiry.
 * Development signs with a shared secret (JWT_SECRET, or one generated under .data/ and kept
 * between starts); production verifies EdDSA tokens against JWT_PUBLIC_KEYS or a JWKS URL.
 *
 * Every token must carry `exp`, and live no longer than JWT_MAX_TOKEN_LIFETIME_SECONDS (from
 * `iat`, and from now): a token without an expiry, or minted for a month, is refused. Several
 * verification keys may be configured at once (a rotation): JWT_PUBLIC_KEYS holds PEM keys or a
 * JWKS document; each key is known by its `kid` (a JWKS's, else its RFC 7638 thumbprint). A token
 * naming a `kid` is checked with that key only; a token without one is tried against each key.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  importSPKI,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config.ts';

/** head: the head of a department, the last level of a task's escalation chain (workflows/task-permissions.ts). */
export const STAFF_ROLES = ['officer', 'supervisor', 'head', 'engineer', 'appeal-officer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffClaims {
  sub: string;
  roles: StaffRole[];
  department: string | null;
}

type TokenConfig = Pick<Config, 'JWT_SECRET' | 'JWT_PUBLIC_KEYS' | 'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'DATA_DIR' | 'production'> & {
  /** Default 12 hours. */
  JWT_MAX_TOKEN_LIFETIME_SECONDS?: number;
};

/** Clock skew tolerated between the identity provider and this host. */
const CLOCK_TOLERANCE_SECONDS = 30;
const DEFAULT_MAX_LIFETIME_SECONDS = 12 * 3600;

export class InvalidToken extends Error {
  constructor(
    readonly reason: 'EXPIRED' | 'INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidToken';
  }
}

/** The development secret: JWT_SECRET, else a random one persisted under DATA_DIR. */
export function developmentSecret(config: TokenConfig): Uint8Array {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  const file = path.join(config.DATA_DIR, 'dev-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
}

export async function mintStaffToken(config: TokenConfig, claims: StaffClaims, ttl = '12h'): Promise<string> {
  return new SignJWT({ roles: claims.roles, department: claims.department })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(developmentSecret(config));
}

export type TokenVerifier = (token: string) => Promise<StaffClaims>;

/**
 * The keys of JWT_PUBLIC_KEYS: PEM public keys (one after another), or a JWKS document
 * `{ "keys": [...] }`. Each gets a `kid`: the JWKS's own, else its RFC 7638 thumbprint.
 */
export async function parseVerificationKeys(value: string): Promise<JWK[]> {
  const text = value.trim();
  let keys: JWK[];
  if (text.startsWith('{')) {
    const doc = JSON.parse(text) as { keys?: JWK[] };
    if (!Array.isArray(doc.keys) || doc.keys.length === 0) throw new Error('JWT_PUBLIC_KEYS: a JWKS needs a non-empty "keys" array');
    keys = doc.keys.map((k) => ({ ...k }));
  } else {
    const pems = text.split(/(?=-----BEGIN PUBLIC KEY-----)/).map((p) => p.trim()).filter(Boolean);
    keys = await Promise.all(pems.map(async (pem) => exportJWK(await importSPKI(pem, 'EdDSA'))));
  }
  for (const k of keys) {
    if ('d' in k) throw new Error('JWT_PUBLIC_KEYS: a key carries a private part ("d"); give public keys only');
    k.alg = 'EdDSA';
    k.kid ??= await calculateJwkThumbprint(k);
  }
  return keys;
}

export async function createTokenVerifier(config: TokenConfig): Promise<TokenVerifier> {
  const maxLifetime = config.JWT_MAX_TOKEN_LIFETIME_SECONDS ?? DEFAULT_MAX_LIFETIME_SECONDS;
  let candidates: (Uint8Array | JWTVerifyGetKey)[];
  // JWT_PUBLIC_KEYS: one local set per key, by kid (jose's set of several refuses a token without a kid).
  let byKid: Map<string, JWTVerifyGetKey> | null = null;
  let algorithms: string[];
  if (config.JWKS_URL) {
    candidates = [createRemoteJWKSet(new URL(config.JWKS_URL), { timeoutDuration: 5000, cooldownDuration: 30_000 })];
    algorithms = ['EdDSA'];
  } else if (config.JWT_PUBLIC_KEYS) {
    byKid = new Map((await parseVerificationKeys(config.JWT_PUBLIC_KEYS)).map((k) => [k.kid!, createLocalJWKSet({ keys: [k] })]));
    candidates = [...byKid.values()];
    algorithms = ['EdDSA'];
  } else {
    candidates = [developmentSecret(config)];
    algorithms = ['HS256'];
  }
  const options = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, algorithms, requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
  const verifyWith = async (token: string) => {
    const kid = byKid ? decodeProtectedHeader(token).kid : undefined;
    if (kid !== undefined) {
      const key = byKid!.get(kid);
      if (!key) throw new InvalidToken('INVALID', 'the token names a key this deployment does not trust');
      return jwtVerify(token, key, options);
    }
    if (candidates.length === 1) return jwtVerify(token, candidates[0] as Uint8Array, options);
    let last: unknown;
    for (const key of candidates) {
      try {
        return await jwtVerify(token, key as Uint8Array, options);
      } catch (e) {
        if ((e as { code?: string }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw e;
        last = e;
      }
    }
    throw last;
  };
  return async (token) => {
    try {
      const { payload } = await verifyWith(token);
      checkLifetime(payload, maxLifetime);
      return claimsOf(payload);
    } catch (e) {
      throw toInvalid(e);
    }
  };
}

function checkLifetime(payload: JWTPayload, maxLifetime: number): void {
  const exp = payload.exp!;
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat === 'number' && exp - payload.iat > maxLifetime) {
    throw new InvalidToken('INVALID', `the token lives longer than ${maxLifetime} s`);
  }
  if (exp - now > maxLifetime + CLOCK_TOLERANCE_SECONDS) throw new InvalidToken('INVALID', `the token expires more than ${maxLifetime} s from now`);
}

function toInvalid(e: unknown): InvalidToken {
  if (e instanceof InvalidToken) return e;
  const code = (e as { code?: string })?.code;
  if (code === 'ERR_JWT_EXPIRED') return new InvalidToken('EXPIRED', 'the token has expired');
  return new InvalidToken('INVALID', 'the token is not valid');
}

function claimsOf(payload: JWTPayload): StaffClaims {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r as string)) : [];
  if (!payload.sub || roles.length === 0) throw new InvalidToken('INVALID', 'the token names no subject or no known role');
  const department = typeof payload.department === 'string' ? payload.department : null;
  return { sub: payload.sub, roles, department };
}
