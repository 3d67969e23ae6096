/**
 * The rule language: CEL (Common Expression Language) through @marcbachmann/cel-js, with the
 * few helper functions benefit law needs (calendar arithmetic, sums over registry lists).
 *
 * Why CEL: non-Turing-complete (every expression terminates), no side effects, no access to
 * anything but the context it is given, serialisable as a string, type-checkable before use,
 * and the same language Kubernetes and Google IAM use for policy — so ministries' analysts can
 * read it and an auditor can re-run it with any CEL implementation.
 *
 * Numbers: registry data is JSON, so every number in the context is a CEL `double`, while
 * literals such as `38` are `int`. Strict CEL refuses `int * double`; rule authors would trip
 * over that constantly, so this environment adds mixed int/double arithmetic that yields a
 * double. `int / int` stays integer division as in CEL — write `24.0` to divide by a constant.
 */
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import {
  addDays,
  addMonths,
  daysBetween,
  inMonthWindow,
  isIsoDate,
  monthOf,
  monthsBetween,
  yearsBetween,
} from '../lib/dates.ts';
import { parseIin } from '../lib/iin.ts';

/** Top-level names a definition's expressions may use. */
export const CONTEXT_VARIABLES = [
  'applicant',
  'application',
  'evidence',
  'params',
  'derived',
  'legalFactDate',
  'today',
  'decision',
] as const;
export type ContextVariable = (typeof CONTEXT_VARIABLES)[number];

class CelHelperError extends Error {
  override name = 'CelHelperError';
}

function num(value: unknown, what: string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new CelHelperError(`${what}: expected a number, got ${typeof value}`);
}

function int(value: unknown, what: string): number {
  const n = num(value, what);
  if (!Number.isInteger(n)) throw new CelHelperError(`${what}: expected a whole number, got ${n}`);
  return n;
}

