import { describe, expect, it } from 'vitest';
import { codeChallenge, jwtClaims, randomToken } from './pkce.ts';
import { expiryOf } from './session.ts';

describe('PKCE and tokens', () => {
  it('computes the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers, states and nonces of 43 unreserved characters, never the same twice', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => randomToken()));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('reads a JWT’s claims (UTF-8 included) and its expiry, and rejects what is not a JWT', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'officer-айгерим', exp: 1_900_000_000 })).toString('base64url');
    const token = `eyJhbGciOiJFZERTQSJ9.${payload}.sig`;
    expect(jwtClaims(token)).toEqual({ sub: 'officer-айгерим', exp: 1_900_000_000 });
    expect(expiryOf(token)).toBe(1_900_000_000_000);
    expect(expiryOf('opaque-access-token', 300, 1000)).toBe(301_000);
    expect(jwtClaims('a.b')).toBeNull();
    expect(jwtClaims('a.!!!.c')).toBeNull();
    expect(jwtClaims(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toBeNull();
  });
});
