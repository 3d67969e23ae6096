/**
 * The officer console in Chromium against the real stack (Temporal dev server, the case engine,
 * PGlite, the API's HTTP server serving the built console): what officers and supervisors do
 * with it, end to end, each through the same GraphQL API front-ends use.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDE_INFORMATION, SERVICES, START_CASE } from '../../api/client/operations.ts';
import { axeViolations } from './support/axe.ts';
import { cspViolations, fourEyesApplication, fourEyesCaseInReview, signInAs, startConsoleStack, waitFor, watchedPage, type ConsoleStack } from './support/stack.ts';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});

afterAll(async () => {
  await stack?.close();
});

async function openCase(page: Page, caseId: string): Promise<void> {
  await page.locator(`tr[data-case-id="${caseId}"] a.case-link`).click();
  await page.locator(`.case-page[data-case-id="${caseId}"]`).waitFor();
  await page.locator('.live[data-live="live"]').waitFor();
}

const card = (page: Page, kind: 'REVIEW' | 'SECOND_REVIEW') => page.locator(`article.task-card[data-task-kind="${kind}"]`);

async function resolveTask(page: Page, kind: 'REVIEW' | 'SECOND_REVIEW', action: string, confirm: string, fields: Record<string, string>): Promise<void> {
  const task = card(page, kind);
  await task.getByRole('button', { name: action, exact: true }).click();
  for (const [label, value] of Object.entries(fields)) await task.getByLabel(label).fill(value);
  await task.getByRole('button', { name: confirm }).click();
}

describe('the officer console', () => {
  it('takes a four-eyes case through two officers, and shows an officer of another department nothing of it', async () => {
    const { caseId } = await fourEyesCaseInReview(stack);

    const aigerim = await signInAs(stack, 'officer-aigerim');
    await openCase(aigerim, caseId);
    // What the officer reviews: the rules with their legal basis, the evidence with its provenance, why a human must look.
    await expect.poll(() => aigerim.locator('#explanation tr[data-rule]').count()).toBeGreaterThan(3);
    expect(await aigerim.locator('#explanation tr[data-rule]').first().innerText()).toMatch(/Social Code/);
    expect(await aigerim.locator('#evidence tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await aigerim.locator('#evidence').innerText()).toMatch(/civil\.person[\s\S]*sha256:/);
    expect(await aigerim.locator('#escalation').innerText()).toContain('four-eyes threshold');

    await card(aigerim, 'REVIEW').getByRole('button', { name: 'Claim' }).click();
    await card(aigerim, 'REVIEW').getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await resolveTask(aigerim, 'REVIEW', 'Approve', 'Approve and sign', { 'Reason (recorded in the audit log and the signed decision)': 'Income and contributions checked' });
    const opened = await aigerim.getByRole('status').filter({ hasText: 'A second review by another officer is open' }).innerText();
    const secondTaskId = /task ([\w-]+)\)/.exec(opened)![1]!;

    // The second review comes in live; the first reviewer is told, and the API refuses them.
    await card(aigerim, 'SECOND_REVIEW').waitFor();
    expect(await card(aigerim, 'SECOND_REVIEW').innerText()).toContain('You made the first review of this case');
    await card(aigerim, 'SECOND_REVIEW').getByRole('button', { name: 'Claim' }).click();
    const refusal = card(aigerim, 'SECOND_REVIEW').getByRole('alert');
    await expect.poll(() => refusal.innerText()).toContain('Code: FOUR_EYES');
    expect(await refusal.innerText()).toContain('the second approval must come from a different officer');

    // Another officer of the department finds it in the group inbox, with who approved first.
    const bolat = await signInAs(stack, 'officer-bolat');
    const row = bolat.locator(`tr[data-task-id="${secondTaskId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Second review \(four eyes\)[\s\S]*First review by officer-aigerim/);
    await openCase(bolat, caseId);
    expect(await card(bolat, 'SECOND_REVIEW').innerText()).toMatch(/The first reviewer, officer-aigerim, approved \d\d\/\d\d\/\d{4}, \d\d:\d\d/);
    await card(bolat, 'SECOND_REVIEW').getByRole('button', { name: 'Claim' }).click();
    await card(bolat, 'SECOND_REVIEW').getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await resolveTask(bolat, 'SECOND_REVIEW', 'Approve', 'Approve and sign', { 'Reason (recorded in the audit log and the signed decision)': 'Second review: agreed' });
    await bolat.getByRole('status').filter({ hasText: 'Decision issued: Approved.' }).waitFor();
    await bolat.locator('#decision [data-signature="valid"]').waitFor();
    expect(await bolat.locator('#decision').innerText()).toContain('officer-bolat');

    // The first officer's page followed the case to its decision without a reload.
    await aigerim.locator('.case-page[data-status="APPROVED"]').waitFor();
    await aigerim.locator('.live', { hasText: 'The case is closed' }).waitFor();
    await aigerim.locator('#decision [data-signature="valid"]').waitFor();

    // An officer of another department: not in any of her lists, and the case itself is refused.
    const dana = await signInAs(stack, 'officer-dana');
    for (const filter of ['My groups', 'My tasks', 'Overdue']) {
      await dana.getByRole('group', { name: 'Which tasks' }).getByRole('button', { name: filter }).click();
      await dana.locator('table.tasks, p.empty').first().waitFor();
      expect(await dana.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    }
    await dana.goto(`${stack.consoleUrl}cases/${caseId}`);
    const forbidden = dana.getByRole('alert');
    await expect.poll(() => forbidden.innerText()).toContain('Code: FORBIDDEN');
    expect(await dana.locator('#applicant').count()).toBe(0);

    for (const page of [aigerim, bolat, dana]) expect(cspViolations(page)).toEqual([]);
    await Promise.all([aigerim.close(), bolat.close(), dana.close()]);
  });

  it("lets a supervisor reassign an officer's task, and the new holder's inbox shows it without a reload", async () => {
    const { caseId, taskId } = await fourEyesCaseInReview(stack);
    const aigerim = await signInAs(stack, 'officer-aigerim');
    await openCase(aigerim, caseId);
    await card(aigerim, 'REVIEW').getByRole('button', { name: 'Claim' }).click();
    await card(aigerim, 'REVIEW').getByText('Claimed by you').waitFor();

    const bolat = await signInAs(stack, 'officer-bolat');
    await bolat.getByRole('group', { name: 'Which tasks' }).getByRole('button', { name: 'My tasks' }).click();
    await bolat.locator('table.tasks, p.empty').first().waitFor();
    expect(await bolat.locator(`tr[data-task-id="${taskId}"]`).count()).toBe(0);

    const nurlan = await signInAs(stack, 'supervisor-nurlan');
    await nurlan.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Department cases' }).click();
    const listed = nurlan.locator(`tr[data-case-id="${caseId}"]`);
    await expect.poll(() => listed.innerText()).toContain('Claimed by officer-aigerim');
    await listed.getByRole('link').click();
    await card(nurlan, 'REVIEW').getByRole('button', { name: 'Reassign' }).click();
    // The form suggests the department's officers from the staff directory.
    const suggestions = card(nurlan, 'REVIEW').locator('datalist option');
    await expect.poll(() => suggestions.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['officer-aigerim', 'officer-bolat']);
    await card(nurlan, 'REVIEW').getByLabel('Officer id to give the task to').fill('officer-bolat');
    await card(nurlan, 'REVIEW').getByRole('button', { name: 'Give the task' }).click();
    await nurlan.getByRole('status').filter({ hasText: 'The task now belongs to officer-bolat.' }).waitFor();
    await expect.poll(() => card(nurlan, 'REVIEW').innerText()).toContain('Claimed by officer-bolat');

    // Bolat's inbox, left open on "My tasks", picks it up at its next refresh.
    await bolat.locator(`tr[data-task-id="${taskId}"]`).waitFor({ timeout: 25_000 });
    // The officer who held it sees the change live on the case page.
    await card(aigerim, 'REVIEW').getByText('Claimed by officer-bolat').waitFor();
    await Promise.all([aigerim.close(), bolat.close(), nurlan.close()]);
  });

  it('shows a supervisor the tasks escalated to them when an SLA passes', async () => {
    const app = await fourEyesApplication(stack);
    const started = await stack.frontend<{ startCase: { case: { caseId: string } } }>(
      START_CASE,
      {
        input: {
          clientRequestId: `sla-${randomUUID()}`,
          ...app,
          timing: { slaMs: 1500, supervisorSlaMs: 600_000 },
        },
      },
    );
    const caseId = started.startCase.case.caseId;
    await waitFor(async () => (await stack.engine.db.prisma.task.findFirst({ where: { caseId, escalated: true } })) !== null, 30_000, 'the SLA escalation');
    const nurlan = await signInAs(stack, 'supervisor-nurlan');
    await nurlan.getByRole('group', { name: 'Which tasks' }).getByRole('button', { name: 'Escalated to me' }).click();
    const row = nurlan.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Escalated');
    // Officers have no such list.
    const aigerim = await signInAs(stack, 'officer-aigerim');
    expect(await aigerim.getByRole('button', { name: 'Escalated to me' }).count()).toBe(0);
    await Promise.all([nurlan.close(), aigerim.close()]);
  });

  it("denies a case, after showing the API's refusal of a too-short reason in the officer's language", async () => {
    // A refusal is heard first; a short hearing window lets silence make it final in seconds.
    const { caseId } = await fourEyesCaseInReview(stack, { timing: { slaMs: 3_600_000, hearingWindowMs: 2000 } });
    const page = await signInAs(stack, 'officer-aigerim', { lang: 'ru' });
    await openCase(page, caseId);
    await card(page, 'REVIEW').getByRole('button', { name: 'Взять' }).click();
    await card(page, 'REVIEW').getByRole('button', { name: 'Отказать', exact: true }).waitFor();
    const reason = 'Обоснование (записывается в журнал аудита и в подписанное решение)';
    await resolveTask(page, 'REVIEW', 'Отказать', 'Отказать и подписать', { [reason]: 'no' });
    const refusal = card(page, 'REVIEW').getByRole('alert');
    await expect.poll(() => refusal.innerText()).toContain('Код: VALIDATION_FAILED');
    expect(await refusal.innerText()).toContain('Входные данные некорректны.');
    expect(await refusal.innerText()).toContain('reason');

    // A refusal names at least one of the service's grounds, offered as checkboxes in the officer's language.
    const grounds = card(page, 'REVIEW').getByRole('group', { name: 'Основания отказа (не менее одного)' });
    expect(await grounds.getByRole('checkbox').count()).toBeGreaterThan(1);
    await grounds.getByRole('checkbox').first().check();
    await card(page, 'REVIEW').getByLabel(reason).fill('Доход не подтверждён документами');
    await card(page, 'REVIEW').getByRole('button', { name: 'Отказать и подписать' }).click();
    await page.getByRole('status').filter({ hasText: 'Предварительный отказ' }).waitFor();
    await page.locator('.case-page[data-status="DENIED"]').waitFor();
    await page.locator('#decision [data-signature="valid"]').waitFor();
    expect(await page.locator('#decision').innerText()).toMatch(/Отказано[\s\S]*officer-aigerim/);
    await page.close();
  });

  it("requests information and shows the citizen's answer as it arrives", async () => {
    const { caseId } = await fourEyesCaseInReview(stack);
    const page = await signInAs(stack, 'officer-aigerim');
    await openCase(page, caseId);
    await card(page, 'REVIEW').getByRole('button', { name: 'Claim' }).click();
    await card(page, 'REVIEW').getByRole('button', { name: 'Request information' }).click();
    await card(page, 'REVIEW').getByLabel('What the citizen must provide').fill('A certificate of income for 2025');
    await card(page, 'REVIEW').getByLabel('Reason (recorded in the audit log and the signed decision)').fill('Income is below the registry figure');
    await card(page, 'REVIEW').getByRole('button', { name: 'Send the request' }).click();
    await page.locator('.case-page[data-status="AWAITING_INFORMATION"]').waitFor();
    const round = page.locator('#information li[data-answered]');
    await expect.poll(() => round.innerText()).toContain('A certificate of income for 2025');
    expect(await round.getAttribute('data-answered')).toBe('false');

    // The citizen answers through the eGov portal: a front-end's provideInformation.
    const answered = await stack.frontend<{ provideInformation: { __typename: string } }>(
      PROVIDE_INFORMATION,
      { input: { caseId, submissionId: `answer-${randomUUID()}`, answers: { incomeCertificate: 'Certificate No. 2025-118 from the employer' } } },
    );
    expect(answered.provideInformation.__typename).toBe('CasePayload');

    // No reload: the subscription brings the answer, and the case goes back to an officer.
    await page.locator('#information li[data-answered="true"]').waitFor();
    expect(await page.locator('#information').innerText()).toContain('incomeCertificate');
    await page.locator('#timeline li[data-event="INFORMATION_PROVIDED"]').waitFor();
    await page.locator('.case-page[data-status="PENDING_REVIEW"]').waitFor();
    await card(page, 'REVIEW').getByRole('button', { name: 'Claim' }).waitFor();
    await page.close();
  });

  it('switches between Kazakh, Russian and English, and asks the API in the same language', async () => {
    const { caseId } = await fourEyesCaseInReview(stack);
    const page = await signInAs(stack, 'officer-aigerim');
    const sent: { lang: string | undefined; variables: unknown }[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql')) sent.push({ lang: r.headers()['accept-language'], variables: (JSON.parse(r.postData() ?? '{}') as { variables?: unknown }).variables });
    });
    await openCase(page, caseId);
    const titles = Object.fromEntries(await Promise.all((['kk', 'ru', 'en'] as const).map(async (lang) => [lang, (await stack.gql({ 'x-api-key': stack.apiKey }, SERVICES, { lang: lang.toUpperCase() })).body.data.services])));
    const title = (lang: 'kk' | 'ru' | 'en') => (titles[lang] as { code: string; title: string }[]).find((s) => s.code === 'childcare-allowance')!.title;
    const expected = {
      kk: { nav: 'Кіріс', section: 'Әр ереже бойынша тексеру', claim: 'Алу' },
      ru: { nav: 'Входящие', section: 'Проверка по каждому правилу', claim: 'Взять' },
      en: { nav: 'Inbox', section: 'Rule-by-rule explanation', claim: 'Claim' },
    };
    for (const lang of ['kk', 'ru', 'en'] as const) {
      sent.length = 0;
      await page.locator(`.lang-switch button[lang=${lang}]`).click();
      await page.locator('h1', { hasText: title(lang) }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getByRole('navigation', { name: /.+/ }).first().innerText()).toContain(expected[lang].nav);
      expect(await page.locator('#explanation-title').innerText()).toBe(expected[lang].section);
      await card(page, 'REVIEW').getByRole('button', { name: expected[lang].claim }).waitFor();
      await waitFor(async () => sent.length > 0, 10_000, 'a request in the new language');
      expect(sent.every((r) => r.lang === lang)).toBe(true);
      expect(sent.some((r) => (r.variables as { lang?: string } | undefined)?.lang === lang.toUpperCase())).toBe(true);
    }
    await page.close();
  });

  it('ends the session when its token expires or the API refuses it, and says why', async () => {
    const page = await stack.browser.page();
    await page.goto(stack.consoleUrl);
    await page.locator('.lang-switch button[lang=en]').click();
    const short = await stack.token({ sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments' }, '4s');
    await page.getByLabel('Staff token (JWT)').fill(short);
    await page.getByRole('button', { name: 'Sign in with this token' }).click();
    await page.locator('[data-viewer="officer-aigerim"]').waitFor();
    await page.getByText('Your session has expired. Sign in again.').waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // A well-formed token the API does not accept (signed with another secret).
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.' +
      Buffer.from(JSON.stringify({ sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url') +
      '.c2lnbmF0dXJl';
    await page.getByLabel('Staff token (JWT)').fill(forged);
    await page.getByRole('button', { name: 'Sign in with this token' }).click();
    await page.getByText('The API did not accept your sign-in (INVALID). Sign in again.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('qyzmet.session'))).toBeNull();
    await page.close();
  });

  it('has no serious or critical accessibility violations on the sign-in page, the inbox and the case view (axe-core)', async () => {
    const signIn = await watchedPage(stack);
    await signIn.goto(stack.consoleUrl);
    await signIn.locator('button.identity').first().waitFor();
    expect(await axeViolations(signIn)).toEqual([]);
    await signIn.close();

    for (const lang of ['en', 'kk'] as const) {
      const { caseId } = await fourEyesCaseInReview(stack);
      const page = await signInAs(stack, 'supervisor-nurlan', { lang });
      await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await openCase(page, caseId);
      await page.locator('#explanation tr[data-rule]').first().waitFor();
      await page.locator('#audit table').waitFor(); // supervisors also see the audit trail
      // With a form open and an error shown, too.
      await card(page, 'REVIEW').locator('button.primary', { hasText: /^(Claim|Алу)$/ }).click();
      await card(page, 'REVIEW').locator('button[data-action="APPROVE"]').click();
      await card(page, 'REVIEW').locator('form textarea[name="reason"]').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(cspViolations(page)).toEqual([]);
      await page.close();
    }
  });

  it('can be worked from the keyboard alone', async () => {
    const { caseId } = await fourEyesCaseInReview(stack);
    const page = await signInAs(stack, 'officer-bolat');
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    // Tab until the case's link has the focus, then follow it.
    const focusOn = async (selector: string, limit = 80) => {
      for (let i = 0; i < limit; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await page.goto(stack.consoleUrl); // a fresh page: focus starts at the top
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await focusOn(`tr[data-case-id="${caseId}"] a.case-link`);
    await page.keyboard.press('Enter');
    await page.locator(`.case-page[data-case-id="${caseId}"]`).waitFor();
    await focusOn('article.task-card[data-task-kind="REVIEW"] button.primary');
    await page.keyboard.press('Enter');
    await card(page, 'REVIEW').getByText('Claimed by you').waitFor();
    await focusOn('article.task-card[data-task-kind="REVIEW"] button[data-action="APPROVE"]');
    await page.keyboard.press('Enter');
    // The form that opens takes the focus: the amount first, then the reason.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('amount');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('reason');
    await page.close();
  });
});
