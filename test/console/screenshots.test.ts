/**
 * The console at the two screen sizes officers use (1280×800 and 1920×1080): nothing wider than
 * the window, and screenshots of the inbox and the case view. `npm run screenshots:console`
 * writes them to docs/ for the README; in `npm test` they go to a temporary directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { fourEyesCaseInReview, signInAs, startConsoleStack, type ConsoleStack } from './support/stack.ts';

const OUT = process.env.CONSOLE_SCREENSHOTS_DIR ? path.resolve(process.env.CONSOLE_SCREENSHOTS_DIR) : path.join(inject('tempRoot'), 'console-screenshots');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

let stack: ConsoleStack;
let caseId: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  fs.mkdirSync(OUT, { recursive: true });
  // A few tasks in the inbox, one of them claimed by the officer.
  const cases = [];
  for (let i = 0; i < 3; i++) cases.push(await fourEyesCaseInReview(stack));
  caseId = cases[0]!.caseId;
});

afterAll(async () => {
  await stack?.close();
});

/** The page scrolls vertically only: no element pushes it wider than the window. */
async function horizontalOverflow(page: import('playwright-core').Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('the console at 1280×800 and 1920×1080', () => {
  for (const size of SIZES) {
    it(`shows the inbox and a case without horizontal overflow at ${size.width}×${size.height}`, async () => {
      const page = await signInAs(stack, 'officer-aigerim', { lang: 'ru' });
      await page.setViewportSize(size);
      await page.locator('table.tasks tbody tr').first().waitFor();
      expect(await page.locator('table.tasks tbody tr').count()).toBeGreaterThanOrEqual(3);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const inbox = path.join(OUT, `console-inbox-${size.width}x${size.height}.png`);
      await page.screenshot({ path: inbox });

      await page.locator(`tr[data-case-id="${caseId}"] a.case-link`).click();
      await page.locator('#explanation table.rules tbody tr').first().waitFor();
      await page.getByRole('button', { name: 'Взять' }).first().click();
      await page.getByRole('button', { name: 'Одобрить', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Одобрить', exact: true }).click();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const view = path.join(OUT, `console-case-${size.width}x${size.height}.png`);
      await page.screenshot({ path: view, fullPage: true });
      // Release the task, so the next size starts from the same inbox.
      await page.getByRole('button', { name: 'Вернуть в группу' }).click();
      await page.getByRole('button', { name: 'Взять' }).first().waitFor();
      for (const file of [inbox, view]) expect(fs.statSync(file).size).toBeGreaterThan(20_000);
      await page.close();
    });
  }
});
