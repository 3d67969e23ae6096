/**
 * Which failures from Temporal mean "not now" rather than "a bug": the frontend is down or
 * restarting, a call ran past its deadline, the server sheds load (too many Updates in flight on
 * one workflow), or the connection itself is broken. The API answers each with the typed
 * UNAVAILABLE (retry later) instead of masking it as INTERNAL_SERVER_ERROR, so a client knows
 * nothing it asked for took effect and may safely repeat it.
 */
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { errorCauses } from '../../lib/error-causes.ts';
import { QyzmetError } from '../../lib/errors.ts';

/** gRPC status codes: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE. */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 8, 10, 14]);

/** Short names for the log and the error detail; the raw message may carry addresses. */
const GRPC_NAMES: Record<number, string> = { 1: 'the call was cancelled', 4: 'no answer before the deadline', 8: 'the workflow service is overloaded', 10: 'the call was aborted', 14: 'the workflow service is unreachable' };

/** UNKNOWN, INTERNAL: the server's own fault, not the request's. */
const SERVER_FAULT_GRPC_CODES = new Set([2, 13]);

/** Whether a gRPC status in `codes` is behind `e` (its own or one of its causes). */
export function grpcCodeIn(e: unknown, codes: ReadonlySet<number>): boolean {
  for (const c of errorCauses(e)) if (isGrpcServiceError(c) && codes.has((c as { code: number }).code)) return true;
  return false;
}

/**
 * FAILED_PRECONDITION "Workflow Task in failed state": the case workflow's current workflow task
 * failed or timed out and is being retried (a loaded worker, a worker restarting). The server
 * refuses Updates and Queries until a retry succeeds; nothing was taken, so it is "not now".
 */
export function workflowTaskRetrying(e: unknown): boolean {
  for (const c of errorCauses(e)) {
    if (isGrpcServiceError(c) && (c as { code: number }).code === 9 && /workflow task in failed state/i.test(String((c as { details?: unknown }).details ?? c.message))) return true;
  }
  return false;
}

/** The transient gRPC status behind `e` (its own or one of its causes), if any. */
function transientGrpcCode(e: unknown): number | null {
  for (const c of errorCauses(e)) {
    const code = (c as { code?: unknown }).code;
    if ((isGrpcServiceError(c) || typeof code === 'number') && typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code)) return code;
  }
  return null;
}

/**
 * UNAVAILABLE for a failure that says Temporal could not be reached or would not take the call
 * now; null for anything else (a rejected Update, a missing workflow, a bug).
 */
export function temporalUnavailable(e: unknown): QyzmetError | null {
  if (e instanceof QyzmetError) return null;
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new QyzmetError('UNAVAILABLE', 'the case workflow did not answer in time; the action may still take effect — read the case before repeating it');
  }
  if (workflowTaskRetrying(e)) return new QyzmetError('UNAVAILABLE', 'the case workflow is retrying its current step; nothing was taken, retry later');
  const code = transientGrpcCode(e);
  if (code !== null) return new QyzmetError('UNAVAILABLE', `${GRPC_NAMES[code]}; retry later`);
  // The workflow service failed the call itself (INTERNAL, UNKNOWN: a persistence timeout on a
  // loaded server): nothing says whether it took effect, so the client reads before repeating.
  if (grpcCodeIn(e, SERVER_FAULT_GRPC_CODES)) {
    return new QyzmetError('UNAVAILABLE', 'the workflow service could not complete the call; it may still take effect — read the case before repeating it');
  }
  for (const c of errorCauses(e)) {
    // The native connection (a worker's) reports a broken transport by name, without a gRPC status.
    const name = (c as { name?: unknown }).name;
    if (name === 'TransportError' || name === 'ConnectionError') return new QyzmetError('UNAVAILABLE', 'the workflow service is unreachable; retry later');
  }
  return null;
}
