/**
 * RFC 7638 JWK thumbprints: a key id every party computes the same from the public key alone,
 * so JWKS consumers, signed decisions and officer claims can name keys without a registry.
 *
 *   jwkThumbprint(jwk)              → base64url SHA-256 of the key's required members (RFC 7638 §3)
 *   ed25519Thumbprint(publicKey)    → the same for an Ed25519 KeyObject or PEM (OKP, RFC 8037 §2)
 *   ed25519Jwk(publicKey)           → { kty: 'OKP', crv: 'Ed25519', x }
 *
 * Only the required members count, in lexicographic order, without whitespace — `kid`, `alg`,
 * `use` and other members never change the thumbprint. A JWK missing a required member, or
 * carrying one that is not a string, is refused (JwkThumbprintError) rather than hashed.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export class JwkThumbprintError extends TypeError {
  override name = 'JwkThumbprintError';
}

const REQUIRED: Record<string, readonly string[]> = {
  OKP: ['crv', 'kty', 'x'],
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};

export function jwkThumbprint(jwk: Record<string, unknown>): string {
  const members = REQUIRED[String(jwk.kty)];
  if (!members) throw new JwkThumbprintError(`unsupported JWK key type ${JSON.stringify(jwk.kty)}`);
  const parts = members.map((m) => {
    const v = jwk[m];
    if (typeof v !== 'string' || !v) throw new JwkThumbprintError(`a ${String(jwk.kty)} JWK needs a string "${m}"`);
    return `${JSON.stringify(m)}:${JSON.stringify(v)}`;
  });
  return createHash('sha256').update(`{${parts.join(',')}}`, 'utf8').digest('base64url');
}

function publicKeyOf(key: KeyObject | string): KeyObject {
  const k = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  if (k.asymmetricKeyType !== 'ed25519') throw new JwkThumbprintError(`expected an Ed25519 key, got ${k.asymmetricKeyType ?? k.type}`);
  return k;
}

export function ed25519Jwk(key: KeyObject | string): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
  const { x } = publicKeyOf(key).export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: x! };
}

export function ed25519Thumbprint(key: KeyObject | string): string {
  return jwkThumbprint(ed25519Jwk(key));
}
