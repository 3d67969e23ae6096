/**
 * Every CEL expression of a definition, parsed and type-checked once. Evaluation reuses the
 * compiled form (cached per definition object); validation reports the broken expression by
 * where it sits (`rules[BA-02]`, `derived[avgIncome]`).
 */
import { CelCompileError, compileExpression, type CompiledExpression } from './cel.ts';
import type { ServiceDefinition } from './definition.ts';

export interface Named {
  name: string;
  expr: CompiledExpression;
}

export interface CompiledDefinition {
  derived: Named[];
  crossChecks: Named[];
  rules: Named[];
  conditions: Named[];
  amount: CompiledExpression;
  cap?: CompiledExpression;
  floor?: CompiledExpression;
  periodMonths?: CompiledExpression;
}

export interface CompileProblem {
  path: string;
  message: string;
}

type Expected = 'bool' | 'number';

function typeFits(type: string, expected: Expected): boolean {
  if (type === 'dyn') return true;
  return expected === 'bool' ? type === 'bool' : type === 'int' || type === 'double';
}

/** Compiles everything, collecting problems rather than stopping at the first. */
export function compileAll(def: ServiceDefinition): {
  compiled: CompiledDefinition | null;
  /** Whatever did compile, for reference checks that should still run next to syntax errors. */
  partial: Partial<CompiledDefinition> & Pick<CompiledDefinition, 'derived' | 'crossChecks' | 'rules' | 'conditions'>;
  problems: CompileProblem[];
} {
  const problems: CompileProblem[] = [];
  const one = (path: string, source: string, expected?: Expected): CompiledExpression | null => {
    try {
      const expr = compileExpression(source);
      if (expected && !typeFits(expr.type, expected)) {
        problems.push({ path, message: `must evaluate to ${expected === 'bool' ? 'a bool' : 'a number'}, but its type is ${expr.type}` });
      }
      return expr;
    } catch (err) {
      if (err instanceof CelCompileError) {
        problems.push({ path, message: `CEL: ${err.detail}` });
        return null;
      }
      throw err;
    }
  };
  const many = (prefix: string, items: { key: string; expression: string }[], expected?: Expected): Named[] =>
    items.flatMap(({ key, expression }) => {
      const expr = one(`${prefix}[${key}]`, expression, expected);
      return expr ? [{ name: key, expr }] : [];
    });

  const derived = many('derived', def.derived.map((d) => ({ key: d.name, expression: d.expression })));
  const crossChecks = many('crossChecks', def.crossChecks.map((c) => ({ key: c.id, expression: c.expression })), 'bool');
  const rules = many('rules', def.rules.map((r) => ({ key: r.id, expression: r.expression })), 'bool');
  const conditions = many(
    'escalation.conditions',
    def.escalation.conditions.map((c) => ({ key: c.id, expression: c.expression })),
    'bool',
  );
  const amount = one('decision.amount', def.decision.amount, 'number');
  const cap = def.decision.cap === undefined ? undefined : one('decision.cap', def.decision.cap, 'number');
  const floor = def.decision.floor === undefined ? undefined : one('decision.floor', def.decision.floor, 'number');
  const periodMonths =
    def.decision.periodMonths === undefined ? undefined : one('decision.periodMonths', def.decision.periodMonths, 'number');

  const partial: ReturnType<typeof compileAll>['partial'] = { derived, crossChecks, rules, conditions };
  if (amount) partial.amount = amount;
  if (cap) partial.cap = cap;
  if (floor) partial.floor = floor;
  if (periodMonths) partial.periodMonths = periodMonths;
  if (problems.length > 0 || !partial.amount) return { compiled: null, partial, problems };
  return { compiled: partial as CompiledDefinition, partial, problems };
}

const cache = new WeakMap<ServiceDefinition, CompiledDefinition>();

/** The compiled form of a definition, cached per definition object. Throws on a broken definition. */
export function compiledOf(def: ServiceDefinition): CompiledDefinition {
  const hit = cache.get(def);
  if (hit) return hit;
  const { compiled, problems } = compileAll(def);
  if (!compiled) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new Error(`service ${def.code}@${def.version} has broken expressions: ${list}`);
  }
  cache.set(def, compiled);
  return compiled;
}
