/**
 * What a front-end does for its citizen: apply (`startCase`, idempotent by clientRequestId),
 * answer a request for information, withdraw. Intake is api/intake/'s — the API only maps its
 * typed errors (api/errors.ts toGraphQL); the citizen's actions are workflow Updates. What these
 * and the offer mutations share is case-action-kit.ts.
 */
import { provideInformationUpdate, withdrawCaseUpdate } from '../../workflows/messages.ts';
import { actorOf, type Caller } from '../auth/caller.ts';
import { canActForCitizen } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import { DuplicateEntitlement, IdempotencyConflict, InvalidIin, InvalidState, NoEffectiveVersion, NotFound, ServiceNotFound, toGraphQL, ValidationFailed } from '../errors.ts';
import { startCase } from '../intake/start-case.ts';
import { runCaseUpdate } from '../temporal/updates.ts';
import { caseForAction, CasePayload, reloadCase, timingOf, TimingOverridesInput } from './case-action-kit.ts';
import { caseView, CaseRef, type CaseView } from './cases.ts';
import { auditedDomainError, checkAnswers, checkIdentifier, checkText, ID_RULES, validMutationInput, WITHDRAW_REASON } from './input-rules.ts';
import { answerExtras } from './information.ts';
import { LanguageEnum } from './scalars.ts';

const StartCaseInput = builder.inputType('StartCaseInput', {
  fields: (t) => ({
    clientRequestId: t.string({ required: true, description: 'Your idempotency key: a retry with the same id returns the same case.' }),
    serviceCode: t.string({ required: true }),
    applicantIin: t.string({ required: true }),
    application: t.field({ type: 'JSON', required: true, description: "The service's fields (see services { currentVersion { fields } })." }),
    language: t.field({
      type: LanguageEnum,
      description: "The citizen's language for notifications. Given, it wins over the language the population register holds; omitted, the register's language is used (the case records the request's).",
    }),
    timing: t.field({ type: TimingOverridesInput }),
  }),
});

const StartCasePayload = builder.objectRef<{ case: CaseView; created: boolean }>('StartCasePayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    case: t.field({ type: CaseRef, resolve: (p) => p.case }),
    created: t.exposeBoolean('created', { description: 'False when this clientRequestId had already started the case.' }),
  }),
});

builder.mutationField('startCase', (t) =>
  t.field({
    type: StartCasePayload,
    description: 'Apply for a service on behalf of a citizen. Idempotent by clientRequestId.',
    authScopes: { apiKey: 'cases:write' },
    errors: { types: [ValidationFailed, InvalidIin, ServiceNotFound, NoEffectiveVersion, IdempotencyConflict, DuplicateEntitlement] },
    args: { input: t.arg({ type: StartCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const caller = ctx.caller as Extract<Caller, { kind: 'frontend' }>;
      const ids = validMutationInput(ctx, 'Mutation.startCase', {
        clientRequestId: checkIdentifier('clientRequestId', input.clientRequestId, ID_RULES.clientRequestId),
        serviceCode: checkIdentifier('serviceCode', input.serviceCode, ID_RULES.serviceCode),
      });
      const application = input.application;
      if (!application || typeof application !== 'object' || Array.isArray(application)) {
        throw auditedDomainError(ctx, 'Mutation.startCase', new ValidationFailed(ctx.lang, 'application must be a JSON object', [{ field: 'application', code: 'type', message: 'an object' }]));
      }
      const timing = timingOf(ctx, input.timing);
      try {
        const { created, row } = await startCase(
          { prisma: ctx.prisma, temporal: ctx.temporal, taskQueue: ctx.taskQueue, now: ctx.intakeClock, catalog: ctx.catalog },
          {
            clientId: caller.clientId,
            clientRequestId: ids.clientRequestId,
            serviceCode: ids.serviceCode,
            applicantIin: input.applicantIin,
            application: application as Record<string, unknown>,
            language: input.language ?? ctx.lang,
            languageChosen: input.language != null,
            timing,
          },
        );
        // The row intake wrote or found: the workflow just started has not moved it yet.
        return { case: caseView(row, ctx.lang), created };
      } catch (e) {
        throw auditedDomainError(ctx, 'Mutation.startCase', toGraphQL(ctx.lang, e));
      }
    },
  }),
);

const WithdrawCaseInput = builder.inputType('WithdrawCaseInput', {
  fields: (t) => ({ caseId: t.id({ required: true }), reason: t.string({ required: true }) }),
});

builder.mutationField('withdrawCase', (t) =>
  t.field({
    type: CasePayload,
    description: 'The citizen withdraws the application (before a decision is being issued).',
    authScopes: { apiKey: ['cases:write', 'offers:respond'] },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: WithdrawCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { reason } = validMutationInput(ctx, 'Mutation.withdrawCase', { reason: checkText('reason', input.reason, WITHDRAW_REASON) });
      const row = await caseForAction(ctx, input.caseId, 'Mutation.withdrawCase', canActForCitizen);
      await runCaseUpdate(ctx, { operation: 'Mutation.withdrawCase', caseId: row.id }, withdrawCaseUpdate, [{ reason, by: actorOf(ctx.caller) }]);
      return reloadCase(ctx, row.id);
    },
  }),
);

const ProvideInformationInput = builder.inputType('ProvideInformationInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    submissionId: t.string({ required: true, description: 'Your id for this answer (recorded; a retry is refused as already answered).' }),
    answers: t.field({ type: 'JSON', required: true, description: 'An object of text answers, e.g. {"note": "…"}, or {"iban": "KZ…"} where the service checks an IBAN with the bank.' }),
    documents: t.stringList({ description: 'The sha256 of each document attachDocument stored for this case (at most 5).' }),
  }),
});

builder.mutationField('provideInformation', (t) =>
  t.field({
    type: CasePayload,
    description: 'Answer an officer’s request for information; the case is evaluated again.',
    authScopes: { apiKey: ['cases:write', 'offers:respond'] },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: ProvideInformationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { submissionId, answers } = validMutationInput(ctx, 'Mutation.provideInformation', {
        submissionId: checkIdentifier('submissionId', input.submissionId, ID_RULES.submissionId),
        answers: checkAnswers(input.answers),
      });
      const row = await caseForAction(ctx, input.caseId, 'Mutation.provideInformation', canActForCitizen);
      const documents = await answerExtras(ctx, row, answers, input.documents);
      await runCaseUpdate(ctx, { operation: 'Mutation.provideInformation', caseId: row.id }, provideInformationUpdate, [documents.length ? { submissionId, answers, documents } : { submissionId, answers }]);
      return reloadCase(ctx, row.id);
    },
  }),
);
