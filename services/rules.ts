/**
 * Evaluates a service definition against one case: a pure, deterministic function of the
 * definition and its input (no clock, no I/O), so the activity that runs it records the same
 * answer on every retry and a what-if re-run against another version is just another call.
 *
 * Outcome semantics (what a ministry wants: automate the clear cases, never deny or pay on a guess):
 *  1. A rule is INDETERMINATE when it reads evidence that is not there (a REQUIRED source not
 *     FOUND, or ANY source UNAVAILABLE), a parameter with no value at the legal-fact date, or a
 *     derived value that could not be computed — it is then not evaluated at all — or when it
 *     fails at run time or gives a non-boolean. Optional evidence that is NOT_FOUND is `null` in
 *     the context, and a rule may decide on it (`evidence.bank != null`).
 *  2. So a FAIL is always computed from complete inputs, and it is DECISIVE: the case is
 *     INELIGIBLE even if other rules are indeterminate — the citizen is denied for a reason that
 *     stands on its own, with its legal basis. (A rule with onIndeterminate: FAIL also counts.)
 *  3. Except when sources CONFLICT (a cross-check is false, e.g. the job-loss date in the
 *     application differs from the employment registry): the facts themselves are disputed, so
 *     nothing is automatic — INDETERMINATE, for an officer.
 *  4. Otherwise any indeterminate rule, required evidence not found, an unverifiable cross-check,
 *     or an amount that cannot be computed → INDETERMINATE. All rules PASS → ELIGIBLE, with amount.
 *  5. ELIGIBLE or INELIGIBLE cases may still need an officer: FOUR_EYES when the total granted
 *     exceeds the threshold, POLICY:<id> when an escalation condition holds (a condition that
 *     cannot be evaluated counts as holding — fail-safe). `requiresReview` says so.
 */
import { parseIin } from '../lib/iin.ts';
import { errorCode, roundMoney, summarise, toJson, type CompiledExpression, type ExpressionRefs } from './cel.ts';
import { compiledOf } from './compiled.ts';
import { definitionHash } from './definition-hash.ts';
import { yearsBetween } from '../lib/dates.ts';
import type { Lang, ParameterValue, ServiceDefinition } from './definition.ts';
import { cite } from './verification.ts';
import { legalFactFrom } from './legal-fact.ts';
import type {
  AmountResult,
  Cause,
  CrossCheckResult,
  DerivedResult,
  EvaluationInput,
  EvaluationResult,
  EvidenceStatus,
  Outcome,
  PolicyResult,
  RuleResult,
} from './result.ts';

export type * from './result.ts';

/** The dated value of each parameter that holds on a date; null when the definition has none for it. */
export function resolveParameterValues(def: ServiceDefinition, date: string): Record<string, ParameterValue | null> {
  const out: Record<string, ParameterValue | null> = {};
  for (const p of def.parameters) {
    const current = p.values.filter((v) => v.from <= date).at(-1);
    out[p.name] = current && (current.to === undefined || date <= current.to) ? current : null;
  }
  return out;
}

const valuesOf = (dated: Record<string, ParameterValue | null>): Record<string, number | null> =>
  Object.fromEntries(Object.entries(dated).map(([name, v]) => [name, v?.value ?? null]));

/** The value of each dated parameter on a date; null when the definition has none for it. */
export function resolveParameters(def: ServiceDefinition, date: string): Record<string, number | null> {
  return valuesOf(resolveParameterValues(def, date));
}

/** Whether a total granted (KZT) needs two different officers: at or above the threshold. */
export function needsFourEyes(def: ServiceDefinition, total: number): boolean {
  return total >= def.escalation.fourEyesThreshold;
}

type Run = { ok: true; value: unknown } | { ok: false; cause: Cause };

function run(expr: CompiledExpression, context: Record<string, unknown>): Run {
  try {
    return { ok: true, value: toJson(expr.evaluate(context)) };
  } catch (err) {
    return { ok: false, cause: { kind: 'ERROR', detail: `${errorCode(err)}: ${summarise(err)}` } };
  }
}

