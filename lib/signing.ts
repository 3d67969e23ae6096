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
import { ed25519Thumbprint } from './jwk-thumbprint.ts';

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

/**
 * The key's RFC 7638 thumbprint (base64url SHA-256 of its JWK): the same key gets the same id on
 * every machine and in every JOSE tool, and the published JWKS names it so.
 */
export function keyIdOf(key: KeyObject): string {
  return ed25519Thumbprint(key);
}

/** The id decisions signed before thumbprint ids carry: first 16 hex of SHA-256 over the SPKI DER. They keep verifying under it. */
export function legacyKeyIdOf(key: KeyObject): string {
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
  /** Earlier ids of the same keys (verification only; never published). */
  private readonly aliases = new Map<string, KeyObject>();

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
    for (const id of [keyId, legacyKeyIdOf(publicKey)]) {
      const known = this.verifiers.get(id) ?? this.aliases.get(id);
      if (known && !known.equals(publicKey)) throw new SigningKeyError(`key id ${id} is already used by a different key`);
    }
    this.verifiers.set(keyId, publicKey);
    // Decisions signed when ids were SPKI fingerprints still name the key that way.
    const legacy = legacyKeyIdOf(publicKey);
    if (legacy !== keyId) this.aliases.set(legacy, publicKey);
    return keyId;
  }

  /** The same verifying keys without any private key: what a process that only verifies holds. */
  verifyOnly(): KeyRing {
    const ring = new KeyRing();
    for (const [keyId, key] of this.verifiers) ring.remember(keyId, key);
    return ring;
  }

  /** Adds the keys of a JWKS (RFC 8037 OKP Ed25519), each under its `kid` and its RFC 7638 thumbprint. */
  addJwks(jwks: { keys?: unknown }, source = 'JWKS'): string[] {
    if (!Array.isArray(jwks.keys)) throw new SigningKeyError(`${source} has no "keys" array`);
    return jwks.keys.map((jwk: Record<string, unknown>, i) => {
      if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new SigningKeyError(`${source}: key ${i} is not an Ed25519 public key (kty OKP, crv Ed25519)`);
      if ('d' in jwk) throw new SigningKeyError(`${source}: key ${i} holds a private part ("d"); publish public keys only`);
      let key: KeyObject;
      try {
        key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
      } catch (e) {
        throw new SigningKeyError(`${source}: key ${i} is not a valid Ed25519 key (${(e as Error).message})`);
      }
      const thumbprint = keyIdOf(key);
      if (typeof jwk.kid === 'string' && jwk.kid !== thumbprint) {
        throw new SigningKeyError(`${source}: key ${i} has kid "${jwk.kid}", but its RFC 7638 thumbprint is ${thumbprint}`);
      }
      return this.remember(thumbprint, key);
    });
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
    const publicKey = this.verifiers.get(keyId) ?? this.aliases.get(keyId);
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

  /** A JWK Set (RFC 8037 OKP keys) of every verifying key, current and retired, each `kid` its RFC 7638 thumbprint. */
  publicKeysJwks(): { keys: Ed25519Jwk[] } {
    return {
      keys: [...this.verifiers].map(([kid, key]): Ed25519Jwk => {
        const { x } = key.export({ format: 'jwk' });
        return { kty: 'OKP', crv: 'Ed25519', x: x!, kid: kid === keyIdOf(key) ? kid : keyIdOf(key), alg: 'EdDSA', use: 'sig' };
      }).filter((k, i, all) => all.findIndex((o) => o.kid === k.kid) === i),
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

/** The public keys of SIGNING_PUBLIC_KEYS_FILE (a JWKS: the current key and every retired one). */
function addPublicKeysFile(ring: KeyRing, file: string | undefined): KeyRing {
  if (!file) return ring;
  let doc: unknown;
  try {
    doc = JSON.parse(readKeyFile(file, 'signing public keys file'));
  } catch (e) {
    if (e instanceof SigningKeyError) throw e;
    throw new SigningKeyError(`signing public keys file ${file} is not JSON (${(e as Error).message})`);
  }
  ring.addJwks(doc as { keys?: unknown }, file);
  return ring;
}

/**
 * The decision-signing keys of the configuration. A process that signs (the worker): the private
 * key of SIGNING_KEY_FILE, else a development key kept in DATA_DIR/keys. A process that only
 * verifies (`sign: false`, the API) holds no private key at all: the public keys of
 * SIGNING_PUBLIC_KEYS_FILE, else (development) the public halves of the keys in DATA_DIR/keys.
 * Either way every key in SIGNING_PUBLIC_KEYS_FILE verifies, so decisions signed before a
 * rotation keep verifying.
 */
export function loadKeyRing(config: Pick<Config, 'SIGNING_KEY_FILE' | 'SIGNING_PUBLIC_KEYS_FILE' | 'DATA_DIR'>, options: { sign?: boolean } = {}): KeyRing {
  const sign = options.sign ?? true;
  if (config.SIGNING_KEY_FILE) {
    const ring = loadKeyRingFromFile(config.SIGNING_KEY_FILE);
    return addPublicKeysFile(sign ? ring : ring.verifyOnly(), config.SIGNING_PUBLIC_KEYS_FILE);
  }
  if (!sign && config.SIGNING_PUBLIC_KEYS_FILE) return addPublicKeysFile(new KeyRing(), config.SIGNING_PUBLIC_KEYS_FILE);
  const dir = path.join(config.DATA_DIR, 'keys');
  generateDevKey(dir);
  const ring = loadDevKeyRing(dir);
  return addPublicKeysFile(sign ? ring : ring.verifyOnly(), config.SIGNING_PUBLIC_KEYS_FILE);
}
