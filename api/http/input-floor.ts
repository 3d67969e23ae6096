/**
 * The floor under every argument: before any resolver runs, every string the request carries —
 * in its variables (JSON scalars included, keys as well as values) and in the literals of its
 * document — must be well-formed Unicode without control, bidirectional-override or invisible
 * characters (lib/input checkText's multi-line rule: LF and TAB allowed). A request that breaks it
 * is refused whole, with 400 BAD_REQUEST naming each field, its problem code and position (never
 * the value), and one INPUT_REFUSED row in the security audit stream.
 *
 * Why a floor and not only per-field rules: a lone surrogate or a NUL that reaches PostgreSQL
 * (`jsonb`, text columns) or canonical JSON fails there, after the request was accepted — as an
 * INTERNAL_SERVER_ERROR, or, inside a workflow's projection, a retry that never ends. No field
 * may be forgotten, so none is listed. The per-field rules (identifier shapes, lengths) stay in the
 * resolvers (api/schema/input-rules.ts).
 */
import { Kind, visit, type DocumentNode, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { checkText, type InputProblem, type TextRule } from '../../lib/input/index.ts';
import type { Context } from '../context.ts';
import { ApiError } from '../errors.ts';
import { message } from '../i18n.ts';

/** The body limit bounds size; this rule bounds the characters. */
/** 8 Mi: a document upload (base64 of DOCUMENT_MAX_BYTES) is the largest string a request may carry. */
const FLOOR: TextRule = { multiline: true, maxCodePoints: 1 << 23, maxBytes: 1 << 23, allowEmpty: true, emojiSequences: true };
const MAX_PROBLEMS = 20;

function scanValue(path: string, value: unknown, problems: InputProblem[], depth = 0): void {
  if (problems.length >= MAX_PROBLEMS || depth > 64) return;
  if (typeof value === 'string') {
    const r = checkText(path, value, FLOOR);
    if (!r.ok) problems.push(r.problem);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanValue(`${path}.${i}`, v, problems, depth + 1));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = checkText(`${path}.(key)`, k, { ...FLOOR, multiline: false });
      if (!key.ok) {
        problems.push(key.problem);
        continue;
      }
      scanValue(`${path}.${k}`, v, problems, depth + 1);
    }
  }
}

/** Every string in the variables and in the document's argument literals. */
export function inputProblems(document: DocumentNode, variables: Record<string, unknown> | null | undefined): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [name, value] of Object.entries(variables ?? {})) scanValue(name, value, problems);
  const path: string[] = [];
  visit(document, {
    Argument: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    StringValue: (n) => {
      if (problems.length < MAX_PROBLEMS) scanValue(path.join('.') || 'literal', n.value, problems);
    },
  });
  return problems;
}

function operationName(args: ExecutionArgs): string {
  const op = args.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName));
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return 'unknown';
  const root = op.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  const type = op.operation === 'mutation' ? 'Mutation' : op.operation === 'subscription' ? 'Subscription' : 'Query';
  return root && root.kind === Kind.FIELD ? `${type}.${root.name.value}` : type;
}

/** The refusal, recorded once in the security stream before it is returned. */
async function refusal(args: ExecutionArgs, problems: InputProblem[]): Promise<ApiError> {
  const ctx = args.contextValue as Context;
  ctx.security.refuseInput(operationName(args), problems);
  await ctx.security.flush();
  return new ApiError('BAD_REQUEST', message(ctx.lang, 'BAD_REQUEST'), {
    status: 400,
    detail: problems.map((p) => p.message).join('; '),
    extensions: { fields: problems.map((p) => ({ field: p.field, code: p.code, ...(p.at === undefined ? {} : { at: p.at }) })) },
  });
}

export function inputFloor(): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const problems = inputProblems(args.document, args.variableValues as Record<string, unknown>);
      if (problems.length) setResultAndStopExecution({ errors: [await refusal(args, problems)] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const problems = inputProblems(args.document, args.variableValues as Record<string, unknown>);
      if (problems.length) setResultAndStopExecution({ errors: [await refusal(args, problems)] });
    },
  };
}
