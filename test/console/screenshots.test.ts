/**
 * The console at the two screen sizes officers use (1280×800 and 1920×1080): nothing wider than
 * the window, and screenshots of a supervisor's inbox and of a four-eyes second review.
 * `npm run screenshots:console` writes them to docs/ for the README; in `npm test` they go to a
 * temporary directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fourEyesCaseInReview, signInAs, startConsoleStack, waitFor, type ConsoleStack } from './support/stack.ts';

const OUT = process.env.CONSOLE_SCREENSHOTS_DIR ? path.resolve(process.env.CONSOLE_SCREENSHOTS_DIR) : path.join(inject('tempRoot'), 'console-screenshots');
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
];

let stack: ConsoleStack;
let secondReview: { caseId: string; taskId: string };

async function startBirthAllowance(mother: { iin: string; childIin?: string }, timing?: Record<string, number>): Promise<string> {
  const data = await stack.frontend<{ startCase: { case: { caseId: string } } }>(
    `mutation($input: StartCaseInput!) { startCase(input: $input) { ... on StartCasePayload { case { caseId } } } }`,
    { input: { clientRequestId: `shot-${randomUUID()}`, serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin }, timing: timing ?? { slaMs: 7_200_000 } } },
  );
  return data.startCase.case.caseId;
}

beforeAll(async () => {
  stack = await startConsoleStack();
  fs.mkdirSync(OUT, { recursive: true });
  const p = stack.engine.dataset.personas;
  // A supervisor's inbox with some variety: reviews for different reasons, one escalated, and a second review.
  const first = await fourEyesCaseInReview(stack);
  await startBirthAllowance(p.unverifiedBankAccount);
  await fourEyesCaseInReview(stack, { timing: { slaMs: 1500, supervisorSlaMs: 7_200_000 } });
  await fourEyesCaseInReview(stack, { timing: { slaMs: 10_800_000 } });
  await fourEyesCaseInReview(stack, { timing: { slaMs: 86_400_000 } });
  const officer = { authorization: `Bearer ${await stack.token({ sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments' })}` };
  await stack.gql(officer, 'mutation($t: ID!) { claimTask(input: { taskId: $t }) { __typename } }', { t: first.taskId });
  const approved = await stack.gql(officer, 'mutation($i: ResolveTaskInput!) { resolveTask(input: $i) { ... on ResolveTaskPayload { secondReviewTask { taskId } } } }', {
    i: { taskId: first.taskId, action: 'APPROVE', reason: 'Income and contributions checked against the registries' },
  });
  secondReview = { caseId: first.caseId, taskId: approved.body.data.resolveTask.secondReviewTask.taskId };
  await waitFor(async () => (await stack.engine.db.prisma.task.count({ where: { department: 'social-payments', status: 'OPEN' } })) >= 5, 30_000, 'five open tasks');
  await waitFor(async () => (await stack.engine.db.prisma.task.count({ where: { escalated: true } })) >= 1, 30_000, 'an escalation');
});

afterAll(async () => {
  await stack?.close();
});

/** The page scrolls vertically only: no element pushes it wider than the window. */
const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('the console at 1920×1080 and 1280×800', () => {
  for (const size of SIZES) {
    it(`shows the inbox and a case without horizontal overflow at ${size.width}×${size.height}`, async () => {
      const nurlan = await signInAs(stack, 'supervisor-nurlan', { lang: 'ru' });
      await nurlan.setViewportSize(size);
      await nurlan.locator(`tr[data-task-id="${secondReview.taskId}"]`).waitFor();
      expect(await nurlan.locator('table.tasks tbody tr').count()).toBeGreaterThanOrEqual(5);
      expect(await horizontalOverflow(nurlan)).toBeLessThanOrEqual(0);
      const inbox = path.join(OUT, `console-inbox-${size.width}x${size.height}.png`);
      await nurlan.screenshot({ path: inbox });
      await nurlan.close();

      const bolat = await signInAs(stack, 'officer-bolat', { lang: 'ru' });
      await bolat.setViewportSize(size);
      await bolat.locator(`tr[data-task-id="${secondReview.taskId}"] a.case-link`).click();
      await bolat.locator('#explanation tr[data-rule]').first().waitFor();
      const review = bolat.locator('article.task-card[data-task-kind="SECOND_REVIEW"]');
      await review.getByRole('button', { name: 'Взять' }).click();
      await review.getByRole('button', { name: 'Одобрить', exact: true }).click();
      await review.getByLabel(/^Обоснование/).fill('Повторное рассмотрение: расчёт подтверждён');
      expect(await horizontalOverflow(bolat)).toBeLessThanOrEqual(0);
      const view = path.join(OUT, `console-case-${size.width}x${size.height}.png`);
      // The whole page at the large size; what an officer sees first at the small one.
      await bolat.evaluate(() => window.scrollTo(0, 0));
      await bolat.screenshot({ path: view, fullPage: size.width > 1280 });
      // Release it, so the next size starts from the same inbox.
      await review.getByRole('button', { name: 'Отмена' }).click();
      await review.getByRole('button', { name: 'Вернуть в группу' }).click();
      await review.getByRole('button', { name: 'Взять' }).waitFor();
      for (const file of [inbox, view]) expect(fs.statSync(file).size).toBeGreaterThan(20_000);
      await bolat.close();
    });
  }
});
