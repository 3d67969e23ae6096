/**
 * Proactive offers reach the citizen through a front-end, and only through the one the citizen
 * used. A client holding `offers:respond` sees no offer until a citizen signed in there proves
 * who they are (`openCitizenOffers` with a citizen proof): the citizen's offers are then
 * delivered through that client — recorded in Case.offerClientIds (what the policy reads) and
 * OfferDelivery (the proof's reference) — and only then may the client read and answer them.
 * Each answer (`respondToOffer`) carries a proof again, checked against the offer's applicant and
 * stored with the consent (OfferResponse), so an answer is always the citizen's own.
 *
 * Proof kinds: EGOV_SUBJECT, a signed assertion of the national identity provider
 * (lib/auth/citizen-assertions.ts); SMS_REPLY, the message id of the citizen's reply the SMS
 * gateway delivered (POST /sms/inbound), from the phone the offer was sent to.
 */
import { randomUUID } from 'node:crypto';
import type { Case } from '../../generated/prisma/client.ts';
import { InvalidCitizenAssertion, type CitizenAssertion } from '../../lib/auth/citizen-assertions.ts';
import { actorOf } from '../auth/caller.ts';
import { appendSecurityEntry } from '../auth/security-log.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { ValidationFailed } from '../errors.ts';
import { CaseRef, caseView, type CaseView } from './cases.ts';

export const CITIZEN_PROOF_KINDS = ['EGOV_SUBJECT', 'SMS_REPLY'] as const;
export type CitizenProofKind = (typeof CITIZEN_PROOF_KINDS)[number];
const MAX_PROOF_REFERENCE_LENGTH = 8192;

const CitizenProofKindEnum = builder.enumType('CitizenProofKind', {
  values: {
    EGOV_SUBJECT: { description: "A signed assertion of the national identity provider (eGov IdP) naming the citizen's IIN." },
    SMS_REPLY: { description: "The message id of the citizen's SMS reply (POST /sms/inbound) from the phone the offer was sent to." },
  },
});

export const CitizenProofInput = builder.inputType('CitizenProofInput', {
  description: 'Proof that the citizen the offer was made to is the one answering through this client.',
  fields: (t) => ({
    kind: t.field({ type: CitizenProofKindEnum, required: true }),
    reference: t.string({ required: true, description: 'EGOV_SUBJECT: the assertion (a JWT); SMS_REPLY: the inbound message id.' }),
  }),
});

export interface CitizenProof {
  kind: CitizenProofKind;
  reference: string;
}

export interface BoundCitizen extends CitizenAssertion {
  kind: CitizenProofKind;
}

/** The citizen a proof names, or a typed, audited refusal: VALIDATION_FAILED for an unusable proof, FORBIDDEN for an untrusted one. */
export async function verifyCitizenProof(ctx: Context, operation: string, proof: CitizenProof): Promise<BoundCitizen> {
  const refuse = (code: string, message: string) => {
    ctx.security.refuseInput(operation, [{ field: `proof.${code === 'UNAVAILABLE' ? 'kind' : 'reference'}`, code }]);
    return new ValidationFailed(ctx.lang, message, [{ field: code === 'UNAVAILABLE' ? 'proof.kind' : 'proof.reference', code, message }]);
  };
  if (!proof.reference || proof.reference.length > MAX_PROOF_REFERENCE_LENGTH) throw refuse('TOO_LONG', `proof.reference: 1 to ${MAX_PROOF_REFERENCE_LENGTH} characters`);
  if (proof.kind === 'SMS_REPLY') return smsReplyCitizen(ctx, operation, proof.reference);
  try {
    return { kind: proof.kind, ...(await (await ctx.verifyCitizen())(proof.reference)) };
  } catch (e) {
    if (!(e instanceof InvalidCitizenAssertion)) throw e;
    throw ctx.security.deny({ operation, reason: `the citizen proof is not accepted (${e.reason}): ${e.message}` });
  }
}

/**
 * An SMS reply as proof: a message the gateway delivered to POST /sms/inbound (signed by the
 * gateway), sent from the phone the offer went to. It names the citizen the offer was sent to;
 * anything else — an id never received, a reply to no offer, a phone other than the offer's — is
 * an audited refusal.
 */
