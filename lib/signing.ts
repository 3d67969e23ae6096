/**
 * Ed25519 signatures over canonical JSON, with key ids so keys can rotate: a KeyRing signs with
 * one active private key and verifies with every public key it knows, so decisions signed by a
 * retired key keep verifying after rotation.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalize } from './canonical-json.ts';
import type { Config } from './config.ts';

export const SIGNATURE_ALGORITHM = 'Ed25519' as const;

export interface SignedRecord {
  /** The exact text that was signed; store it verbatim, re-canonicalising is not needed to verify. */
  canonical: string;
  /** base64url, no padding. */
  signature: string;
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
}

export interface PublicKeyInfo {
  keyId: string;
  publicKeyPem: string;
  active: boolean;
}

export interface Ed25519Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** First 16 hex of SHA-256 over the SPKI DER: the same key gets the same id on every machine. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`${what} is a ${key.asymmetricKeyType ?? key.type} key; decisions are signed with Ed25519`);
  }
  return key;
}

function parsePrivateKey(pem: string, what: string): KeyObject {
  try {
    return requireEd25519(createPrivateKey(pem), what);
  } catch (err) {
    if (err instanceof SigningKeyError) throw err;
    throw new SigningKeyError(`${what} is not a PEM private key (${(err as Error).message})`);
  }
}

function parsePublicKey(pem: string, what: string): KeyObject {
  try {
    // createPublicKey also accepts a private key PEM and derives its public half.
    return requireEd25519(createPublicKey(pem), what);
  } catch (err) {
    if (err instanceof SigningKeyError) throw err;
    throw new SigningKeyError(`${what} is not a PEM public key (${(err as Error).message})`);
  }
}

export interface KeyRingInit {
  /** The key that signs; omit it for a verify-only ring (an engineer's offline check). */
  active?: { privateKeyPem: string; keyId?: string };
  /** Retired (or other services') keys that still verify. */
  publicKeys?: { publicKeyPem: string; keyId?: string }[];
}

export class KeyRing {
  private activeKey: { keyId: string; privateKey: KeyObject } | null = null;
  private readonly verifiers = new Map<string, KeyObject>();

  constructor(init: KeyRingInit = {}) {
    for (const k of init.publicKeys ?? []) this.addPublicKey(k.publicKeyPem, k.keyId);
    if (init.active) this.setActive(init.active.privateKeyPem, init.active.keyId);
  }

  get activeKeyId(): string | null {
    return this.activeKey?.keyId ?? null;
  }

  /** Adds a verify-only key; returns its id. */
  addPublicKey(publicKeyPem: string, keyId?: string): string {
    const key = parsePublicKey(publicKeyPem, keyId ? `public key ${keyId}` : 'public key');
    return this.remember(keyId ?? keyIdOf(key), key);
  }

  /**
   * Makes a key the signer. The previous active key stays in the ring as verify-only, which is
   * what rotation needs: new decisions use the new key, old ones keep verifying.
   */
  setActive(privateKeyPem: string, keyId?: string): string {
    const privateKey = parsePrivateKey(privateKeyPem, keyId ? `private key ${keyId}` : 'private key');
    const id = this.remember(keyId ?? keyIdOf(privateKey), createPublicKey(privateKey));
    this.activeKey = { keyId: id, privateKey };
    return id;
  }

  private remember(keyId: string, publicKey: KeyObject): string {
    if (!/^[\w.-]{1,64}$/.test(keyId)) throw new SigningKeyError(`key id "${keyId}" must be 1–64 of [A-Za-z0-9_.-]`);
    const known = this.verifiers.get(keyId);
    if (known && !known.equals(publicKey)) throw new SigningKeyError(`key id ${keyId} is already used by a different key`);
    this.verifiers.set(keyId, publicKey);
    return keyId;
  }

  /** Signs the canonical JSON of a record. Put `activeKeyId` in the record first if it must be signed too. */
  signRecord(record: unknown): SignedRecord {
    if (!this.activeKey) throw new SigningKeyError('this key ring has no active private key (verify-only)');
    const canonical = canonicalize(record);
    const signature = sign(null, Buffer.from(canonical, 'utf8'), this.activeKey.privateKey).toString('base64url');
    return { canonical, signature, keyId: this.activeKey.keyId, algorithm: SIGNATURE_ALGORITHM };
  }

