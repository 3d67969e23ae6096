/**
 * Appeals on the real stack: a refusal appealed and replaced by an approval — both decisions
 * verify, the old one is superseded and the audit chain holds both, decided by the appeal group
 * and not by the officer who refused; that officer is refused (FOUR_EYES); filing twice gives the
 * one appeal; filing after the appeal period or on another client's case is a typed error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_APPEALS, FILE_APPEAL, RESOLVE } from '../../api/client/operations.ts';
import { contentHash } from '../../lib/canonical-json.ts';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { signOfficerUpdate } from '../../lib/claims/sign-claim.ts';
import { appealTaskIdOf, appealWorkflowId, resolveAppealUpdate } from '../../workflows/messages.ts';
import { applications, caseInReview, decidedCase, waitForRow } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
let appealGroup: Record<string, string>;
/** A second member of the appeal group. */
let appealGroupTimur: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  appealGroup = { authorization: `Bearer ${await h.token({ sub: 'appeals-saule', roles: ['officer', 'appeal-officer'], department: 'social-payments' })}` };
  appealGroupTimur = { authorization: `Bearer ${await h.token({ sub: 'appeals-timur', roles: ['appeal-officer'], department: 'social-payments' })}` };
});
afterAll(async () => h?.close());

const ERROR = '... on Error { code message detail }';
const RESOLVE_APPEAL = `mutation($input: ResolveAppealInput!) { resolveAppeal(input: $input) { __typename ${ERROR}
  ... on ResolveAppealPayload { appeal { id status outcome decidedBy decidedAt }
    decision { decisionId outcome amount decidedBy signatureValid columnsMatchRecord replaces { decisionId } supersededBy { decisionId } }
    replaced { decisionId outcome signatureValid supersededBy { decisionId } } } } }`;
const AUDIT = `query($caseId: ID!) { auditLog(caseId: $caseId) { entries { seq action actor details } verification { ok reason message } } }`;
const CLAIM_TASK = `mutation($taskId: ID!) { claimTask(input: { taskId: $taskId }) { __typename ${ERROR} ... on TaskPayload { task { taskId kind status assignee } } } }`;
const RELEASE_TASK = `mutation($taskId: ID!) { releaseTask(input: { taskId: $taskId }) { __typename ${ERROR} ... on TaskPayload { task { taskId kind status assignee } } } }`;
const REASSIGN_TASK = `mutation($taskId: ID!, $assignee: String!) { reassignTask(input: { taskId: $taskId, assignee: $assignee }) { __typename ${ERROR} } }`;

/** Claims an appeal's task as `who`, expecting it to be taken. */
async function claimAppeal(who: Parameters<Harness['gql']>[0], appealId: string): Promise<void> {
  const claimed = expectOk(await h.gql(who, CLAIM_TASK, { taskId: appealTaskIdOf(appealId) })).claimTask as any;
  expect(claimed).toMatchObject({ __typename: 'TaskPayload', task: { kind: 'APPEAL', status: 'CLAIMED' } });
}

/** A refusal signed by the supervisor (supervisor-nurlan), as an officer's DENY with its ground. */
async function refusedCase(): Promise<{ caseId: string; decisionId: string }> {
  const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
  const denied = expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId, action: 'DENY', reason: 'the child lives with the other parent', grounds: ['NOT_PARENT_OF_CHILD'] } })).resolveTask as any;
  // Heard first (the fixture's hearing window is a second): the DENY is signed once it passes in silence.
  expect(denied).toMatchObject({ __typename: 'ResolveTaskPayload', decision: null });
  await h.engine.result(caseId);
  const decision = await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
  expect(decision).toMatchObject({ outcome: 'DENIED', decidedBy: 'supervisor-nurlan' });
  return { caseId, decisionId: decision.id };
}

const file = (role: 'frontendA' | 'frontendB', input: Record<string, unknown>, api: Pick<Harness, 'gql'> = h) => api.gql<Record<string, any>>(role, FILE_APPEAL, { input });

