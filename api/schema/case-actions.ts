/**
 * What a front-end does for its citizen: apply (`startCase`, idempotent by clientRequestId),
 * answer a request for information, withdraw. Intake is lib/intake's — the API only maps its
 * typed errors; the citizen's actions are workflow Updates.
 */
import type { Case } from '../../generated/prisma/client.ts';
import { IntakeError } from '../../lib/intake/errors.ts';
import { startCase } from '../../lib/intake/start-case.ts';
import { provideInformationUpdate, withdrawCaseUpdate, type TimingOverrides } from '../../workflows/messages.ts';
import { actorOf, type Caller } from '../auth/caller.ts';
import { canActForCitizen, type CaseAccessFacts } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError, IdempotencyConflict, InvalidIin, InvalidState, NoEffectiveVersion, NotFound, ServiceNotFound, ValidationFailed } from '../errors.ts';
import { parseId } from '../ids.ts';
import { runCaseUpdate } from '../temporal/updates.ts';
import { caseView, CaseRef, type CaseView } from './cases.ts';
import { LanguageEnum } from './scalars.ts';

export const TimingOverridesInput = builder.inputType('TimingOverridesInput', {
  description: 'Shorter clocks for tests and demos (milliseconds); refused where ALLOW_TIMING_OVERRIDES is off (production).',
  fields: (t) => ({
    slaMs: t.int(),
    supervisorSlaMs: t.int(),
    consentWindowMs: t.int(),
    informationDeadlineMs: t.int(),
    registryRetryInitialIntervalMs: t.int(),
    registryMaxAttempts: t.int(),
  }),
});

export function timingOf(ctx: Context, timing: Record<string, number | null | undefined> | null | undefined): TimingOverrides | undefined {
  if (!timing) return undefined;
  if (!ctx.config.allowTimingOverrides) throw new ValidationFailed(ctx.lang, 'timing overrides are disabled in this deployment', [{ field: 'timing', code: 'disabled', message: 'not allowed here' }]);
  const entries = Object.entries(timing).filter(([, v]) => v !== null && v !== undefined) as [string, number][];
  const bad = entries.filter(([, v]) => v < 1);
  if (bad.length) throw new ValidationFailed(ctx.lang, 'timing values must be positive', bad.map(([k]) => ({ field: `timing.${k}`, code: 'range', message: 'must be ≥ 1' })));
  return Object.fromEntries(entries);
}

/** lib/intake's typed failures as the API's: a domain error, or UNAVAILABLE (retry the same request). */
export function intakeFailure(ctx: Context, e: unknown): Error {
  if (!(e instanceof IntakeError)) return e as Error;
  switch (e.code) {
    case 'VALIDATION_FAILED':
      return new ValidationFailed(ctx.lang, e.message, e.fields);
    case 'INVALID_IIN':
      return new InvalidIin(ctx.lang, e.message, e.fields);
    case 'SERVICE_NOT_FOUND':
      return new ServiceNotFound(ctx.lang, e.message);
    case 'NO_EFFECTIVE_VERSION':
      return new NoEffectiveVersion(ctx.lang, e.message);
    case 'IDEMPOTENCY_CONFLICT':
      return new IdempotencyConflict(ctx.lang, e.message);
    case 'TEMPORAL_UNAVAILABLE':
      return apiError(ctx.lang, 'UNAVAILABLE', { detail: e.message });
  }
}

/** A case a front-end acts on: NOT_FOUND, or an audited FORBIDDEN when it is not its citizen's. */
export async function caseForAction(ctx: Context, id: string, operation: string, allowed: (caller: Caller, row: CaseAccessFacts) => boolean): Promise<Case> {
  const caseId = parseId(id, 'Case');
  const row = caseId ? await ctx.prisma.case.findUnique({ where: { id: caseId } }) : null;
  if (!row) throw new NotFound(ctx.lang, `no case ${id}`);
  if (!allowed(ctx.caller, row)) throw ctx.security.deny({ operation, reason: 'the case is not one this client may act on', target: { caseId: row.id } });
  return row;
}

