/**
 * A case held in NEEDS_ATTENTION through the API: `Case.failedStep` shows the failed step without
 * the failing value, and `retryFailedStep` is for engineers and the case department's supervisors
 * only, answers typed errors for a case that does not need attention, and completes the case once
 * the cause is fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseWritesOf } from '../support/refused-writes.ts';
import { applications, decidedCase, startCaseAs, waitForRow } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';
import { CASE_FAILED_STEP, RETRY_FAILED_STEP } from '../../api/client/operations.ts';

describe('retryFailedStep and Case.failedStep', () => {
  let h: Harness;
  let caseId: string;
  let applicantIin: string;
  let fix: () => Promise<void>;
  beforeAll(async () => {
    h = await startHarness({ kind: 'pglite' });
    const app = applications(h).autoApproved;
    applicantIin = app.applicantIin;
    fix = (await refuseWritesOf(h.engine.db.prisma, 'refuse_decision_api', { table: 'Decision', iin: app.applicantIin })).fix;
    caseId = await startCaseAs(h, 'frontendA', app);
    await h.engine.waitFor(caseId, (s) => s.status === 'NEEDS_ATTENTION');
    await waitForRow(h, () => h.engine.db.prisma.case.findFirst({ where: { id: caseId, status: 'NEEDS_ATTENTION' } }));
  });
  afterAll(async () => h?.close());

  const retry = async (role: Parameters<Harness['gql']>[0], id = caseId) => h.gql(role, RETRY_FAILED_STEP, { caseId: id });

  it('shows the failed step, in its own words and without the failing value', async () => {
    const c = expectOk(await h.gql('supervisorSocial', CASE_FAILED_STEP, { id: caseId })).case as any;
    expect(c).toMatchObject({ status: 'NEEDS_ATTENTION', failedStep: { step: 'DECISION', errorType: 'InvalidData', failure: 1, failedAt: expect.any(String) } });
    expect(c.failedStep.message).toContain('SQLSTATE 22003');
    expect(c.failedStep.message).not.toContain(applicantIin);
    expect(c.failedStep.message).not.toContain('overflow');
    // The front-end that started it sees the status too.
    expect((expectOk(await h.gql('frontendA', CASE_FAILED_STEP, { id: caseId })).case as any).status).toBe('NEEDS_ATTENTION');
  });

  it('refuses front-ends, officers and supervisors of another department', async () => {
    expect(codesOf(await retry('frontendA'))).toEqual(['FORBIDDEN']);
    expect(codesOf(await retry('officerSocial'))).toEqual(['FORBIDDEN']);
    expect(codesOf(await retry('anonymous'))).toEqual(['UNAUTHENTICATED']);
    const otherSupervisor = { authorization: `Bearer ${await h.token({ sub: 'supervisor-yerlan', roles: ['supervisor'], department: 'employment' })}` };
    expect(codesOf(await retry(otherSupervisor))).toEqual(['FORBIDDEN']);
    // Nothing was retried.
    const c = expectOk(await h.gql('engineer', CASE_FAILED_STEP, { id: caseId })).case as any;
    expect(c.failedStep.failure).toBe(1);
  });

  it('answers NOT_FOUND for an unknown case and INVALID_STATE for a case that needs no attention', async () => {
    expect(expectOk(await retry('engineer', 'no-such-case')).retryFailedStep).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    const decided = await decidedCase(h, 'frontendA');
    expect(expectOk(await retry('engineer', decided)).retryFailedStep).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE' });
  });

  it('retried before the fix fails again, visibly; after the fix the case is decided, and a repeat is refused', async () => {
    const again = expectOk(await retry('engineer')).retryFailedStep as any;
    expect(again).toMatchObject({ __typename: 'CasePayload', case: { status: 'NEEDS_ATTENTION', failedStep: { step: 'DECISION', failure: 2 } } });

    await fix();
    const done = expectOk(await retry('supervisorSocial')).retryFailedStep as any;
    expect(done).toMatchObject({ __typename: 'CasePayload', case: { caseId, failedStep: null } });
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const c = await waitForRow(h, () => h.engine.db.prisma.case.findFirst({ where: { id: caseId, status: 'APPROVED' } }));
    expect(c.outcome).toBe('APPROVED');
    expect(expectOk(await retry('engineer')).retryFailedStep).toMatchObject({ __typename: 'InvalidState' });
  });
});