function date(value: unknown, what: string): string {
  if (!isIsoDate(value)) throw new CelHelperError(`${what}: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

function numbers(list: unknown, what: string): number[] {
  if (!Array.isArray(list)) throw new CelHelperError(`${what}: expected a list`);
  return list.map((x) => num(x, what));
}

function buildEnvironment(): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false });
  for (const name of CONTEXT_VARIABLES) env.registerVariable(name, 'dyn');

  for (const op of ['+', '-', '*', '/'] as const) {
    const apply = (a: number, b: number): number =>
      op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)));
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b));
  }

  const fn = (signature: string, handler: (...args: any[]) => unknown, description: string) =>
    env.registerFunction(signature, handler as never, { description });

  // Dates are ISO strings; they also compare correctly with <, <=, == as strings.
  fn('monthsBetween(dyn, dyn): int', (a, b) => BigInt(monthsBetween(date(a, 'monthsBetween'), date(b, 'monthsBetween'))),
    'Completed calendar months from the first date to the second (negative if earlier).');
  fn('yearsBetween(dyn, dyn): int', (a, b) => BigInt(yearsBetween(date(a, 'yearsBetween'), date(b, 'yearsBetween'))),
    'Completed years from the first date to the second: an age.');
  fn('daysBetween(dyn, dyn): int', (a, b) => BigInt(daysBetween(date(a, 'daysBetween'), date(b, 'daysBetween'))),
    'Days from the first date to the second.');
  fn('addMonths(dyn, dyn): string', (d, n) => addMonths(date(d, 'addMonths'), int(n, 'addMonths')),
    'The date n calendar months later (clamped to month end).');
  fn('addDays(dyn, dyn): string', (d, n) => addDays(date(d, 'addDays'), int(n, 'addDays')), 'The date n days later.');
  fn('monthOf(dyn): string', (d) => monthOf(date(d, 'monthOf')), 'The month YYYY-MM of a date.');
  fn('inMonthWindow(dyn, dyn, dyn): bool', (m, d, n) => {
    if (typeof m !== 'string') throw new CelHelperError('inMonthWindow: month must be YYYY-MM');
    return inMonthWindow(m, date(d, 'inMonthWindow'), int(n, 'inMonthWindow'));
  }, 'True when month YYYY-MM is one of the n whole months before the month of the date.');
  fn('isDate(dyn): bool', (d) => isIsoDate(d), 'True for a valid YYYY-MM-DD date.');
  fn('iinBirthDate(dyn): string', (iin) => {
    const parsed = parseIin(iin);
    if (!parsed.ok) throw new CelHelperError(`iinBirthDate: ${parsed.message}`);
    return parsed.birthDate;
  }, 'The birth date encoded in a valid IIN.');

  // Aggregates over registry lists (contributions, incomes).
  fn('sum(list): double', (l) => numbers(l, 'sum').reduce((s, x) => s + x, 0), 'Sum of a list of numbers (0 when empty).');
  fn('avg(list): double', (l) => {
    const xs = numbers(l, 'avg');
    if (xs.length === 0) throw new CelHelperError('avg: empty list');
    return xs.reduce((s, x) => s + x, 0) / xs.length;
  }, 'Mean of a non-empty list of numbers.');
  fn('distinct(list): list', (l) => {
    if (!Array.isArray(l)) throw new CelHelperError('distinct: expected a list');
    return [...new Set(l.map((x) => (typeof x === 'bigint' ? Number(x) : x)))];
  }, 'The list without repeated scalar values (first occurrence kept).');
  fn('least(dyn, dyn): double', (a, b) => Math.min(num(a, 'least'), num(b, 'least')), 'The smaller of two numbers.');
  fn('greatest(dyn, dyn): double', (a, b) => Math.max(num(a, 'greatest'), num(b, 'greatest')), 'The larger of two numbers.');
  fn('floor(dyn): double', (a) => Math.floor(num(a, 'floor')), 'Rounds down to a whole number.');
  fn('round2(dyn): double', (a) => roundMoney(num(a, 'round2')), 'Rounds half up to 2 decimals (tiyn).');
  return env;
}

/** Half-up rounding to tiyn that ignores binary noise (1572.8000000000002 → 1572.80). */
export function roundMoney(value: number): number {
  const scaled = Number((value * 100).toPrecision(15));
  return Math.round(scaled) / 100;
}

// One shared environment: building it is the expensive part, and it holds no per-call state.
const env = buildEnvironment();

/** What an expression reads from the context, found by walking its syntax tree. */
export interface ExpressionRefs {
  evidence: string[];
  derived: string[];
  params: string[];
  application: string[];
  /** Reads `evidence` / `derived` / `params` as a whole (e.g. `size(evidence)`): depends on everything. */
  wholeEvidence: boolean;
  wholeDerived: boolean;
  wholeParams: boolean;
  variables: ContextVariable[];
}

export interface CompiledExpression {
  source: string;
  /** Type inferred by the checker: `bool`, `int`, `double`, `dyn` … */
  type: string;
  refs: ExpressionRefs;
  evaluate(context: Record<string, unknown>): unknown;
}

export class CelCompileError extends Error {
  constructor(readonly source: string, readonly detail: string) {
    super(detail);
    this.name = 'CelCompileError';
  }
}

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && 'op' in x && 'args' in x;
}

function collectRefs(root: ASTNode): ExpressionRefs {
  const sets = { evidence: new Set<string>(), derived: new Set<string>(), params: new Set<string>(), application: new Set<string>() };
  const variables = new Set<ContextVariable>();
  const whole = { evidence: false, derived: false, params: false };
  type Keyed = keyof typeof sets;
  const keyed = (name: string): name is Keyed => name in sets;

  const visit = (node: ASTNode, parent: ASTNode | null): void => {
    if (node.op === 'id') {
      const name = node.args;
      if ((CONTEXT_VARIABLES as readonly string[]).includes(name)) variables.add(name as ContextVariable);
      // `evidence.birth` or `evidence["birth"]` names one key; any other use reads them all.
      const selected =
        parent !== null &&
        ((parent.op === '.' || parent.op === '.?') ||
          ((parent.op === '[]' || parent.op === '[?]') && isNode(parent.args[1]) && parent.args[1].op === 'value' && typeof parent.args[1].args === 'string'));
      if (name === 'evidence' || name === 'derived' || name === 'params') {
        if (!selected || (parent!.args as unknown[])[0] !== node) whole[name] = true;
      }
      return;
    }
    if ((node.op === '.' || node.op === '.?') && isNode(node.args[0]) && node.args[0].op === 'id' && keyed(node.args[0].args)) {
      sets[node.args[0].args as Keyed].add(node.args[1]);
    }
    if ((node.op === '[]' || node.op === '[?]') && isNode(node.args[0]) && node.args[0].op === 'id' && keyed(node.args[0].args)) {
      const index = node.args[1];
      if (isNode(index) && index.op === 'value' && typeof index.args === 'string') sets[node.args[0].args as Keyed].add(index.args);
    }
    const args = node.args as unknown;
    const children = Array.isArray(args) ? args.flat(2) : [args];
    for (const child of children) if (isNode(child)) visit(child, node);
  };
  visit(root, null);
  return {
    evidence: [...sets.evidence].sort(),
    derived: [...sets.derived].sort(),
    params: [...sets.params].sort(),
    application: [...sets.application].sort(),
    wholeEvidence: whole.evidence,
    wholeDerived: whole.derived,
    wholeParams: whole.params,
    variables: [...variables].sort(),
  };
}

/** Parses and type-checks an expression; throws CelCompileError with a one-line reason. */
export function compileExpression(source: string): CompiledExpression {
  let parsed;
  try {
    parsed = env.parse(source);
  } catch (err) {
    throw new CelCompileError(source, summarise(err));
  }
  const checked = parsed.check();
  if (!checked.valid) throw new CelCompileError(source, summarise(checked.error));
  const refs = collectRefs(parsed.ast);
  return {
    source,
    type: checked.type ?? 'dyn',
    refs,
    evaluate: (context) => parsed(context),
  };
}

/** The first line of a cel-js error (its later lines draw the source with a caret). */
export function summarise(err: unknown): string {
  if (err instanceof Error) {
    const summary = (err as { summary?: unknown }).summary;
    const text = typeof summary === 'string' && summary !== '' ? summary : err.message;
    return text.split('\n')[0]!;
  }
  return String(err);
}

/** Code of a cel-js error (`no_such_key`, `division_by_zero` …) or the helper's name. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && code !== '') return code;
  return err instanceof Error ? err.name : 'error';
}

/**
 * Turns a CEL value into plain JSON: ints (BigInt) become numbers, Maps objects, timestamps ISO
 * strings. Evaluation results must survive Temporal's JSON payloads and the decision signature.
 */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toJson(v);
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return String(value);
}
