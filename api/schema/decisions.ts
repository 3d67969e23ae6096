/**
 * Decisions: the signed record with its signature check, and the rule-by-rule explanation (from
 * the evaluation the decision was made on) with the legal basis of every rule, in the requested
 * language. Adds `decision` and `explanation` to Case.
 */
import { forCaller } from '../auth/personal-data.ts';
import type { Case, Decision, Evaluation } from '../../generated/prisma/client.ts';
import type { ServiceDefinition } from '../../services/definition.ts';
import type { CrossCheckResult, EvaluationResult, PolicyResult, RuleResult } from '../../services/result.ts';
import { canReadCase, type CaseAccessFacts } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../i18n.ts';
import { LegalBasisRef, RefusalGroundRef } from './catalog.ts';
import { caseView, CaseRef } from './cases.ts';
import { DecisionOutcomeEnum, LanguageEnum } from './scalars.ts';
import type { LegalBasis, LocalizedText } from '../../services/definition.ts';
import { ApiError } from '../errors.ts';

export type DecisionView = Decision & { lang: Lang; caseRow: Case };

/**
 * What a Decision shows comes from the signed record, never from the row's columns: a database
 * edit of `amount` shows the amount that was signed, and `columnsMatchRecord` says the row was
 * changed. The record is parsed and verified once per decision object.
 */
/** The members of the signed record (activities/decision-record.ts, `qyzmet.decision/v1`) a Decision shows. */
interface DecisionRecord {
  type: string;
  decisionId: string;
  caseId: string;
  outcome: string;
  amount: { value: number; currency: string } | null;
  decidedBy: { kind: 'SYSTEM' } | { kind: 'OFFICER'; officerId: string };
  decidedAt: string;
  keyId: string;
  grounds?: { code: string; text: LocalizedText; legalBasis: LegalBasis }[];
}
const DECISION_RECORD_TYPE = 'qyzmet.decision/v1';

interface Verified {
  valid: boolean;
  record: DecisionRecord | null;
}
const verifiedCache = new WeakMap<DecisionView, Verified>();

function verified(d: DecisionView, ctx: Context): Verified {
  let v = verifiedCache.get(d);
  if (!v) {
    let record: DecisionRecord | null = null;
    try {
      const parsed = JSON.parse(d.record) as DecisionRecord;
      if (parsed && typeof parsed === 'object' && parsed.type === DECISION_RECORD_TYPE) record = parsed;
    } catch {
      record = null;
    }
    v = { valid: record !== null && ctx.keyRing.verifyRecord(d.record, d.signature, d.keyId), record };
    verifiedCache.set(d, v);
  }
  return v;
}

const recordOf = (d: DecisionView, ctx: Context): DecisionRecord => {
  const { record } = verified(d, ctx);
  if (!record) throw new ApiError('INTERNAL_SERVER_ERROR', `decision ${d.id} has no readable signed record`);
  return record;
};
const decidedByOf = (r: DecisionRecord) => (r.decidedBy.kind === 'SYSTEM' ? 'system' : r.decidedBy.officerId);

/** The row's columns agree with the signed record (they are a copy of it for queries). */
function columnsMatch(d: DecisionView, r: DecisionRecord): boolean {
  const amount = r.amount?.value ?? null;
  const column = d.amount === null ? null : Number(d.amount);
  return (
    d.outcome === r.outcome &&
    column === amount &&
    d.decidedBy === decidedByOf(r) &&
    d.decidedAt.getTime() === new Date(r.decidedAt).getTime() &&
    d.keyId === r.keyId &&
    d.id === r.decisionId &&
    d.caseId === r.caseId
  );
}
interface ExplanationView {
  evaluation: Evaluation;
  result: EvaluationResult;
  definition: ServiceDefinition | null;
  lang: Lang;
}
type Item<T> = { item: T; view: ExplanationView };

const facts = (d: DecisionView): CaseAccessFacts => d.caseRow;

async function explanationOf(ctx: Context, evaluation: Evaluation, lang: Lang): Promise<ExplanationView> {
  // Texts come from the pinned definition, so they can be read in any language, not only the case's.
  const definition = await ctx.catalog.byContentHash(evaluation.definitionHash).catch(() => null);
  return { evaluation, result: evaluation.result as unknown as EvaluationResult, definition, lang };
}

export const RuleStatusEnum = builder.enumType('RuleStatus', { values: ['PASS', 'FAIL', 'INDETERMINATE'] as const });
export const OutcomeEnum = builder.enumType('EvaluationOutcome', { values: ['ELIGIBLE', 'INELIGIBLE', 'INDETERMINATE'] as const });

const CauseRef = builder.objectRef<{ kind: string; detail: string }>('IndeterminateCause').implement({
  description: 'Why a rule could not be decided (missing evidence, a parameter, an error).',
  authScopes: { authenticated: true },
  fields: (t) => ({ kind: t.exposeString('kind'), detail: t.exposeString('detail') }),
});

