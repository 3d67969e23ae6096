/**
 * What every mutation on a citizen's case shares (case-actions.ts, life-events.ts): the timing
 * overrides tests and demos may pass, finding the case the caller may act on (NOT_FOUND, or an
 * audited FORBIDDEN), and the payload that returns the case as the action left it.
 */
import type { Case } from '../../generated/prisma/client.ts';
import type { TimingOverrides } from '../../workflows/messages.ts';
import type { Caller } from '../auth/caller.ts';
import type { CaseAccessFacts } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { parseId } from '../ids.ts';
import { caseView, CaseRef, type CaseView } from './cases.ts';

export const TimingOverridesInput = builder.inputType('TimingOverridesInput', {
  description: 'Shorter clocks for tests and demos (milliseconds); refused where ALLOW_TIMING_OVERRIDES is off (production).',
  fields: (t) => ({
    slaMs: t.int(),
    supervisorSlaMs: t.int(),
    headSlaMs: t.int({ description: 'Every escalation level above the supervisors (the head of department).' }),
    consentWindowMs: t.int(),
    informationDeadlineMs: t.int(),
    hearingWindowMs: t.int({ description: 'The hearing window of a preliminary refusal, instead of the service’s working days.' }),
    registryRetryInitialIntervalMs: t.int(),
    registryMaxAttempts: t.int(),
    periodMs: t.int({ description: 'One benefit period (a month) of the entitlement an approval starts.' }),
  }),
});

export function timingOf(ctx: Context, timing: Record<string, number | null | undefined> | null | undefined): TimingOverrides | undefined {
  if (!timing) return undefined;
  const refuse = (message: string, fields: { field: string; code: string; message: string }[]) => {
    ctx.security.refuseInput('timing', fields);
    return new ValidationFailed(ctx.lang, message, fields);
  };
  if (!ctx.config.allowTimingOverrides) throw refuse('timing overrides are disabled in this deployment', [{ field: 'timing', code: 'disabled', message: 'not allowed here' }]);
  const entries = Object.entries(timing).filter(([, v]) => v !== null && v !== undefined) as [string, number][];
  const bad = entries.filter(([, v]) => v < 1);
  if (bad.length) throw refuse('timing values must be positive', bad.map(([k]) => ({ field: `timing.${k}`, code: 'range', message: 'must be ≥ 1' })));
  return Object.fromEntries(entries);
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
