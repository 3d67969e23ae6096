/**
 * Adds `Entitlement.rechecks`: the scheduled re-checks of an entitlement (workflows/recheck-workflow.ts)
 * — when, under which version, what the evidence fetched again gave, the hearing, and the decision.
 * The figures the re-evaluation used (derived values and parameters) let a reader redo the amount
 * by hand. The objection's text is not here: it is the citizen's, in the audit-free case timeline.
 */
import type { EntitlementRecheck } from '../../generated/prisma/client.ts';
import type { EvaluationResult } from '../../services/result.ts';
import { RECHECK_OUTCOMES, RECHECK_STATUSES } from '../../workflows/messages.ts';
import { builder } from '../builder.ts';
import { EntitlementRef } from './payments.ts';

const RecheckStatusEnum = builder.enumType('EntitlementRecheckStatus', { values: RECHECK_STATUSES });
const RecheckOutcomeEnum = builder.enumType('EntitlementRecheckOutcome', { values: RECHECK_OUTCOMES });

const RecheckFigureRef = builder.objectRef<{ name: string; value: number }>('EntitlementRecheckFigure').implement({
  description: 'A number the re-evaluation used: a derived value (e.g. eligibleChildren, mciMultiplier) or a dated parameter (e.g. mci).',
  authScopes: { authenticated: true },
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeFloat('value') }),
});

const RecheckRef = builder.objectRef<EntitlementRecheck>('EntitlementRecheck').implement({
  description: 'One scheduled re-check of an entitlement and what came of it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'PERIODIC-<n>, or the milestone and its date (CHILD_TURNS_18-2027-02-14).' }),
    trigger: t.exposeString('trigger', { description: 'PERIODIC or MILESTONE.' }),
    asOf: t.string({ description: 'The date the family was re-evaluated on.', resolve: (r) => r.asOf.toISOString().slice(0, 10) }),
    serviceVersion: t.exposeInt('serviceVersion', { description: 'The version in force on asOf, whose rules re-evaluated it.' }),
    outcome: t.field({ type: RecheckOutcomeEnum, resolve: (r) => r.outcome as (typeof RECHECK_OUTCOMES)[number] }),
    status: t.field({ type: RecheckStatusEnum, resolve: (r) => r.status as (typeof RECHECK_STATUSES)[number] }),
    currentAmount: t.float({ description: 'KZT per period paid when the re-check ran.', resolve: (r) => r.currentAmount.toNumber() }),
    newAmount: t.float({ nullable: true, description: 'KZT per period the re-check computed (or the officer decided); null when ineligible.', resolve: (r) => r.newAmount?.toNumber() ?? null }),
    hearingDueAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.hearingDueAt }),
    objected: t.boolean({ resolve: (r) => r.objection !== null }),
    taskId: t.exposeString('taskId', { nullable: true, description: "The officer's task when the citizen objected." }),
    decisionId: t.exposeString('decisionId', { nullable: true, description: 'The signed decision that superseded the standing one.' }),
    failedRules: t.stringList({ resolve: async (r, _a, ctx) => ((await ctx.prisma.evaluation.findUnique({ where: { id: r.evaluationId } }))?.result as unknown as EvaluationResult | undefined)?.failedRules ?? [] }),
    figures: t.field({
      type: [RecheckFigureRef],
      resolve: async (r, _a, ctx) => {
        const result = (await ctx.prisma.evaluation.findUnique({ where: { id: r.evaluationId } }))?.result as unknown as EvaluationResult | undefined;
        if (!result) return [];
        const derived = result.derived.flatMap((d) => (typeof (d as { value?: unknown }).value === 'number' ? [{ name: d.name, value: (d as { value: number }).value }] : []));
        const params = Object.entries(result.params).flatMap(([name, value]) => (typeof value === 'number' ? [{ name, value }] : []));
        return [...derived, ...params];
      },
    }),
    at: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
  }),
});

builder.objectField(EntitlementRef, 'rechecks', (t) =>
  t.field({
    type: [RecheckRef],
    description: 'The re-checks run so far, oldest first.',
    resolve: (e, _a, ctx) => ctx.prisma.entitlementRecheck.findMany({ where: { entitlementId: e.id }, orderBy: { asOf: 'asc' } }),
  }),
);
