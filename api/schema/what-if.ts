/**
 * What-if for engineers (services/what-if): `reevaluateCase` re-runs another version's rules over the
 * evidence a case already holds, side by side with the version it was pinned to; and
 * `previewReevaluation` does it over a selection of decided cases and counts what would change.
 * Queries, because nothing is written and no registry is called. The other version is a number
 * (a published or draft ServiceVersion row) or a pasted definition, validated and never stored.
 */
import { previewBulkReevaluation, reevaluateCase, type BulkPreview, type RuleChange, type RuleLine, type Verdict, type WhatIfExample, type WhatIfResult, type WhatIfTarget, type WithheldEvidence } from '../../services/what-if/index.ts';
import type { RecordedDecision } from '../../services/what-if/index.ts';
import { forCaller, seesPersonalData } from '../auth/personal-data.ts';
import { personalPaths, textsOf, unreadPaths } from './what-if-reads.ts';
import { canReadCase } from '../auth/policy.ts';
import { actorOf } from '../auth/caller.ts';
import { MAX_PREVIEWS_PER_CALLER } from '../what-if-previews.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError, InvalidState, NotFound, ServiceMismatch, ServiceNotFound, toGraphQL, ValidationFailed, VersionNotFound } from '../errors.ts';
import { parseId } from '../ids.ts';
import { LegalBasisRef } from './catalog.ts';
import { OutcomeEnum, RuleStatusEnum } from './decisions.ts';
import { DecisionOutcomeEnum, LanguageEnum } from './scalars.ts';

const MAX_LIMIT = 2000;
/** previewReevaluationProgress: a ministry's year of decisions, with progress on the way. */
export const MAX_STREAMED_LIMIT = 100_000;
const DEFAULT_LIMIT = 500;
const MAX_EXAMPLES = 20;

const DispositionEnum = builder.enumType('WhatIfDisposition', {
  description: 'What the engine would do with the evaluation: decide alone, or hand the case to an officer.',
  values: ['APPROVED', 'DENIED', 'REVIEW'] as const,
});
const VersionSourceEnum = builder.enumType('WhatIfVersionSource', {
  values: { PUBLISHED: { value: 'PUBLISHED' }, DRAFT: { value: 'DRAFT' }, DEFINITION: { value: 'FILE', description: 'A definition passed in the request.' } } as const,
});

const RecordedDecisionRef = builder.objectRef<RecordedDecision>('WhatIfRecordedDecision').implement({
  description: 'The decision on record (an officer may have decided, with an amount of their own).',
  authScopes: { engineer: true },
  fields: (t) => ({
    outcome: t.field({ type: DecisionOutcomeEnum, resolve: (d) => d.outcome as 'APPROVED' | 'DENIED' }),
    amount: t.float({ nullable: true, resolve: (d) => d.amount }),
    decidedBy: t.exposeString('decidedBy', { description: '"system", or the officer id.' }),
    decidedAt: t.field({ type: 'DateTime', resolve: (d) => d.decidedAt }),
  }),
});

const VerdictRef = builder.objectRef<Verdict>('WhatIfVerdict').implement({
  description: "One version's rules over the case's stored evidence.",
  authScopes: { engineer: true },
  fields: (t) => ({
    version: t.exposeInt('version'),
    contentHash: t.exposeString('contentHash'),
    outcome: t.field({ type: OutcomeEnum, resolve: (v) => v.outcome }),
    disposition: t.field({ type: DispositionEnum, resolve: (v) => v.disposition }),
    amount: t.float({ nullable: true, description: 'KZT (monthly for monthly benefits); null unless ELIGIBLE.', resolve: (v) => v.amount }),
    periodMonths: t.int({ nullable: true, resolve: (v) => v.periodMonths }),
    failedRules: t.exposeStringList('failedRules'),
    escalationReasons: t.exposeStringList('escalationReasons', { description: 'Why the engine would hand it to an officer.' }),
  }),
});

interface RuleSide {
  id: string;
  before: RuleLine | null;
  after: RuleLine | null;
}