/** Tracks what is unknown so dependants are reported instead of evaluated on missing data. */
class Knowledge {
  readonly missingEvidence = new Map<string, EvidenceStatus>();
  readonly missingParams = new Set<string>();
  readonly unknownDerived = new Map<string, Cause>();
  readonly derivedEvidence = new Map<string, Set<string>>();
  readonly derivedSoFar: string[] = [];
  constructor(readonly evidenceKeys: string[], readonly paramNames: string[]) {}

  evidenceOf(refs: ExpressionRefs): string[] {
    const keys = new Set(refs.wholeEvidence ? this.evidenceKeys : refs.evidence);
    for (const d of refs.wholeDerived ? this.derivedSoFar : refs.derived) for (const k of this.derivedEvidence.get(d) ?? []) keys.add(k);
    return this.evidenceKeys.filter((k) => keys.has(k));
  }

  blocker(refs: ExpressionRefs): Cause | null {
    for (const k of refs.wholeEvidence ? this.evidenceKeys : refs.evidence) {
      const status = this.missingEvidence.get(k);
      if (status) return { kind: 'EVIDENCE_MISSING', detail: `${k}: ${status}` };
    }
    for (const p of refs.wholeParams ? this.paramNames : refs.params) {
      if (this.missingParams.has(p)) return { kind: 'PARAMETER_MISSING', detail: p };
    }
    for (const d of refs.wholeDerived ? this.derivedSoFar : refs.derived) {
      const cause = this.unknownDerived.get(d);
      if (cause) return { kind: 'DERIVED_UNKNOWN', detail: `${d} (${cause.kind}: ${cause.detail})` };
    }
    return null;
  }
}

function buildApplicant(input: EvaluationInput) {
  const parsed = parseIin(input.applicant.iin);
  const birthDate = input.applicant.birthDate ?? (parsed.ok ? parsed.birthDate : null);
  const sex = input.applicant.sex ?? (parsed.ok ? parsed.sex : null);
  const age = birthDate ? yearsBetween(birthDate, input.asOf) : null;
  return { iin: input.applicant.iin, birthDate, sex, age };
}

