/**
 * The console at the two screen sizes officers use (1280×800 and 1920×1080): nothing wider than
 * the window, and screenshots of a supervisor's inbox, of a four-eyes second review, and of a
 * refusal an appeal replaced by an approval now being paid (the hearing and objection, the appeal,
 * the entitlement with its periods).
 * `npm run screenshots:console` writes them to docs/ for the README; in `npm test` they go to a
 * temporary directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appealTaskIdOf } from '../../workflows/messages.ts';
import { fourEyesCaseInReview, signInAs, startConsoleStack, waitFor, type ConsoleStack } from './support/stack.ts';
import { FILE_APPEAL, START_CASE, SUBMIT_OBJECTION } from '../../api/client/operations.ts';

const OUT = process.env.CONSOLE_SCREENSHOTS_DIR ? path.resolve(process.env.CONSOLE_SCREENSHOTS_DIR) : path.join(inject('tempRoot'), 'console-screenshots');
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
];

let stack: ConsoleStack;
let secondReview: { caseId: string; taskId: string };
let appealed: string;

const SOCIAL = 'social-payments';
const bearer = async (sub: string, roles: ('officer' | 'supervisor' | 'appeal-officer')[]) => ({ authorization: `Bearer ${await stack.token({ sub, roles, department: SOCIAL })}` });

/**
 * A refusal heard, objected to and upheld by the supervisor, then appealed and replaced by an
 * approval of the appeal group: its entitlement then pays a period every few seconds.
 */
async function appealedCase(): Promise<string> {
  const { caseId, taskId } = await fourEyesCaseInReview(stack, { timing: { slaMs: 7_200_000, hearingWindowMs: 600_000 } });
  const nurlan = await bearer('supervisor-nurlan', ['supervisor']);
  const resolve = 'mutation($i: ResolveTaskInput!) { resolveTask(input: $i) { __typename } }';
  await stack.gql(nurlan, resolve, { i: { taskId, action: 'DENY', reason: 'Реестр называет другого родителя ребёнка', grounds: ['NOT_PARENT_OF_CHILD'] } });
  await waitFor(async () => (await stack.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status === 'PRELIMINARY_REFUSAL', 30_000, 'the preliminary refusal');
  await stack.frontend(SUBMIT_OBJECTION, {
    input: { caseId, text: 'Я мать ребёнка; запись в реестре устарела. Прилагаю свидетельство о рождении.', documents: ['doc-birth-certificate-118'] },
  });
  const review = async () => (await stack.engine.db.prisma.task.findMany({ where: { caseId, status: 'OPEN' } })).find((t) => (t.reasons as string[]).includes('OBJECTION_SUBMITTED'));
  await waitFor(async () => (await review()) !== undefined, 30_000, 'the review of the objection');
  await stack.gql(nurlan, resolve, { i: { taskId: (await review())!.id, action: 'DENY', reason: 'Возражение не содержит новых сведений', grounds: ['NOT_PARENT_OF_CHILD'] } });
  await waitFor(async () => (await stack.engine.db.prisma.decision.findFirst({ where: { caseId } })) !== null, 30_000, 'the signed refusal');
  const decision = await stack.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
  const filed = await stack.frontend<{ fileAppeal: { appeal: { id: string } } }>(FILE_APPEAL, {
    input: { decisionId: decision.id, reason: 'Свидетельство о рождении называет меня матерью ребёнка', documents: ['doc-birth-certificate-118'], timing: { periodMs: 4000 } },
  });
  const appealId = filed.fileAppeal.appeal.id;
  const saule = await bearer('appeals-saule', ['officer', 'appeal-officer']);
  const appealTask = appealTaskIdOf(appealId);
  await waitFor(async () => (await stack.engine.db.prisma.task.findUnique({ where: { id: appealTask } })) !== null, 30_000, 'the appeal task');
  await stack.gql(saule, 'mutation($t: ID!) { claimTask(input: { taskId: $t }) { __typename } }', { t: appealTask });
  await stack.gql(saule, 'mutation($i: ResolveAppealInput!) { resolveAppeal(input: $i) { __typename } }', {
    i: { appealId, resolution: 'REPLACE', outcome: 'APPROVED', reason: 'Свидетельство о рождении подтверждает, что заявитель — мать ребёнка' },
  });
  await waitFor(async () => (await stack.engine.db.prisma.entitlementPeriod.count({ where: { status: 'PAID', entitlement: { caseId } } })) >= 2, 60_000, 'two periods paid');
  return caseId;
}

async function startBirthAllowance(mother: { iin: string; childIin?: string }, timing?: Record<string, number>): Promise<string> {
  const data = await stack.frontend<{ startCase: { case: { caseId: string } } }>(
    START_CASE,
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
  appealed = await appealedCase();
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

      // After the first decision: the hearing, the appeal that replaced the refusal, the payments.
      const after = await signInAs(stack, 'supervisor-nurlan', { lang: 'ru' });
      await after.setViewportSize(size);
      await after.goto(`${stack.consoleUrl}cases/${appealed}`);
      await after.locator('#entitlement tr[data-period]').first().waitFor();
      await after.locator('#appeals li[data-appeal-status="REPLACED"]').waitFor();
      expect(await horizontalOverflow(after)).toBeLessThanOrEqual(0);
      const paid = path.join(OUT, `console-appeal-${size.width}x${size.height}.png`);
      // At the small size, from the appeal down: the appeal, then the payments.
      if (size.width <= 1280) await after.evaluate(() => document.getElementById('appeals')?.scrollIntoView({ block: 'start' }));
      await after.screenshot({ path: paid, fullPage: size.width > 1280 });
      expect(fs.statSync(paid).size).toBeGreaterThan(20_000);
      await after.close();
    });
  }
});
