/**
 * Every mutation through `yoga.fetch` against the real stack, including the two concurrency
 * guarantees: five identical startCase requests make one case, five resolveTask requests decide once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { applications, caseInReview, offeredCase, startCaseAs } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';
import {
  CASE,
  CASE_WITH_TASKS,
  CLAIM,
  APPROVE_API_KEY,
  CREATE_API_KEY,
  PROVIDE_INFORMATION,
  REASSIGN,
  RELEASE,
  RESOLVE,
  RESPOND_TO_OFFER,
  REVOKE_API_KEY,
  START_CASE,
  SUBMIT_LIFE_EVENT,
  WITHDRAW,
} from '../../api/client/operations.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const officerToken = async (sub: string) => ({ authorization: `Bearer ${await h.token({ sub, roles: ['officer'], department: 'social-payments' })}` });

describe('startCase', () => {
  it('starts a case, and a retry with the same request id returns the same case', async () => {
    const input = { clientRequestId: `req-${randomUUID()}`, ...applications(h).autoApproved, language: 'KK' };
    const first = expectOk(await h.gql('frontendA', START_CASE, { input })).startCase as any;
    const again = expectOk(await h.gql('frontendA', START_CASE, { input })).startCase as any;
    expect(first).toMatchObject({ __typename: 'StartCasePayload', created: true, case: { serviceCode: 'birth-allowance', department: 'social-payments' } });
    expect(again).toMatchObject({ created: false, case: { caseId: first.case.caseId } });
    const row = await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: first.case.caseId } });
    expect(row).toMatchObject({ clientId: 'client-a', clientRequestId: input.clientRequestId, language: 'kk' });
    expect((await h.engine.result(first.case.caseId)).status).toBe('APPROVED');
  });

  it('makes one case of five concurrent requests with one request id', async () => {
    const input = { clientRequestId: `req-${randomUUID()}`, ...applications(h).jobLoss };
    const results = await Promise.all(Array.from({ length: 5 }, () => h.gql('frontendB', START_CASE, { input })));
    const payloads = results.map((r) => expectOk(r).startCase as any);
    expect(payloads.every((p) => p.__typename === 'StartCasePayload')).toBe(true);
    const ids = new Set(payloads.map((p) => p.case.caseId));
    expect(ids.size).toBe(1);
    expect(payloads.filter((p) => p.created)).toHaveLength(1);
    expect(await h.engine.db.prisma.case.count({ where: { clientId: 'client-b', clientRequestId: input.clientRequestId } })).toBe(1);
    const [caseId] = [...ids] as string[];
    const executions = [];
    for await (const w of h.engine.client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(caseId!)}'` })) executions.push(w);
    expect(executions).toHaveLength(1);
  });

  it('refuses another application under a used request id, and changes nothing of the first case', async () => {
    const clientRequestId = `req-${randomUUID()}`;
    const first = expectOk(await h.gql('frontendB', START_CASE, { input: { clientRequestId, ...applications(h).jobLoss } })).startCase as any;
    const before = await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: first.case.caseId } });
    const other = expectOk(await h.gql('frontendB', START_CASE, { input: { clientRequestId, ...applications(h).jobLoss } })).startCase as any;
    expect(other).toMatchObject({ __typename: 'IdempotencyConflict', code: 'IDEMPOTENCY_CONFLICT' });
    const after = await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: first.case.caseId } });
    expect({ applicantIin: after.applicantIin, application: after.application, requestHash: after.requestHash }).toEqual({
      applicantIin: before.applicantIin,
      application: before.application,
      requestHash: before.requestHash,
    });
    expect(await h.engine.db.prisma.case.count({ where: { clientId: 'client-b', clientRequestId } })).toBe(1);
  });
});

describe('officer actions', () => {
  it('claims, releases and reassigns a task', async () => {
    const { taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    expect((expectOk(await h.gql('officerSocial', CLAIM, { taskId })).claimTask as any).task).toMatchObject({ status: 'CLAIMED', assignee: 'officer-aigerim' });
    expect((expectOk(await h.gql('officerSocial', RELEASE, { taskId })).releaseTask as any).task).toMatchObject({ status: 'OPEN', assignee: null });
    expect((expectOk(await h.gql('supervisorSocial', REASSIGN, { taskId, assignee: 'officer-aliya' })).reassignTask as any).task).toMatchObject({ status: 'CLAIMED', assignee: 'officer-aliya' });
    const taken = expectOk(await h.gql('officerSocial', CLAIM, { taskId })).claimTask as any;
    expect(taken).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE', detail: expect.stringContaining('already claimed') });
  });

  it("reassigns only to an active colleague of the task's group in the staff directory, and lists them to supervisors", async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    await h.engine.db.prisma.staffMember.upsert({ where: { id: 'officer-left' }, create: { id: 'officer-left', department: 'social-payments', roles: ['officer'], active: false }, update: { active: false } });
    const eventsBefore = await h.engine.db.prisma.caseEvent.count({ where: { caseId } });
    for (const [assignee, code] of [
      ['officer-nobody', 'unknown_staff'],
      ['officer-left', 'inactive_staff'],
      ['officer-dana', 'not_in_group'], // an officer of employment
      ['engineer-timur', 'not_in_group'],
    ] as const) {
      const r = expectOk(await h.gql('supervisorSocial', REASSIGN, { taskId, assignee })).reassignTask as any;
      expect(r, assignee).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'assignee', code }] });
    }
    // Refused before the workflow: no event was recorded for the case.
    expect(await h.engine.db.prisma.caseEvent.count({ where: { caseId } })).toBe(eventsBefore);
    const staff = expectOk(await h.gql('supervisorSocial', '{ staff(role: "officer") { id department roles } }')).staff as any[];
    expect(staff.map((m) => m.id)).toEqual(['officer-aigerim', 'officer-aliya']);
    expect(staff.every((m) => m.department === 'social-payments')).toBe(true);
    expect(codesOf(await h.gql('officerSocial', '{ staff { id } }'))).toEqual(['FORBIDDEN']);
  });

  it('approves a large amount with four eyes: a second, different officer signs it off', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    const first = expectOk(await h.gql('officerSocial', RESOLVE, { input: { taskId, action: 'APPROVE', reason: 'income verified' } })).resolveTask as any;
    expect(first).toMatchObject({ __typename: 'ResolveTaskPayload', decision: null, case: { status: 'PENDING_REVIEW' }, secondReviewTask: { kind: 'SECOND_REVIEW', firstReviewer: 'officer-aigerim' } });
    const second = first.secondReviewTask.taskId;

    const self = expectOk(await h.gql('officerSocial', CLAIM, { taskId: second })).claimTask as any;
    expect(self).toMatchObject({ __typename: 'FourEyesViolation', code: 'FOUR_EYES' });

    const colleague = await officerToken('officer-bolat');
    expectOk(await h.gql(colleague, CLAIM, { taskId: second }));
    const done = expectOk(await h.gql(colleague, RESOLVE, { input: { taskId: second, action: 'APPROVE', reason: 'second review done' } })).resolveTask as any;
    expect(done).toMatchObject({ case: { caseId, status: 'APPROVED' }, decision: { outcome: 'APPROVED', decidedBy: 'officer-bolat', signatureValid: true }, task: { status: 'COMPLETED' } });
    const record = JSON.parse((await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).record);
    expect(record.decidedBy).toEqual({ kind: 'OFFICER', officerId: 'officer-bolat', reason: 'second review done', firstReviewer: 'officer-aigerim' });
  });

  it('requests information; the front-end provides it; the case comes back for review and is denied', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    expectOk(await h.gql('supervisorSocial', CLAIM, { taskId }));
    const asked = expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId, action: 'REQUEST_INFORMATION', reason: 'income unclear', request: 'Employment contract, please' } })).resolveTask as any;
    expect(asked).toMatchObject({ action: 'REQUEST_INFORMATION', case: { status: 'AWAITING_INFORMATION' }, decision: null });

    const provided = expectOk(await h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'sub-1', answers: { contract: 'uploaded to eGov, no. 123' } } })).provideInformation as any;
    expect(provided).toMatchObject({ __typename: 'CasePayload', case: { caseId } });
    const again = await h.engine.waitFor(caseId, (s) => s.status === 'PENDING_REVIEW' && s.tasks.some((t) => t.status === 'OPEN'));
    const next = again.tasks.find((t) => t.status === 'OPEN')!.taskId;
    const denied = expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId: next, action: 'DENY', reason: 'contract does not match', grounds: ['NOT_PARENT_OF_CHILD'] } })).resolveTask as any;
    // Heard first: the refusal is signed when the (short) hearing window passes in silence.
    expect(denied).toMatchObject({ __typename: 'ResolveTaskPayload', decision: null });
    expect((await h.engine.result(caseId)).status).toBe('DENIED');
    expect(await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).toMatchObject({ outcome: 'DENIED', amount: null, decidedBy: 'supervisor-nurlan' });
  });

  it('resolves once when five identical resolveTask requests arrive together', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    const input = { taskId, action: 'DENY', reason: 'not eligible after review', grounds: ['NOT_PARENT_OF_CHILD'] };
    const results = (await Promise.all(Array.from({ length: 5 }, () => h.gql('officerSocial', RESOLVE, { input })))).map((r) => expectOk(r).resolveTask as any);
    const winners = results.filter((r) => r.__typename === 'ResolveTaskPayload');
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ decision: null });
    expect(results.filter((r) => r.__typename === 'InvalidState')).toHaveLength(4);
    expect((await h.engine.result(caseId)).status).toBe('DENIED');
    const prisma = h.engine.db.prisma;
    expect(await prisma.caseEvent.count({ where: { caseId, type: 'PRELIMINARY_REFUSAL' } })).toBe(1);
    expect(await prisma.decision.count({ where: { caseId } })).toBe(1);
    expect(await prisma.caseEvent.count({ where: { caseId, type: 'DECIDED' } })).toBe(1);
    expect(await prisma.auditEntry.count({ where: { stream: `case:${caseId}`, action: 'TASK_DENY' } })).toBe(1);
    expect(await prisma.auditEntry.count({ where: { stream: `case:${caseId}`, action: 'DECISION_ISSUED' } })).toBe(1);
    const history = await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'resolveTask');
    expect(accepted).toHaveLength(1);
  });
});

describe('citizen actions', () => {
  it('withdraws a case under review; its task is cancelled', async () => {
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const result = expectOk(await h.gql('frontendA', WITHDRAW, { caseId, reason: 'applied by mistake' })).withdrawCase as any;
    expect(result).toMatchObject({ __typename: 'CasePayload', case: { caseId, status: 'WITHDRAWN' } });
    const c = expectOk(await h.gql('supervisorSocial', CASE_WITH_TASKS, { id: caseId })).case as any;
    expect(c.openTasks).toEqual([]);
    const late = expectOk(await h.gql('frontendA', WITHDRAW, { caseId, reason: 'again' })).withdrawCase as any;
    expect(late).toMatchObject({ __typename: 'InvalidState' });
  });

  it('submits a life event once; the offer it makes is refused, then accepted within the window, and decided', async () => {
    const { caseId, eventId, mother, proof } = await offeredCase(h);
    const repeat = expectOk(
      await h.gql('frontendA', SUBMIT_LIFE_EVENT, {
        input: { eventId, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: mother.childIin, payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: h.engine.dataset.births.get(mother.childIin!)?.fatherIin ?? null, birthDate: h.engine.dataset.births.get(mother.childIin!)?.birthDate }, timing: { consentWindowMs: 600_000 } },
      }),
    ).submitLifeEvent as any;
    expect(repeat).toMatchObject({ __typename: 'SubmitLifeEventPayload', eventId, created: false });

    const offered = expectOk(await h.gql('frontendA', CASE, { id: caseId })).case as any;
    expect(offered).toMatchObject({ origin: 'PROACTIVE', status: 'OFFERED', applicantIin: mother.iin });
    const refused = expectOk(await h.gql('frontendA', RESPOND_TO_OFFER, { caseId, consent: false, proof })).respondToOffer as any;
    expect(refused).toMatchObject({ case: { status: 'REFUSED' } });
    const accepted = expectOk(await h.gql('frontendA', RESPOND_TO_OFFER, { caseId, consent: true, proof })).respondToOffer as any;
    expect(accepted.__typename).toBe('CasePayload');
    expect((await h.engine.result(caseId)).status).toBe('APPROVED');
    const twice = expectOk(await h.gql('frontendA', RESPOND_TO_OFFER, { caseId, consent: true, proof })).respondToOffer as any;
    expect(twice).toMatchObject({ __typename: 'InvalidState' });
  });
});

describe('life events from the labour registry', () => {
  it('refuses a JOB_SEEKER_REGISTERED event without the dates the offer is built from, naming them; stores nothing', async () => {
    const iin = h.engine.dataset.personas.dismissedForMisconduct.iin;
    const eventId = 'api-job-seeker-missing-dates'; // refused, so never stored: a fixed id repeats nothing
    const refused = expectOk(
      await h.gql('frontendA', SUBMIT_LIFE_EVENT, { input: { eventId, type: 'JOB_SEEKER_REGISTERED', source: 'labour-registry', subjectIin: iin, payload: { iin, jobLossDate: '2026-03-20' } } }),
    ).submitLifeEvent as any;
    expect(refused).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED' });
    expect(refused.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`)).toEqual(['payload.registrationDate:REQUIRED', 'payload.jobLossDate:IN_FUTURE']);
    await expect(h.engine.db.prisma.lifeEvent.findUnique({ where: { eventId } })).resolves.toBeNull();
  });
});

describe('API keys', () => {
  it('lets an engineer issue a key that works once a second engineer approved it, and revoke it', async () => {
    const created = expectOk(await h.gql('engineer', CREATE_API_KEY, { input: { name: 'eGov mobile', clientId: 'egov-mobile', scopes: ['CASES_READ', 'CASES_WRITE'] } })).createApiKey as any;
    expect(created).toMatchObject({ __typename: 'CreateApiKeyPayload', apiKey: { clientId: 'egov-mobile', scopes: ['CASES_READ', 'CASES_WRITE'], status: 'PENDING', revokedAt: null } });
    const key = { 'x-api-key': created.key };
    const secondEngineer = { authorization: `Bearer ${await h.token({ sub: 'engineer-second', roles: ['engineer'], department: null })}` };
    expect((expectOk(await h.gql(secondEngineer, APPROVE_API_KEY, { id: created.apiKey.id })).approveApiKey as any).apiKey.status).toBe('ACTIVE');
    const caseId = await startCaseAs(h, key, applications(h).autoApproved);
    expect((await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).clientId).toBe('egov-mobile');

    const revoked = expectOk(await h.gql('engineer', REVOKE_API_KEY, { id: created.apiKey.id })).revokeApiKey as any;
    expect(revoked.apiKey.revokedAt).not.toBeNull();
    const refused = await h.gql(key, CASE, { id: caseId });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
    const log = await h.engine.db.prisma.auditEntry.findMany({ where: { stream: 'security', action: { in: ['API_KEY_REQUESTED', 'API_KEY_APPROVED', 'API_KEY_CREATED', 'API_KEY_REVOKED'] } } });
    expect(log.map((e) => e.action)).toEqual(['API_KEY_REQUESTED', 'API_KEY_APPROVED', 'API_KEY_REVOKED']);
    const unknown = expectOk(await h.gql('engineer', REVOKE_API_KEY, { id: 'key_nothere' })).revokeApiKey as any;
    expect(unknown).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
  });
});