export function evaluateService(def: ServiceDefinition, input: EvaluationInput, lang: Lang = 'kk'): EvaluationResult {
  const compiled = compiledOf(def);
  const legalFactDate = legalFactFrom(def.code, def.legalFact, input.application, input.asOf);
  const paramValues = resolveParameterValues(def, legalFactDate);
  const params = valuesOf(paramValues);
  const know = new Knowledge(def.evidence.map((e) => e.key), def.parameters.map((p) => p.name));

  const evidenceData: Record<string, unknown> = {};
  const evidenceSummary = def.evidence.map((spec) => {
    const item = input.evidence[spec.key];
    const status: EvidenceStatus = item?.status ?? 'UNAVAILABLE';
    evidenceData[spec.key] = status === 'FOUND' ? toJson(item?.data) : null;
    if (status === 'UNAVAILABLE' || (spec.required && status !== 'FOUND')) know.missingEvidence.set(spec.key, status);
    return { key: spec.key, query: spec.query, required: spec.required, status };
  });
  for (const [name, value] of Object.entries(params)) if (value === null) know.missingParams.add(name);

  const derivedValues: Record<string, unknown> = {};
  const context: Record<string, unknown> = {
    applicant: buildApplicant(input),
    application: toJson(input.application),
    evidence: evidenceData,
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null)),
    derived: derivedValues,
    legalFactDate,
    today: input.asOf,
  };

  // Derived values, in order; each sees the earlier ones.
  const derived: DerivedResult[] = compiled.derived.map(({ name, expr }) => {
    know.derivedEvidence.set(name, new Set(know.evidenceOf(expr.refs)));
    know.derivedSoFar.push(name);
    const blocked = know.blocker(expr.refs);
    const result = blocked ? ({ ok: false, cause: blocked } as const) : run(expr, context);
    if (!result.ok) {
      know.unknownDerived.set(name, result.cause);
      return { name, value: null, status: 'UNKNOWN', cause: result.cause };
    }
    derivedValues[name] = result.value;
    return { name, value: result.value, status: 'OK', cause: null };
  });

  const decide = (expr: CompiledExpression): { value: boolean } | { cause: Cause } => {
    const blocked = know.blocker(expr.refs);
    if (blocked) return { cause: blocked };
    const result = run(expr, context);
    if (!result.ok) return { cause: result.cause };
    if (typeof result.value !== 'boolean') return { cause: { kind: 'NOT_BOOLEAN', detail: `gave ${JSON.stringify(result.value)}` } };
    return { value: result.value };
  };

  const crossChecks: CrossCheckResult[] = compiled.crossChecks.map(({ name, expr }, i) => {
    const r = decide(expr);
    const text = def.crossChecks[i]!.text[lang];
    if ('cause' in r) return { id: name, status: 'UNKNOWN', text, cause: r.cause };
    return { id: name, status: r.value ? 'CONSISTENT' : 'CONFLICT', text, cause: null };
  });

  const rules: RuleResult[] = compiled.rules.map(({ name, expr }, i) => {
    const rule = def.rules[i]!;
    const r = decide(expr);
    const base = { id: name, text: rule.text[lang], legalBasis: cite(rule.legalBasis), evidence: know.evidenceOf(expr.refs) };
    if ('cause' in r) {
      const treatedAsFail = rule.onIndeterminate === 'FAIL';
      return { ...base, status: 'INDETERMINATE', failText: treatedAsFail ? rule.failText[lang] : null, cause: r.cause, treatedAsFail };
    }
    return { ...base, status: r.value ? 'PASS' : 'FAIL', failText: r.value ? null : rule.failText[lang], cause: null, treatedAsFail: false };
  });

  const conflicts = crossChecks.filter((c) => c.status === 'CONFLICT');
  const failedRules = rules.filter((r) => r.status === 'FAIL' || r.treatedAsFail).map((r) => r.id);
  const undecided = rules.filter((r) => r.status === 'INDETERMINATE' && !r.treatedAsFail);
  const requiredMissing = evidenceSummary.filter((e) => e.required && e.status !== 'FOUND');

  let outcome: Outcome;
  let amount: AmountResult | null = null;
  let amountCause: Cause | null = null;
  if (conflicts.length > 0) outcome = 'INDETERMINATE';
  else if (failedRules.length > 0) outcome = 'INELIGIBLE';
  else if (undecided.length > 0 || requiredMissing.length > 0 || crossChecks.some((c) => c.status === 'UNKNOWN')) outcome = 'INDETERMINATE';
  else {
    const computed = computeAmount(def, compiled, know, context);
    if ('cause' in computed) {
      amountCause = computed.cause;
      outcome = 'INDETERMINATE';
    } else {
      amount = computed;
      outcome = 'ELIGIBLE';
    }
  }

  const fourEyes = outcome === 'ELIGIBLE' && amount !== null && needsFourEyes(def, amount.total);
  const policy: PolicyResult[] =
    outcome === 'INDETERMINATE'
      ? []
      : compiled.conditions.map(({ name, expr }, i) => {
          const text = def.escalation.conditions[i]!.text[lang];
          context.decision = { outcome, amount: amount?.value ?? null, total: amount?.total ?? null, monthly: def.decision.monthly };
          const r = decide(expr);
          delete context.decision;
          if ('cause' in r) return { id: name, triggered: true, text, cause: r.cause };
          return { id: name, triggered: r.value, text, cause: null };
        });

  const requiresReview = outcome === 'INDETERMINATE' || fourEyes || policy.some((p) => p.triggered);
  const reasons: string[] = [];
  if (requiresReview) {
    const referenced = new Set(rules.flatMap((r) => r.evidence));
    for (const e of evidenceSummary) {
      if ((e.required && e.status !== 'FOUND') || (e.status === 'UNAVAILABLE' && referenced.has(e.key))) reasons.push(`EVIDENCE_MISSING:${e.key}`);
    }
    for (const name of know.missingParams) reasons.push(`PARAMETER_MISSING:${name}`);
    for (const c of crossChecks) {
      if (c.status === 'CONFLICT') reasons.push(`EVIDENCE_CONFLICT:${c.id}`);
      if (c.status === 'UNKNOWN' && c.cause?.kind !== 'EVIDENCE_MISSING') reasons.push(`CHECK_INDETERMINATE:${c.id}`);
    }
    for (const r of undecided) reasons.push(`RULE_INDETERMINATE:${r.id}`);
    if (amountCause) reasons.push('AMOUNT_INDETERMINATE');
    if (fourEyes) reasons.push('FOUR_EYES');
    for (const p of policy) if (p.triggered) reasons.push(`POLICY:${p.id}`);
  }

  const parameters = Object.entries(paramValues).map(([name, v]) => ({
    name,
    value: v?.value ?? null,
    from: v?.from ?? null,
    verified: v?.verified === true,
    source: v?.source ?? null,
  }));
  const unverified = [
    ...rules.filter((r) => !r.legalBasis.verified).map((r) => `rule:${r.id}`),
    ...parameters.filter((p) => p.from !== null && !p.verified).map((p) => `parameter:${p.name}@${p.from}`),
    ...(amount && !amount.legalBasis?.verified ? ['decision'] : []),
  ];

  return {
    service: { code: def.code, version: def.version, contentHash: definitionHash(def), title: def.title[lang] },
    lang,
    asOf: input.asOf,
    legalFactDate,
    outcome,
    requiresReview,
    fourEyes,
    escalationReasons: [...new Set(reasons)],
    failedRules: outcome === 'INELIGIBLE' ? failedRules : [],
    rules,
    crossChecks,
    derived,
    params,
    parameters,
    unverified,
    evidence: evidenceSummary,
    amount,
    amountCause,
    policy,
  };
}

