import { createPrivateKey, generateKeyPairSync, randomBytes, sign as edSign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, claimInputDigest, type TrustedClaimKeys } from './claim-format.ts';
import { ClaimKeyError, createClaimSigner, loadClaimSigner, loadTrustedClaimKeys, trustedKeysFromJwks, type ClaimRequest } from './sign-claim.ts';
import { CLAIM_KEYS_GLOBAL, claimKeysPrelude, TrustedKeysError, withTrustedClaimKeys } from './trusted-keys.ts';
import { verifyOfficerClaim, type ClaimContext } from './verify-claim.ts';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const api = createClaimSigner(pem());
const attacker = createClaimSigner(pem());
const trusted: TrustedClaimKeys = { [api.keyId]: api.jwk.x };
const NOW = Date.parse('2026-12-01T06:00:00Z');

const input = { taskId: 't-1', action: 'APPROVE', reason: 'documents checked', amount: 85_000 };
const request: ClaimRequest = {
  officer: { id: 'off-dana', department: 'social-benefits', roles: ['officer'] },
  workflowId: 'case-42',
  updateName: 'resolveTask',
  updateId: 'upd-1',
  input,
  nowMs: NOW,
};
const context = (over: Partial<ClaimContext> = {}): ClaimContext => ({
  keys: trusted,
  workflowId: 'case-42',
  updateName: 'resolveTask',
  updateId: 'upd-1',
  input: { ...input, claim: 'ignored' },
  nowMs: NOW + 5_000,
  ...over,
});

