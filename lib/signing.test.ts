import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from './canonical-json.ts';
import { jwkThumbprint } from './jwk-thumbprint.ts';
import { KeyRing, SigningKeyError, generateDevKey, keyIdOf, legacyKeyIdOf, loadDevKeyRing, loadKeyRing, loadKeyRingFromFile } from './signing.ts';

function newPrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

const decision = {
  caseId: 'c-1',
  outcome: 'APPROVED',
  amount: 140_000,
  ruleSetHash: 'sha256:ab',
  evidence: [{ query: 'civil.birth', hash: 'sha256:cd' }],
  decidedAt: '2025-06-01T10:00:00.000Z',
};

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-signing-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('KeyRing sign and verify', () => {
  const ring = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem() } });

  it('signs the canonical JSON and verifies it', () => {
    const signed = ring.signRecord(decision);
    expect(signed.canonical).toBe(canonicalize(decision));
    expect(signed.algorithm).toBe('Ed25519');
    expect(signed.keyId).toBe(ring.activeKeyId);
    expect(signed.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(ring.verifyRecord(signed.canonical, signed.signature, signed.keyId)).toBe(true);
  });

  it('gives the same signature for the same record in any key order (Ed25519 is deterministic)', () => {
    const reordered = Object.fromEntries(Object.entries(decision).reverse());
    expect(ring.signRecord(reordered).signature).toBe(ring.signRecord(decision).signature);
  });

  it('rejects the canonical text with any single byte changed', () => {
    const signed = ring.signRecord(decision);
    const bytes = Buffer.from(signed.canonical, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(ring.verifyRecord(tampered.toString('utf8'), signed.signature, signed.keyId)).toBe(false);
    }
    expect(ring.verifyRecord(signed.canonical.replace('140000', '1400000'), signed.signature, signed.keyId)).toBe(false);
  });

  it('rejects a changed, truncated or malformed signature without throwing', () => {
    const signed = ring.signRecord(decision);
    const sig = Buffer.from(signed.signature, 'base64url');
    sig[10] = sig[10]! ^ 0xff;
    expect(ring.verifyRecord(signed.canonical, sig.toString('base64url'), signed.keyId)).toBe(false);
    expect(ring.verifyRecord(signed.canonical, signed.signature.slice(0, 40), signed.keyId)).toBe(false);
    expect(ring.verifyRecord(signed.canonical, '!!not base64!!', signed.keyId)).toBe(false);
    expect(ring.verifyRecord(signed.canonical, '', signed.keyId)).toBe(false);
  });

  it('returns false for an unknown key id', () => {
    const signed = ring.signRecord(decision);
    expect(ring.verifyRecord(signed.canonical, signed.signature, 'ffffffffffffffff')).toBe(false);
  });

  it('does not verify a signature made by another key under this key id', () => {
    const other = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem() } });
    const forged = other.signRecord(decision);
    expect(ring.verifyRecord(forged.canonical, forged.signature, ring.activeKeyId!)).toBe(false);
  });
});

describe('rotation', () => {
  it('keeps verifying signatures of the retired key after a new active key is set', () => {
    const ring = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem() } });
    const old = ring.signRecord(decision);
    const newId = ring.setActive(newPrivateKeyPem());
    expect(newId).not.toBe(old.keyId);
    const fresh = ring.signRecord(decision);
    expect(fresh.keyId).toBe(newId);
    expect(ring.verifyRecord(old.canonical, old.signature, old.keyId)).toBe(true);
    expect(ring.verifyRecord(fresh.canonical, fresh.signature, fresh.keyId)).toBe(true);
    // The key id matters: an old signature is not valid under the new key.
    expect(ring.verifyRecord(old.canonical, old.signature, newId)).toBe(false);
    expect(ring.publicKeys().map((k) => [k.keyId, k.active])).toEqual([
      [old.keyId, false],
      [newId, true],
    ]);
  });

  it('a verify-only ring built from the exported public keys verifies, but cannot sign', () => {
    const signer = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem() } });
    const signed = signer.signRecord(decision);
    const verifier = new KeyRing({ publicKeys: signer.publicKeys().map(({ keyId, publicKeyPem }) => ({ keyId, publicKeyPem })) });
    expect(verifier.activeKeyId).toBeNull();
    expect(verifier.verifyRecord(signed.canonical, signed.signature, signed.keyId)).toBe(true);
    expect(() => verifier.signRecord(decision)).toThrow(SigningKeyError);
  });

  it('refuses to reuse a key id for a different key', () => {
    const ring = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem(), keyId: 'k1' } });
    expect(() => ring.setActive(newPrivateKeyPem(), 'k1')).toThrow(/already used/);
  });
});

