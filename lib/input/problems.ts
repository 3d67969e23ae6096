/**
 * The typed result every input rule returns: a value, or the one problem that refuses it. Rules
 * never throw for bad input — a caller maps a problem to its wire error (GraphQL
 * `extensions.code`, a typed union member, an Update validator's failure) without try/catch.
 *
 *   const r = checkText('reason', input.reason, FREE_TEXT);
 *   if (!r.ok) return validationFailed(r.problem);   // { field, code, message }
 *
 * Messages are English and safe to show or log: they never echo the offending input, only its
 * position and the code point (U+202E), so a refusal cannot itself carry the attack.
 */

export const INPUT_PROBLEM_CODES = [
  'NOT_A_STRING',
  'EMPTY',
  'TOO_LONG',
  'MALFORMED_UNICODE',
  'CONTROL_CHARACTER',
  'BIDI_CONTROL',
  'INVISIBLE_CHARACTER',
  'INVALID_IDENTIFIER',
  'LOOKS_LIKE_IIN',
  'NOT_A_NUMBER',
  'NEGATIVE',
  'TOO_MANY_DECIMALS',
  'TOO_LARGE',
  'INVALID_IBAN',
  'IBAN_CHECKSUM',
  'NOT_BASE64',
  'UNSUPPORTED_TYPE',
  'TYPE_MISMATCH',
] as const;

export type InputProblemCode = (typeof INPUT_PROBLEM_CODES)[number];

export interface InputProblem {
  /** The input field as the caller names it (`reason`, `answers.iban`, `clientRequestId`). */
  field: string;
  code: InputProblemCode;
  message: string;
  /** 0-based code point index of the first offending character, when one is to blame. */
  at?: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: InputProblem };

export function accept<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function refuse<T = never>(field: string, code: InputProblemCode, message: string, at?: number): Checked<T> {
  return { ok: false, problem: at === undefined ? { field, code, message } : { field, code, message, at } };
}

/** `U+202E` — how messages name a character without reproducing it. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Runs several checks and returns every problem (one per field), or the checked values. */
export function collectProblems<T extends Record<string, Checked<unknown>>>(
  checks: T,
): { ok: true; value: { [K in keyof T]: T[K] extends Checked<infer V> ? V : never } } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, result] of Object.entries(checks)) {
    if (result.ok) value[key] = result.value;
    else problems.push(result.problem);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: value as never };
}