const RuleRef = builder.objectRef<RuleSide>('WhatIfRule').implement({
  description: 'One rule under both versions (a rule only one version has is null on the other side).',
  authScopes: { engineer: true },
  fields: (t) => ({
    ruleId: t.exposeString('id'),
    statusBefore: t.field({ type: RuleStatusEnum, nullable: true, resolve: (r) => r.before?.status ?? null }),
    statusAfter: t.field({ type: RuleStatusEnum, nullable: true, resolve: (r) => r.after?.status ?? null }),
    changed: t.boolean({ resolve: (r) => r.before?.status !== r.after?.status }),
    text: t.string({ description: "In the requested language; the proposed version's, else the original's.", resolve: (r) => (r.after ?? r.before)!.text }),
    legalBasis: t.field({ type: LegalBasisRef, resolve: (r) => (r.after ?? r.before)!.legalBasis }),
    whyBefore: t.string({ nullable: true, description: 'Why it failed or could not be decided.', resolve: (r, _a, ctx) => forCaller(ctx.caller, r.before?.why ?? null) }),
    whyAfter: t.string({ nullable: true, resolve: (r, _a, ctx) => forCaller(ctx.caller, r.after?.why ?? null) }),
  }),
});

const RuleChangeRef = builder.objectRef<RuleChange>('WhatIfRuleChange').implement({
  authScopes: { engineer: true },
  fields: (t) => ({
    ruleId: t.exposeString('id'),
    before: t.field({ type: RuleStatusEnum, nullable: true, resolve: (c) => c.original }),
    after: t.field({ type: RuleStatusEnum, nullable: true, resolve: (c) => c.proposed }),
    why: t.string({ nullable: true, resolve: (c, _a, ctx) => forCaller(ctx.caller, c.why) }),
  }),
});

const WithheldEvidenceRef = builder.objectRef<WithheldEvidence>('WithheldEvidence').implement({
  description: 'Evidence the proposed version needs that the case does not hold: rules reading it are INDETERMINATE, never guessed.',
  authScopes: { engineer: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    reason: t.string({ description: 'NOT_COLLECTED, or QUERY_CHANGED (fetched with another query or parameters).', resolve: (w) => w.reason }),
  }),
});

const ChangesRef = builder.objectRef<WhatIfResult['changes']>('WhatIfChanges').implement({
  authScopes: { engineer: true },
  fields: (t) => ({
    outcome: t.exposeBoolean('outcome'),
    amount: t.exposeBoolean('amount'),
    disposition: t.exposeBoolean('disposition'),
    changedRules: t.stringList({ resolve: (c) => c.rules.filter((r) => r.changed).map((r) => r.id) }),
  }),
});

const CaseReevaluationRef = builder.objectRef<WhatIfResult>('CaseReevaluation').implement({
  description: 'A case re-decided under another version, side by side with the version it was pinned to. Nothing was written.',
  authScopes: { engineer: true },
  fields: (t) => ({
    caseId: t.exposeString('caseId'),
    serviceCode: t.exposeString('serviceCode'),
    legalFactDate: t.field({ type: 'Date', resolve: (r) => r.legalFactDate }),
    submittedOn: t.field({ type: 'Date', resolve: (r) => r.submittedOn }),
    decision: t.field({ type: RecordedDecisionRef, nullable: true, resolve: (r) => r.decision }),
    original: t.field({ type: VerdictRef, description: 'The pinned version over the stored evidence: the like-for-like baseline.', resolve: (r) => r.original }),
    proposed: t.field({ type: VerdictRef, resolve: (r) => r.proposed }),
    proposedSource: t.field({ type: VersionSourceEnum, resolve: (r) => r.proposed.source }),
    proposedInForce: t.boolean({ description: "The proposed version is in force on the case's legal-fact date.", resolve: (r) => r.proposed.inForce }),
    rules: t.field({
      type: [RuleRef],
      description: "Every rule of either version, in the proposed version's order, then the removed ones.",
      resolve: (r) => {
        const find = (v: Verdict, id: string) => v.rules.find((x) => x.id === id) ?? null;
        return r.changes.rules.map((c) => ({ id: c.id, before: find(r.original, c.id), after: find(r.proposed, c.id) }));
      },
    }),
    withheldEvidence: t.field({ type: [WithheldEvidenceRef], resolve: (r) => r.withheldEvidence }),
    changes: t.field({ type: ChangesRef, resolve: (r) => r.changes }),
  }),
});

