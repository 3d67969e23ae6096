/**
 * Grounds of refusal: an officer's DENY names at least one ground from the closed list of the
 * service version the case is pinned to — refused otherwise, by the API and again by the
 * workflow's validator — and the signed record, Decision.grounds and the citizen's SMS carry it.
 * An automatic decision's SMS says it was made automatically and how to ask for a review.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATIC_DECISION_NOTICE } from '../../activities/notifications.ts';
import { RESOLVE } from '../../api/client/operations.ts';
import { childcareAllowanceV3 } from '../../services/catalog/index.ts';
import { resolveTaskUpdate } from '../../workflows/messages.ts';
import { officers } from '../support/engine.ts';
import { applications, caseInReview, startCaseAs } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const ground = (code: string) => childcareAllowanceV3.refusalGrounds!.find((g) => g.code === code)!;
const resolve = async (input: Record<string, unknown>) => expectOk(await h.gql('supervisorSocial', RESOLVE, { input })).resolveTask as any;

describe('an officer refusal names its grounds', () => {
  it('is refused without a ground, with one not in the list, and with grounds on an approval', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    for (const extra of [{}, { grounds: [] }, { grounds: ['NOT_A_GROUND'] }, { grounds: ['NOT_PARENT_OF_CHILD', 'NOT_PARENT_OF_CHILD'] }]) {
      const refused = await resolve({ taskId, action: 'DENY', reason: 'not eligible after review', ...extra });
      expect(refused, JSON.stringify(extra)).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED' });
    }
    expect(await resolve({ taskId, action: 'APPROVE', reason: 'checked', grounds: ['NOT_PARENT_OF_CHILD'] })).toMatchObject({ __typename: 'ValidationFailed' });
    // The list to choose from, as the officer sees it on the case.
    const listed = expectOk(await h.gql('supervisorSocial', 'query($id: ID!) { case(id: $id) { refusalGrounds { code text legalBasis { verified } rules } } }', { id: caseId })) as any;
    expect(listed.case.refusalGrounds.map((g: { code: string }) => g.code)).toEqual(childcareAllowanceV3.refusalGrounds!.map((g) => g.code));
    // Nothing reached the workflow: the case still waits for its officer.
    expect((await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('PENDING_REVIEW');
  });

  it('is refused by the workflow validator too, when an Update bypasses the API', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    for (const grounds of [undefined, ['NOT_A_GROUND']]) {
      const attempt = h.engine.update(caseId, resolveTaskUpdate, { taskId, officer: officers.nurlan, action: 'DENY', reason: 'not eligible after review', ...(grounds ? { grounds } : {}) });
      const error = await attempt.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'VALIDATION_FAILED' });
    }
    const history = await h.engine.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    expect(history.events!.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  });

  it('with a ground: the preliminary refusal, then the signed record, Decision.grounds and the SMS in the citizen’s language carry it', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes, { slaMs: 600_000, hearingWindowMs: 1000 });
    const denied = await resolve({ taskId, action: 'DENY', reason: 'the child lives with the other parent', grounds: ['NOT_PARENT_OF_CHILD'] });
    const expected = ground('NOT_PARENT_OF_CHILD');
    // Heard first (workflows/case/hearing.ts): nothing is signed until the window passes in silence.
    expect(denied).toMatchObject({ __typename: 'ResolveTaskPayload', decision: null });
    await h.engine.result(caseId);
    const decided = expectOk(await h.gql('supervisorSocial', 'query($id: ID!) { case(id: $id) { status hearing { grounds automatic } decision { outcome signatureValid grounds { code legalBasis { act article verified } } } } }', { id: caseId })) as any;
    expect(decided.case).toMatchObject({
      status: 'DENIED',
      hearing: { grounds: ['NOT_PARENT_OF_CHILD'], automatic: false },
      decision: { outcome: 'DENIED', signatureValid: true, grounds: [{ code: 'NOT_PARENT_OF_CHILD', legalBasis: { act: expected.legalBasis.act, article: expected.legalBasis.article, verified: expected.legalBasis.verified === true } }] },
    });
    const row = await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    expect(h.engine.deps.keyRing.verifyRecord(row.record, row.signature, row.keyId)).toBe(true);
    const record = JSON.parse(row.record);
    expect(record.grounds).toEqual([{ code: 'NOT_PARENT_OF_CHILD', text: expected.text, legalBasis: expected.legalBasis }]);
    expect(row.grounds).toEqual(['NOT_PARENT_OF_CHILD']);

    await h.engine.result(caseId);
    const caseRow = await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const sms = await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'denied' } });
    const lang = sms.language as 'kk' | 'ru' | 'en';
    expect(sms.body).toContain(expected.text[lang]);
    expect(sms.body).not.toMatch(/: \./); // never «Причина: .»
    // An officer decided: no automatic-decision notice.
    expect(sms.body).not.toContain(AUTOMATIC_DECISION_NOTICE[lang]);
    expect(caseRow.status).toBe('DENIED');
  });
});

describe('automatic decisions say so', () => {
  it('an automatic approval tells the citizen it was made automatically and how to ask for a review', async () => {
    const caseId = await startCaseAs(h, 'frontendA', applications(h).autoApproved, { language: 'RU' });
    expect((await h.engine.result(caseId)).status).toBe('APPROVED');
    const sms = await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'approved' } });
    expect(sms.language).toBe('ru');
    expect(sms.body).toContain(AUTOMATIC_DECISION_NOTICE.ru);
    expect(sms.body).toContain('egov.kz');
  });

  it('an automatic refusal names the ground its failed rule maps to, in Kazakh', async () => {
    const [a, b] = [applications(h).autoApproved, applications(h).autoApproved];
    // The applicant of one birth applies for another's child: BA-01 fails on the birth record.
    const caseId = await startCaseAs(h, 'frontendA', { ...a!, application: { ...a!.application, childIin: b!.application.childIin } }, { language: 'KK', timing: { hearingWindowMs: 1000 } });
    expect((await h.engine.result(caseId)).status).toBe('DENIED');
    const record = JSON.parse((await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } })).record);
    expect(record.grounds.map((g: { code: string }) => g.code)).toContain('NOT_PARENT_OF_CHILD');
    const sms = await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'denied' } });
    expect(sms.language).toBe('kk');
    for (const g of record.grounds) expect(sms.body).toContain(g.text.kk);
    expect(sms.body).toContain(AUTOMATIC_DECISION_NOTICE.kk);
  });
});