describe('key ids and exports', () => {
  it('derives the key id from the public key: its RFC 7638 thumbprint, the same for the private and public halves', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    expect(keyIdOf(privateKey)).toBe(jwkThumbprint(publicKey.export({ format: 'jwk' }) as Record<string, unknown>));
    expect(keyIdOf(privateKey)).toBe(keyIdOf(publicKey));
    const ring = new KeyRing({ active: { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } });
    expect(ring.activeKeyId).toBe(keyIdOf(publicKey));
  });

  it('publishes a JWK set that verifies signatures with plain node:crypto', () => {
    const ring = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem() } });
    const signed = ring.signRecord(decision);
    const { keys } = ring.publicKeysJwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: signed.keyId });
    const key = createPublicKey({ key: { ...keys[0]! }, format: 'jwk' });
    expect(verify(null, Buffer.from(signed.canonical), key, Buffer.from(signed.signature, 'base64url'))).toBe(true);
  });

  it('rejects keys that are not Ed25519, and garbage', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => new KeyRing({ active: { privateKeyPem: rsa } })).toThrow(/rsa key; decisions are signed with Ed25519/);
    expect(() => new KeyRing({ active: { privateKeyPem: 'not a key' } })).toThrow(SigningKeyError);
    expect(() => new KeyRing({ publicKeys: [{ publicKeyPem: 'not a key' }] })).toThrow(SigningKeyError);
  });
});

describe('loading keys from files', () => {
  it('loads the active key from a PEM file and retired public keys from others', () => {
    const dir = tmpDir();
    const retired = new KeyRing({ active: { privateKeyPem: newPrivateKeyPem() } });
    const oldSignature = retired.signRecord(decision);
    fs.writeFileSync(path.join(dir, 'retired.pub.pem'), retired.publicKeys()[0]!.publicKeyPem);
    fs.writeFileSync(path.join(dir, 'signing.pem'), newPrivateKeyPem(), { mode: 0o600 });

    const ring = loadKeyRingFromFile(path.join(dir, 'signing.pem'), { publicKeyFiles: [path.join(dir, 'retired.pub.pem')] });
    expect(ring.verifyRecord(oldSignature.canonical, oldSignature.signature, oldSignature.keyId)).toBe(true);
    const fresh = ring.signRecord(decision);
    expect(fresh.keyId).not.toBe(oldSignature.keyId);
    expect(ring.verifyRecord(fresh.canonical, fresh.signature, fresh.keyId)).toBe(true);
  });

  it('accepts an explicit key id', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'signing.pem'), newPrivateKeyPem());
    expect(loadKeyRingFromFile(path.join(dir, 'signing.pem'), { keyId: 'prod-2025-01' }).activeKeyId).toBe('prod-2025-01');
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadKeyRingFromFile('/nonexistent/qyzmet.pem')).toThrow(/cannot read signing key file \/nonexistent\/qyzmet.pem: ENOENT/);
  });

  it('generateDevKey creates a key once and reuses it on restart', () => {
    const dir = path.join(tmpDir(), 'keys');
    const first = generateDevKey(dir);
    expect(first.created).toBe(true);
    expect(fs.statSync(first.privateKeyPath).mode & 0o077).toBe(0);
    const second = generateDevKey(dir);
    expect(second).toEqual({ ...first, created: false });

    const signed = loadDevKeyRing(dir).signRecord(decision);
    expect(signed.keyId).toBe(first.keyId);
    // A "restart": a brand-new ring from the same directory verifies yesterday's signature.
    expect(loadDevKeyRing(dir).verifyRecord(signed.canonical, signed.signature, signed.keyId)).toBe(true);
    expect(fs.readFileSync(first.publicKeyPath, 'utf8')).toContain('BEGIN PUBLIC KEY');
  });

  it('a dev key ring still verifies signatures of a dev key that was rotated away', () => {
    const dir = tmpDir();
    const oldSigned = loadDevKeyRing(dir).signRecord(decision);
    fs.rmSync(path.join(dir, 'dev-signing-key.pem'));
    const ring = loadDevKeyRing(dir);
    expect(ring.activeKeyId).not.toBe(oldSigned.keyId);
    expect(ring.verifyRecord(oldSigned.canonical, oldSigned.signature, oldSigned.keyId)).toBe(true);
  });
});