const BriefRef = builder.objectRef<WhatIfExample['original']>('WhatIfBrief').implement({
  authScopes: { engineer: true },
  fields: (t) => ({
    outcome: t.field({ type: OutcomeEnum, resolve: (b) => b.outcome }),
    disposition: t.field({ type: DispositionEnum, resolve: (b) => b.disposition }),
    amount: t.float({ nullable: true, resolve: (b) => b.amount }),
  }),
});

const ExampleRef = builder.objectRef<WhatIfExample>('ReevaluationExample').implement({
  authScopes: { engineer: true },
  fields: (t) => ({
    caseId: t.exposeString('caseId'),
    decision: t.field({ type: RecordedDecisionRef, nullable: true, resolve: (e) => e.decision }),
    before: t.field({ type: BriefRef, resolve: (e) => e.original }),
    after: t.field({ type: BriefRef, resolve: (e) => e.proposed }),
    changedRules: t.field({ type: [RuleChangeRef], resolve: (e) => e.changedRules }),
    withheldEvidence: t.field({ type: [WithheldEvidenceRef], resolve: (e) => e.withheldEvidence }),
  }),
});

const TransitionRef = builder.objectRef<BulkPreview['transitions'][number]>('OutcomeTransition').implement({
  authScopes: { engineer: true },
  fields: (t) => ({
    from: t.field({ type: OutcomeEnum, resolve: (x) => x.from }),
    to: t.field({ type: OutcomeEnum, resolve: (x) => x.to }),
    count: t.exposeInt('count'),
  }),
});

const CountsRef = builder.objectRef<BulkPreview['changed']>('ReevaluationCounts').implement({
  description: 'How many evaluated cases would change.',
  authScopes: { engineer: true },
  fields: (t) => ({ outcome: t.exposeInt('outcome'), amount: t.exposeInt('amount'), disposition: t.exposeInt('disposition'), any: t.exposeInt('any') }),
});

const AmountsRef = builder.objectRef<BulkPreview['amounts']>('ReevaluationAmounts').implement({
  description: "Sum of the rules' amounts (KZT; a monthly amount counts once) under each version.",
  authScopes: { engineer: true },
  fields: (t) => ({
    before: t.exposeFloat('before'),
    after: t.exposeFloat('after'),
    delta: t.exposeFloat('delta'),
    increased: t.exposeInt('increased', { description: 'Cases whose amount would go up.' }),
    decreased: t.exposeInt('decreased'),
  }),
});

const FailureRef = builder.objectRef<BulkPreview['errors'][number]>('ReevaluationFailure').implement({
  authScopes: { engineer: true },
  fields: (t) => ({ caseId: t.exposeString('caseId'), message: t.string({ resolve: (f, _a, ctx) => forCaller(ctx.caller, f.message) }) }),
});

export const PreviewRef = builder.objectRef<BulkPreview & { limit: number }>('ReevaluationPreview').implement({
  description: 'How a version would re-decide a selection of decided cases. Nothing was written.',
  authScopes: { engineer: true },
  fields: (t) => ({
    serviceCode: t.exposeString('serviceCode'),
    version: t.int({ resolve: (p) => p.target.version }),
    contentHash: t.string({ resolve: (p) => p.target.contentHash }),
    source: t.field({ type: VersionSourceEnum, resolve: (p) => p.target.source }),
    evaluated: t.exposeInt('evaluated'),
    limitReached: t.boolean({ description: 'The selection held at least `limit` cases: only the newest decisions were evaluated.', resolve: (p) => p.evaluated + p.errors.length >= p.limit }),
    changed: t.field({ type: CountsRef, resolve: (p) => p.changed }),
    withMissingEvidence: t.exposeInt('withMissingEvidence', { description: 'Cases where the version needs evidence the case does not hold.' }),
    transitions: t.field({ type: [TransitionRef], description: 'Outcome transitions, most frequent first (unchanged outcomes are not listed).', resolve: (p) => p.transitions }),
    amounts: t.field({ type: AmountsRef, resolve: (p) => p.amounts }),
    outcomeExamples: t.field({ type: [ExampleRef], description: 'Cases whose outcome would change.', resolve: (p) => p.examples.outcome }),
    amountExamples: t.field({ type: [ExampleRef], description: 'Cases whose outcome stays but whose amount would change.', resolve: (p) => p.examples.amount }),
    failures: t.field({ type: [FailureRef], description: 'Cases that could not be re-evaluated.', resolve: (p) => p.errors }),
  }),
});

