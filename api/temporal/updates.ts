/**
 * Sending an Update to a case workflow and waiting for its result. A validator refuses with a
 * wire code as the ApplicationFailure type, which becomes the typed error of that code; a
 * FORBIDDEN from the workflow — the second line, after the API's own check — is an audited
 * denial like any other. Whatever else can happen to an Update under contention or an outage is
 * typed too: the server dropping it unprocessed (INVALID_STATE, it did not take effect), Temporal
 * unreachable, overloaded or past the deadline (UNAVAILABLE, api/temporal/failures.ts).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { isErrorCode, QyzmetError } from '../../lib/errors.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import type { Context } from '../context.ts';
import { toGraphQL } from '../errors.ts';
import { temporalUnavailable } from './failures.ts';

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
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && isErrorCode(e.cause.type)) {
      const reason = e.cause.message;
      if (e.cause.type === 'FORBIDDEN') {
        throw ctx.security.deny({ operation: target.operation, reason: `the case workflow refused: ${reason}`, target: { caseId: target.caseId, taskId: target.taskId } });
      }
      throw toGraphQL(ctx.lang, new QyzmetError(e.cause.type, reason));
    }
    // Refused by the server, not the workflow: the Update reached a workflow task that ended the
    // run (another officer's action closed the case at the same moment), so no handler ran it.
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && e.cause.type === 'UnprocessedUpdate') {
      throw toGraphQL(ctx.lang, new QyzmetError('INVALID_STATE', `case ${target.caseId} changed while this action waited and it did not take effect; read the case before acting again`));
    }
    // The read model still shows the case, but its workflow has finished: nothing can change it.
    if (e instanceof WorkflowNotFoundError) throw toGraphQL(ctx.lang, new QyzmetError('INVALID_STATE', `case ${target.caseId} is closed`));
    const unavailable = temporalUnavailable(e);
    if (unavailable) throw toGraphQL(ctx.lang, unavailable);
    throw e;
  }
}
