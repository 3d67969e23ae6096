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
import { CLAIM_REJECTED } from '../../lib/claims/in-workflow.ts';
import { signOfficerUpdate } from '../../lib/claims/sign-claim.ts';
import { isErrorCode, QyzmetError } from '../../lib/errors.ts';
import { caseWorkflowId, type Officer } from '../../workflows/messages.ts';
import type { Context } from '../context.ts';
import { toGraphQL } from '../errors.ts';
import { grpcCodeIn, temporalUnavailable, workflowTaskRetrying } from './failures.ts';

const FAILED_PRECONDITION = new Set([9]);

/** What an Update is about: a case (its case workflow), or another workflow of the case (an appeal's). */
export interface UpdateTarget {
  operation: string;
  caseId: string;
  taskId?: string;
  /** By default the case's own workflow. */
  workflowId?: string;
}
const workflowIdOf = (target: UpdateTarget): string => target.workflowId ?? caseWorkflowId(target.caseId);

/** Long enough for a decision to be signed and projected; short enough that a stuck worker is reported. */
export const UPDATE_TIMEOUT_MS = 30_000;

export async function runCaseUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  ctx: Context,
  target: UpdateTarget,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  options: { updateId?: string } = {},
): Promise<Ret> {
  const handle = ctx.temporal.workflow.getHandle(workflowIdOf(target));
  try {
    return await ctx.temporal.connection.withDeadline(Date.now() + UPDATE_TIMEOUT_MS, () => handle.executeUpdate(update, { args, updateId: options.updateId }));
  } catch (e) {
    // The workflow did not accept the API's own officer claim (keys out of step, clocks apart):
    // refused, audited, and nothing entered the history.
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && e.cause.type === CLAIM_REJECTED) {
      ctx.logger.error({ caseId: target.caseId, reason: (e.cause.details?.[0] as { code?: string } | undefined)?.code }, 'the case workflow refused the officer claim this API signed');
      throw ctx.security.deny({ operation: target.operation, reason: `the case workflow refused the officer claim: ${e.cause.message}`, target: { caseId: target.caseId, taskId: target.taskId } });
    }
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
    // FAILED_PRECONDITION: the server aborted the Update because the run was closing (but a
    // workflow task being retried is "not now": UNAVAILABLE, below).
    if (grpcCodeIn(e, FAILED_PRECONDITION) && !workflowTaskRetrying(e)) {
      throw toGraphQL(ctx.lang, new QyzmetError('INVALID_STATE', `case ${target.caseId} changed while this action waited and it did not take effect; read the case before acting again`));
    }
    const unavailable = temporalUnavailable(e);
    if (unavailable) throw toGraphQL(ctx.lang, unavailable);
    // Masked as INTERNAL_SERVER_ERROR on the wire; the log keeps the status that was not mapped.
    ctx.logger?.error({ caseId: target.caseId, operation: target.operation, grpcCode: (e as { cause?: { code?: unknown } }).cause?.code ?? null, err: e }, 'an Update failed in a way no typed answer covers');
    throw e;
  }
}

/**
 * A staff Update: the acting officer goes to the workflow only as a claim this API signs for this
 * case, this Update, a fresh update id and this exact input (lib/claims), which the workflow's
 * validator verifies before it believes who is acting.
 */
export function runOfficerUpdate<Ret, Input extends object>(
  ctx: Context,
  target: UpdateTarget,
  update: UpdateDefinition<Ret, [Input]>,
  officer: Officer,
  input: Input,
  /** A stable id makes a repeated request one Update (Temporal answers it once); by default a fresh one. */
  options: { updateId?: string } = {},
): Promise<Ret> {
  const signed = signOfficerUpdate(ctx.claimSigner, { officer, workflowId: workflowIdOf(target), updateName: update.name, input, updateId: options.updateId });
  return runCaseUpdate(ctx, target, update, [signed.input], { updateId: signed.updateId });
}
