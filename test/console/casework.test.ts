/**
 * The officer console in Chromium on the real stack, after a first decision: an officer decides a
 * citizen's objection to a preliminary refusal; the maker of a decision is refused its appeal
 * (FOUR_EYES) and the appeal group replaces it; the entitlement panel shows its periods and
 * instructions, and a payment the payer rejected is re-issued to another account; the citizen's
 * answers to a request for information are shown with their documents. axe-core on each view.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffClaims } from '../../lib/auth/tokens.ts';
import { createSimulatedPayer, type SimulatedPayer } from '../../lib/payer/simulated.ts';
import { ibanCheckDigits } from '../../registries/synthetic/economics.ts';
import { appealTaskIdOf, paymentRejectionTaskIdOf, entitlementIdOf } from '../../workflows/messages.ts';
import { freshApplicants } from '../support/fresh-applicants.ts';
import { axeViolations } from './support/axe.ts';
import { cspViolations, fourEyesCaseInReview, signInAs, startConsoleStack, waitFor, watchedPage, type ConsoleStack } from './support/stack.ts';
import { ATTACH_DOCUMENT, FILE_APPEAL, PROVIDE_INFORMATION, START_CASE, SUBMIT_OBJECTION } from '../../api/client/operations.ts';

let stack: ConsoleStack;
let payer: SimulatedPayer;

beforeAll(async () => {
  payer = createSimulatedPayer();
  stack = await startConsoleStack({ payer });
});

afterAll(async () => {
  await stack?.close();
});

const SOCIAL = 'social-payments';
const REASON = 'Reason (recorded in the audit log and the signed decision)';
type Roles = StaffClaims['roles'];
const as = async (sub: string, roles: Roles) => ({ authorization: `Bearer ${await stack.token({ sub, roles, department: SOCIAL })}` });

async function ok<T = any>(headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<T> {
  const { body } = await stack.gql(headers, query, variables);
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
  return body.data as T;
}

const CLAIM = 'mutation($t: ID!) { claimTask(input: { taskId: $t }) { __typename ... on Error { code detail } } }';
const RESOLVE = 'mutation($i: ResolveTaskInput!) { resolveTask(input: $i) { __typename ... on Error { code detail } } }';

/** An officer's DENY of a fresh four-eyes case: a preliminary refusal with its hearing window. */
async function preliminaryRefusal(by: { sub: string; roles: Roles }, hearingWindowMs: number): Promise<{ caseId: string; ground: string }> {
  const { caseId, taskId } = await fourEyesCaseInReview(stack, { timing: { slaMs: 3_600_000, hearingWindowMs } });
  const headers = await as(by.sub, by.roles);
  expect((await ok(headers, CLAIM, { t: taskId })).claimTask.__typename).toBe('TaskPayload');
  const ground = 'NOT_PARENT_OF_CHILD';
  const denied = await ok(headers, RESOLVE, { i: { taskId, action: 'DENY', reason: 'The registry names another parent of the child', grounds: [ground] } });
  expect(denied.resolveTask.__typename).toBe('ResolveTaskPayload');
  return { caseId, ground };
}

async function openCase(page: Page, caseId: string): Promise<void> {
  await page.goto(`${stack.consoleUrl}cases/${caseId}`);
  await page.locator(`.case-page[data-case-id="${caseId}"]`).waitFor();
}

/** Signs in with a pasted staff token (no development identity holds the appeal group's role). */
async function signInWithToken(sub: string, roles: Roles): Promise<Page> {
  const page = await watchedPage(stack);
  await page.goto(stack.consoleUrl);
  await page.locator('.lang-switch button[lang=en]').click();
  await page.getByLabel('Staff token (JWT)').fill(await stack.token({ sub, roles, department: SOCIAL }));
  await page.getByRole('button', { name: 'Sign in with this token' }).click();
  await page.locator(`[data-viewer="${sub}"]`).waitFor();
  return page;
}

const card = (page: Page, kind: string) => page.locator(`article.task-card[data-task-kind="${kind}"]`);