/**
 * A pasted definition, for a caller who sees the cases' personal data masked, may read no
 * personal path the service's catalog versions do not read (what-if-reads.ts).
 */
async function checkPastedReads(ctx: Context, operation: string, serviceCode: string, definition: unknown, department: string | null | undefined): Promise<void> {
  if (seesPersonalData(ctx.caller, department)) return;
  const catalogTexts = new Set<string>();
  for (const v of await ctx.prisma.serviceVersion.findMany({ where: { code: serviceCode }, select: { definition: true } })) for (const t of textsOf(v.definition)) catalogTexts.add(t);
  // Texts the catalog already holds (an unchanged rule, a cross-check) read what they read there.
  const newTexts = textsOf(definition).filter((t) => !catalogTexts.has(t));
  const extra = unreadPaths(personalPaths(newTexts), personalPaths(catalogTexts));
  if (!extra.length) return;
  const fields = extra.slice(0, 10).map((path) => ({ field: 'definition', code: 'READS_PERSONAL_DATA', message: `${path} is not read by any version of ${serviceCode}` }));
  ctx.security.refuseInput(operation, fields);
  throw new ValidationFailed(ctx.lang, `a pasted definition may read only what the service's versions read; it also reads ${extra.slice(0, 10).join(', ')}`, fields);
}

/** The version to compare with: exactly one of a number and a definition. */
function targetOf(ctx: Context, input: { version?: number | null; definition?: unknown }): WhatIfTarget {
  const hasVersion = input.version !== null && input.version !== undefined;
  const hasDefinition = input.definition !== null && input.definition !== undefined;
  if (hasVersion === hasDefinition) {
    throw new ValidationFailed(ctx.lang, 'give exactly one of version and definition', [{ field: 'version', code: 'one-of', message: 'exactly one of version, definition' }]);
  }
  return hasVersion ? { version: input.version! } : { definition: input.definition };
}

const ReevaluateCaseInput = builder.inputType('ReevaluateCaseInput', {
  description: "The case, and the version of its service to re-decide it under: `version` or `definition`.",
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({ description: "A published or draft version of the case's service." }),
    definition: t.field({ type: 'JSON', description: 'A whole service definition not in the catalog (a draft being written): validated, never stored.' }),
  }),
});

builder.queryField('reevaluateCase', (t) =>
  t.field({
    type: CaseReevaluationRef,
    description: "What another version would decide for this case, from the evidence it holds, side by side with its pinned version (engineers). Read-only.",
    authScopes: { engineer: true },
    errors: { types: [NotFound, InvalidState, VersionNotFound, ServiceMismatch, ValidationFailed] },
    args: { input: t.arg({ type: ReevaluateCaseInput, required: true }), lang: t.arg({ type: LanguageEnum, required: false, description: 'Rule texts; default the request language.' }) },
    resolve: async (_root, { input, lang }, ctx) => {
      const target = targetOf(ctx, input);
      const caseId = parseId(input.caseId, 'Case');
      const row = caseId ? await ctx.loaders.caseById.load(caseId) : null;
      if (!row) throw new NotFound(ctx.lang, `no case ${input.caseId}`);
      if (!canReadCase(ctx.caller, row)) throw ctx.security.deny({ operation: 'Query.reevaluateCase', reason: 'the case is outside what the caller may see', target: { caseId: row.id } });
      if (!row.definitionHash) throw new InvalidState(ctx.lang, `case ${row.id} has no service version pinned yet`);
      if ('definition' in target) await checkPastedReads(ctx, 'Query.reevaluateCase', row.serviceCode, target.definition, row.department);
      return reevaluateCase(ctx.prisma, row.id, target, { lang: lang ?? ctx.lang }).catch((e) => Promise.reject(toGraphQL(ctx.lang, e)));
    },
  }),
);

export interface PreviewInput {
  serviceCode: string;
  version?: number | null;
  definition?: unknown;
  decidedFrom?: string | null;
  decidedTo?: string | null;
  outcome?: 'APPROVED' | 'DENIED' | null;
  limit?: number | null;
  examples?: number | null;
}