  /** False — never a throw — for an unknown key id, a malformed or wrong signature, or altered text. */
  verifyRecord(canonical: string, signature: string, keyId: string): boolean {
    const publicKey = this.verifiers.get(keyId);
    if (!publicKey || typeof canonical !== 'string' || typeof signature !== 'string') return false;
    if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false; // 64 bytes in unpadded base64url
    try {
      return verify(null, Buffer.from(canonical, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  publicKeys(): PublicKeyInfo[] {
    return [...this.verifiers].map(([keyId, key]) => ({
      keyId,
      publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
      active: keyId === this.activeKey?.keyId,
    }));
  }

  /** A JWK Set (RFC 8037 OKP keys) of every verifying key, for offline verification with any JOSE tool. */
  publicKeysJwks(): { keys: Ed25519Jwk[] } {
    return {
      keys: [...this.verifiers].map(([kid, key]) => {
        const { x } = key.export({ format: 'jwk' });
        return { kty: 'OKP', crv: 'Ed25519', x: x!, kid, alg: 'EdDSA', use: 'sig' };
      }),
    };
  }
}

export interface KeyFileOptions {
  /** Overrides the fingerprint id of the private key (e.g. an HSM label). */
  keyId?: string;
  /** PEM files of retired public keys that must keep verifying. */
  publicKeyFiles?: string[];
}

function readKeyFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SigningKeyError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Production: the private key comes from a file (SIGNING_KEY_FILE), retired public keys from others. */
export function loadKeyRingFromFile(privateKeyFile: string, options: KeyFileOptions = {}): KeyRing {
  const ring = new KeyRing({
    publicKeys: (options.publicKeyFiles ?? []).map((f) => ({ publicKeyPem: readKeyFile(f, 'public key file') })),
  });
  ring.setActive(readKeyFile(privateKeyFile, 'signing key file'), options.keyId);
  return ring;
}

const DEV_PRIVATE_KEY_FILE = 'dev-signing-key.pem';

export interface DevKey {
  keyId: string;
  privateKeyPath: string;
  publicKeyPath: string;
  /** False when an existing key was reused. */
  created: boolean;
}

/**
 * Development: the first call creates an Ed25519 key under `dir`, later calls (and restarts)
 * reuse it, so decisions signed yesterday still verify. Safe when the API and the worker start
 * together: the key is written to a temporary file and hard-linked into place, which fails
 * atomically if the other process won, and then its key is used.
 */
export function generateDevKey(dir: string): DevKey {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyPath = path.join(dir, DEV_PRIVATE_KEY_FILE);
  let created = false;
  if (!fs.existsSync(privateKeyPath)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const tmp = `${privateKeyPath}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    try {
      fs.linkSync(tmp, privateKeyPath);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const privateKey = parsePrivateKey(readKeyFile(privateKeyPath, 'dev signing key'), `dev signing key ${privateKeyPath}`);
  const keyId = keyIdOf(privateKey);
  // The public half beside it, named by id, so engineers can verify offline and retired keys stay around.
  const publicKeyPath = path.join(dir, `${keyId}.pub.pem`);
  if (!fs.existsSync(publicKeyPath)) {
    fs.writeFileSync(publicKeyPath, createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
  }
  return { keyId, privateKeyPath, publicKeyPath, created };
}

/** The dev key under `dir` as the signer, plus every `*.pub.pem` there (keys from earlier rotations). */
export function loadDevKeyRing(dir: string): KeyRing {
  const dev = generateDevKey(dir);
  const publicKeyFiles = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.pub.pem'))
    .sort()
    .map((f) => path.join(dir, f));
  return loadKeyRingFromFile(dev.privateKeyPath, { publicKeyFiles });
}

/** The decision-signing keys of the configuration: SIGNING_KEY_FILE, else a development key kept in DATA_DIR/keys. */
export function loadKeyRing(config: Pick<Config, 'SIGNING_KEY_FILE' | 'DATA_DIR'>): KeyRing {
  if (config.SIGNING_KEY_FILE) return loadKeyRingFromFile(config.SIGNING_KEY_FILE);
  const dir = path.join(config.DATA_DIR, 'keys');
  generateDevKey(dir);
  return loadDevKeyRing(dir);
}
