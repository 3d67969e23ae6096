import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { isErrorCode } from '../lib/errors.ts';
import { reject } from './case/reject.ts';

/**
 * In an Update handler that failed on its activity: a refusal meant for the caller (the activity's
 * "this can never work", e.g. VALIDATION_FAILED) is rethrown with its wire code so the API answers
 * with the typed error; anything else is rethrown as it is.
 */
export function rethrowForCaller(e: unknown): never {
  const cause = e instanceof ActivityFailure ? e.cause : e;
  if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) reject(cause.type, cause.message);
  throw e;
}
