/**
 * Life events and proactive offers: a registry reports an event once (`submitLifeEvent`,
 * idempotent by event id); the platform offers matching services; the citizen's channel answers
 * (`respondToOffer`), and a refusal can be reversed within the consent window.
 */
import { submitLifeEvent } from '../intake/life-event.ts';
import { LIFE_EVENT_TYPES } from '../../services/definition.ts';
import { respondToOfferUpdate } from '../../workflows/messages.ts';
import { canRespondToOffer } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import { IdempotencyConflict, InvalidIin, InvalidState, NotFound, toGraphQL, ValidationFailed } from '../errors.ts';
import { runCaseUpdate } from '../temporal/updates.ts';
import { auditedDomainError, checkIdentifier, ID_RULES, optional, validMutationInput } from './input-rules.ts';
import { caseForAction, CasePayload, reloadCase, timingOf, TimingOverridesInput } from './case-action-kit.ts';
import { CitizenProofInput, recordOfferResponse, requireApplicant, verifyCitizenProof, type CitizenProof } from './offer-delivery.ts';

const LifeEventTypeEnum = builder.enumType('LifeEventType', { values: LIFE_EVENT_TYPES });

const SubmitLifeEventInput = builder.inputType('SubmitLifeEventInput', {
  fields: (t) => ({
    eventId: t.string({ required: true, description: "The registry's id of the event; a repeat returns the first submission." }),
    type: t.field({ type: LifeEventTypeEnum, required: true }),
    source: t.string({ required: true, description: 'The reporting registry, e.g. civil-registry.' }),
    subjectIin: t.string({ required: true, description: 'Whom the event is about (the newborn for a birth; the person registered for JOB_SEEKER_REGISTERED; the parent for an employment event).' }),
    payload: t.field({
      type: 'JSON',
      required: true,
      description: 'Event facts: BIRTH_REGISTERED {"childIin", "motherIin", "fatherIin", "birthDate"}; JOB_SEEKER_REGISTERED {"iin", "registrationDate", "jobLossDate"} (all required); RETURNED_TO_WORK and CHILDCARE_LEAVE_RESUMED (the employment registry) {"iin", "date"} (both required): they suspend or resume the parent\'s running childcare entitlement.',
    }),
    timing: t.field({ type: TimingOverridesInput }),
  }),
});

const SubmitLifeEventPayload = builder.objectRef<{ eventId: string; created: boolean }>('SubmitLifeEventPayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    eventId: t.exposeString('eventId'),
    created: t.exposeBoolean('created', { description: 'False when the event had been submitted before.' }),
  }),
});

builder.mutationField('submitLifeEvent', (t) =>
  t.field({
    type: SubmitLifeEventPayload,
    description: 'Report a life event; matching proactive services are offered to the citizen.',
    authScopes: { apiKey: 'life-events:write' },
    errors: { types: [ValidationFailed, InvalidIin, IdempotencyConflict] },
    args: { input: t.arg({ type: SubmitLifeEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = input.payload;
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
        throw auditedDomainError(ctx, 'Mutation.submitLifeEvent', new ValidationFailed(ctx.lang, 'payload must be a JSON object', [{ field: 'payload', code: 'type', message: 'an object' }]));
      }
      const ids = validMutationInput(ctx, 'Mutation.submitLifeEvent', {
        eventId: checkIdentifier('eventId', input.eventId, ID_RULES.eventId),
        source: checkIdentifier('source', input.source, ID_RULES.source),
      });
      try {
        return await submitLifeEvent(
          { prisma: ctx.prisma, temporal: ctx.temporal, taskQueue: ctx.taskQueue, now: ctx.intakeClock },
          { eventId: ids.eventId, type: input.type, source: ids.source, subjectIin: input.subjectIin, payload: payload as Record<string, unknown>, timing: timingOf(ctx, input.timing) },
        );
      } catch (e) {
        throw auditedDomainError(ctx, 'Mutation.submitLifeEvent', toGraphQL(ctx.lang, e));
      }
    },
  }),
);

const RespondToOfferInput = builder.inputType('RespondToOfferInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    consent: t.boolean({ required: true, description: 'true accepts; false refuses (reversible until the offer expires).' }),
    channel: t.string({ description: 'Where the citizen answered, e.g. egov-mobile; default your client id.' }),
    proof: t.field({ type: CitizenProofInput, required: true, description: "That the answer is the applicant's own: checked against the offer's applicant and stored with the answer." }),
  }),
});

builder.mutationField('respondToOffer', (t) =>
  t.field({
    type: CasePayload,
    description: "The citizen's answer to a proactive offer delivered through this client (openCitizenOffers), with the citizen's proof.",
    authScopes: { apiKey: 'offers:respond' },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: RespondToOfferInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const checked = validMutationInput(ctx, 'Mutation.respondToOffer', { channel: optional(input.channel, (v) => checkIdentifier('channel', v, ID_RULES.channel)) });
      const row = await caseForAction(ctx, input.caseId, 'Mutation.respondToOffer', canRespondToOffer);
      const citizen = await verifyCitizenProof(ctx, 'Mutation.respondToOffer', input.proof as CitizenProof);
      requireApplicant(ctx, 'Mutation.respondToOffer', row, citizen);
      const channel = checked.channel ?? (ctx.caller.kind === 'frontend' ? ctx.caller.clientId : 'api');
      await runCaseUpdate(ctx, { operation: 'Mutation.respondToOffer', caseId: row.id }, respondToOfferUpdate, [{ consent: input.consent, channel }]);
      await recordOfferResponse(ctx, row, input.consent, citizen);
      return reloadCase(ctx, row.id);
    },
  }),
);