describe('an appeal that replaces a refusal with an approval', () => {
  it('is filed once, refused to the first decider, and decided by the appeal group into a new signed decision', async () => {
    const { caseId, decisionId } = await refusedCase();
    const input = { decisionId, reason: 'I am the child’s parent: the registry entry is out of date', documents: ['doc-birth-certificate-1'] };
    const filed = expectOk(await file('frontendA', input)).fileAppeal as any;
    expect(filed).toMatchObject({ __typename: 'FileAppealPayload', created: true, appeal: { status: 'OPEN', reason: input.reason, documents: input.documents, policy: { verified: false, legalBasis: { article: 'article not identified', verified: false } } } });
    const appealId = filed.appeal.id as string;

    // Filing again (a retry, or a second tap) returns the same appeal.
    const again = expectOk(await file('frontendA', { ...input, reason: 'filed twice' })).fileAppeal as any;
    expect(again).toMatchObject({ created: false, appeal: { id: appealId, reason: input.reason } });

    // The appeal task reaches the appeal group's inbox with its SLA.
    const task = await waitForRow(h, () => h.engine.db.prisma.task.findUnique({ where: { id: appealTaskIdOf(appealId) } }));
    expect(task).toMatchObject({ kind: 'APPEAL', role: 'appeal-officer', status: 'OPEN', department: 'social-payments', firstReviewer: 'supervisor-nurlan' });
    expect(task.dueAt.getTime()).toBeGreaterThan(Date.now());
    const listed = expectOk(await h.gql(appealGroup, 'query { appeals(filter: OPEN) { id status case { caseId } } }')) as any;
    expect(listed.appeals.map((a: { id: string }) => a.id)).toContain(appealId);

    // The supervisor who refused may not decide the appeal.
    const byDecider = expectOk(await h.gql('supervisorSocial', RESOLVE_APPEAL, { input: { appealId, resolution: 'REPLACE', outcome: 'APPROVED', reason: 'on reflection' } })).resolveAppeal as any;
    expect(byDecider).toMatchObject({ __typename: 'FourEyesViolation', code: 'FOUR_EYES' });
    // Nor past the API, straight to the workflow with a valid claim: its validator refuses it and nothing enters history.
    const workflowId = appealWorkflowId(appealId);
    const signed = signOfficerUpdate(h.engine.claimSigner, {
      officer: { id: 'supervisor-nurlan', department: 'social-payments', roles: ['supervisor'] },
      workflowId,
      updateName: resolveAppealUpdate.name,
      input: { appealId, resolution: 'REPLACE' as const, outcome: 'APPROVED' as const, reason: 'on reflection' },
    });
    const bypass = await h.engine.client.workflow.getHandle(workflowId).executeUpdate(resolveAppealUpdate, { args: [signed.input], updateId: signed.updateId }).then(() => null, (e: unknown) => e);
    expect(bypass).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((bypass as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'FOUR_EYES' });
    const history = await h.engine.client.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events!.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    // An officer outside the appeal group may not either.
    expect(codesOf(await h.gql('officerSocial', RESOLVE_APPEAL, { input: { appealId, resolution: 'UPHOLD', reason: 'stands' } }))).toContain('FORBIDDEN');

    await claimAppeal(appealGroup, appealId);
    const decided = expectOk(await h.gql(appealGroup, RESOLVE_APPEAL, { input: { appealId, resolution: 'REPLACE', outcome: 'APPROVED', reason: 'the birth certificate names the applicant as parent' } })).resolveAppeal as any;
    expect(decided).toMatchObject({
      __typename: 'ResolveAppealPayload',
      appeal: { id: appealId, status: 'REPLACED', outcome: 'REPLACE', decidedBy: 'appeals-saule' },
      decision: { outcome: 'APPROVED', decidedBy: 'appeals-saule', signatureValid: true, columnsMatchRecord: true, replaces: { decisionId }, supersededBy: null },
      replaced: { decisionId, outcome: 'DENIED', signatureValid: true },
    });
    const newId = decided.decision.decisionId as string;
    expect(decided.replaced.supersededBy).toEqual({ decisionId: newId });
    expect(decided.decision.amount).toBeGreaterThan(0);

    // Both signed records verify; the new one names the old one and its hash.
    const [oldRow, newRow] = await Promise.all([decisionId, newId].map((id) => h.engine.db.prisma.decision.findUniqueOrThrow({ where: { id } })));
    for (const row of [oldRow!, newRow!]) expect(h.engine.deps.keyRing.verifyRecord(row.record, row.signature, row.keyId)).toBe(true);
    expect(oldRow!.supersededBy).toBe(newId);
    expect(JSON.parse(newRow!.record).replaces).toEqual({ decisionId, recordHash: contentHash(JSON.parse(oldRow!.record)), appealId });

    // The read model shows the new outcome, and the appeal.
    const read = expectOk(await h.gql('frontendA', CASE_APPEALS, { id: caseId })) as any;
    expect(read.case).toMatchObject({ status: 'APPROVED', decision: { decisionId: newId, outcome: 'APPROVED', replaces: { decisionId, outcome: 'DENIED', signatureValid: true, supersededBy: { decisionId: newId } } } });
    expect(read.case.appeals).toEqual([expect.objectContaining({ id: appealId, status: 'REPLACED', outcome: 'REPLACE', reason: input.reason })]);
    expect(read.case.appeals[0].decidedAt).not.toBeNull();

    // The chain verifies and holds both decisions, the replacement with the old and new amounts.
    const audit = expectOk(await h.gql('supervisorSocial', AUDIT, { caseId })) as any;
    expect(audit.auditLog.verification).toMatchObject({ ok: true });
    const actions = audit.auditLog.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['DECISION_ISSUED', 'APPEAL_FILED', 'DECISION_REPLACED']));
    const replaced = audit.auditLog.entries.find((e: { action: string }) => e.action === 'DECISION_REPLACED').details;
    expect(replaced).toMatchObject({ decisionId: newId, replaces: decisionId, oldAmount: null, newAmount: decided.decision.amount, amountChanged: true, recordHash: contentHash(JSON.parse(newRow!.record)) });

    // The citizen was told at filing and of the result.
    const sms = await h.engine.db.prisma.notification.findMany({ where: { caseId, template: { startsWith: 'appeal-' } } });
    expect(sms.map((n) => n.template).sort()).toEqual(['appeal-filed', 'appeal-replaced']);

    // A decided appeal cannot be decided again.
    const twice = expectOk(await h.gql(appealGroup, RESOLVE_APPEAL, { input: { appealId, resolution: 'UPHOLD', reason: 'again' } })).resolveAppeal as any;
    expect(twice).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('filing refused', () => {
  it('after the appeal period, and on a decision of another client’s case', async () => {
    const caseId = await decidedCase(h, 'frontendA');
    const id = (await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).id;

    const late = h.variant({}, { appealClock: () => new Date(Date.now() + 200 * 86_400_000) });
    const refused = expectOk(await file('frontendA', { decisionId: id, reason: 'too late, but still' }, late)).fileAppeal as any;
    expect(refused).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE' });
    expect(refused.detail).toMatch(/appeal period/);

    expect(codesOf(await file('frontendB', { decisionId: id, reason: 'not my case' }))).toContain('FORBIDDEN');
    expect(await h.engine.db.prisma.appeal.count({ where: { caseId } })).toBe(0);

    // Bad text is refused before anything is stored.
    expect(expectOk(await file('frontendA', { decisionId: id, reason: 'x' })).fileAppeal).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(expectOk(await file('frontendA', { decisionId: id, reason: 'ok reason', documents: Array.from({ length: 11 }, (_, i) => `doc-${i}`) })).fileAppeal).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await h.engine.db.prisma.appeal.count({ where: { caseId } })).toBe(0);
  });
});

describe('an appeal upheld after its SLA passed', () => {
  it('marks the appeal task escalated when the SLA passes, then records UPHOLD and leaves the decision standing', async () => {
    const caseId = await decidedCase(h, 'frontendA');
    const decision = await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    const filed = expectOk(await file('frontendA', { decisionId: decision.id, reason: 'the amount looks too low to me', timing: { slaMs: 1500 } })).fileAppeal as any;
    expect(filed).toMatchObject({ created: true, appeal: { status: 'OPEN' } });
    const appealId = filed.appeal.id as string;
    const overdue = await waitForRow(h, () => h.engine.db.prisma.task.findFirst({ where: { id: appealTaskIdOf(appealId), escalated: true } }));
    expect(overdue.status).toBe('OPEN');

    // The automatic decision was the system's: any member of the appeal group may take it and decide.
    await claimAppeal(appealGroup, appealId);
    const upheld = expectOk(await h.gql(appealGroup, RESOLVE_APPEAL, { input: { appealId, resolution: 'UPHOLD', reason: 'the amount follows the formula' } })).resolveAppeal as any;
    expect(upheld).toMatchObject({ appeal: { status: 'UPHELD', outcome: 'UPHOLD', decidedBy: 'appeals-saule' }, decision: { decisionId: decision.id, outcome: 'APPROVED', supersededBy: null }, replaced: null });
    const read = expectOk(await h.gql('frontendA', CASE_APPEALS, { id: caseId })) as any;
    expect(read.case).toMatchObject({ status: 'APPROVED', decision: { decisionId: decision.id, replaces: null } });
    expect((await h.engine.db.prisma.notification.findMany({ where: { caseId, template: { startsWith: 'appeal-' } } })).map((n) => n.template).sort()).toEqual(['appeal-filed', 'appeal-upheld']);
    expect((await h.engine.db.prisma.task.findUniqueOrThrow({ where: { id: appealTaskIdOf(appealId) } })).status).toBe('COMPLETED');
  });
});

describe('appeal tasks are claimed like case tasks', () => {
  it('one appeal officer holds the appeal; another cannot take, release or decide it; the first decider cannot take it; hand-overs are audited', async () => {
    const { caseId, decisionId } = await refusedCase();
    const appealId = (expectOk(await file('frontendA', { decisionId, reason: 'the registry entry is out of date' })).fileAppeal as any).appeal.id as string;
    const taskId = appealTaskIdOf(appealId);
    await waitForRow(h, () => h.engine.db.prisma.task.findUnique({ where: { id: taskId } }));
    const uphold = { appealId, resolution: 'UPHOLD', reason: 'the registry is right' };

    // Unclaimed, nobody in the group decides it.
    expect(expectOk(await h.gql(appealGroup, RESOLVE_APPEAL, { input: uphold })).resolveAppeal).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE', detail: expect.stringMatching(/claim task/) });
    // The supervisor who made the refusal may not take it (the workflow's validator refuses; nothing enters its history).
    expect(expectOk(await h.gql('supervisorSocial', CLAIM_TASK, { taskId })).claimTask).toMatchObject({ __typename: 'FourEyesViolation', code: 'FOUR_EYES' });
    // An officer outside the appeal group may not either (audited in the security log).
    expect(codesOf(await h.gql('officerSocial', CLAIM_TASK, { taskId }))).toContain('FORBIDDEN');
    const history = await h.engine.client.workflow.getHandle(appealWorkflowId(appealId)).fetchHistory();
    expect(history.events!.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);

    // Saule takes it: Timur cannot take it too, nor decide it, nor release it from her.
    await claimAppeal(appealGroup, appealId);
    expect(await h.engine.db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'CLAIMED', assignee: 'appeals-saule' });
    expect(expectOk(await h.gql(appealGroupTimur, CLAIM_TASK, { taskId })).claimTask).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE' });
    expect(expectOk(await h.gql(appealGroupTimur, RESOLVE_APPEAL, { input: uphold })).resolveAppeal).toMatchObject({ code: 'INVALID_STATE', detail: expect.stringMatching(/claimed by another officer/) });
    expect(codesOf(await h.gql(appealGroupTimur, RELEASE_TASK, { taskId }))).toContain('FORBIDDEN');
    // Past the API, straight to the workflow with a valid claim, Timur's decision is refused by its validator too.
    const workflowId = appealWorkflowId(appealId);
    const signed = signOfficerUpdate(h.engine.claimSigner, { officer: { id: 'appeals-timur', department: 'social-payments', roles: ['appeal-officer'] }, workflowId, updateName: resolveAppealUpdate.name, input: uphold as { appealId: string; resolution: 'UPHOLD'; reason: string } });
    const bypass = await h.engine.client.workflow.getHandle(workflowId).executeUpdate(resolveAppealUpdate, { args: [signed.input], updateId: signed.updateId }).then(() => null, (e: unknown) => e);
    expect((bypass as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'INVALID_STATE' });
    // An appeal task is not reassigned, nor resolved as a case task.
    expect(expectOk(await h.gql('supervisorSocial', REASSIGN_TASK, { taskId, assignee: 'appeals-timur' })).reassignTask).toMatchObject({ code: 'INVALID_STATE' });
    expect(expectOk(await h.gql(appealGroup, RESOLVE, { input: { taskId, action: 'APPROVE', reason: 'as a case task' } })).resolveTask).toMatchObject({ code: 'INVALID_STATE' });

    // She releases it; Timur takes it and decides.
    expect(expectOk(await h.gql(appealGroup, RELEASE_TASK, { taskId })).releaseTask).toMatchObject({ __typename: 'TaskPayload', task: { status: 'OPEN', assignee: null } });
    await claimAppeal(appealGroupTimur, appealId);
    const decided = expectOk(await h.gql(appealGroupTimur, RESOLVE_APPEAL, { input: uphold })).resolveAppeal as any;
    expect(decided).toMatchObject({ __typename: 'ResolveAppealPayload', appeal: { status: 'UPHELD', decidedBy: 'appeals-timur' } });
    expect(await h.engine.db.prisma.task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'COMPLETED', assignee: 'appeals-timur' });
    // Decided: the task can no longer change hands.
    expect(expectOk(await h.gql(appealGroupTimur, RELEASE_TASK, { taskId })).releaseTask).toMatchObject({ code: 'INVALID_STATE' });

    // Each hand-over is in the case's audit chain, by whoever made it, and the chain verifies.
    const audit = expectOk(await h.gql('supervisorSocial', AUDIT, { caseId })) as any;
    expect(audit.auditLog.verification).toMatchObject({ ok: true });
    const handOvers = audit.auditLog.entries.filter((e: { action: string; details: { appealId?: string } }) => e.action.startsWith('TASK_') && e.details.appealId === appealId).map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`);
    expect(handOvers).toEqual(['TASK_CLAIMED appeals-saule', 'TASK_RELEASED appeals-saule', 'TASK_CLAIMED appeals-timur']);
  });
});