describe('the officer console after a first decision', () => {
  it("decides a citizen's objection to a preliminary refusal: the objection shown, the refusal upheld on its grounds", async () => {
    const { caseId, ground } = await preliminaryRefusal({ sub: 'officer-aigerim', roles: ['officer'] }, 600_000);
    await waitFor(async () => (await stack.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status === 'PRELIMINARY_REFUSAL', 20_000, 'the preliminary refusal');
    const objection = 'I am the child’s mother; the registry entry is out of date.';
    const objected = await stack.frontend(SUBMIT_OBJECTION, {
      input: { caseId, text: objection, documents: ['doc-birth-certificate-7'] },
    });
    expect(objected.submitObjection.__typename).toBe('CasePayload');
    const objectionReview = async () => (await stack.engine.db.prisma.task.findMany({ where: { caseId, status: 'OPEN' } })).some((t) => (t.reasons as string[]).includes('OBJECTION_SUBMITTED'));
    await waitFor(objectionReview, 20_000, 'the review of the objection');

    const bolat = await signInAs(stack, 'officer-bolat');
    const row = bolat.locator(`tr[data-case-id="${caseId}"]`);
    await expect.poll(() => row.innerText()).toContain('Objection to a refusal');
    await openCase(bolat, caseId);
    const hearing = bolat.locator('#hearing');
    await expect.poll(() => hearing.innerText()).toContain(objection);
    expect(await hearing.innerText()).toContain('doc-birth-certificate-7');
    expect(await hearing.innerText()).toContain(`(${ground})`);

    const review = card(bolat, 'REVIEW');
    await review.getByRole('button', { name: 'Claim' }).click();
    await review.getByRole('button', { name: 'Uphold the refusal' }).click();
    // Final: no request for information; the refusal's own ground is ticked to start with.
    expect(await review.getByRole('button', { name: 'Request information' }).count()).toBe(0);
    const grounds = review.getByRole('group', { name: 'Grounds for refusal (at least one)' });
    expect(await grounds.locator(`input[value="${ground}"]`).isChecked()).toBe(true);
    expect(await axeViolations(bolat)).toEqual([]);
    await review.getByLabel(REASON).fill('The objection brings nothing the registry does not already hold');
    await review.getByRole('button', { name: 'Uphold the refusal and sign' }).click();
    await bolat.getByRole('status').filter({ hasText: 'Decision issued: Denied.' }).waitFor();
    await bolat.locator('.case-page[data-status="DENIED"]').waitFor();
    await bolat.locator('#decision [data-signature="valid"]').waitFor();
    expect(await bolat.locator('#decision').innerText()).toContain('officer-bolat');
    expect(cspViolations(bolat)).toEqual([]);
    await bolat.close();
  });

  it('shows the maker of a decision the FOUR_EYES refusal of its appeal, and lets the appeal group replace it', async () => {
    const { caseId } = await preliminaryRefusal({ sub: 'supervisor-nurlan', roles: ['supervisor'] }, 1000);
    await waitFor(async () => (await stack.engine.db.prisma.decision.findFirst({ where: { caseId } })) !== null, 30_000, 'the signed refusal');
    const decision = await stack.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    const reason = 'The birth certificate names me as the mother';
    const filed = await stack.frontend(FILE_APPEAL, {
      input: { decisionId: decision.id, reason, documents: ['doc-birth-certificate-9'], timing: { periodMs: 400 } },
    });
    const appealId = filed.fileAppeal.appeal.id as string;
    await waitFor(async () => (await stack.engine.db.prisma.task.findUnique({ where: { id: appealTaskIdOf(appealId) } })) !== null, 20_000, 'the appeal task');

    // The supervisor who refused: the appeal is in his inbox, he is told, and the API refuses him.
    const nurlan = await signInAs(stack, 'supervisor-nurlan');
    await expect.poll(() => nurlan.locator(`tr[data-task-id="${appealTaskIdOf(appealId)}"]`).innerText()).toContain('Appeal');
    await openCase(nurlan, caseId);
    await expect.poll(() => nurlan.locator('#appeals').innerText()).toContain(reason);
    const own = card(nurlan, 'APPEAL');
    expect(await own.innerText()).toContain('You made the decision under appeal');
    await own.getByRole('button', { name: 'Claim' }).click();
    const refusal = own.getByRole('alert');
    await expect.poll(() => refusal.innerText()).toContain('Code: FOUR_EYES');
    expect(cspViolations(nurlan)).toEqual([]);
    await nurlan.close();

    // A member of the appeal group finds it in her inbox, claims it and replaces the refusal.
    const saule = await signInWithToken('appeals-saule', ['officer', 'appeal-officer']);
    const listed = saule.locator(`tr[data-task-id="${appealTaskIdOf(appealId)}"]`);
    await listed.waitFor();
    await listed.locator('a.case-link').click();
    const appeal = card(saule, 'APPEAL');
    await appeal.getByRole('button', { name: 'Claim' }).click();
    await appeal.getByRole('button', { name: 'Replace the decision' }).click();
    expect(await axeViolations(saule)).toEqual([]);
    await appeal.getByLabel('Reason (recorded in the audit log, and in the new decision when it replaces)').fill('The birth certificate proves the applicant is the mother');
    await appeal.getByRole('button', { name: 'Replace and sign' }).click();
    await saule.getByRole('status').filter({ hasText: 'Appeal decided: a new decision is signed (Approved).' }).waitFor();
    await saule.reload();
    const decided = saule.locator(`#appeals li[data-appeal-id="${appealId}"]`);
    await expect.poll(() => decided.getAttribute('data-appeal-status')).toBe('REPLACED');
    expect(await decided.locator('[data-signature="valid"]').count()).toBe(1);
    // The approval on appeal starts the entitlement, paid month by month.
    await expect.poll(async () => {
      await saule.reload();
      return saule.locator('#entitlement tr[data-period]').count();
    }, { timeout: 30_000 }).toBeGreaterThan(1);
    expect(cspViolations(saule)).toEqual([]);
    await saule.close();
  });

  it('shows the entitlement with its periods and instructions, and re-issues a rejected payment after showing a typed error', async () => {
    const app = freshApplicants(stack.engine).birth();
    const account = stack.engine.dataset.bankAccounts.get(app.applicantIin)!;
    payer.closedAccounts.add(account.iban);
    const started = await stack.frontend(START_CASE, { input: { clientRequestId: `pay-${randomUUID()}`, ...app } });
    const caseId = started.startCase.case.caseId as string;
    const taskId = paymentRejectionTaskIdOf(`pi_${entitlementIdOf(caseId)}:ONCE`);
    await waitFor(async () => (await stack.engine.db.prisma.task.findUnique({ where: { id: taskId } })) !== null, 30_000, 'the payment-rejection task');

    const aigerim = await signInAs(stack, 'officer-aigerim');
    await expect.poll(() => aigerim.locator(`tr[data-task-id="${taskId}"]`).innerText()).toMatch(/Payment rejected by the payer[\s\S]*account closed/);
    await openCase(aigerim, caseId);
    const period = aigerim.locator('#entitlement tr[data-period="ONCE"]');
    await expect.poll(() => period.innerText()).toMatch(/One-time payment[\s\S]*KZT\s[\d,]+[\s\S]*Rejected/);
    expect(await aigerim.locator('#entitlement').innerText()).toMatch(/State Corporation[\s\S]*rejected: account closed/);

    const task = card(aigerim, 'PAYMENT_REJECTED');
    // Not claimed first: any officer of the group re-issues it, and the API records who.
    expect(await task.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    await task.getByRole('button', { name: 'Re-issue to another account' }).click();
    expect(await task.innerText()).toContain('Rejected payment: One-time payment');
    expect(await axeViolations(aigerim)).toEqual([]);
    const ibanOf = (account13: string) => `KZ${ibanCheckDigits('KZ', `125${account13}`)}125${account13}`;
    await task.getByLabel('The applicant’s new account (IBAN)').fill(ibanOf('KZT0000000001'));
    await task.getByLabel('How the new account was confirmed (recorded in the audit log)').fill('The citizen confirmed a new account at the service centre');
    await task.getByRole('button', { name: 'Re-issue the payment' }).click();
    await expect.poll(() => task.getByRole('alert').innerText()).toContain('Code: VALIDATION_FAILED');

    // The applicant's new account, as the bank registry now holds it.
    const newIban = ibanOf(`KZT${app.applicantIin.slice(2, 12)}`);
    (stack.engine.dataset.bankAccounts as Map<string, typeof account>).set(`${app.applicantIin}:second`, { ...account, iban: newIban });
    await task.getByLabel('The applicant’s new account (IBAN)').fill(newIban);
    await task.getByRole('button', { name: 'Re-issue the payment' }).click();
    await aigerim.getByRole('status').filter({ hasText: 'The payment is re-issued to the new account' }).waitFor();
    payer.closedAccounts.delete(account.iban);
    await expect.poll(async () => {
      await aigerim.reload();
      return aigerim.locator('#entitlement tr[data-period="ONCE"]').getAttribute('data-period-status');
    }, { timeout: 20_000 }).toBe('PAID');
    expect(await aigerim.locator('#entitlement tr[data-instruction-status]').count()).toBe(2);
    expect(cspViolations(aigerim)).toEqual([]);
    await aigerim.close();
  });

  it("shows the citizen's answers to a request for information with the documents' types, sizes and hashes", async () => {
    const { caseId, taskId } = await fourEyesCaseInReview(stack);
    const headers = await as('officer-aigerim', ['officer']);
    await ok(headers, CLAIM, { t: taskId });
    const asked = await ok(headers, RESOLVE, { i: { taskId, action: 'REQUEST_INFORMATION', reason: 'Income is below the registry figure', request: 'A certificate of income for 2025' } });
    expect(asked.resolveTask.__typename).toBe('ResolveTaskPayload');
    await waitFor(async () => (await stack.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status === 'AWAITING_INFORMATION', 20_000, 'the request');

    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000 - 9, 0x20)]);
    const attached = await stack.frontend(ATTACH_DOCUMENT, {
      input: { caseId, contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
    });
    const sha256 = attached.attachDocument.document.sha256 as string;
    const answer = 'Certificate No. 2025-118 from the employer';
    const provided = await stack.frontend(PROVIDE_INFORMATION, {
      input: { caseId, submissionId: `answer-${randomUUID()}`, answers: { incomeCertificate: answer }, documents: [sha256] },
    });
    expect(provided.provideInformation.__typename).toBe('CasePayload');

    const page = await signInAs(stack, 'officer-aigerim');
    await openCase(page, caseId);
    const round = page.locator('#information li[data-answered="true"]');
    await expect.poll(() => round.innerText()).toContain(answer);
    const text = await round.innerText();
    expect(text).toContain('incomeCertificate');
    const doc = round.locator(`tr[data-sha256="${sha256}"]`);
    expect(await doc.innerText()).toMatch(/Document 1[\s\S]*PDF[\s\S]*2\.9 kB/);
    expect(await doc.locator('.sr-only').innerText()).toBe(sha256);
    expect(await axeViolations(page)).toEqual([]);
    expect(cspViolations(page)).toEqual([]);
    await page.close();
  });
});
