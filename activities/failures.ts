/**
 * Activity failures that retrying cannot fix: Temporal gives up at once and the workflow sees the
 * type. The type is an activity failure type (workflows/messages.ts FailureType) the workflow tells
 * apart, or a wire code (lib/errors.ts) when the refusal is the caller's to read.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { ErrorCode } from '../lib/errors.ts';
import type { FailureType } from '../workflows/messages.ts';

export function finalFailure(type: ErrorCode | (typeof FailureType)[keyof typeof FailureType], message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