/**
 * The decision's amount (formula, floor and cap) computed again in a context of known values —
 * the stored evaluation's derived values with another dated parameter (services/indexation.ts).
 */
export function amountInContext(def: ServiceDefinition, context: Record<string, unknown>): AmountResult | { cause: Cause } {
  return computeAmount(def, compiledOf(def), new Knowledge([], def.parameters.map((p) => p.name)), context);
}

function computeAmount(
  def: ServiceDefinition,
  compiled: ReturnType<typeof compiledOf>,
  know: Knowledge,
  context: Record<string, unknown>,
): AmountResult | { cause: Cause } {
  const number = (label: string, expr: CompiledExpression): number | { cause: Cause } => {
    const blocked = know.blocker(expr.refs);
    if (blocked) return { cause: blocked };
    const r = run(expr, context);
    if (!r.ok) return { cause: { ...r.cause, detail: `${label}: ${r.cause.detail}` } };
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) {
      return { cause: { kind: 'ERROR', detail: `${label} gave ${JSON.stringify(r.value)}, not a number` } };
    }
    return r.value;
  };
  const base = number('amount', compiled.amount);
  if (typeof base !== 'number') return base;
  let value = base;
  let limitedBy: AmountResult['limitedBy'] = null;
  if (compiled.floor) {
    const floor = number('floor', compiled.floor);
    if (typeof floor !== 'number') return floor;
    if (value < floor) [value, limitedBy] = [floor, 'FLOOR'];
  }
  if (compiled.cap) {
    const cap = number('cap', compiled.cap);
    if (typeof cap !== 'number') return cap;
    if (value > cap) [value, limitedBy] = [cap, 'CAP'];
  }
  value = roundMoney(value);
  if (value < 0) return { cause: { kind: 'ERROR', detail: `amount is negative (${value})` } };

  let periodMonths: number | null = null;
  if (compiled.periodMonths) {
    const months = number('periodMonths', compiled.periodMonths);
    if (typeof months !== 'number') return months;
    if (!Number.isInteger(months) || months < 1) return { cause: { kind: 'ERROR', detail: `periodMonths must be a whole number ≥ 1, got ${months}` } };
    periodMonths = months;
  }
  const total = periodMonths === null ? value : roundMoney(value * periodMonths);
  const legalBasis = def.decision.legalBasis ? cite(def.decision.legalBasis) : null;
  return { currency: 'KZT', value, computed: roundMoney(base), limitedBy, monthly: def.decision.monthly, periodMonths, total, legalBasis };
}
