/**
 * Cases held in NEEDS_ATTENTION: a step failed with an error no retry can fix (a value the database
 * refuses, no signing key) and the case waits (workflows/case/failed-step.ts). `Case.failedStep`
 * shows what failed — in Qyzmet's own words, never the failing value — and `retryFailedStep`
 * re-runs the step once its cause is fixed: engineers, and supervisors of the case's department.
 */
import type { CaseEvent } from '../../generated/prisma/client.ts';
import { FAILED_STEPS, NEEDS_ATTENTION, retryFailedStepUpdate, type FailedStepName } from '../../workflows/messages.ts';
import { officerOf } from '../auth/caller.ts';
import { canRetryFailedStep } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import { InvalidState, NotFound } from '../errors.ts';
import { runOfficerUpdate } from '../temporal/updates.ts';
import { caseForAction, CasePayload, reloadCase } from './case-action-kit.ts';
import { CaseRef } from './cases.ts';

interface FailedStepView {
  step: FailedStepName;
  errorType: string;
  message: string;
  failure: number;
  failedAt: Date;
}

/** The failure a case in NEEDS_ATTENTION waits on: its latest STEP_FAILED step in the read model. */
function failedStepOf(timeline: CaseEvent[]): FailedStepView | null {
  const event = timeline.findLast((e) => e.type === 'STEP_FAILED');
  if (!event) return null;
  const data = event.data as { step: FailedStepName; errorType: string; message: string; failure: number };
  return { step: data.step, errorType: data.errorType, message: data.message, failure: data.failure, failedAt: event.at };
}

const FailedStepNameEnum = builder.enumType('FailedStepName', { values: FAILED_STEPS });

const FailedStepRef = builder.objectRef<FailedStepView>('FailedStep').implement({
  description: 'A step that failed with an error no retry can fix; the case waits in NEEDS_ATTENTION until `retryFailedStep`.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    step: t.field({ type: FailedStepNameEnum, resolve: (f) => f.step }),
    errorType: t.exposeString('errorType', { description: 'The failure type, e.g. InvalidData, SigningKeyMissing.' }),
    message: t.exposeString('message', { description: "Qyzmet's explanation of the error type (and the SQLSTATE); never the failing value." }),
    failure: t.exposeInt('failure', { description: 'The how-many-th failure of this case.' }),
    failedAt: t.field({ type: 'DateTime', resolve: (f) => f.failedAt }),
  }),
});

builder.objectField(CaseRef, 'failedStep', (t) =>
  t.field({
    type: FailedStepRef,
    nullable: true,
    description: 'Set while the case is NEEDS_ATTENTION: the step that failed for good.',
    resolve: async (c, _args, ctx) => (c.status === NEEDS_ATTENTION ? failedStepOf(await ctx.loaders.timelineByCaseId.load(c.id)) : null),
  }),
);

const RetryFailedStepInput = builder.inputType('RetryFailedStepInput', {
  fields: (t) => ({ caseId: t.id({ required: true }) }),
});

/** Staff with no department (engineers) still sign a claim naming one; it grants nothing. */
const NO_DEPARTMENT = 'none';

builder.mutationField('retryFailedStep', (t) =>
  t.field({
    type: CasePayload,
    description:
      'Re-run the step that holds a case in NEEDS_ATTENTION, once its cause is fixed (engineers; supervisors of its department). Answers when the step ran: the case resumed, or is NEEDS_ATTENTION again with the new failure. A repeated request retries once.',
    authScopes: { $any: { engineer: true, supervisor: true } },
    errors: { types: [NotFound, InvalidState] },
    args: { input: t.arg({ type: RetryFailedStepInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const row = await caseForAction(ctx, input.caseId, 'Mutation.retryFailedStep', canRetryFailedStep);
      const failed = row.status === NEEDS_ATTENTION ? failedStepOf(await ctx.loaders.timelineByCaseId.load(row.id)) : null;
      if (!failed) throw new InvalidState(ctx.lang, `case ${row.id} does not need attention (status ${row.status}); only a failed step can be retried`);
      if (ctx.caller.kind !== 'staff') throw new Error('retryFailedStep needs a staff caller');
      const officer = officerOf(ctx.caller);
      await runOfficerUpdate(
        ctx,
        { operation: 'Mutation.retryFailedStep', caseId: row.id },
        retryFailedStepUpdate,
        { ...officer, department: officer.department || NO_DEPARTMENT },
        { failure: failed.failure },
        // One Update per failure: a repeated or concurrent request is answered by the same run of the step.
        { updateId: `retry-failed-step-${row.id}-${failed.failure}` },
      );
      ctx.loaders.timelineByCaseId.clear(row.id); // read before the retry; the payload shows after it
      return reloadCase(ctx, row.id);
    },
  }),
);
