/**
 * Sending an Update to a case workflow and waiting for its result. The validator's typed refusal
 * (ApplicationFailure.type) becomes the matching domain error; a FORBIDDEN from the workflow —
 * the second line, after the API's own check — is a denial like any other.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId, FailureType } from '../../workflows/messages.ts';
import type { Context } from '../context.ts';
import { apiError, FourEyesViolation, InvalidState, ValidationFailed } from '../errors.ts';

/** Long enough for a decision to be signed and projected; short enough that a stuck worker is reported. */
export const UPDATE_TIMEOUT_MS = 30_000;

export async function runCaseUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  ctx: Context,
  target: { operation: string; caseId: string; taskId?: string },
  update: UpdateDefinition<Ret, Args>,
  args: Args,
): Promise<Ret> {
  const handle = ctx.temporal.workflow.getHandle(caseWorkflowId(target.caseId));
  try {
    return await ctx.temporal.connection.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () => handle.executeUpdate(update, { args }));
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const reason = e.cause.message;
      switch (e.cause.type) {
        case FailureType.Forbidden:
          throw ctx.security.deny({ operation: target.operation, reason: `the case workflow refused: ${reason}`, target: { caseId: target.caseId, taskId: target.taskId } });
        case FailureType.InvalidState:
          throw new InvalidState(ctx.lang, reason);
        case FailureType.FourEyes:
          throw new FourEyesViolation(ctx.lang, reason);
        case FailureType.ValidationFailed:
          throw new ValidationFailed(ctx.lang, reason);
      }
    }
    // The read model still shows the case, but its workflow has finished: nothing can change it.
    if (e instanceof WorkflowNotFoundError) throw new InvalidState(ctx.lang, `case ${target.caseId} is closed`);
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (e as { code?: number }).code === 14) {
      throw apiError(ctx.lang, 'UNAVAILABLE', { detail: (e as Error).message });
    }
    throw e;
  }
}
