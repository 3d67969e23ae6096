/**
 * submitObjection through the API: typed errors for the wrong state, a text too long and a caller
 * who is not the citizen's front-end; an accepted objection reaches the officer through
 * Case.hearing — whole for the case's department, withheld from an engineer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMIT_OBJECTION } from '../../api/client/operations.ts';
import type { CaseLiveState } from '../../workflows/messages.ts';
import { applications, caseInReview, startCaseAs } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const object = async (role: 'frontendA' | 'frontendB', input: Record<string, unknown>) => h.gql(role, SUBMIT_OBJECTION, { input });
const HEARING = 'query($id: ID!) { case(id: $id) { status hearing { dueAt workingDays grounds failedRules automatic objection objectedAt documents } } }';
const NOTICES = 'query($id: ID!) { case(id: $id) { notifications { template channel language status body sentAt } } }';
const inHearing = (s: CaseLiveState) => s.status === 'PRELIMINARY_REFUSAL' && !!s.hearing;

/** One mother applies for another's child: refused automatically, held for a hearing. */
async function refusedCase(): Promise<string> {
  const [a, b] = [applications(h).autoApproved, applications(h).autoApproved];
  const caseId = await startCaseAs(h, 'frontendA', { ...a!, application: { ...a!.application, childIin: b!.application.childIin } }, { language: 'RU', timing: { hearingWindowMs: 600_000 } });
  await h.engine.waitFor(caseId, inHearing);
  return caseId;
}

describe('submitObjection', () => {
  it('is INVALID_STATE on a case with no preliminary refusal', async () => {
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const result = expectOk(await object('frontendA', { caseId, text: 'I object to this' })).submitObjection as any;
    expect(result).toMatchObject({ __typename: 'InvalidState', code: 'INVALID_STATE' });
    expect((await h.engine.state(caseId)).status).toBe('PENDING_REVIEW');
  });

  it('refuses a text too long, too many documents, and a caller who is not the citizen; then accepts the citizen’s objection once', async () => {
    const caseId = await refusedCase();
    const tooLong = expectOk(await object('frontendA', { caseId, text: 'а'.repeat(4001) })).submitObjection as any;
    expect(tooLong).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fields: [{ field: 'text', code: 'TOO_LONG' }] });
    const tooMany = expectOk(await object('frontendA', { caseId, text: 'see the documents', documents: Array.from({ length: 11 }, (_, i) => `doc-${i}`) })).submitObjection as any;
    expect(tooMany).toMatchObject({ __typename: 'ValidationFailed', fields: [{ field: 'documents' }] });
    expect(codesOf(await object('frontendB', { caseId, text: 'not my case, still objecting' }))).toEqual(['FORBIDDEN']);
    // None of them reached the workflow.
    expect((await h.engine.state(caseId)).hearing).toMatchObject({ objected: false });

    const before = expectOk(await h.gql('officerSocial', HEARING, { id: caseId })) as any;
    expect(before.case).toMatchObject({ status: 'PRELIMINARY_REFUSAL', hearing: { automatic: true, objection: null, workingDays: null, failedRules: expect.arrayContaining(['BA-01']) } });
    // An automatic refusal names no ground itself: the hearing cites those its failed rules map to.
    expect(before.case.hearing.grounds).toEqual(expect.arrayContaining(['NOT_PARENT_OF_CHILD']));
    // What the citizen was told: the notice, in her language, with the ground's text — withheld from an engineer.
    const notices = async (who: 'officerSocial' | 'engineer') => {
      await expect.poll(async () => ((expectOk(await h.gql(who, NOTICES, { id: caseId })) as any).case.notifications as unknown[]).length, { timeout: 10_000 }).toBeGreaterThan(0);
      return (expectOk(await h.gql(who, NOTICES, { id: caseId })) as any).case.notifications;
    };
    const notice = (await notices('officerSocial')).find((n: { template: string }) => n.template === 'preliminaryRefusal');
    const listed = (expectOk(await h.gql('officerSocial', 'query($id: ID!) { case(id: $id, lang: RU) { refusalGrounds { code text } } }', { id: caseId })) as any).case.refusalGrounds;
    const ground = listed.find((g: { code: string }) => g.code === 'NOT_PARENT_OF_CHILD');
    expect(notice).toMatchObject({ language: 'RU', channel: 'SMS', body: expect.stringContaining(ground.text) });
    expect((await notices('engineer')).find((n: { template: string }) => n.template === 'preliminaryRefusal').body).toBe('[withheld]');

    const text = 'Это мой ребёнок: решение суда об усыновлении прилагаю.';
    const accepted = expectOk(await object('frontendA', { caseId, text, documents: ['sha256-court-order'] })).submitObjection as any;
    expect(accepted).toMatchObject({ __typename: 'CasePayload', case: { caseId } });
    const again = expectOk(await object('frontendA', { caseId, text: 'and once more' })).submitObjection as any;
    expect(again).toMatchObject({ __typename: 'InvalidState' });

    await h.engine.waitFor(caseId, (s) => s.tasks.some((t) => t.reasons.includes('OBJECTION_SUBMITTED')));
    // The officer of the department reads the objection; an engineer sees it withheld.
    await expect
      .poll(async () => ((expectOk(await h.gql('officerSocial', HEARING, { id: caseId })) as any).case.hearing.objection as string | null), { timeout: 10_000 })
      .toBe(text);
    const officer = expectOk(await h.gql('officerSocial', HEARING, { id: caseId })) as any;
    expect(officer.case.hearing.documents).toEqual(['sha256-court-order']);
    const engineer = expectOk(await h.gql('engineer', HEARING, { id: caseId })) as any;
    expect(engineer.case.hearing.objection).toBe('[withheld]');
  });
});