const RuleResultRef = builder.objectRef<Item<RuleResult>>('RuleResult').implement({
  description: 'How one rule came out for this case, with its legal basis.',
  authScopes: { authenticated: true },
  fields: (t) => {
    const rule = (r: Item<RuleResult>) => r.view.definition?.rules.find((d) => d.id === r.item.id);
    return {
      ruleId: t.string({ resolve: (r) => r.item.id }),
      status: t.field({ type: RuleStatusEnum, resolve: (r) => r.item.status }),
      text: t.string({ resolve: (r) => rule(r)?.text[r.view.lang] ?? r.item.text }),
      failText: t.string({ nullable: true, resolve: (r) => (r.item.status === 'FAIL' || r.item.treatedAsFail ? (rule(r)?.failText[r.view.lang] ?? r.item.failText) : null) }),
      legalBasis: t.field({ type: LegalBasisRef, resolve: (r) => r.item.legalBasis }),
      cause: t.field({ type: CauseRef, nullable: true, resolve: (r) => r.item.cause }),
      treatedAsFail: t.boolean({ resolve: (r) => r.item.treatedAsFail }),
      evidence: t.stringList({ description: 'Evidence keys the rule read.', resolve: (r) => r.item.evidence }),
    };
  },
});

const CheckResultRef = builder.objectRef<Item<CrossCheckResult | PolicyResult>>('CheckResult').implement({
  description: 'A consistency check between sources, or a policy condition that sends the case to an officer.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.string({ resolve: (c) => c.item.id }),
    outcome: t.string({ description: 'CONSISTENT/CONFLICT/UNKNOWN, or TRIGGERED/NOT_TRIGGERED.', resolve: (c) => ('status' in c.item ? c.item.status : c.item.triggered ? 'TRIGGERED' : 'NOT_TRIGGERED') }),
    text: t.string({
      resolve: (c) => {
        const def = c.view.definition;
        const source = def ? [...def.crossChecks, ...def.escalation.conditions].find((d) => d.id === c.item.id) : undefined;
        return source?.text[c.view.lang] ?? c.item.text;
      },
    }),
  }),
});

const AmountRef = builder.objectRef<NonNullable<EvaluationResult['amount']>>('AmountResult').implement({
  description: 'The computed payment.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    currency: t.exposeString('currency'),
    value: t.exposeFloat('value', { description: 'After cap and floor; monthly for monthly benefits.' }),
    computed: t.exposeFloat('computed', { description: 'The formula before cap and floor.' }),
    limitedBy: t.string({ nullable: true, resolve: (a) => a.limitedBy }),
    monthly: t.exposeBoolean('monthly'),
    periodMonths: t.int({ nullable: true, resolve: (a) => a.periodMonths }),
    total: t.exposeFloat('total', { description: 'value × months: what the four-eyes threshold measures.' }),
  }),
});

const ExplanationRef = builder.objectRef<ExplanationView>('Explanation').implement({
  description: 'The rule-by-rule evaluation of a case against its pinned service version.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    evaluationId: t.string({ resolve: (e) => e.evaluation.id }),
    purpose: t.string({ description: 'DECISION, or PRECHECK (before a proactive offer).', resolve: (e) => e.evaluation.purpose }),
    outcome: t.field({ type: OutcomeEnum, resolve: (e) => e.result.outcome }),
    asOf: t.field({ type: 'Date', resolve: (e) => e.result.asOf }),
    legalFactDate: t.field({ type: 'Date', resolve: (e) => e.result.legalFactDate }),
    serviceCode: t.string({ resolve: (e) => e.result.service.code }),
    serviceVersion: t.int({ resolve: (e) => e.result.service.version }),
    definitionHash: t.string({ resolve: (e) => e.result.service.contentHash }),
    requiresReview: t.boolean({ resolve: (e) => e.result.requiresReview }),
    fourEyes: t.boolean({ resolve: (e) => e.result.fourEyes }),
    escalationReasons: t.stringList({ resolve: (e) => e.result.escalationReasons }),
    failedRules: t.stringList({ resolve: (e) => e.result.failedRules }),
    rules: t.field({ type: [RuleResultRef], resolve: (e) => e.result.rules.map((item) => ({ item, view: e })) }),
    crossChecks: t.field({ type: [CheckResultRef], resolve: (e) => e.result.crossChecks.map((item) => ({ item, view: e })) }),
    policy: t.field({ type: [CheckResultRef], resolve: (e) => e.result.policy.map((item) => ({ item, view: e })) }),
    amount: t.field({ type: AmountRef, nullable: true, resolve: (e) => e.result.amount }),
  }),
});

type GroundView = NonNullable<DecisionRecord['grounds']>[number] & { lang: Lang };
const DecisionGroundRef = builder.objectRef<GroundView>('DecisionGround').implement({
  description: "A ground a refusal rests on, from the service's closed list, as signed in the decision record.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Machine-readable, stable per service.' }),
    text: t.string({
      description: "In the requested language (default: the decision's).",
      args: { lang: t.arg({ type: LanguageEnum, required: false }) },
      resolve: (g, args) => g.text[(args.lang as Lang | null | undefined) ?? g.lang],
    }),
    legalBasis: t.field({ type: LegalBasisRef, resolve: (g) => g.legalBasis }),
  }),
});

