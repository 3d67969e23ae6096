/**
 * What a Decision shows is what was signed: a database edit of the decision row's columns does not
 * change the amount, outcome or decider the API reports, and `columnsMatchRecord` says the row was
 * edited. The decision-signing public keys are published as a JWKS whose kids are RFC 7638
 * thumbprints, and the published keys verify the decision offline.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_KEYS_PATH, trustEndpoints } from '../../api/temporal/trust-endpoints.ts';
import { createTokenVerifier } from '../../lib/auth/tokens.ts';
import { jwkThumbprint } from '../../lib/jwk-thumbprint.ts';
import { decidedCase } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';
import { CASE_DECISION } from '../../api/client/operations.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('decision fields from the signed record', () => {
  it('shows the signed amount, outcome and decider after the row was edited, and flags the edit', async () => {
    const caseId = await decidedCase(h, 'frontendB');
    const before = (expectOk(await h.gql('frontendB', CASE_DECISION, { id: caseId })).case as any).decision;
    expect(before).toMatchObject({ outcome: 'APPROVED', signatureValid: true, columnsMatchRecord: true, decidedBy: 'system' });
    expect(before.amount).toBeGreaterThan(0);

    await h.engine.db.prisma.decision.updateMany({ where: { caseId }, data: { amount: 9_999_999, outcome: 'DENIED', decidedBy: 'officer-mallory' } });
    const after = (expectOk(await h.gql('frontendB', CASE_DECISION, { id: caseId })).case as any).decision;
    expect(after).toMatchObject({ outcome: 'APPROVED', amount: before.amount, decidedBy: 'system', decidedAt: before.decidedAt, signatureValid: true, columnsMatchRecord: false });
  });

  it('publishes the signing keys as a JWKS with thumbprint kids that verify the decision offline', async () => {
    const caseId = await decidedCase(h, 'frontendB');
    const d = (expectOk(await h.gql('frontendB', CASE_DECISION, { id: caseId })).case as any).decision;
    const route = trustEndpoints({ config: h.config, keyRing: h.engine.deps.keyRing, verifyToken: () => createTokenVerifier(h.config) })(SIGNING_KEYS_PATH)!;
    const res = await route(new Request(`http://api.test${SIGNING_KEYS_PATH}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwk-set+json');
    const { keys } = (await res.json()) as { keys: { kid: string; kty: string; crv: string; x: string }[] };
    for (const k of keys) expect(k.kid).toBe(jwkThumbprint(k));
    const jwk = keys.find((k) => k.kid === d.keyId)!;
    expect(jwk).toBeDefined();
    expect(verify(null, Buffer.from(d.record), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(d.signature, 'base64url'))).toBe(true);
  });
});
