/**
 * Staff tokens (officers, supervisors, engineers): JWTs checked for issuer, audience and expiry.
 * Development signs with a shared secret (JWT_SECRET, or one generated under .data/ and kept
 * between starts); production verifies EdDSA tokens against JWT_PUBLIC_KEYS or a JWKS URL.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, importSPKI, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.ts';

export const STAFF_ROLES = ['officer', 'supervisor', 'engineer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffClaims {
  sub: string;
  roles: StaffRole[];
  department: string | null;
}

type TokenConfig = Pick<Config, 'JWT_SECRET' | 'JWT_PUBLIC_KEYS' | 'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'DATA_DIR' | 'production'>;

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

export async function createTokenVerifier(config: TokenConfig): Promise<TokenVerifier> {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.JWKS_URL) {
    key = createRemoteJWKSet(new URL(config.JWKS_URL), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    algorithms = ['EdDSA'];
  } else if (config.JWT_PUBLIC_KEYS) {
    // Several PEM keys (during a rotation) form a local key set; tokens may name one by `kid`.
    const pems = config.JWT_PUBLIC_KEYS.split(/(?=-----BEGIN PUBLIC KEY-----)/).map((p) => p.trim()).filter(Boolean);
    const keys = await Promise.all(pems.map(async (pem) => ({ ...(await exportJWK(await importSPKI(pem, 'EdDSA'))), alg: 'EdDSA' })));
    key = createLocalJWKSet({ keys });
    algorithms = ['EdDSA'];
  } else {
    key = developmentSecret(config);
    algorithms = ['HS256'];
  }
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, algorithms });
      return claimsOf(payload);
    } catch (e) {
      throw toInvalid(e);
    }
  };
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