export const DecisionRef = builder.objectRef<DecisionView>('Decision');

builder.node(DecisionRef, {
  description: 'The signed decision. `record` is the exact canonical JSON that was signed (Ed25519).',
  id: { resolve: (d) => d.id },
  loadOne: async (id, ctx) => {
    const row = await ctx.prisma.decision.findUnique({ where: { id }, include: { case: true } });
    return row ? { ...row, caseRow: row.case, lang: ctx.lang } : null;
  },
  authScopes: (d, ctx) => canReadCase(ctx.caller, facts(d)),
  fields: (t) => ({
    decisionId: t.exposeString('id'),
    outcome: t.field({ type: DecisionOutcomeEnum, description: 'From the signed record.', resolve: (d, _args, ctx) => recordOf(d, ctx).outcome as never }),
    amount: t.float({ nullable: true, description: 'From the signed record.', resolve: (d, _args, ctx) => recordOf(d, ctx).amount?.value ?? null }),
    currency: t.string({ resolve: (d, _args, ctx) => recordOf(d, ctx).amount?.currency ?? 'KZT' }),
    decidedBy: t.string({ description: '"system", or the officer id; from the signed record.', resolve: (d, _args, ctx) => decidedByOf(recordOf(d, ctx)) }),
    decidedAt: t.field({ type: 'DateTime', description: 'From the signed record.', resolve: (d, _args, ctx) => new Date(recordOf(d, ctx).decidedAt) }),
    grounds: t.field({
      type: [DecisionGroundRef],
      description: 'The grounds of a refusal, from the signed record; empty for approvals and for refusals signed without grounds.',
      resolve: (d, _args, ctx) => (recordOf(d, ctx).grounds ?? []).map((g) => ({ ...g, lang: d.lang })),
    }),
    keyId: t.exposeString('keyId', { description: 'Which signing key; its public half verifies the signature.' }),
    algorithm: t.string({ resolve: () => 'Ed25519' }),
    signature: t.exposeString('signature', { description: 'base64url, over the UTF-8 bytes of `record`.' }),
    record: t.string({
      description: 'The canonical JSON that was signed; verify it byte for byte. (Masked, and so unverifiable offline, for engineers.)',
      resolve: (d, _args, ctx) => forCaller(ctx.caller, d.record),
    }),
    signatureValid: t.boolean({
      description: 'The signature verifies against `record` with a key this deployment trusts.',
      resolve: (d, _args, ctx) => verified(d, ctx).valid,
    }),
    columnsMatchRecord: t.boolean({
      description: "The decision row's columns (outcome, amount, decidedBy, decidedAt, keyId) agree with the signed record; false means the row was edited — the fields shown are the record's.",
      resolve: (d, _args, ctx) => columnsMatch(d, recordOf(d, ctx)),
    }),
    explanation: t.field({
      type: ExplanationRef,
      nullable: true,
      description: 'The evaluation the decision was made on.',
      resolve: async (d, _args, ctx) => {
        const evaluation = await ctx.prisma.evaluation.findUnique({ where: { id: d.evaluationId } });
        return evaluation ? explanationOf(ctx, evaluation, d.lang) : null;
      },
    }),
    case: t.field({ type: CaseRef, resolve: (d) => caseView(d.caseRow, d.lang) }),
  }),
});

builder.objectFields(CaseRef, (t) => ({
  refusalGrounds: t.field({
    type: [RefusalGroundRef],
    description: "The grounds an officer's DENY of this case chooses from: the closed list of the service version it is pinned to (empty before it is pinned, or for versions without grounds).",
    resolve: async (c, _args, ctx) => {
      const def = c.definitionHash ? await ctx.catalog.byContentHash(c.definitionHash) : null;
      return (def?.refusalGrounds ?? []).map((value) => ({ value, lang: c.lang }));
    },
  }),
  decision: t.field({
    type: DecisionRef,
    nullable: true,
    resolve: async (c, _args, ctx) => {
      const row = await ctx.loaders.decisionByCaseId.load(c.id);
      return row ? { ...row, caseRow: c, lang: c.lang } : null;
    },
  }),
  explanation: t.field({
    type: ExplanationRef,
    nullable: true,
    description: "The decision's evaluation if decided, else the latest (what an officer reviews).",
    resolve: async (c, _args, ctx) => {
      const decision = await ctx.loaders.decisionByCaseId.load(c.id);
      const evaluation = decision
        ? await ctx.prisma.evaluation.findUnique({ where: { id: decision.evaluationId } })
        : await ctx.prisma.evaluation.findFirst({ where: { caseId: c.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      return evaluation ? explanationOf(ctx, evaluation, c.lang) : null;
    },
  }),
}));
