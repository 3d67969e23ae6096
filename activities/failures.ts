/**
 * Activity failures that retrying cannot fix: Temporal gives up at once and the workflow sees the
 * type. The type is an activity failure type (workflows/messages.ts FailureType) the workflow tells
 * apart, or a wire code (lib/errors.ts) when the refusal is the caller's to read.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { sqlStateOf } from '../lib/error-causes.ts';
import type { ErrorCode } from '../lib/errors.ts';
import { FailureType } from '../workflows/messages.ts';

export function finalFailure(type: ErrorCode | (typeof FailureType)[keyof typeof FailureType], message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details: [details] } : {}) });
}

/**
 * Integrity violations no retry can fix: a required value missing (23502) or a CHECK constraint
 * refusing the value (23514). Not a unique (23505) or foreign-key (23503) violation: those are
 * races a retry resolves (a concurrent write that won, a parent row being written).
 */
const NEVER_SATISFIED = new Set(['23502', '23514']);

/**
 * A value that can never be written, whatever the retry: PostgreSQL's data exceptions (SQLSTATE
 * class 22: a NUL in jsonb or text, a numeric overflow of Decimal(14,2), a malformed value), the
 * integrity violations above, and canonical JSON's refusals (a lone surrogate, a non-finite
 * number). The input rule refuses these before an Update is accepted; this is the floor beneath
 * it, so a value that slipped through fails the step at once, visibly, instead of retrying for ever.
 */
export function isInvalidData(e: unknown): boolean {
  if ((e as Error | null)?.name === 'CanonicalJsonError') return true;
  const code = sqlStateOf(e);
  return code !== undefined && (code.startsWith('22') || NEVER_SATISFIED.has(code));
}

/** Runs `write`, turning a value that can never be written into a final InvalidData failure. */
export async function writeOrFail<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isInvalidData(e)) {
      const code = sqlStateOf(e);
      throw finalFailure(FailureType.InvalidData, `the value cannot be stored: ${(e as Error).message.split('\n').filter(Boolean).pop() ?? 'invalid data'}`, code ? { sqlState: code } : undefined);
    }
    throw e;
  }
}

type ActivityFn = (...args: never[]) => Promise<unknown>;

/** Every activity of `activities` through writeOrFail: the floor applies to all of them, not only the projection. */
export function failingFinallyOnInvalidData<T extends Record<string, ActivityFn>>(activities: T): T {
  const wrapped: Record<string, ActivityFn> = {};
  for (const [name, fn] of Object.entries(activities)) wrapped[name] = (...args) => writeOrFail(() => fn(...args));
  return wrapped as T;
}
