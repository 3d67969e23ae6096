import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { CitizenKeyError, createCitizenAssertionVerifier, InvalidCitizenAssertion, mintDevCitizenAssertion } from './citizen-assertions.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-citizen-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const dev = { DATA_DIR: dataDir, production: false, CITIZEN_IDP_ISSUER: 'egov-idp', CITIZEN_ASSERTION_AUDIENCE: 'qyzmet-offers', CITIZEN_IDP_PUBLIC_KEYS: undefined };
const IIN = '850105300126';

const reasonOf = async (p: Promise<unknown>) => p.then(() => 'accepted', (e) => (e instanceof InvalidCitizenAssertion ? e.reason : String(e)));

describe('citizen assertions', () => {
  it('verifies a development assertion and names it by issuer, key and jti, never by the IIN', async () => {
    const verify = await createCitizenAssertionVerifier(dev);
    const token = await mintDevCitizenAssertion(dev, IIN, { jti: 'session-1' });
    const citizen = await verify(token);
    expect(citizen.iin).toBe(IIN);
    expect(citizen.reference).toMatch(/^egov-idp:[\w-]{43}:session-1$/);
    expect(citizen.reference).not.toContain(IIN);
  });

  it('refuses expired, over-long, foreign and mis-addressed assertions', async () => {
    const verify = await createCitizenAssertionVerifier(dev);
    const hourAgo = new Date(Date.now() - 3600_000);
    expect(await reasonOf(verify(await mintDevCitizenAssertion(dev, IIN, { now: hourAgo, ttlSeconds: 600 })))).toBe('EXPIRED');
    expect(await reasonOf(verify(await mintDevCitizenAssertion({ ...dev, CITIZEN_ASSERTION_AUDIENCE: 'elsewhere' }, IIN)))).toBe('INVALID');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: 'k-foreign' }).setIssuer('egov-idp').setAudience('qyzmet-offers').setSubject(IIN).setJti('x').setIssuedAt().setExpirationTime('10m').sign(privateKey);
    expect(await reasonOf(verify(foreign))).toBe('UNTRUSTED');
    // A deployment trusting that key accepts it — unless it lives longer than an hour.
    const trusting = await createCitizenAssertionVerifier({ ...dev, CITIZEN_IDP_PUBLIC_KEYS: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k-foreign' }] }) });
    expect((await trusting(foreign)).iin).toBe(IIN);
    const long = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: 'k-foreign' }).setIssuer('egov-idp').setAudience('qyzmet-offers').setSubject(IIN).setJti('x').setIssuedAt().setExpirationTime('2h').sign(privateKey);
    expect(await reasonOf(trusting(long))).toBe('INVALID');
    const notAnIin = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: 'k-foreign' }).setIssuer('egov-idp').setAudience('qyzmet-offers').setSubject('123').setJti('x').setIssuedAt().setExpirationTime('10m').sign(privateKey);
    expect(await reasonOf(trusting(notAnIin))).toBe('INVALID');
  });

  it('has no development key in production: the identity provider’s keys are required, and nothing is minted', async () => {
    await expect(createCitizenAssertionVerifier({ ...dev, production: true })).rejects.toThrow(/CITIZEN_IDP_PUBLIC_KEYS is required/);
    await expect(mintDevCitizenAssertion({ ...dev, production: true }, IIN)).rejects.toBeInstanceOf(CitizenKeyError);
  });
});