async function smsReplyCitizen(ctx: Context, operation: string, messageId: string): Promise<BoundCitizen> {
  const reply = await ctx.prisma.inboundSms.findUnique({ where: { messageId } });
  const bundle = reply?.bundleId ? await ctx.prisma.offerBundle.findUnique({ where: { id: reply.bundleId } }) : null;
  if (!reply || !bundle || !bundle.recipientPhone || bundle.recipientPhone !== reply.fromPhone) {
    throw ctx.security.deny({ operation, reason: 'the SMS reply named as proof was not received from the phone an offer was sent to' });
  }
  return { kind: 'SMS_REPLY', iin: bundle.recipientIin, reference: `sms:${reply.messageId}`, expiresAt: bundle.expiresAt ?? reply.receivedAt };
}

/** The answer's citizen must be the offer's applicant; anything else is a refusal in the security log. */
export function requireApplicant(ctx: Context, operation: string, row: Case, citizen: BoundCitizen): void {
  if (citizen.iin !== row.applicantIin) {
    throw ctx.security.deny({ operation, reason: 'the citizen proof names someone other than the applicant of this offer', target: { caseId: row.id } });
  }
}

/**
 * Stores the proof with the citizen's answer, once the workflow accepted it (the answer itself is
 * in the case's history and audit chain). Not a security-stream entry: that stream records
 * credentials and refusals, and an accepted answer is neither.
 */
export async function recordOfferResponse(ctx: Context, row: Case, consent: boolean, citizen: BoundCitizen): Promise<void> {
  const clientId = ctx.caller.kind === 'frontend' ? ctx.caller.clientId : 'api';
  await ctx.prisma.offerResponse.create({ data: { id: randomUUID(), caseId: row.id, clientId, consent, proofKind: citizen.kind, proofReference: citizen.reference } });
}

const OpenCitizenOffersPayload = builder.objectRef<{ cases: CaseView[] }>('OpenCitizenOffersPayload').implement({
  description: "The citizen's proactive offers, now delivered through this client.",
  authScopes: { authenticated: true },
  fields: (t) => ({ cases: t.field({ type: [CaseRef], resolve: (p) => p.cases }) }),
});

builder.mutationField('openCitizenOffers', (t) =>
  t.field({
    type: OpenCitizenOffersPayload,
    description:
      "Deliver a signed-in citizen's proactive offers through this client: the proof names the citizen; their offers become visible to, and answerable through, this client only.",
    authScopes: { apiKey: 'offers:respond' },
    errors: { types: [ValidationFailed] },
    args: { input: t.arg({ type: builder.inputType('OpenCitizenOffersInput', { fields: (f) => ({ proof: f.field({ type: CitizenProofInput, required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const caller = ctx.caller;
      if (caller.kind !== 'frontend') throw ctx.security.deny({ operation: 'Mutation.openCitizenOffers', reason: 'offers are delivered through front-ends' });
      const citizen = await verifyCitizenProof(ctx, 'Mutation.openCitizenOffers', input.proof as CitizenProof);
      const offers = await ctx.prisma.case.findMany({ where: { origin: 'PROACTIVE', applicantIin: citizen.iin }, select: { id: true }, orderBy: { createdAt: 'asc' }, take: 100 });
      const ids = offers.map((o) => o.id);
      if (ids.length) {
        await ctx.prisma.$transaction([
          ...ids.map((caseId) =>
            ctx.prisma.offerDelivery.upsert({
              where: { caseId_clientId: { caseId, clientId: caller.clientId } },
              create: { caseId, clientId: caller.clientId, proofKind: citizen.kind, proofReference: citizen.reference },
              update: {},
            }),
          ),
          // Guarded in the statement, so two deliveries at once add the client once.
          ctx.prisma.case.updateMany({ where: { id: { in: ids }, NOT: { offerClientIds: { has: caller.clientId } } }, data: { offerClientIds: { push: caller.clientId } } }),
        ]);
      }
      await appendSecurityEntry(ctx.prisma, {
        actor: actorOf(caller),
        action: 'OFFERS_DELIVERED',
        details: { clientId: caller.clientId, caseIds: ids, proofKind: citizen.kind, proofReference: citizen.reference },
      });
      const rows = ids.length ? await ctx.prisma.case.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: 'asc' } }) : [];
      return { cases: rows.map((r) => caseView(r, ctx.lang)) };
    },
  }),
);
