/**
 * The per-field input rules of the API, on top of the floor every string passes
 * (api/http/input-floor.ts): which lib/input rule each free-text or identifier field follows, and
 * how a refusal leaves — a ValidationFailed member for mutations, 400 BAD_REQUEST for query
 * arguments — always with one INPUT_REFUSED row in the security audit stream.
 */
import { checkIdentifier, checkText, collectProblems, FREE_TEXT, SHORT_TEXT, type Checked, type InputProblem, type TextRule } from '../../lib/input/index.ts';
import type { Context } from '../context.ts';
import { ApiError, ValidationFailed } from '../errors.ts';
import { message } from '../i18n.ts';

/** A withdrawal reason: what the citizen typed, at most 500 characters. */
export const WITHDRAW_REASON: TextRule = { ...FREE_TEXT, maxCodePoints: 500, maxBytes: 2000 };
/** An officer's reason or request for information. */
export const OFFICER_TEXT: TextRule = FREE_TEXT;
/** One answer to a request for information. */
export const ANSWER_TEXT: TextRule = { ...FREE_TEXT, maxCodePoints: 2000, maxBytes: 8000 };
/** An API key's name. */
export const KEY_NAME: TextRule = { ...SHORT_TEXT, maxCodePoints: 100, maxBytes: 400 };
export const MAX_ANSWERS = 20;

/** Identifier fields and their limits (lib/input checkIdentifier). */
export const ID_RULES = {
  clientRequestId: { maxLength: 128 },
  serviceCode: { maxLength: 64 },
  eventId: { maxLength: 128, noIin: true },
  source: { maxLength: 64 },
  channel: { maxLength: 64 },
  submissionId: { maxLength: 128 },
  answerKey: { maxLength: 64 },
  department: { maxLength: 64 },
  id: { maxLength: 400 },
} as const;

export { checkIdentifier, checkText };

function refuse(ctx: Context, operation: string, problems: InputProblem[]): void {
  ctx.security.refuseInput(operation, problems);
}

/** The checked values, or a thrown ValidationFailed (mutations list it in their union). */
export function validMutationInput<T extends Record<string, Checked<unknown>>>(ctx: Context, operation: string, checks: T) {
  const r = collectProblems(checks);
  if (r.ok) return r.value;
  refuse(ctx, operation, r.problems);
  throw new ValidationFailed(
    ctx.lang,
    r.problems.map((p) => p.message).join('; '),
    r.problems.map((p) => ({ field: p.field, code: p.code, message: p.message })),
  );
}

/** A domain error on its way out: a VALIDATION_FAILED member (the intake's own field rules) is a refused request too. */
export function auditedDomainError(ctx: Context, operation: string, error: unknown): unknown {
  if (error instanceof ValidationFailed) ctx.security.refuseInput(operation, error.fields.map((f) => ({ field: f.field, code: f.code })));
  return error;
}

/** The checked values, or 400 BAD_REQUEST naming the fields (query arguments). */
export function validQueryArgs<T extends Record<string, Checked<unknown>>>(ctx: Context, operation: string, checks: T) {
  const r = collectProblems(checks);
  if (r.ok) return r.value;
  refuse(ctx, operation, r.problems);
  throw new ApiError('BAD_REQUEST', message(ctx.lang, 'BAD_REQUEST'), {
    status: 400,
    detail: r.problems.map((p) => p.message).join('; '),
    extensions: { fields: r.problems.map((p) => ({ field: p.field, code: p.code })) },
  });
}

/** An optional field: absent stays absent. */
export function optional<T>(value: unknown, check: (v: unknown) => Checked<T>): Checked<T | undefined> {
  return value === null || value === undefined ? { ok: true, value: undefined } : check(value);
}

/** The answers to a request for information: 1–20 entries, identifier keys, free-text values. */
export function checkAnswers(value: unknown): Checked<Record<string, string>> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: { field: 'answers', code: 'NOT_A_STRING', message: 'answers must be an object of text answers' } };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, problem: { field: 'answers', code: 'EMPTY', message: 'answers must not be empty' } };
  if (entries.length > MAX_ANSWERS) return { ok: false, problem: { field: 'answers', code: 'TOO_LONG', message: `at most ${MAX_ANSWERS} answers` } };
  const out: Record<string, string> = {};
  for (const [key, answer] of entries) {
    const k = checkIdentifier('answers.(key)', key, ID_RULES.answerKey);
    if (!k.ok) return k;
    const v = checkText(`answers.${key}`, answer, ANSWER_TEXT);
    if (!v.ok) return v;
    out[key] = v.value;
  }
  return { ok: true, value: out };
}
