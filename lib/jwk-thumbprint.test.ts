import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519Jwk, ed25519Thumbprint, jwkThumbprint, JwkThumbprintError } from './jwk-thumbprint.ts';

// RFC 7638 §3.1: the RSA key of RFC 7517 appendix A.1 and its thumbprint.
const RFC7638_RSA = {
  kty: 'RSA',
  n:
    '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs' +
    'tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9' +
    '1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};
// RFC 8037 appendix A.1 (the Ed25519 key) and A.3 (its thumbprint).
const RFC8037_OKP = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
const RFC8037_D = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';

describe('jwkThumbprint', () => {
  it("reproduces RFC 7638's RSA example", () => {
    expect(jwkThumbprint(RFC7638_RSA)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it("reproduces RFC 8037's Ed25519 example", () => {
    expect(jwkThumbprint(RFC8037_OKP)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('ignores members outside the required set, and depends on the key material', () => {
    expect(jwkThumbprint({ ...RFC8037_OKP, kid: 'x', use: 'sig', alg: 'EdDSA' })).toBe(jwkThumbprint(RFC8037_OKP));
    expect(jwkThumbprint({ ...RFC8037_OKP, x: RFC8037_OKP.x.replace('1', '2') })).not.toBe(jwkThumbprint(RFC8037_OKP));
  });

  it.each([[{ kty: 'OKP', crv: 'Ed25519' }], [{ kty: 'RSA', n: 'abc', e: 1 }], [{ kty: 'XYZ' }], [{}]])('refuses %j', (jwk) => {
    expect(() => jwkThumbprint(jwk)).toThrow(JwkThumbprintError);
  });
});

describe('ed25519Thumbprint', () => {
  it('gives the RFC 8037 thumbprint for its private key and for the public half', () => {
    const priv = createPrivateKey({ key: { ...RFC8037_OKP, d: RFC8037_D }, format: 'jwk' });
    expect(ed25519Jwk(priv)).toEqual(RFC8037_OKP);
    expect(ed25519Thumbprint(priv)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    const pem = priv.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(ed25519Thumbprint(pem)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('refuses a key that is not Ed25519', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => ed25519Thumbprint(publicKey)).toThrow(/Ed25519/);
  });
});
