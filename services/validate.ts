/**
 * Full validation of a definition: the zod shape, then what a shape cannot say — unique names,
 * every CEL expression parsing and type-checking, references to evidence / derived values /
 * parameters / input fields that exist, dated parameters that cover the version's start, and
 * notification placeholders the platform can fill. Problems are reported all at once, each with
 * its location (`rules[BA-02]: CEL: …`), because a ministry analyst fixes them in one pass.
 */
import { compileAll } from './compiled.ts';
import type { CompiledExpression } from './cel.ts';
import {
  ANSWER_CHECKS,
  NOTIFICATION_PLACEHOLDERS,
  ServiceDefinitionSchema,
  type ServiceDefinition,
} from './definition.ts';
import { QUERY_PARAMS } from './evidence.ts';
import { verifiable } from './verification.ts';
import { canonicalize as canonicalJson } from '../lib/canonicalize.ts';

export interface DefinitionProblem {
  path: string;
  message: string;
}

export class DefinitionInvalid extends Error {
  readonly code = 'DefinitionInvalid';
  constructor(readonly service: string, readonly problems: DefinitionProblem[]) {
    super(`service definition ${service} is invalid:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'DefinitionInvalid';
  }
}

function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(names.filter((n) => (seen.has(n) ? true : (seen.add(n), false))))];
}

function semanticProblems(def: ServiceDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (def.effectiveTo !== null && def.effectiveTo < def.effectiveFrom) add('effectiveTo', 'is before effectiveFrom');

  const lists: [string, string[]][] = [
    ['input', def.input.map((f) => f.name)],
    ['evidence', def.evidence.map((e) => e.key)],
    ['parameters', def.parameters.map((p) => p.name)],
    ['derived', def.derived.map((d) => d.name)],
    ['rules', def.rules.map((r) => r.id)],
    ['crossChecks', def.crossChecks.map((c) => c.id)],
    ['escalation.conditions', def.escalation.conditions.map((c) => c.id)],
  ];
  for (const [path, names] of lists) for (const d of duplicates(names)) add(path, `duplicate name ${d}`);

  const fields = new Map(def.input.map((f) => [f.name, f]));
  for (const f of def.input) {
    if (f.type === 'enum' && !f.values) add(`input[${f.name}]`, 'an enum field needs values');
    if (f.type !== 'enum' && f.values) add(`input[${f.name}]`, 'values are only for enum fields');
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) add(`input[${f.name}]`, 'min is greater than max');
    if (f.mustBeTrue && (f.type !== 'boolean' || !f.required)) add(`input[${f.name}]`, 'mustBeTrue is for required boolean fields');
  }

  for (const v of def.supersedes ?? []) {
    if (v >= def.version) add('supersedes', `v${v} is not an earlier version than v${def.version}`);
  }
  for (const d of duplicates((def.supersedes ?? []).map(String))) add('supersedes', `names v${d} twice`);
  for (const { path, verified, source } of verifiable(def)) {
    if (verified && !source) add(path, 'verified needs the source it was verified in');
  }

  if (def.legalFact.from !== 'submissionDate') {
    const field = fields.get(def.legalFact.field);
    const want = def.legalFact.from === 'iinBirthDate' ? 'iin' : 'date';
    if (!field) add('legalFact.field', `no input field ${def.legalFact.field}`);
    else if (field.type !== want) add('legalFact.field', `${field.name} must be of type ${want}`);
    else if (!field.required && !(def.legalFact.from === 'field' && def.legalFact.otherwise)) add('legalFact.field', `${field.name} must be required: the version is chosen by it`);
    if (def.legalFact.from === 'field' && def.legalFact.otherwise !== undefined) {
      // The fallback is what a version is chosen by when `field` is absent: it must always be there.
      const fallback = fields.get(def.legalFact.otherwise);
      if (!fallback) add('legalFact.otherwise', `no input field ${def.legalFact.otherwise}`);
      else if (fallback.type !== 'date') add('legalFact.otherwise', `${fallback.name} must be of type date`);
      else if (!fallback.required) add('legalFact.otherwise', `${fallback.name} must be required: the version is chosen by it when ${def.legalFact.field} is absent`);
    }
  }

  for (const e of def.evidence) {
    const expected = QUERY_PARAMS[e.query];
    const given = Object.keys(e.params);
    for (const p of expected) if (!given.includes(p)) add(`evidence[${e.key}].params`, `${e.query} needs parameter ${p}`);
    for (const p of given) if (!(expected as readonly string[]).includes(p)) add(`evidence[${e.key}].params`, `${e.query} takes no parameter ${p}`);
    for (const [p, source] of Object.entries(e.params)) {
      if (typeof source === 'string' && source.startsWith('application.') && !fields.has(source.slice(12))) {
        add(`evidence[${e.key}].params.${p}`, `no input field ${source.slice(12)}`);
      }
    }
  }

  for (const p of def.parameters) {
    const first = p.values[0];
    if (first && first.from > def.effectiveFrom) add(`parameters[${p.name}]`, `has no value on effectiveFrom ${def.effectiveFrom}`);
    p.values.forEach((v, i) => {
      if (v.to !== undefined && v.to < v.from) add(`parameters[${p.name}].values[${i}]`, 'to is before from');
      const next = p.values[i + 1];
      if (next && next.from <= v.from) add(`parameters[${p.name}].values[${i + 1}]`, 'values must be in ascending order of from');
      if (next && v.to !== undefined && v.to >= next.from) add(`parameters[${p.name}].values[${i}]`, 'overlaps the next value');
    });
  }

  if (def.decision.monthly && def.decision.periodMonths === undefined) add('decision.periodMonths', 'a monthly benefit needs periodMonths');
  if (!def.decision.monthly && def.decision.periodMonths !== undefined) add('decision.periodMonths', 'only monthly benefits have periodMonths');

  for (const [i, s] of (def.answerSubstitutes ?? []).entries()) {
    const spec = def.evidence.find((e) => e.key === s.evidence);
    if (!spec) add(`answerSubstitutes[${i}].evidence`, `no evidence ${s.evidence}`);
    else if (spec.query !== ANSWER_CHECKS[s.check].replaces) add(`answerSubstitutes[${i}].check`, `${s.check} can stand in for ${ANSWER_CHECKS[s.check].replaces}, not ${spec.query}`);
  }
  for (const d of duplicates((def.answerSubstitutes ?? []).map((s) => s.evidence))) add('answerSubstitutes', `evidence ${d} has two substitutes`);

  const ruleIds = new Set(def.rules.map((r) => r.id));
  if (def.proactive) {
    for (const id of def.proactive.precheck) if (!ruleIds.has(id)) add('proactive.precheck', `no rule ${id}`);
    for (const f of Object.keys(def.proactive.application)) if (!fields.has(f)) add('proactive.application', `no input field ${f}`);
    const established = def.proactive.establishedBy ?? {};
    for (const [f, rule] of Object.entries(established)) {
      const field = def.input.find((i) => i.name === f);
      if (!field || field.type !== 'boolean') add('proactive.establishedBy', `${f} is not a boolean input field`);
      if (!def.proactive.precheck.includes(rule)) add('proactive.establishedBy', `${f}: rule ${rule} is not a pre-check rule`);
    }
    for (const f of def.input) {
      if (f.required && !(f.name in def.proactive.application) && !(f.name in established)) add('proactive.application', `required input ${f.name} is not filled from the event`);
    }
  }

  if (def.refusalGrounds) {
    for (const d of duplicates(def.refusalGrounds.map((g) => g.code))) add('refusalGrounds', `duplicate code ${d}`);
    // A ground cites law the definition already cites: a rule's basis (or the amount's), word for word.
    const bases = new Set([...def.rules.map((r) => canonicalJson(r.legalBasis)), ...(def.decision.legalBasis ? [canonicalJson(def.decision.legalBasis)] : [])]);
    const groundOf = new Map<string, string>();
    for (const g of def.refusalGrounds) {
      if (!bases.has(canonicalJson(g.legalBasis))) add(`refusalGrounds[${g.code}].legalBasis`, 'must be the legal basis of one of the rules (or of the amount), verified flag and source included');
      for (const id of g.rules) {
        if (!ruleIds.has(id)) add(`refusalGrounds[${g.code}].rules`, `no rule ${id}`);
        else if (groundOf.has(id)) add(`refusalGrounds[${g.code}].rules`, `rule ${id} already maps to ${groundOf.get(id)}`);
        else groundOf.set(id, g.code);
      }
    }
    // Every rule can fail, so every rule's failure must name a ground.
    for (const id of ruleIds) if (!groundOf.has(id)) add('refusalGrounds', `rule ${id} maps to no refusal ground`);
  }

  const allowed = new Set<string>(NOTIFICATION_PLACEHOLDERS);
  for (const [event, texts] of Object.entries(def.notifications)) {
    for (const [lang, text] of Object.entries(texts)) {
      for (const m of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
        if (!allowed.has(m[1]!)) add(`notifications.${event}.${lang}`, `unknown placeholder {{${m[1]}}}; allowed: ${[...allowed].join(', ')}`);
      }
    }
  }
  return problems;
}

function referenceProblems(def: ServiceDefinition): DefinitionProblem[] {
  const { partial: compiled, problems } = compileAll(def);
  const out: DefinitionProblem[] = [...problems];
  const evidenceKeys = new Set(def.evidence.map((e) => e.key));
  const params = new Set(def.parameters.map((p) => p.name));
  const inputs = new Set(def.input.map((f) => f.name));
  const derivedNames = def.derived.map((d) => d.name);

  const check = (path: string, expr: CompiledExpression, derivedVisible: Set<string>, decisionAllowed: boolean) => {
    const r = expr.refs;
    for (const k of r.evidence) if (!evidenceKeys.has(k)) out.push({ path, message: `reads evidence.${k}, which the definition does not fetch` });
    for (const k of r.params) if (!params.has(k)) out.push({ path, message: `reads params.${k}, which is not a parameter` });
    for (const k of r.application) if (!inputs.has(k)) out.push({ path, message: `reads application.${k}, which is not an input field` });
    for (const k of r.derived) {
      if (!derivedVisible.has(k)) {
        const why = derivedNames.includes(k) ? 'which is defined later (derived values are computed in order)' : 'which is not defined';
        out.push({ path, message: `reads derived.${k}, ${why}` });
      }
    }
    if (!decisionAllowed && r.variables.includes('decision')) out.push({ path, message: '`decision` is only available to escalation conditions' });
  };

  const visible = new Set<string>();
  for (const d of compiled.derived) {
    check(`derived[${d.name}]`, d.expr, new Set(visible), false);
    visible.add(d.name);
  }
  for (const c of compiled.crossChecks) check(`crossChecks[${c.name}]`, c.expr, visible, false);
  for (const r of compiled.rules) check(`rules[${r.name}]`, r.expr, visible, false);
  for (const c of compiled.conditions) check(`escalation.conditions[${c.name}]`, c.expr, visible, true);
  const decisionParts = { amount: compiled.amount, cap: compiled.cap, floor: compiled.floor, periodMonths: compiled.periodMonths };
  for (const [name, expr] of Object.entries(decisionParts)) if (expr) check(`decision.${name}`, expr, visible, false);
  return out;
}

/** All problems of a candidate definition (empty = valid). */
export function checkDefinition(raw: unknown): { ok: true; definition: ServiceDefinition } | { ok: false; problems: DefinitionProblem[] } {
  const parsed = ServiceDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
    };
  }
  const problems = [...semanticProblems(parsed.data), ...referenceProblems(parsed.data)];
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

/** The validated definition, or DefinitionInvalid listing every problem. */
export function validateDefinition(raw: unknown): ServiceDefinition {
  const result = checkDefinition(raw);
  if (result.ok) return result.definition;
  const r = raw as { code?: unknown; version?: unknown } | null;
  const name = `${typeof r?.code === 'string' ? r.code : '?'}@${typeof r?.version === 'number' ? r.version : '?'}`;
  throw new DefinitionInvalid(name, result.problems);
}
