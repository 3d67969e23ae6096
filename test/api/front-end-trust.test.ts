/**
 * Two paths around the rules that ran through front-end credentials:
 *  - one engineer could issue a key for any existing client, or with scopes over citizens' cases,
 *    and so read and act as that client: such keys now wait, authenticating nothing, for a
 *    second engineer's approval;
 *  - any key with offers:respond could list every proactive offer unmasked and answer any of
 *    them: a client now sees only the offers delivered through it (a citizen signed in there and
 *    proved who they are) and every answer carries the applicant's own proof, stored with it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as op from '../../api/client/operations.ts';
import { createApiKey } from '../../lib/auth/api-keys.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { applications, citizenProof, deliverOffers, offeredCase, waitForRow } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
let secondEngineer: Record<string, string>;
/** A citizen channel other than the harness's front-ends: the eGov mobile app. */
let mobile: Record<string, string>;

beforeAll(async () => {
  h = await startHarness();
  secondEngineer = { authorization: `Bearer ${await h.token({ sub: 'engineer-second', roles: ['engineer'], department: null })}` };
  const { key } = await createApiKey(h.engine.db.prisma, { name: 'eGov mobile (test)', clientId: 'egov-mobile-trust', scopes: ['offers:respond'] });
  mobile = { 'x-api-key': key };
}, 180_000);
afterAll(async () => h?.close());

const security = (action: string) => h.engine.db.prisma.auditEntry.count({ where: { stream: 'security', action } });
const lastSecurity = async (action: string) => (await h.engine.db.prisma.auditEntry.findFirstOrThrow({ where: { stream: 'security', action }, orderBy: { id: 'desc' } })) as { actor: string; details: any };
const createKey = async (clientId: string, scopes: string[], as: 'engineer' | Record<string, string> = 'engineer') =>
  expectOk(await h.gql(as, op.CREATE_API_KEY, { input: { name: `key for ${clientId}`, clientId, scopes } })).createApiKey as any;
const historyLength = async (caseId: string) => (await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).historyLength;
/** The history's length once the case has settled into waiting (an offered case still reports its pre-check to the life event for a moment). */
async function settledHistoryLength(caseId: string): Promise<number> {
  let last = await historyLength(caseId);
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await historyLength(caseId);
    if (now === last) return now;
    last = now;
  }
  return last;
}

describe('API keys that need a second approver', () => {
  it('issues a key with only life-events:write for a new client at once', async () => {
    const created = await createKey('registry-trust-1', ['LIFE_EVENTS_WRITE']);
    expect(created.apiKey).toMatchObject({ status: 'ACTIVE', createdBy: 'staff:engineer-timur' });
    expect((await h.gql({ 'x-api-key': created.key }, op.VIEWER)).status).toBe(200);
  });

  it.each([
    ['a case scope', 'portal-trust-2', ['CASES_READ']],
    ['cases:write', 'portal-trust-3', ['CASES_WRITE']],
    ['offers:respond', 'portal-trust-4', ['OFFERS_RESPOND']],
  ])('holds a key with %s PENDING, and a pending key is answered exactly as an unknown one', async (_what, clientId, scopes) => {
    const created = await createKey(clientId, scopes);
    expect(created.apiKey.status).toBe('PENDING');
    const pending = await h.gql({ 'x-api-key': created.key }, op.VIEWER);
    const unknown = await h.gql({ 'x-api-key': `qz_${created.key.split('_')[1]}_${'A'.repeat(32)}` }, op.VIEWER);
    expect(pending.status).toBe(401);
    expect(pending.body.errors?.[0]?.extensions).toEqual(unknown.body.errors?.[0]?.extensions);
    expect(pending.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'UNKNOWN' });
    const requested = await lastSecurity('API_KEY_REQUESTED');
    expect(requested.details).toMatchObject({ apiKeyId: created.apiKey.id, clientId, status: 'PENDING' });
  });

  it('holds a key for a client that already has keys PENDING, whatever its scope, so it cannot read that client’s cases', async () => {
    const caseId = await (async () => {
      const app = applications(h).autoApproved;
      const r = expectOk(await h.gql('frontendB', op.START_CASE, { input: { clientRequestId: 'trust-existing', ...app } })).startCase as any;
      return r.case.caseId as string;
    })();
    const created = await createKey('client-b', ['LIFE_EVENTS_WRITE']);
    expect(created.apiKey.status).toBe('PENDING');
    expect((await lastSecurity('API_KEY_REQUESTED')).details.needsApprovalBecause).toContain('already has keys');
    const asB = await createKey('client-b', ['CASES_READ']);
    expect((await h.gql({ 'x-api-key': asB.key }, op.CASE, { id: caseId })).status).toBe(401);
  });

  it('refuses the creator’s own approval (FORBIDDEN, audited) and activates the key on a second engineer’s', async () => {
    const created = await createKey('portal-trust-5', ['CASES_READ', 'CASES_WRITE']);
    const denied = await security('ACCESS_DENIED');
    const own = await h.gql('engineer', op.APPROVE_API_KEY, { id: created.apiKey.id });
    expect(own.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await security('ACCESS_DENIED')).toBe(denied + 1);
    expect((await lastSecurity('ACCESS_DENIED')).details).toMatchObject({ operation: 'Mutation.approveApiKey', target: { id: created.apiKey.id } });
    expect((await h.engine.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } })).status).toBe('PENDING');

    const pending = expectOk(await h.gql(secondEngineer, op.API_KEYS, { status: 'PENDING' })).apiKeys as any[];
    expect(pending.map((k) => k.id)).toContain(created.apiKey.id);
    const approved = expectOk(await h.gql(secondEngineer, op.APPROVE_API_KEY, { id: created.apiKey.id })).approveApiKey as any;
    expect(approved.apiKey).toMatchObject({ status: 'ACTIVE', createdBy: 'staff:engineer-timur', approvedBy: 'staff:engineer-second' });
    expect((await lastSecurity('API_KEY_APPROVED'))).toMatchObject({ actor: 'staff:engineer-second', details: { apiKeyId: created.apiKey.id, createdBy: 'staff:engineer-timur' } });
    expect((await h.gql({ 'x-api-key': created.key }, op.VIEWER)).status).toBe(200);

    const again = expectOk(await h.gql(secondEngineer, op.APPROVE_API_KEY, { id: created.apiKey.id })).approveApiKey as any;
    expect(again).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE' });
  });

  it('never approves a revoked pending key', async () => {
    const created = await createKey('portal-trust-6', ['OFFERS_RESPOND']);
    expectOk(await h.gql('engineer', op.REVOKE_API_KEY, { id: created.apiKey.id }));
    const late = expectOk(await h.gql(secondEngineer, op.APPROVE_API_KEY, { id: created.apiKey.id })).approveApiKey as any;
    expect(late).toMatchObject({ __typename: 'InvalidState' });
    expect((await h.gql({ 'x-api-key': created.key }, op.VIEWER)).status).toBe(401);
  });
});