describe('verification in every deployment', () => {
  const jwksOf = (...pems: string[]) => ({
    keys: pems.map((pem) => {
      const { x } = createPublicKey(pem).export({ format: 'jwk' });
      return { kty: 'OKP', crv: 'Ed25519', x, kid: keyIdOf(createPublicKey(pem)), alg: 'EdDSA', use: 'sig' };
    }),
  });

  it('gives a process that only verifies no private key, and the retired keys of SIGNING_PUBLIC_KEYS_FILE', () => {
    const dir = tmpDir();
    const retired = newPrivateKeyPem();
    const current = newPrivateKeyPem();
    const keyFile = path.join(dir, 'signing-key.pem');
    fs.writeFileSync(keyFile, current);
    const jwksFile = path.join(dir, 'signing-public-keys.json');
    fs.writeFileSync(jwksFile, JSON.stringify(jwksOf(current, retired)));
    const oldDecision = new KeyRing({ active: { privateKeyPem: retired } }).signRecord(decision);
    const newDecision = loadKeyRing({ SIGNING_KEY_FILE: keyFile, SIGNING_PUBLIC_KEYS_FILE: jwksFile, DATA_DIR: dir }).signRecord(decision);

    const api = loadKeyRing({ SIGNING_PUBLIC_KEYS_FILE: jwksFile, DATA_DIR: dir }, { sign: false });
    expect(api.activeKeyId).toBeNull();
    expect(() => api.signRecord(decision)).toThrow(/verify-only/);
    expect(api.verifyRecord(oldDecision.canonical, oldDecision.signature, oldDecision.keyId)).toBe(true);
    expect(api.verifyRecord(newDecision.canonical, newDecision.signature, newDecision.keyId)).toBe(true);
    // The published set: both keys, each named by its thumbprint, no private part.
    const published = api.publicKeysJwks().keys;
    expect(published.map((k) => k.kid).sort()).toEqual(jwksOf(current, retired).keys.map((k) => k.kid).sort());
    for (const k of published) expect(k.kid).toBe(jwkThumbprint(k as unknown as Record<string, unknown>));
    expect(JSON.stringify(published)).not.toContain('"d"');
    // Even when the private key file is present, a verifying process drops it.
    expect(loadKeyRing({ SIGNING_KEY_FILE: keyFile, DATA_DIR: dir }, { sign: false }).activeKeyId).toBeNull();
    // Development: the API verifies with the public halves of the dev keys.
    const devDir = tmpDir();
    const signer = loadKeyRing({ DATA_DIR: devDir });
    const devDecision = signer.signRecord(decision);
    const devApi = loadKeyRing({ DATA_DIR: devDir }, { sign: false });
    expect(devApi.activeKeyId).toBeNull();
    expect(devApi.verifyRecord(devDecision.canonical, devDecision.signature, devDecision.keyId)).toBe(true);
  });

  it('keeps verifying decisions that name a key by its earlier fingerprint id', () => {
    const pem = newPrivateKeyPem();
    const ring = new KeyRing({ active: { privateKeyPem: pem } });
    const signed = ring.signRecord(decision);
    const legacy = legacyKeyIdOf(createPublicKey(pem));
    expect(legacy).toMatch(/^[0-9a-f]{16}$/);
    expect(ring.verifyOnly().verifyRecord(signed.canonical, signed.signature, legacy)).toBe(true);
    expect(ring.publicKeysJwks().keys.map((k) => k.kid)).toEqual([signed.keyId]);
  });

  it('refuses a JWKS whose kid is not the thumbprint, or that carries a private part', () => {
    const pem = newPrivateKeyPem();
    const good = jwksOf(pem);
    expect(() => new KeyRing().addJwks({ keys: [{ ...good.keys[0], kid: 'k1' }] })).toThrow(/RFC 7638 thumbprint/);
    const d = createPrivateKeyJwk(pem);
    expect(() => new KeyRing().addJwks({ keys: [{ ...good.keys[0], d }] })).toThrow(/private part/);
  });
});

function createPrivateKeyJwk(pem: string): string {
  return (createPrivateKey(pem).export({ format: 'jwk' }) as { d: string }).d;
}
