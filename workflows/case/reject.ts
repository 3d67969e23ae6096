import { ApplicationFailure } from '@temporalio/workflow';
import type { ErrorCode } from '../../lib/errors.ts';

/**
 * Refuses an Update from its validator: nothing enters history, and the caller receives the wire
 * code as the failure type (the API turns it into the typed error of the same code).
 */
export function reject(code: ErrorCode, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}