export const PreviewReevaluationInput = builder.inputType('PreviewReevaluationInput', {
  description: 'Decided cases of one service (by Kazakhstan decision date, inclusive, and outcome), and the version to re-decide them under.',
  fields: (t) => ({
    serviceCode: t.string({ required: true }),
    version: t.int({ description: 'A published or draft version of the service.' }),
    definition: t.field({ type: 'JSON', description: 'A whole service definition not in the catalog: validated, never stored.' }),
    decidedFrom: t.field({ type: 'Date' }),
    decidedTo: t.field({ type: 'Date' }),
    outcome: t.field({ type: DecisionOutcomeEnum }),
    limit: t.int({ description: `At most this many cases, newest decisions first (default ${DEFAULT_LIMIT}; at most ${MAX_LIMIT} for the query, ${MAX_STREAMED_LIMIT} for the progress subscription; beyond, the CLI).` }),
    examples: t.int({ description: `Examples of each kind of change (default 5, at most ${MAX_EXAMPLES}).` }),
  }),
});

export const previewsBusy = (ctx: Context) => apiError(ctx.lang, 'RATE_LIMITED', { detail: `at most ${MAX_PREVIEWS_PER_CALLER} what-if previews at once per caller` });

/** The selection and the version a preview request names, checked; `maxLimit` is the query's or the subscription's. */
export async function previewRequest(ctx: Context, operation: string, input: PreviewInput, maxLimit: number) {
  const target = targetOf(ctx, input);
  const limit = input.limit ?? DEFAULT_LIMIT;
  const examples = input.examples ?? 5;
  const problems = [
    ...(limit < 1 || limit > maxLimit ? [{ field: 'limit', code: 'range', message: `1–${maxLimit}` }] : []),
    ...(examples < 0 || examples > MAX_EXAMPLES ? [{ field: 'examples', code: 'range', message: `0–${MAX_EXAMPLES}` }] : []),
    ...(input.decidedFrom && input.decidedTo && input.decidedFrom > input.decidedTo ? [{ field: 'decidedTo', code: 'range', message: 'not before decidedFrom' }] : []),
  ];
  if (problems.length) throw new ValidationFailed(ctx.lang, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  if ((await ctx.prisma.serviceVersion.count({ where: { code: input.serviceCode } })) === 0) throw new ServiceNotFound(ctx.lang, `no service ${input.serviceCode}`);
  if ('definition' in target) await checkPastedReads(ctx, operation, input.serviceCode, target.definition, undefined);
  const selection = { serviceCode: input.serviceCode, decidedFrom: input.decidedFrom ?? undefined, decidedTo: input.decidedTo ?? undefined, outcome: input.outcome ?? undefined, limit };
  return { target, selection, limit, examples };
}

builder.queryField('previewReevaluation', (t) =>
  t.field({
    type: PreviewRef,
    description: `How many decided outcomes and amounts another version would change, with examples (engineers). Read-only. Up to ${MAX_LIMIT} cases in one request; for more, with progress, the previewReevaluationProgress subscription.`,
    authScopes: { engineer: true },
    errors: { types: [ServiceNotFound, VersionNotFound, ServiceMismatch, ValidationFailed] },
    args: { input: t.arg({ type: PreviewReevaluationInput, required: true }), lang: t.arg({ type: LanguageEnum, required: false }) },
    resolve: async (_root, { input, lang }, ctx) => {
      const { target, selection, limit, examples } = await previewRequest(ctx, 'Query.previewReevaluation', input, MAX_LIMIT);
      const run = ctx.previews.start(actorOf(ctx.caller));
      if (!run) throw previewsBusy(ctx);
      try {
        // Stops when the client goes away, as the subscription does (and when the API shuts down).
        ctx.signal?.addEventListener('abort', run.abort, { once: true });
        if (ctx.signal?.aborted) run.abort();
        const preview = await previewBulkReevaluation(ctx.prisma, selection, target, { lang: lang ?? ctx.lang, examples, signal: run.signal }).catch((e) =>
          Promise.reject(run.signal.aborted ? apiError(ctx.lang, 'UNAVAILABLE', { detail: 'the preview stopped: its client went away or the API is shutting down' }) : toGraphQL(ctx.lang, e)),
        );
        return { ...preview, limit };
      } finally {
        run.end();
      }
    },
  }),
);
