/**
 * No path around the case workflow's rules, tried against the real engine on a real Temporal
 * server: Updates sent straight to Temporal with a forged officer; four-eyes on the amount
 * actually paid; amounts and free text outside the input rules; a withdrawal racing a decision;
 * a claim/release loop; reassignment to a bad assignee. Every refusal is a validator's, so the
 * history holds no trace of it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshApplicants } from './support/fresh-applicants.ts';
import { stillHistoryLength } from './support/still-history.ts';
import { CLAIM_REJECTED } from '../lib/claims/in-workflow.ts';
import { createClaimSigner, signOfficerUpdate } from '../lib/claims/sign-claim.ts';
import {
  caseWorkflowId,
  claimTaskUpdate,
  provideInformationUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resolveTaskUpdate,
  withdrawCaseUpdate,
  type ResolveTaskInput,
} from '../workflows/messages.ts';
import { MAX_TASK_HANDOVERS } from '../workflows/case/officer-handlers.ts';
import { createQyzmetWorker, stopWorker } from '../worker.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';

async function refusal(p: Promise<unknown>): Promise<{ type: string | undefined; message: string; code?: string }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!e) throw new Error('expected the update to be refused');
  expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (e as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return { type: cause.type ?? undefined, message: cause.message, code: (cause.details?.[0] as { code?: string } | undefined)?.code };
}

describe('case engine: no path around the rules', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'pglite' });
  });
  afterAll(async () => engine?.close());

  const handle = (caseId: string) => engine.client.workflow.getHandle(caseWorkflowId(caseId));
  const eventCount = async (caseId: string) => (await handle(caseId).fetchHistory()).events!.length;
  const settledEventCount = (caseId: string) => stillHistoryLength(handle(caseId));
  // Each case needs an entitlement nobody holds yet (one grant per child, per job loss).
  let jobLossDays = 0;
  /** An employment review: the persona has no employment record; each case its own job-loss date. */
  const jobLossCase = () =>
    engine.startCase({
      serviceCode: 'job-loss-payment',
      applicantIin: engine.dataset.personas.notFoundEmployment.iin,
      application: { jobLossDate: new Date(Date.parse('2026-02-20') - 86_400_000 * jobLossDays++).toISOString().slice(0, 10) },
    });
  /**
   * A social-payments review with the rules' own amount: a birth allowance nobody asked for yet,
   * gathered while the bank registry is down (fail-safe: no verified account → an officer); or a
   * childcare total large enough for four-eyes.
   */
  const birthCase = async (kind: 'unverifiedBankAccount' | 'highIncomeParent') => {
    if (kind === 'highIncomeParent') return engine.startCase(freshApplicants(engine).fourEyes());
    engine.registry.setOutage('bank', true);
    try {
      const caseId = await engine.startCase({ ...freshApplicants(engine).birth(), timing: { registryMaxAttempts: 1, registryRetryInitialIntervalMs: 10 } });
      await engine.openTask(caseId);
      return caseId;
    } finally {
      engine.registry.setOutage('bank', false);
    }
  };

  it('refuses a resolveTask sent straight to Temporal with a forged supervisor, leaving no event in history', async () => {
    const caseId = await jobLossCase();
    const task = await engine.openTask(caseId);
    const before = await settledEventCount(caseId);
    const forgedSupervisor = { id: 'supervisor-forged', department: 'employment', roles: ['supervisor'] };
    const forged: ResolveTaskInput = { taskId: task.taskId, officer: forgedSupervisor, action: 'APPROVE', reason: 'approved by the supervisor', amount: 5_000_000 };

    // 1. The officer named in the input, no claim: what anyone who reaches Temporal could send.
    const bare = await refusal(handle(caseId).executeUpdate(resolveTaskUpdate, { args: [forged] }));
    expect(bare).toMatchObject({ type: CLAIM_REJECTED, code: 'NO_CLAIM' });

    // 2. A claim signed with a key the worker does not trust.
    const attacker = createClaimSigner(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const { officer: _o, ...input } = forged;
    const selfSigned = signOfficerUpdate(attacker, { officer: forgedSupervisor, workflowId: caseWorkflowId(caseId), updateName: 'resolveTask', input });
    expect(await refusal(handle(caseId).executeUpdate(resolveTaskUpdate, { args: [selfSigned.input], updateId: selfSigned.updateId }))).toMatchObject({ type: CLAIM_REJECTED, code: 'UNKNOWN_KEY' });

    // 3. A genuine claim for an officer's own action, reused with a raised amount.
    const genuine = signOfficerUpdate(engine.claimSigner, { officer: officers.dana, workflowId: caseWorkflowId(caseId), updateName: 'resolveTask', input: { ...input, amount: 1000 } });
    expect(await refusal(handle(caseId).executeUpdate(resolveTaskUpdate, { args: [{ ...genuine.input, amount: 5_000_000 }], updateId: genuine.updateId }))).toMatchObject({ type: CLAIM_REJECTED, code: 'WRONG_INPUT' });

    // 4. A forged claimTask, then a real officer claims the task as usual.
    expect(await refusal(handle(caseId).executeUpdate(claimTaskUpdate, { args: [{ taskId: task.taskId, officer: forgedSupervisor }] }))).toMatchObject({ code: 'NO_CLAIM' });

    expect(await eventCount(caseId)).toBe(before);
    const state = await engine.state(caseId);
    expect(state.status).toBe('PENDING_REVIEW');
    expect(state.tasks[0]).toMatchObject({ status: 'OPEN', assignee: null });
    expect(await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana })).toMatchObject({ status: 'CLAIMED', assignee: 'officer-dana' });
  });

  it('sends a raised amount to a second reviewer, who decides the amount the first approved', async () => {
    const caseId = await birthCase('unverifiedBankAccount');
    const task = await engine.openTask(caseId);
    const computed = (await engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId }, orderBy: { createdAt: 'desc' } })).amount;
    expect(Number(computed)).toBeGreaterThan(0);
    const raised = Number(computed) + 35_000; // still far below the 500 000 threshold

    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
    const first = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'raised for the second child', amount: raised });
    expect(first).toMatchObject({ decision: null, secondReviewTaskId: expect.any(String) });

    // The second reviewer may not slip in another amount; the one shown is the one decided.
    const before = await settledEventCount(caseId);
    const other = await refusal(engine.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.nurlan, action: 'APPROVE', reason: 'different amount', amount: Number(computed) }));
    expect(other.type).toBe('VALIDATION_FAILED');
    expect(await eventCount(caseId)).toBe(before);
    const second = await engine.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.nurlan, action: 'APPROVE', reason: 'raise justified' });
    expect(second.decision).toMatchObject({ outcome: 'APPROVED', amount: raised, decidedBy: 'supervisor-nurlan' });
  });

  it('lets one officer lower the computed amount below the threshold', async () => {
    const caseId = await birthCase('unverifiedBankAccount');
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
    const result = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'partial entitlement', amount: 100_000 });
    expect(result.decision).toMatchObject({ outcome: 'APPROVED', amount: 100_000 });
  });

  it('refuses a second reviewer replacing the approved large amount', async () => {
    const caseId = await birthCase('highIncomeParent');
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
    const first = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'income verified' });
    await engine.update(caseId, claimTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.bolat });
    const swapped = await refusal(engine.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.bolat, action: 'APPROVE', reason: 'approve', amount: 10 }));
    expect(swapped.type).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['above Decimal(14,2)', 1e12],
    ['a third decimal', 0.005],
    ['negative', -1],
  ])('refuses an amount %s in the validator, before any decision', async (_name, amount) => {
    const caseId = await birthCase('unverifiedBankAccount');
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
    const before = await settledEventCount(caseId);
    const refused = await refusal(engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'amount corrected', amount }));
    expect(refused.type).toBe('VALIDATION_FAILED');
    expect(await eventCount(caseId)).toBe(before);
    expect((await engine.state(caseId)).decision).toBeNull();
    await engine.update(caseId, withdrawCaseUpdate, { reason: 'test done', by: 'citizen' });
  });

  it('refuses control characters and malformed Unicode in every free text and id, with no history', async () => {
    const caseId = await jobLossCase();
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    const before = await settledEventCount(caseId);
    const resolve = (over: Partial<ResolveTaskInput>) =>
      engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'REQUEST_INFORMATION', reason: 'need the book', request: 'work record book', ...over });
    const attempts: [string, () => Promise<unknown>][] = [
      ['NUL in a reason', () => resolve({ reason: 'approved\u0000' })],
      ['a lone surrogate in a withdrawal reason', () => engine.update(caseId, withdrawCaseUpdate, { reason: 'bye \uD800', by: 'citizen' })],
      ['an RTL override in a reason', () => resolve({ reason: 'ok \u202Etxet' })],
      ['a 1 MB reason', () => resolve({ reason: 'x'.repeat(1_000_000) })],
      ['NUL in a task id', () => engine.update(caseId, releaseTaskUpdate, { taskId: `${task.taskId}\u0000`, officer: officers.dana })],
      ['NUL in a withdrawal reason', () => engine.update(caseId, withdrawCaseUpdate, { reason: 'bye\u0000', by: 'citizen' })],
      ['a control character in who withdraws', () => engine.update(caseId, withdrawCaseUpdate, { reason: 'bye', by: 'citizen\u0007' })],
    ];
    for (const [name, send] of attempts) expect([name, (await refusal(send())).type]).toEqual([name, 'VALIDATION_FAILED']);
    expect(await eventCount(caseId)).toBe(before);

    // The same request, well-formed, is accepted; then the citizen's answers follow the same rule.
    await resolve({});
    await engine.waitFor(caseId, (s) => s.status === 'AWAITING_INFORMATION');
    const waiting = await settledEventCount(caseId);
    for (const answers of [{ 'book\u0000': 'x' }, { book: 'scan \uDC00' }, { book: 'x'.repeat(20_000) }] as Record<string, string>[]) {
      expect((await refusal(engine.update(caseId, provideInformationUpdate, { submissionId: 'upload-1', answers }))).type).toBe('VALIDATION_FAILED');
    }
    expect((await refusal(engine.update(caseId, provideInformationUpdate, { submissionId: 'up\u0000', answers: { book: 'x' } }))).type).toBe('VALIDATION_FAILED');
    expect(await eventCount(caseId)).toBe(waiting);
    await engine.update(caseId, withdrawCaseUpdate, { reason: 'test done', by: 'citizen' });
  });

  it('caps claim/release loops on a task with a typed refusal, well inside Temporal’s history limits', async () => {
    const caseId = await jobLossCase();
    const task = await engine.openTask(caseId);
    for (let i = 0; i < MAX_TASK_HANDOVERS; i++) {
      await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
      await engine.update(caseId, releaseTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    }
    const before = await handle(caseId).fetchHistory();
    const refused = await refusal(engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana }));
    expect(refused.type).toBe('INVALID_STATE');
    expect(refused.message).toMatch(/changed hands 100 times/);
    expect((await handle(caseId).fetchHistory()).events!.length).toBe(before.events!.length);
    // Temporal's default limits: 51 200 events, 50 MB, 2 000 Updates per execution.
    const events = before.events!.length;
    const bytes = (await handle(caseId).describe()).raw.workflowExecutionInfo?.historySizeBytes;
    console.log(`claim/release loop: ${MAX_TASK_HANDOVERS} hand-overs → ${events} events, ${String(bytes)} bytes of history`);
    expect(events).toBeLessThan(5_000);
    // The case can still be decided: a supervisor resolves the task without claiming it.
    const result = await engine.update(caseId, resolveTaskUpdate, { taskId: task.taskId, officer: officers.yerlan, action: 'DENY', reason: 'no proof of employment', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
    // A refusal: heard first (hearing.ts), so no decision yet, but the task is resolved.
    expect(result).toMatchObject({ decision: null, status: 'PRELIMINARY_REFUSAL' });
    // 200 Updates one after another: about a minute on a busy shared machine.
  }, 300_000);

  it('checks the assignee of a reassignment', async () => {
    const caseId = await jobLossCase();
    const task = await engine.openTask(caseId);
    await engine.update(caseId, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
    const before = await settledEventCount(caseId);
    for (const assignee of ['', 'officer\u0000dana', 'officer dana', '851231400123', 'officer-dana']) {
      const r = await refusal(engine.update(caseId, reassignTaskUpdate, { taskId: task.taskId, officer: officers.yerlan, assignee }));
      expect([assignee, r.type]).toEqual([assignee, assignee === 'officer-dana' ? 'INVALID_STATE' : 'VALIDATION_FAILED']);
    }
    expect(await eventCount(caseId)).toBe(before);
    expect(await engine.update(caseId, reassignTaskUpdate, { taskId: task.taskId, officer: officers.yerlan, assignee: 'officer-arman' })).toMatchObject({ assignee: 'officer-arman' });
    await engine.update(caseId, withdrawCaseUpdate, { reason: 'test done', by: 'citizen' });
  });
});