/** Re-signs a modified payload with a key of our choice (what a forger with some key could do). */
function resign(token: string, change: (p: Record<string, unknown>) => void, keyPem: string, header?: object): string {
  const [h, p] = token.split('.') as [string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  change(payload);
  const hh = header ? Buffer.from(JSON.stringify(header)).toString('base64url') : h;
  const pp = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${hh}.${pp}.${edSign(null, Buffer.from(`${hh}.${pp}`), createPrivateKey(keyPem)).toString('base64url')}`;
}

describe('base64url', () => {
  it('matches Node for every length, and refuses what is not strict unpadded base64url', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = base64urlEncode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64urlDecode(text)).toEqual(bytes);
    }
    for (const bad of ['a', 'ab=', 'a+b/', 'ab c', 'AB']) expect(base64urlDecode(bad)).toBeNull(); // 'AB': stray bits
  });
});

describe('the verification library', () => {
  it('verifies the RFC 8037 appendix A.4 Ed25519 signature, strictly', () => {
    const pub = base64urlDecode('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')!;
    const sig = base64urlDecode('hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg')!;
    const msg = new TextEncoder().encode('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc');
    expect(ed25519.verify(sig, msg, pub, { zip215: false })).toBe(true);
    sig[0]! ^= 1;
    expect(ed25519.verify(sig, msg, pub, { zip215: false })).toBe(false);
  });
});

describe('verifyOfficerClaim', () => {
  const valid = api.sign(request);

  it('accepts a claim the API signed, and says who the officer is', () => {
    const r = verifyOfficerClaim(valid, context());
    expect(r).toMatchObject({ ok: true, keyId: api.keyId, officer: request.officer });
  });

  it.each([
    ['no claim', undefined, {}, 'NO_CLAIM'],
    ['a number', 42, {}, 'MALFORMED'],
    ['two segments', 'a.b', {}, 'MALFORMED'],
    ['a huge token', 'a'.repeat(10_000), {}, 'MALFORMED'],
    ['no trusted keys in this worker', valid, { keys: undefined }, 'NO_TRUSTED_KEYS'],
    ['signed by an untrusted key', attacker.sign(request), {}, 'UNKNOWN_KEY'],
    ['a forger naming the trusted key id', resign(valid, () => {}, pem()), {}, 'BAD_SIGNATURE'],
    ['roles tampered (signature kept)', tamperPayload(valid, (p) => (p.roles = ['supervisor'])), {}, 'BAD_SIGNATURE'],
    ['signature truncated', valid.slice(0, -4), {}, 'BAD_SIGNATURE'],
    ['alg none', resign(valid, () => {}, pem(), { alg: 'none', kid: api.keyId, typ: 'qyzmet-officer-claim' }), {}, 'UNSUPPORTED'],
    ['another token type', resign(valid, () => {}, pem(), { alg: 'EdDSA', kid: api.keyId, typ: 'JWT' }), {}, 'UNSUPPORTED'],
    ['expired', valid, { nowMs: NOW + 61_000 }, 'EXPIRED'],
    ['issued in the future', valid, { nowMs: NOW - 120_000 }, 'NOT_YET_VALID'],
    ['for another case', valid, { workflowId: 'case-43' }, 'WRONG_WORKFLOW'],
    ['for another action', valid, { updateName: 'claimTask' }, 'WRONG_UPDATE'],
    ['replayed as another request', valid, { updateId: 'upd-2' }, 'WRONG_UPDATE_ID'],
    ['with a changed amount', valid, { input: { ...input, amount: 850_000 } }, 'WRONG_INPUT'],
    ['with a changed action', valid, { input: { ...input, action: 'DENY' } }, 'WRONG_INPUT'],
  ])('refuses %s', (_name, token, over, code) => {
    const r = verifyOfficerClaim(token, context(over));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it('refuses a validly signed claim that lives too long or lacks a field', () => {
    const apiPem = pem();
    const signer = createClaimSigner(apiPem);
    const keys = { [signer.keyId]: signer.jwk.x };
    const token = signer.sign(request);
    const long = resign(token, (p) => (p.exp = (p.iat as number) + 3600), apiPem);
    expect(verifyOfficerClaim(long, context({ keys }))).toMatchObject({ ok: false, code: 'LIFETIME_TOO_LONG' });
    const partial = resign(token, (p) => delete p.uid, apiPem);
    expect(verifyOfficerClaim(partial, context({ keys }))).toMatchObject({ ok: false, code: 'MALFORMED' });
    expect(verifyOfficerClaim(token, context({ keys }))).toMatchObject({ ok: true });
  });

  it('binds the input whatever its key order, ignoring the claim member', () => {
    expect(claimInputDigest({ b: 1, a: 2, claim: 'x' })).toBe(claimInputDigest({ a: 2, b: 1 }));
    expect(claimInputDigest({ a: 2 })).not.toBe(claimInputDigest({ a: 3 }));
  });

  it('the signer refuses a lifetime above five minutes', () => {
    expect(() => api.sign({ ...request, ttlSeconds: 301 })).toThrow(RangeError);
  });
});

function tamperPayload(token: string, change: (p: Record<string, unknown>) => void): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  change(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

describe('trusted keys in the workflow bundle', () => {
  const bundle = 'var __webpack_module_cache__ = {};\nconsole.log(1);\n//# sourceMappingURL=data:application/json;base64,e30=';

  it('defines a frozen, read-only global just before the inline source map', () => {
    const code = withTrustedClaimKeys(bundle, trusted);
    expect(code.startsWith('var __webpack_module_cache__ = {};\nconsole.log(1);\n')).toBe(true);
    expect(code.endsWith('\n//# sourceMappingURL=data:application/json;base64,e30=')).toBe(true);
    const sandbox: Record<string, unknown> = {};
    new Function('globalThis', claimKeysPrelude(trusted))(sandbox);
    expect(sandbox[CLAIM_KEYS_GLOBAL]).toEqual(trusted);
    expect(Object.isFrozen(sandbox[CLAIM_KEYS_GLOBAL])).toBe(true);
    expect(Object.getOwnPropertyDescriptor(sandbox, CLAIM_KEYS_GLOBAL)).toMatchObject({ writable: false, configurable: false });
  });

  it('refuses what could inject code, and bundles it cannot place the keys in', () => {
    expect(() => claimKeysPrelude({ '"});evil();//': api.jwk.x })).toThrow(TrustedKeysError);
    expect(() => claimKeysPrelude({ [api.keyId]: 'x");evil();//' })).toThrow(TrustedKeysError);
    expect(() => withTrustedClaimKeys('console.log(1)', trusted)).toThrow(/no inline source map/);
    expect(() => withTrustedClaimKeys(withTrustedClaimKeys(bundle, trusted), trusted)).toThrow(/already/);
  });
});

describe('claim keys', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-keys-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads a JWKS of public keys, keyed by RFC 7638 thumbprint', () => {
    const keys = trustedKeysFromJwks(JSON.stringify({ keys: [api.jwk, { ...attacker.jwk, kid: undefined }] }));
    expect(keys).toEqual({ [api.keyId]: api.jwk.x, [attacker.keyId]: attacker.jwk.x });
  });

  it.each([
    ['not JSON', '{'],
    ['no keys', '{"keys":[]}'],
    ['a private key', JSON.stringify({ keys: [{ ...api.jwk, d: 'AAAA' }] })],
    ['a kid that is not the thumbprint', JSON.stringify({ keys: [{ ...api.jwk, kid: 'k1' }] })],
    ['an RSA key', JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] })],
  ])('refuses a JWKS with %s', (_name, json) => {
    expect(() => trustedKeysFromJwks(json)).toThrow(ClaimKeyError);
  });

  it('development: the generated signing key is the one the worker trusts', () => {
    const config = { DATA_DIR: tmp, production: false };
    const signer = loadClaimSigner(config);
    expect(loadTrustedClaimKeys(config)).toEqual({ [signer.keyId]: signer.jwk.x });
    expect(loadClaimSigner(config).keyId).toBe(signer.keyId);
    expect(fs.existsSync(path.join(tmp, 'keys', 'claims'))).toBe(true);
  });

  it('production requires the key files', () => {
    expect(() => loadClaimSigner({ DATA_DIR: tmp, production: true })).toThrow(/OFFICER_CLAIM_KEY_FILE is required/);
    expect(() => loadTrustedClaimKeys({ DATA_DIR: tmp, production: true })).toThrow(/OFFICER_CLAIM_PUBLIC_KEYS_FILE is required/);
    const file = path.join(tmp, 'claims.jwks.json');
    fs.writeFileSync(file, JSON.stringify({ keys: [api.jwk] }));
    expect(loadTrustedClaimKeys({ OFFICER_CLAIM_PUBLIC_KEYS_FILE: file, DATA_DIR: tmp, production: true })).toEqual(trusted);
  });
});
