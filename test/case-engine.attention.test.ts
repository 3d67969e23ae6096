/**
 * A step that can never succeed by retrying holds its case in NEEDS_ATTENTION — visibly, in the
 * workflow and the read model alike — instead of failing the run (the read model stuck where the
 * step broke) or retrying for ever; retryFailedStep re-runs it once the cause is fixed.
 *
 * The database refuses the decision the way a numeric overflow does (support/refused-writes.ts),
 * on both databases: each adapter reports it differently.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { replayCase } from '../api/temporal/replay.ts';
import { signOfficerUpdate } from '../lib/claims/sign-claim.ts';
import { loadWorkflowBundle } from '../lib/temporal/workflow-code.ts';
import { caseWorkflowId, retryFailedStepUpdate, withdrawCaseUpdate, type CaseLiveState, type Officer } from '../workflows/messages.ts';
import { DATABASE_KINDS } from './support/database.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';
import { refuseWritesOf } from './support/refused-writes.ts';

const engineer: Officer = { id: 'engineer-timur', department: 'none', roles: ['engineer'] };

async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (e as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? undefined;
}

describe.each(DATABASE_KINDS)('a step that can never succeed, on %s', (kind) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind });
  });
  afterAll(async () => engine?.close());

  const readModel = (caseId: string) => engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  /** The read model follows the workflow a step behind: wait for it, within bounds. */
  async function readModelReaches(caseId: string, status: string): Promise<void> {
    for (let i = 0; i < 100 && (await readModel(caseId)).status !== status; i++) await new Promise((r) => setTimeout(r, 100));
  }
  const timelineTypes = async (caseId: string) => (await engine.db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } })).map((e) => e.type);

  it('holds the case in NEEDS_ATTENTION with the failed step shown, and completes it when retried after the fix', async () => {
    const application = freshApplicants(engine).birth();
    const refused = await refuseWritesOf(engine.db.prisma, `refuse_decision_${kind}`, { table: 'Decision', iin: application.applicantIin });
    const caseId = await engine.startCase(application);

    // Not failed, not looping: waiting, and saying why.
    const held = await engine.waitFor(caseId, (s) => s.status === 'NEEDS_ATTENTION');
    expect(held.failedStep).toMatchObject({ step: 'DECISION', errorType: 'InvalidData', failure: 1, resumeStatus: 'EVALUATING' });
    expect(held.failedStep!.message).toContain('SQLSTATE 22003');
    expect(held.failedStep!.message).not.toContain(application.applicantIin);
    const description = await engine.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    await readModelReaches(caseId, 'NEEDS_ATTENTION'); // the workflow moves first, then writes the step
    expect(description.status.name).toBe('RUNNING');

    // The read model says the same as the workflow: status, the failure and its audit entry.
    expect(await readModel(caseId)).toMatchObject({ status: 'NEEDS_ATTENTION', outcome: null });
    expect((await timelineTypes(caseId)).at(-1)).toBe('STEP_FAILED');
    const failedEvent = await engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'STEP_FAILED' } });
    expect(failedEvent).toMatchObject({ status: 'NEEDS_ATTENTION', data: { step: 'DECISION', errorType: 'InvalidData', failure: 1 } });
    expect(JSON.stringify(failedEvent.data)).not.toContain(application.applicantIin);
    expect(await engine.db.prisma.auditEntry.count({ where: { stream: `case:${caseId}`, action: 'STEP_FAILED' } })).toBe(1);
    expect(await engine.db.prisma.decision.count({ where: { caseId } })).toBe(0);

    // Held: nothing else moves the case while the step waits.
    expect(await refusal(engine.update(caseId, withdrawCaseUpdate, { reason: 'no longer needed', by: 'citizen' }))).toBe('INVALID_STATE');
    // Retrying is for engineers and the department's supervisors, not its officers.
    expect(await refusal(engine.update(caseId, retryFailedStepUpdate, { failure: 1, officer: officers.aigerim }))).toBe('FORBIDDEN');
    expect(await refusal(engine.update(caseId, retryFailedStepUpdate, { failure: 1, officer: officers.yerlan }))).toBe('FORBIDDEN');

    // Retried before the fix: the step runs once more and fails again, as the next failure. The
    // API names each retry by its failure, so a repeated request is one Update, answered once.
    const sameRetry = () => {
      const signed = signOfficerUpdate(engine.claimSigner, { officer: engineer, workflowId: caseWorkflowId(caseId), updateName: retryFailedStepUpdate.name, input: { failure: 1 }, updateId: `retry-failed-step-${caseId}-1` });
      return engine.client.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(retryFailedStepUpdate, { args: [signed.input], updateId: signed.updateId });
    };
    const [again, repeated] = await Promise.all([sameRetry(), sameRetry()]);
    expect(again).toMatchObject({ status: 'NEEDS_ATTENTION', failedStep: { step: 'DECISION', failure: 2 } });
    expect(repeated).toEqual(again);
    expect(await sameRetry()).toEqual(again);
    expect((await timelineTypes(caseId)).filter((t) => t === 'STEP_RETRIED')).toHaveLength(1);
    // A retry of the failure already retried is refused: each failure is retried once.
    expect(await refusal(engine.update(caseId, retryFailedStepUpdate, { failure: 1, officer: engineer }))).toBe('INVALID_STATE');

    await refused.fix();
    const retried = await engine.update(caseId, retryFailedStepUpdate, { failure: 2, officer: officers.nurlan });
    expect(retried.failedStep).toBeNull();
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED', decisionId: expect.any(String) });

    // Workflow and read model agree at the end too, and the timeline tells the whole story.
    const live: CaseLiveState = await engine.state(caseId);
    expect(live).toMatchObject({ status: 'APPROVED', failedStep: null });
    expect(await readModel(caseId)).toMatchObject({ status: 'APPROVED', outcome: 'APPROVED' });
    expect(await engine.db.prisma.decision.count({ where: { caseId } })).toBe(1);
    const types = await timelineTypes(caseId);
    expect(types.filter((t) => t === 'STEP_FAILED')).toHaveLength(2);
    expect(types.filter((t) => t === 'STEP_RETRIED')).toHaveLength(2);
    expect(types.at(-1)).toBe('DECIDED');
    const retriedBy = await engine.db.prisma.auditEntry.findMany({ where: { stream: `case:${caseId}`, action: 'STEP_RETRIED' }, orderBy: { seq: 'asc' } });
    expect(retriedBy.map((a) => a.actor)).toEqual(['engineer-timur', 'supervisor-nurlan']);
    // The history — failures, a handler waiting on the main flow, retries — replays deterministically.
    expect(await replayCase(engine.client, caseId, { bundle: await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') }) })).toMatchObject({ ok: true, failure: null });

    // No retry is left to make: the case is closed.
    await expect(engine.update(caseId, retryFailedStepUpdate, { failure: 2, officer: engineer })).rejects.toThrow();
  });

  it('a projection the read model refuses holds the case too; retried after the fix, the case goes on and the read model catches up', async () => {
    const application = freshApplicants(engine).birth();
    const refused = await refuseWritesOf(engine.db.prisma, `refuse_evaluated_${kind}`, { table: 'CaseEvent', iin: application.applicantIin, eventType: 'EVALUATED' });
    const caseId = await engine.startCase(application);
    const held = await engine.waitFor(caseId, (s) => s.status === 'NEEDS_ATTENTION');
    await readModelReaches(caseId, 'NEEDS_ATTENTION');
    expect(held.failedStep).toMatchObject({ step: 'PROJECTION', errorType: 'InvalidData', resumeStatus: 'EVALUATING' });
    expect(await readModel(caseId)).toMatchObject({ status: 'NEEDS_ATTENTION' });
    expect(await timelineTypes(caseId)).not.toContain('EVALUATED');

    await refused.fix();
    expect((await engine.update(caseId, retryFailedStepUpdate, { failure: held.failedStep!.failure, officer: engineer })).failedStep).toBeNull();
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    expect(await readModel(caseId)).toMatchObject({ status: 'APPROVED', outcome: 'APPROVED' });
    const types = await timelineTypes(caseId);
    // The refused step is written once, after the retry, and the case moved on past it.
    expect(types.filter((t) => t === 'EVALUATED')).toHaveLength(1);
    expect(types.indexOf('STEP_RETRIED')).toBeLessThan(types.indexOf('EVALUATED'));
    expect(types.at(-1)).toBe('DECIDED');
    expect(await replayCase(engine.client, caseId, { bundle: await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') }) })).toMatchObject({ ok: true, failure: null });
  });
});