export const CasePayload = builder.objectRef<{ case: CaseView }>('CasePayload').implement({
  description: 'The case after the action.',
  authScopes: { authenticated: true },
  fields: (t) => ({ case: t.field({ type: CaseRef, resolve: (p) => p.case }) }),
});

export const reloadCase = async (ctx: Context, id: string) => ({ case: caseView(await ctx.prisma.case.findUniqueOrThrow({ where: { id } }), ctx.lang) });

const StartCaseInput = builder.inputType('StartCaseInput', {
  fields: (t) => ({
    clientRequestId: t.string({ required: true, description: 'Your idempotency key: a retry with the same id returns the same case.' }),
    serviceCode: t.string({ required: true }),
    applicantIin: t.string({ required: true }),
    application: t.field({ type: 'JSON', required: true, description: "The service's fields (see services { currentVersion { fields } })." }),
    language: t.field({ type: LanguageEnum, description: "The citizen's language for notifications; default the request's." }),
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
    errors: { types: [ValidationFailed, InvalidIin, ServiceNotFound, NoEffectiveVersion, IdempotencyConflict] },
    args: { input: t.arg({ type: StartCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const caller = ctx.caller as Extract<Caller, { kind: 'frontend' }>;
      const application = input.application;
      if (!application || typeof application !== 'object' || Array.isArray(application)) {
        throw new ValidationFailed(ctx.lang, 'application must be a JSON object', [{ field: 'application', code: 'type', message: 'an object' }]);
      }
      const timing = timingOf(ctx, input.timing);
      try {
        const { caseId, created } = await startCase(
          { prisma: ctx.prisma, temporal: ctx.temporal, taskQueue: ctx.taskQueue, now: ctx.intakeClock, catalog: ctx.catalog },
          {
            clientId: caller.clientId,
            clientRequestId: input.clientRequestId,
            serviceCode: input.serviceCode,
            applicantIin: input.applicantIin,
            application: application as Record<string, unknown>,
            language: input.language ?? ctx.lang,
            timing,
          },
        );
        return { ...(await reloadCase(ctx, caseId)), created };
      } catch (e) {
        throw intakeFailure(ctx, e);
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
      const row = await caseForAction(ctx, input.caseId, 'Mutation.withdrawCase', canActForCitizen);
      const reason = input.reason.trim();
      if (!reason || reason.length > 500) throw new ValidationFailed(ctx.lang, 'reason: 1–500 characters', [{ field: 'reason', code: 'length', message: '1–500 characters' }]);
      await runCaseUpdate(ctx, { operation: 'Mutation.withdrawCase', caseId: row.id }, withdrawCaseUpdate, [{ reason, by: actorOf(ctx.caller) }]);
      return reloadCase(ctx, row.id);
    },
  }),
);

const ProvideInformationInput = builder.inputType('ProvideInformationInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    submissionId: t.string({ required: true, description: 'Your id for this answer (recorded; a retry is refused as already answered).' }),
    answers: t.field({ type: 'JSON', required: true, description: 'An object of text answers, e.g. {"note": "…"}.' }),
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
      const row = await caseForAction(ctx, input.caseId, 'Mutation.provideInformation', canActForCitizen);
      const answers = input.answers as Record<string, unknown>;
      const valid = answers && typeof answers === 'object' && !Array.isArray(answers) && Object.keys(answers).length > 0 && Object.values(answers).every((v) => typeof v === 'string');
      if (!valid) throw new ValidationFailed(ctx.lang, 'answers must be a non-empty object of strings', [{ field: 'answers', code: 'type', message: 'an object of strings' }]);
      if (!input.submissionId.trim()) throw new ValidationFailed(ctx.lang, 'submissionId is required', [{ field: 'submissionId', code: 'required', message: 'required' }]);
      await runCaseUpdate(ctx, { operation: 'Mutation.provideInformation', caseId: row.id }, provideInformationUpdate, [
        { submissionId: input.submissionId.trim(), answers: answers as Record<string, string> },
      ]);
      return reloadCase(ctx, row.id);
    },
  }),
);
