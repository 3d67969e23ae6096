/**
 * The officer the case workflow believes is the one the API signed: a resolveTask sent straight
 * to Temporal with a forged supervisor is refused and leaves no history, the same action through
 * GraphQL succeeds; officer input the workflow would refuse is refused by the API first with a
 * typed error; a claim/release loop through the API ends in a typed refusal long before
 * Temporal's history limits.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLAIM, RELEASE, RESOLVE } from '../../api/client/operations.ts';
import { CLAIM_REJECTED } from '../../lib/claims/in-workflow.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { MAX_TASK_HANDOVERS } from '../../workflows/case/officer-handlers.ts';
import { caseWorkflowId, resolveTaskUpdate } from '../../workflows/messages.ts';
import { stillHistoryLength } from '../support/still-history.ts';
import { applications, caseInReview, socialCasesInReview } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const history = (caseId: string) => h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
/** The history's length once the review has opened and its staff notice has gone. */
const stillLength = (caseId: string) => stillHistoryLength(h.engine.client.workflow.getHandle(caseWorkflowId(caseId)));

describe('officer claims', () => {
  it('refuses a forged supervisor sent straight to Temporal; the same action through the API succeeds', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const before = await stillLength(caseId);
    const forged = { taskId, officer: { id: 'supervisor-nurlan', department: 'social-payments', roles: ['supervisor'] }, action: 'DENY' as const, reason: 'not eligible after review', grounds: ['NOT_PARENT_OF_CHILD'] };
    const err = await h.engine.client.workflow
      .getHandle(caseWorkflowId(caseId))
      .executeUpdate(resolveTaskUpdate, { args: [forged] })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(CLAIM_REJECTED);
    expect(cause.details?.[0]).toEqual({ code: 'NO_CLAIM' });
    expect((await history(caseId)).events!.length).toBe(before);

    const done = expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId, action: 'DENY', reason: 'not eligible after review', grounds: ['NOT_PARENT_OF_CHILD'] } })).resolveTask as any;
    expect(done).toMatchObject({ __typename: 'ResolveTaskPayload', decision: null });
    expect((await h.engine.result(caseId)).status).toBe('DENIED');
    expect(await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).toMatchObject({ outcome: 'DENIED', decidedBy: 'supervisor-nurlan' });
    // What the workflow accepted: a signed claim, and no officer it would have to take on trust.
    const accepted = (await history(caseId)).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'resolveTask');
    expect(accepted).toHaveLength(1);
  });

  it('refuses the same forgery sent with the temporal CLI', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const workflowId = caseWorkflowId(caseId);
    const before = await stillLength(caseId);
    const forged = { taskId, officer: { id: 'supervisor-nurlan', department: 'social-payments', roles: ['supervisor'] }, action: 'APPROVE', reason: 'approved by the supervisor', amount: 999_999 };
    // Asynchronously: the worker answering the Update runs in this process.
    const run = promisify(execFile)(requireTemporalCli(), ['workflow', 'update', 'execute', '--address', inject('temporalAddress'), '--workflow-id', workflowId, '--name', 'resolveTask', '--input', JSON.stringify(forged)]);
    const failed = (await run.then(() => null, (e: unknown) => e)) as { stderr?: string } | null;
    expect(failed?.stderr).toMatch(/the Update carries no officer claim.*ClaimRejected/);
    expect((await history(caseId)).events!.length).toBe(before);
    expect((await h.engine.state(caseId)).tasks[0]).toMatchObject({ status: 'OPEN', assignee: null });
  });

  // Text no field may hold (control, bidi, malformed Unicode) stops at the API's input floor: 400
  // BAD_REQUEST naming the field, before any resolver. Amounts are a field's own rule: the
  // ValidationFailed member. Either way nothing is signed and the workflow sees nothing.
  it.each([
    ['a lone surrogate in the reason', { reason: 'checked \uD800', action: 'DENY' }, 'reason', 'BAD_REQUEST'],
    ['NUL in the reason', { reason: 'checked\u0000', action: 'DENY' }, 'reason', 'BAD_REQUEST'],
    ['an RTL override in a request', { reason: 'need it', action: 'REQUEST_INFORMATION', request: 'book \u202E' }, 'request', 'BAD_REQUEST'],
    ['an amount above Decimal(14,2)', { reason: 'checked', action: 'APPROVE', amount: 1e12 }, 'amount', 'VALIDATION_FAILED'],
    ['an amount with three decimals', { reason: 'checked', action: 'APPROVE', amount: 0.005 }, 'amount', 'VALIDATION_FAILED'],
  ])('refuses %s, and the workflow sees nothing', async (_name, input, field, code) => {
    const { caseId, taskId } = (await socialCasesInReview(h, 'frontendA', 1))[0]!;
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    const before = await stillLength(caseId);
    const answer = await h.gql('officerSocial', RESOLVE, { input: { taskId, ...input } });
    if (code === 'BAD_REQUEST') {
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
      expect(JSON.stringify(answer.body.errors)).toContain(field);
    } else {
      const r = expectOk(answer).resolveTask as any;
      expect(r).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED' });
      expect(r.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await history(caseId)).events!.length).toBe(before);
  });

  it('ends a claim/release loop with a typed refusal, far from Temporal’s history limits', async () => {
    const { caseId, taskId } = (await socialCasesInReview(h, 'frontendA', 1))[0]!;
    for (let i = 0; i < MAX_TASK_HANDOVERS; i++) {
      expect((expectOk(await h.gql('officerSocial', CLAIM, { taskId })).claimTask as any).__typename).toBe('TaskPayload');
      expect((expectOk(await h.gql('officerSocial', RELEASE, { taskId })).releaseTask as any).__typename).toBe('TaskPayload');
    }
    const refused = expectOk(await h.gql('officerSocial', CLAIM, { taskId })).claimTask as any;
    expect(refused).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE' });
    const events = (await history(caseId)).events!.length;
    const bytes = Number((await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).raw.workflowExecutionInfo?.historySizeBytes ?? 0);
    console.log(`through the API: ${MAX_TASK_HANDOVERS} claim/release pairs → ${events} history events, ${bytes} bytes (Temporal refuses at 51 200 events / 50 MB)`);
    expect(events).toBeLessThan(51_200 / 10);
    expect(bytes).toBeLessThan(50 * 1024 * 1024 / 10);
    const done = expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId, action: 'DENY', reason: 'decided after the loop', grounds: ['NOT_PARENT_OF_CHILD'] } })).resolveTask as any;
    expect(done).toMatchObject({ __typename: 'ResolveTaskPayload', decision: null });
    expect((await h.engine.result(caseId)).status).toBe('DENIED');
  });
});
