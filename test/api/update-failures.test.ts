/**
 * The failures Temporal gives an Update under contention and outage, each as the SDK itself builds
 * it, and the typed answer runCaseUpdate makes of it. The races that produce them on a live server
 * are timing-dependent (test/api/contention.test.ts drives them for real); here each one is
 * certain.
 */
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../api/context.ts';
import { temporalUnavailable } from '../../api/temporal/failures.ts';
import { runCaseUpdate } from '../../api/temporal/updates.ts';
import { QyzmetError } from '../../lib/errors.ts';
import { withdrawCaseUpdate } from '../../workflows/messages.ts';

const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

/** A context whose Temporal client fails every Update with `failure`. */
function contextFailingWith(failure: unknown): Context {
  const temporal = {
    workflow: { getHandle: () => ({ executeUpdate: () => Promise.reject(failure) }) },
    connection: { withDeadline: (_: number, fn: () => Promise<unknown>) => fn() },
  } as unknown as Client;
  return { temporal, lang: 'en' } as unknown as Context;
}

async function answerTo(failure: unknown): Promise<{ code?: string; extensions?: { code?: string } }> {
  const ctx = contextFailingWith(failure);
  const thrown = await runCaseUpdate(ctx, { operation: 'Mutation.withdrawCase', caseId: 'c1' }, withdrawCaseUpdate, [{ reason: 'x', by: 'client-a' }] as never).catch((e: unknown) => e);
  return thrown as { code?: string; extensions?: { code?: string } };
}

const codeOf = (answer: { code?: string; extensions?: { code?: string } }) => answer.code ?? answer.extensions?.code;

describe('an Update that fails in Temporal', () => {
  it('dropped unprocessed by the server (the run ended in the same workflow task) is INVALID_STATE: it did not take effect', async () => {
    const failure = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'UnprocessedUpdate', message: "Workflow Update is rejected because it wasn't processed by worker.", nonRetryable: true }));
    expect(codeOf(await answerTo(failure))).toBe('INVALID_STATE');
  });

  it('refused as too many in flight (RESOURCE_EXHAUSTED) is UNAVAILABLE', async () => {
    expect(codeOf(await answerTo(new ServiceError('Failed to update workflow', { cause: grpcError(8, 'too many outstanding requests') })))).toBe('UNAVAILABLE');
  });

  it('past its deadline, cancelled, or with Temporal unreachable is UNAVAILABLE', async () => {
    expect(codeOf(await answerTo(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: grpcError(4, 'deadline exceeded') })))).toBe('UNAVAILABLE');
    expect(codeOf(await answerTo(grpcError(14, 'No connection established')))).toBe('UNAVAILABLE');
    expect(codeOf(await answerTo(new ServiceError('Failed to update workflow', { cause: grpcError(4, 'Deadline exceeded') })))).toBe('UNAVAILABLE');
  });

  it('failed by the workflow service itself (INTERNAL, UNKNOWN) is UNAVAILABLE; aborted as the run closes (FAILED_PRECONDITION) is INVALID_STATE, refused while a workflow task is retried is UNAVAILABLE', async () => {
    // The SDK wraps every other gRPC status of an Update as ServiceError('Workflow Update failed').
    expect(codeOf(await answerTo(new ServiceError('Workflow Update failed', { cause: grpcError(13, 'context deadline exceeded') })))).toBe('UNAVAILABLE');
    expect(codeOf(await answerTo(new ServiceError('Workflow Update failed', { cause: grpcError(2, 'unknown') })))).toBe('UNAVAILABLE');
    expect(codeOf(await answerTo(new ServiceError('Workflow Update failed', { cause: grpcError(9, 'Workflow Update was aborted by closing workflow') })))).toBe('INVALID_STATE');
    // The workflow task is being retried (a loaded or restarting worker): refused now, nothing taken.
    expect(codeOf(await answerTo(new ServiceError('Workflow Update failed', { cause: grpcError(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.') })))).toBe('UNAVAILABLE');
  });

  it('a refusal by the workflow keeps its own code; a bug stays a bug (masked as INTERNAL_SERVER_ERROR by the server)', async () => {
    const refused = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'INVALID_STATE', message: 'task t1 is already claimed', nonRetryable: true }));
    expect(codeOf(await answerTo(refused))).toBe('INVALID_STATE');
    const bug = new TypeError('undefined is not a function');
    expect(await answerTo(bug)).toBe(bug);
    expect(temporalUnavailable(bug)).toBeNull();
    expect(temporalUnavailable(new QyzmetError('UNAVAILABLE', 'already typed'))).toBeNull();
    expect(temporalUnavailable(new ServiceError('Failed to describe workflow', { cause: grpcError(3, 'invalid argument') }))).toBeNull();
  });
});