describe('offers:respond, bound to the delivering client and to the citizen', () => {
  it('shows a client no offer that was not delivered through it, and lets it neither answer nor withdraw one', async () => {
    const { caseId, proof } = await offeredCase(h, 600_000, null);
    const events = await settledHistoryLength(caseId);
    const read = await h.gql('frontendA', op.CASE, { id: caseId });
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = expectOk(await h.gql('frontendA', op.CASES, { first: 100 })).cases as any;
    expect(listed.edges.map((e: any) => e.node.caseId)).not.toContain(caseId);
    const answer = await h.gql('frontendA', op.RESPOND_TO_OFFER, { caseId, consent: false, proof });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const withdraw = await h.gql('frontendA', op.WITHDRAW, { caseId, reason: 'not mine' });
    expect(withdraw.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await historyLength(caseId)).toBe(events);
  });

  it('delivers the signed-in citizen’s offers through that client only, unmasked there, and records the proof reference', async () => {
    const { caseId, mother } = await offeredCase(h, 600_000, null);
    const delivered = await deliverOffers(h, mobile, mother.iin);
    expect(delivered).toContain(caseId);
    const seen = expectOk(await h.gql(mobile, op.CASE, { id: caseId })).case as any;
    expect(seen).toMatchObject({ origin: 'PROACTIVE', status: 'OFFERED', applicantIin: mother.iin });
    const listed = expectOk(await h.gql(mobile, op.CASES, { first: 100 })).cases as any;
    expect(listed.edges.map((e: any) => e.node.caseId)).toEqual(expect.arrayContaining([caseId]));
    expect((await h.gql('frontendA', op.CASE, { id: caseId })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const row = await h.engine.db.prisma.offerDelivery.findUniqueOrThrow({ where: { caseId_clientId: { caseId, clientId: 'egov-mobile-trust' } } });
    expect(row.proofKind).toBe('EGOV_SUBJECT');
    expect(row.proofReference).toMatch(/^egov-idp:[\w-]+:[\w-]+$/);
    expect(row.proofReference).not.toContain(mother.iin);
    expect((await lastSecurity('OFFERS_DELIVERED')).details).toMatchObject({ clientId: 'egov-mobile-trust', caseIds: delivered });
    // Delivering again changes nothing (the client is recorded once).
    await deliverOffers(h, mobile, mother.iin);
    expect((await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).offerClientIds).toEqual(['egov-mobile-trust']);
  });

  it('refuses a forged or expired proof when delivering: FORBIDDEN, audited, nothing delivered', async () => {
    const { caseId, mother } = await offeredCase(h, 600_000, null);
    const genuine = await citizenProof(h, mother.iin);
    const { privateKey } = generateKeyPairSync('ed25519');
    // Signed by someone else under the trusted key's id.
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(genuine.reference).kid! })
      .setIssuer('egov-idp').setAudience('qyzmet-offers').setSubject(mother.iin).setJti('forged-1').setIssuedAt().setExpirationTime('10m')
      .sign(privateKey);
    const expired = await citizenProof(h, mother.iin, { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 600 });
    for (const reference of [forged, expired.reference, 'not-a-token']) {
      const denied = await security('ACCESS_DENIED');
      const r = await h.gql(mobile, op.OPEN_CITIZEN_OFFERS, { proof: { kind: 'EGOV_SUBJECT', reference } });
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await security('ACCESS_DENIED')).toBe(denied + 1);
    }
    expect((await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).offerClientIds).toEqual([]);
    expect(await h.engine.db.prisma.offerDelivery.count({ where: { caseId } })).toBe(0);
  });

  it('answers an offer only with the applicant’s own proof, and stores that proof with the consent', async () => {
    const { caseId, proof } = await offeredCase(h);
    const events = await settledHistoryLength(caseId);
    const stranger = await citizenProof(h, applications(h).autoApproved.applicantIin as string);
    const denied = await security('ACCESS_DENIED');
    const wrong = await h.gql('frontendA', op.RESPOND_TO_OFFER, { caseId, consent: false, proof: stranger });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await security('ACCESS_DENIED')).toBe(denied + 1);
    expect((await lastSecurity('ACCESS_DENIED')).details).toMatchObject({ operation: 'Mutation.respondToOffer', target: { caseId } });
    expect(JSON.stringify((await lastSecurity('ACCESS_DENIED')).details)).toContain('someone other than the applicant');

    // An SMS reply id is a proof only for a reply received from the phone the offer went to.
    const unknownSms = await h.gql('frontendA', op.RESPOND_TO_OFFER, { caseId, consent: false, proof: { kind: 'SMS_REPLY', reference: 'sms-never-received' } });
    expect(unknownSms.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await security('ACCESS_DENIED')).toBe(denied + 2);
    expect(await historyLength(caseId)).toBe(events);
    expect(await h.engine.db.prisma.offerResponse.count({ where: { caseId } })).toBe(0);

    const refused = expectOk(await h.gql('frontendA', op.RESPOND_TO_OFFER, { caseId, consent: false, proof })).respondToOffer as any;
    expect(refused).toMatchObject({ __typename: 'CasePayload', case: { status: 'REFUSED' } });
    const stored = await h.engine.db.prisma.offerResponse.findMany({ where: { caseId } });
    expect(stored).toEqual([expect.objectContaining({ clientId: 'client-a', consent: false, proofKind: 'EGOV_SUBJECT', proofReference: expect.stringMatching(/^egov-idp:/) })]);
  });

  it('takes the id of an SMS reply from the offer’s phone as the citizen’s proof, and no reply from another phone', async () => {
    const { caseId, eventId } = await offeredCase(h);
    const bundle = await waitForRow(h, () => h.engine.db.prisma.offerBundle.findFirst({ where: { lifeEventId: eventId, status: 'OPEN' } }));
    expect(bundle.recipientPhone).toBeTruthy();
    const received = (messageId: string, fromPhone: string) =>
      h.engine.db.prisma.inboundSms.create({ data: { id: messageId, messageId, fromPhone, text: '1', receivedAt: new Date(), outcome: 'ACCEPTED', bundleId: bundle.id } });
    await received(`sms-other-${caseId}`, '+77000000000');
    const denied = await security('ACCESS_DENIED');
    const other = await h.gql('frontendA', op.RESPOND_TO_OFFER, { caseId, consent: true, proof: { kind: 'SMS_REPLY', reference: `sms-other-${caseId}` } });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await security('ACCESS_DENIED')).toBe(denied + 1);

    await received(`sms-own-${caseId}`, bundle.recipientPhone!);
    const accepted = expectOk(await h.gql('frontendA', op.RESPOND_TO_OFFER, { caseId, consent: true, proof: { kind: 'SMS_REPLY', reference: `sms-own-${caseId}` } })).respondToOffer as any;
    expect(accepted).toMatchObject({ __typename: 'CasePayload' });
    const stored = await h.engine.db.prisma.offerResponse.findMany({ where: { caseId } });
    expect(stored).toEqual([expect.objectContaining({ consent: true, proofKind: 'SMS_REPLY', proofReference: `sms:sms-own-${caseId}` })]);
  });

  it('never lets a client that merely holds offers:respond answer through another client’s delivery', async () => {
    const { caseId, proof } = await offeredCase(h);
    const r = await h.gql(mobile, op.RESPOND_TO_OFFER, { caseId, consent: true, proof });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
