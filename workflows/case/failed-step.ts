/**
 * Steps that can never succeed by retrying. An activity that fails non-retryably (a value the
 * database refuses, no signing key, an evaluation that is gone) used to fail the whole workflow
 * run — or, before the failure was classified, retry for ever — and the read model stayed behind
 * for good. Now the case waits in NEEDS_ATTENTION: the read model and Temporal's visibility show
 * it, a log line and a metric report it, and retryFailedStep (an engineer, or a supervisor of the
 * case's department) re-runs the step once its cause is fixed. Transient errors are untouched:
 * the activity's retry policy keeps retrying them, and only what Temporal gave up on lands here.
 *
 * Cases that started before this existed replay down the old path: the workflow asks
 * PATCH.failedStepNeedsAttention once, at its start, and keeps the answer (CaseState.holdsFailedSteps).
 * Not in the failure's catch: a local activity's failure may reach the workflow in the workflow
 * task after the one that recorded it, and on replay in the same one — a patch marker asked there
 * would then be out of step with its history.
 */
import { RetryState } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, condition, log, metricMeter } from '@temporalio/workflow';
import { QYZMET_METRICS } from '../../lib/temporal/metric-names.ts';
import { NEEDS_ATTENTION, type FailedStep, type FailedStepName } from '../messages.ts';
import type { CaseState } from './state.ts';

/** Qyzmet's own words per error type: an activity's message may quote the value, which may be personal data. */
const EXPLANATIONS: Record<string, string> = {
  InvalidData: 'a value the database or canonical JSON can never accept; fix the value, the code or the schema, then retry',
  SigningKeyMissing: 'no active signing key; load one, then retry',
  CaseNotFound: 'the case row does not exist',
  ServiceNotFound: 'the service definition the case is pinned to is not published',
  INVALID_STATE: 'the step found the case in a state it cannot go on from',
  VALIDATION_FAILED: 'the step refused its own input',
};
const GENERIC = 'an error that retrying cannot fix';

/**
 * The non-retryable application failure behind an activity's failure, if that is why it failed:
 * an activity's arrives wrapped in an ActivityFailure; a local activity's, as the SDK hands it to
 * workflow code, may arrive as the ApplicationFailure itself.
 */
function finalCause(e: unknown): ApplicationFailure | null {
  if (e instanceof ActivityFailure) {
    if (!(e.cause instanceof ApplicationFailure)) return null;
    return e.cause.nonRetryable || e.retryState === RetryState.NON_RETRYABLE_FAILURE ? e.cause : null;
  }
  return e instanceof ApplicationFailure && e.nonRetryable ? e : null;
}

export function describeFailure(cause: ApplicationFailure): { errorType: string; message: string } {
  const errorType = typeof cause.type === 'string' && /^[A-Za-z_]{1,64}$/.test(cause.type) ? cause.type : 'Unknown';
  const sqlState = (cause.details?.[0] as { sqlState?: unknown } | undefined)?.sqlState;
  const code = typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState) ? ` (SQLSTATE ${sqlState})` : '';
  return { errorType, message: `${EXPLANATIONS[errorType] ?? GENERIC}${code}` };
}

/**
 * Runs one step; when it fails for good, holds the case in NEEDS_ATTENTION and runs it again
 * after each retryFailedStep, until it succeeds. Any other failure is the caller's, as before.
 */
export async function untilItSucceeds<T>(state: CaseState, step: FailedStepName, run: () => Promise<T>): Promise<T> {
  let retrying: number | null = null;
  for (;;) {
    try {
      const result = await run();
      if (retrying !== null) state.retrySettled = Math.max(state.retrySettled, retrying);
      return result;
    } catch (e) {
      const cause = finalCause(e);
      if (!cause || !state.holdsFailedSteps) throw e;
      // A second step failing while the case already waits resumes where the first would.
      const resumeStatus = state.status === NEEDS_ATTENTION && state.failedStep ? state.failedStep.resumeStatus : state.status;
      const failed: FailedStep = { step, ...describeFailure(cause), failedAt: state.now(), failure: state.nextFailure(), resumeStatus };
      state.failedStep = failed;
      // A retry that failed again has its answer: the new failure.
      if (retrying !== null) state.retrySettled = Math.max(state.retrySettled, retrying);
      retrying = await holdForAttention(state, failed);
    }
  }
}

/** Shows the failure, then waits for a retry of it (or of a later failure); returns the retried failure. */
async function holdForAttention(state: CaseState, failed: FailedStep): Promise<number> {
  const { step, errorType, message, failure } = failed;
  state.moveTo(NEEDS_ATTENTION);
  log.warn('a case step failed and cannot succeed by retrying: the case needs attention', { caseId: state.caseId, step, errorType, failure });
  metricMeter.createCounter(QYZMET_METRICS.caseStepsFailed, '1', 'Case steps that failed for good and hold their case in NEEDS_ATTENTION, by step and error type').add(1, { step, error_type: errorType });
  await state.mark({
    status: NEEDS_ATTENTION,
    event: { type: 'STEP_FAILED', data: { step, errorType, message, failure } },
    audit: { actor: 'system', action: 'STEP_FAILED', details: { step, errorType, failure } },
  });
  await condition(() => state.retryRequest !== null && state.retryRequest.failure >= failure);
  const request = state.retryRequest!;
  // One STEP_RETRIED per retry, written by whichever waiting step wakes first.
  if (state.retryMarked < request.failure) {
    state.retryMarked = request.failure;
    state.moveTo(request.resumeStatus);
    await state.mark({
      status: request.resumeStatus,
      event: { type: 'STEP_RETRIED', data: { step: request.step, failure: request.failure } },
      audit: { actor: request.by, action: 'STEP_RETRIED', details: { step: request.step, failure: request.failure } },
    });
  }
  return request.failure;
}
