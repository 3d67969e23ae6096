/**
 * Staff token verification: an expiry is required and bounded, and several verification keys
 * (a rotation) are told apart by `kid` — a token signed by either key verifies, with or without
 * a kid, and a token naming an unknown kid is refused.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier, InvalidToken, parseVerificationKeys } from './tokens.ts';

const base = { JWT_ISSUER: 'qyzmet', JWT_AUDIENCE: 'qyzmet-api', DATA_DIR: '/nonexistent', production: true } as const;
const claims = { roles: ['officer'], department: 'social-payments' };

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

async function mint(key: KeyObject, options: { kid?: string; exp?: number | null; iat?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject('officer-1')
    .setIssuer('qyzmet')
    .setAudience('qyzmet-api')
    .setIssuedAt(options.iat ?? now);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 3600);
  return jwt.sign(key);
}

const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e) => (e instanceof InvalidToken ? e.reason : `threw ${(e as Error).message}`));

describe('staff tokens', () => {
  it('refuses a token without exp, and one that lives longer than the configured maximum', async () => {
    const k = keyPair();
    const verify = await createTokenVerifier({ ...base, JWT_PUBLIC_KEYS: k.pem, JWT_MAX_TOKEN_LIFETIME_SECONDS: 3600 });
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(verify(await mint(k.privateKey)))).toBe('accepted');
    expect(await refusal(verify(await mint(k.privateKey, { exp: null })))).toBe('INVALID');
    expect(await refusal(verify(await mint(k.privateKey, { exp: now + 30 * 24 * 3600 })))).toBe('INVALID');
    // Backdating iat does not help: the expiry is also measured from now.
    expect(await refusal(verify(await mint(k.privateKey, { iat: now + 40 * 24 * 3600 - 1800, exp: now + 40 * 24 * 3600 })))).toBe('INVALID');
    expect(await refusal(verify(await mint(k.privateKey, { exp: now - 120 })))).toBe('EXPIRED');
  });

  it('verifies tokens of both keys during a rotation, with a kid or without one', async () => {
    const [old, current] = [keyPair(), keyPair()];
    const verify = await createTokenVerifier({ ...base, JWT_PUBLIC_KEYS: `${old.pem}\n${current.pem}` });
    const kidOf = async (k: KeyObject) => calculateJwkThumbprint(await exportJWK(k));
    for (const k of [old, current]) {
      expect(await refusal(verify(await mint(k.privateKey)))).toBe('accepted');
      expect(await refusal(verify(await mint(k.privateKey, { kid: await kidOf(k.publicKey) })))).toBe('accepted');
    }
    // A kid naming the other key, or no trusted key, is refused; so is a stranger's key.
    expect(await refusal(verify(await mint(old.privateKey, { kid: await kidOf(current.publicKey) })))).toBe('INVALID');
    expect(await refusal(verify(await mint(old.privateKey, { kid: 'unknown' })))).toBe('INVALID');
    expect(await refusal(verify(await mint(keyPair().privateKey)))).toBe('INVALID');
  });

  it('takes a JWKS document with the identity provider’s kids', async () => {
    const [a, b] = [keyPair(), keyPair()];
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(a.publicKey)), kid: 'idp-2026-01' }, { ...(await exportJWK(b.publicKey)), kid: 'idp-2026-07' }] });
    const verify = await createTokenVerifier({ ...base, JWT_PUBLIC_KEYS: jwks });
    expect(await refusal(verify(await mint(b.privateKey, { kid: 'idp-2026-07' })))).toBe('accepted');
    expect(await refusal(verify(await mint(a.privateKey, { kid: 'idp-2026-01' })))).toBe('accepted');
    expect(await refusal(verify(await mint(a.privateKey, { kid: 'idp-2026-07' })))).toBe('INVALID');
    await expect(parseVerificationKeys(JSON.stringify({ keys: [await exportJWK(a.privateKey)] }))).rejects.toThrow(/private part/);
  });
});
