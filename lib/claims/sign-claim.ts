/**
 * Issuing officer claims (the API) and loading the keys that verify them (the worker).
 *
 *   createClaimSigner(privateKeyPem) → { keyId, jwk, sign({ officer, workflowId, updateName, updateId, input, ttlSeconds? }) }
 *   loadClaimSigner({ OFFICER_CLAIM_KEY_FILE?, DATA_DIR, production })
 *   loadTrustedClaimKeys({ OFFICER_CLAIM_PUBLIC_KEYS_FILE?, DATA_DIR, production }) → TrustedClaimKeys
 *   trustedKeysFromJwks(jwksJson)
 *
 * The API signs with its own Ed25519 key — not the decision-signing key — and sends each Update
 * with an explicit update id that the claim names. Key ids are RFC 7638 thumbprints. The worker
 * trusts the public keys of a JWKS file (OFFICER_CLAIM_PUBLIC_KEYS_FILE: { "keys": [{ "kty": "OKP",
 * "crv": "Ed25519", "x": … }] }; list the old key next to the new one while rotating) and holds
 * no private key. Development (no files, not production): a key generated once under
 * DATA_DIR/keys/claims, as decision keys are (lib/signing.ts), and its public half trusted.
 */
import { createPrivateKey, createPublicKey, randomUUID, sign as edSign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ed25519Jwk, ed25519Thumbprint, jwkThumbprint } from '../jwk-thumbprint.ts';
import { generateDevKey } from '../signing.ts';
import { base64urlEncode, CLAIM_TYPE, CLAIM_VERSION, claimInputDigest, MAX_CLAIM_LIFETIME_SECONDS, utf8Bytes, type TrustedClaimKeys } from './claim-format.ts';
import type { VerifiedOfficer } from './verify-claim.ts';

export class ClaimKeyError extends Error {
  override name = 'ClaimKeyError';
}

export interface ClaimRequest {
  officer: VerifiedOfficer;
  workflowId: string;
  updateName: string;
  updateId: string;
  /** The Update input exactly as it will be sent (a `claim` member is ignored). */
  input: unknown;
  /** Default 60 s; at most MAX_CLAIM_LIFETIME_SECONDS. */
  ttlSeconds?: number;
  /** Default: the clock. */
  nowMs?: number;
}

export interface ClaimSigner {
  keyId: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string };
  sign(request: ClaimRequest): string;
}

const json64 = (value: unknown) => base64urlEncode(utf8Bytes(JSON.stringify(value)));

export function createClaimSigner(privateKeyPem: string): ClaimSigner {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (e) {
    throw new ClaimKeyError(`the claim signing key is not a PEM private key (${(e as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ClaimKeyError(`the claim signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  const keyId = ed25519Thumbprint(key);
  const header = json64({ alg: 'EdDSA', kid: keyId, typ: CLAIM_TYPE });
  return {
    keyId,
    jwk: { ...ed25519Jwk(key), kid: keyId },
    sign(r) {
      const ttl = r.ttlSeconds ?? 60;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_CLAIM_LIFETIME_SECONDS) throw new RangeError(`ttlSeconds must be 1–${MAX_CLAIM_LIFETIME_SECONDS}`);
      const iat = Math.floor((r.nowMs ?? Date.now()) / 1000);
      const payload = json64({
        v: CLAIM_VERSION,
        sub: r.officer.id,
        dept: r.officer.department,
        roles: r.officer.roles,
        wid: r.workflowId,
        upd: r.updateName,
        uid: r.updateId,
        arg: claimInputDigest(r.input),
        iat,
        exp: iat + ttl,
      });
      const signature = edSign(null, Buffer.from(`${header}.${payload}`, 'utf8'), key);
      return `${header}.${payload}.${base64urlEncode(signature)}`;
    },
  };
}

export function trustedKeysFromJwks(json: string, source = 'JWKS'): TrustedClaimKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new ClaimKeyError(`${source} is not JSON (${(e as Error).message})`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ClaimKeyError(`${source} must be { "keys": [ … ] } with at least one key`);
  const trusted: Record<string, string> = {};
  for (const [i, k] of keys.entries()) {
    const jwk = k as Record<string, unknown>;
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jwk.x) || jwk.d !== undefined) {
      throw new ClaimKeyError(`${source} keys[${i}] must be a public Ed25519 JWK (kty OKP, crv Ed25519, x; no d)`);
    }
    try {
      createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    } catch (e) {
      throw new ClaimKeyError(`${source} keys[${i}] is not an Ed25519 public key (${(e as Error).message})`);
    }
    const kid = jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
    if (jwk.kid !== undefined && jwk.kid !== kid) throw new ClaimKeyError(`${source} keys[${i}] has kid ${String(jwk.kid)} but its RFC 7638 thumbprint is ${kid}`);
    trusted[kid] = jwk.x;
  }
  return trusted;
}

export interface ClaimKeySource {
  OFFICER_CLAIM_KEY_FILE?: string;
  OFFICER_CLAIM_PUBLIC_KEYS_FILE?: string;
  DATA_DIR: string;
  production: boolean;
}

function read(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ClaimKeyError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const devDir = (dataDir: string) => path.join(dataDir, 'keys', 'claims');

export function loadClaimSigner(config: ClaimKeySource): ClaimSigner {
  if (config.OFFICER_CLAIM_KEY_FILE) return createClaimSigner(read(config.OFFICER_CLAIM_KEY_FILE, 'claim signing key'));
  if (config.production) throw new ClaimKeyError('OFFICER_CLAIM_KEY_FILE is required in production (the Ed25519 key the API signs officer claims with)');
  return createClaimSigner(read(generateDevKey(devDir(config.DATA_DIR)).privateKeyPath, 'development claim key'));
}

export function loadTrustedClaimKeys(config: ClaimKeySource): TrustedClaimKeys {
  if (config.OFFICER_CLAIM_PUBLIC_KEYS_FILE) return trustedKeysFromJwks(read(config.OFFICER_CLAIM_PUBLIC_KEYS_FILE, 'claim verification keys'), config.OFFICER_CLAIM_PUBLIC_KEYS_FILE);
  if (config.production) throw new ClaimKeyError('OFFICER_CLAIM_PUBLIC_KEYS_FILE is required in production (the JWKS of the keys officer claims are signed with)');
  const dir = devDir(config.DATA_DIR);
  generateDevKey(dir);
  const trusted: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.pub.pem')).sort()) {
    const pem = read(path.join(dir, f), 'development claim public key');
    trusted[ed25519Thumbprint(pem)] = ed25519Jwk(pem).x;
  }
  return trusted;
}

/**
 * What an officer Update is sent with: its input with the claim for it, and the update id the
 * claim names (a fresh one per request unless given). The officer travels only inside the
 * signed claim: the input carries no `officer` the workflow could be tempted to believe.
 */
export function signOfficerUpdate<I extends object>(
  signer: ClaimSigner,
  request: { officer: VerifiedOfficer; workflowId: string; updateName: string; input: I; updateId?: string; nowMs?: number },
): { input: I & { claim: string }; updateId: string } {
  const updateId = request.updateId ?? randomUUID();
  const claim = signer.sign({ officer: request.officer, workflowId: request.workflowId, updateName: request.updateName, updateId, input: request.input, nowMs: request.nowMs });
  return { input: { ...request.input, claim }, updateId };
}
