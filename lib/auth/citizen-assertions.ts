/**
 * Citizen assertions: what binds an answer to a proactive offer to the citizen it was made to.
 * The citizen signs in at the front-end through the national identity provider (eGov IdP); the
 * front-end passes on the IdP's signed assertion — a JWT (EdDSA) whose `sub` is the citizen's IIN,
 * with `exp` and a `jti` — and the platform checks it against CITIZEN_IDP_PUBLIC_KEYS (PEM keys
 * or a JWKS, each known by its kid as for staff tokens). A front-end key alone never proves who
 * the citizen is: any key holder could otherwise answer any citizen's offer.
 *
 * Development (no CITIZEN_IDP_PUBLIC_KEYS): an Ed25519 key generated under DATA_DIR stands in for
 * the IdP, and `npm run token -- --citizen IIN` mints assertions with it. Production requires the
 * variable (lib/config.ts), and this module refuses to fall back there too.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.ts';
import { parseIin } from '../iin.ts';
import { generateDevKey } from '../signing.ts';
import { parseVerificationKeys } from './tokens.ts';

/** An assertion is a sign-in moment, not a session: it lives an hour at most. */
export const CITIZEN_ASSERTION_MAX_LIFETIME_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 30;

type CitizenConfig = Pick<Config, 'CITIZEN_IDP_PUBLIC_KEYS' | 'CITIZEN_IDP_ISSUER' | 'CITIZEN_ASSERTION_AUDIENCE' | 'DATA_DIR' | 'production'>;

export interface CitizenAssertion {
  iin: string;
  /** What is stored with the consent: the IdP, its key and the assertion's id — never the IIN or the token. */
  reference: string;
  expiresAt: Date;
}

export class InvalidCitizenAssertion extends Error {
  override name = 'InvalidCitizenAssertion';
  constructor(readonly reason: 'EXPIRED' | 'INVALID' | 'UNTRUSTED', message: string) {
    super(message);
  }
}

export class CitizenKeyError extends Error {
  override name = 'CitizenKeyError';
}

const devDir = (dataDir: string) => path.join(dataDir, 'keys', 'citizen-idp');

export type CitizenAssertionVerifier = (assertion: string, now?: Date) => Promise<CitizenAssertion>;

async function trustedKeys(config: CitizenConfig) {
  if (config.CITIZEN_IDP_PUBLIC_KEYS) return parseVerificationKeys(config.CITIZEN_IDP_PUBLIC_KEYS);
  if (config.production) throw new CitizenKeyError('CITIZEN_IDP_PUBLIC_KEYS is required in production (the identity provider keys citizen assertions are signed with)');
  const pem = fs.readFileSync(generateDevKey(devDir(config.DATA_DIR)).publicKeyPath, 'utf8');
  return parseVerificationKeys(pem);
}

export async function createCitizenAssertionVerifier(config: CitizenConfig): Promise<CitizenAssertionVerifier> {
  const byKid = new Map<string, JWTVerifyGetKey>((await trustedKeys(config)).map((k) => [k.kid!, createLocalJWKSet({ keys: [k] })]));
  return async (assertion, now = new Date()) => {
    let kid: string | undefined;
    try {
      kid = JSON.parse(Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString('utf8')).kid;
    } catch {
      throw new InvalidCitizenAssertion('INVALID', 'the citizen assertion is not a signed token');
    }
    const key = typeof kid === 'string' ? byKid.get(kid) : undefined;
    if (!key) throw new InvalidCitizenAssertion('UNTRUSTED', 'the citizen assertion names no key this deployment trusts');
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, key, {
        issuer: config.CITIZEN_IDP_ISSUER,
        audience: config.CITIZEN_ASSERTION_AUDIENCE,
        algorithms: ['EdDSA'],
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
      }));
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_JWT_EXPIRED') throw new InvalidCitizenAssertion('EXPIRED', 'the citizen assertion has expired');
      throw new InvalidCitizenAssertion('INVALID', 'the citizen assertion is not valid');
    }
    if (payload.exp! - payload.iat! > CITIZEN_ASSERTION_MAX_LIFETIME_SECONDS) {
      throw new InvalidCitizenAssertion('INVALID', `the citizen assertion lives longer than ${CITIZEN_ASSERTION_MAX_LIFETIME_SECONDS} s`);
    }
    if (!parseIin(payload.sub).ok) throw new InvalidCitizenAssertion('INVALID', 'the citizen assertion names no valid IIN');
    if (!/^[\x21-\x7e]{1,128}$/.test(payload.jti!)) throw new InvalidCitizenAssertion('INVALID', 'the citizen assertion id (jti) must be 1-128 printable characters');
    return { iin: payload.sub!, reference: `${config.CITIZEN_IDP_ISSUER}:${kid}:${payload.jti}`, expiresAt: new Date(payload.exp! * 1000) };
  };
}

/** Development only: an assertion for `iin`, signed with the development IdP key under DATA_DIR. */
export async function mintDevCitizenAssertion(config: CitizenConfig, iin: string, options: { ttlSeconds?: number; jti?: string; now?: Date } = {}): Promise<string> {
  if (config.production || config.CITIZEN_IDP_PUBLIC_KEYS) throw new CitizenKeyError('citizen assertions come from the identity provider in this deployment (CITIZEN_IDP_PUBLIC_KEYS)');
  const ttlSeconds = options.ttlSeconds ?? 900;
  if (!(ttlSeconds > 0 && ttlSeconds <= CITIZEN_ASSERTION_MAX_LIFETIME_SECONDS)) throw new CitizenKeyError(`a citizen assertion lives 1 to ${CITIZEN_ASSERTION_MAX_LIFETIME_SECONDS} s`);
  const privateKey = createPrivateKey(fs.readFileSync(generateDevKey(devDir(config.DATA_DIR)).privateKeyPath));
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! });
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setIssuer(config.CITIZEN_IDP_ISSUER)
    .setAudience(config.CITIZEN_ASSERTION_AUDIENCE)
    .setSubject(iin)
    .setJti(options.jti ?? crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(privateKey);
}
