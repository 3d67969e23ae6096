/**
 * `node --import tsx scripts/screenshot-temporal-ui.ts [dir]`: with `npm start` running (and some
 * cases, e.g. `npm run demo`), photographs the Temporal Web UI as support staff use it
 * (workflows/user-metadata.ts, lib/temporal/search-attributes.ts), with the system Chromium
 * (web/chromium.ts); the workflow list of Web UI 2.54 has no summary column, so the summary
 * shows on the case's page (User Metadata) and beside each activity of its timeline:
 *   temporal-ui-cases.png  the case list with Qyzmet's service, department and status columns
 *   temporal-ui-case.png   one case awaiting review: its summary, details and current details (User Metadata)
 *   TEMPORAL_UI_URL   default http://127.0.0.1:TEMPORAL_UI_PORT
 */
import path from 'node:path';
import { launchBrowser } from '../web/chromium.ts';
import { loadConfig } from '../lib/config.ts';

const config = loadConfig();
const ui = process.env.TEMPORAL_UI_URL ?? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`;
const dir = path.resolve(process.argv[2] ?? 'docs');
const list = (query: string) => `${ui}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows?query=${encodeURIComponent(query)}`;
const browser = await launchBrowser();
try {
  const page = await browser.page({ width: 1440, height: 810 });
  await page.goto(list('WorkflowType="caseWorkflow"'), { waitUntil: 'networkidle' });
  // The table's columns are the browser's own setting: Qyzmet's search attributes in, run id and end out.
  await page.getByRole('button', { name: 'Configure Columns' }).click();
  for (const name of ['Remove Run ID column', 'Remove Type column', 'Remove End column', 'Add QyzmetService column', 'Add QyzmetDepartment column', 'Add QyzmetStatus column']) {
    await page.getByRole('button', { name }).click();
  }
  await page.keyboard.press('Escape');
  await page.reload({ waitUntil: 'networkidle' });
  await page.setViewportSize({ width: 1680, height: 810 });
  await page.getByText('PENDING_REVIEW').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(dir, 'temporal-ui-cases.png') });
  await page.setViewportSize({ width: 1440, height: 810 });

  await page.goto(list('WorkflowType="caseWorkflow" AND QyzmetStatus="PENDING_REVIEW"'), { waitUntil: 'networkidle' });
  await page.locator('a[href*="/workflows/case-"]').first().click();
  await page.getByRole('tab', { name: 'User Metadata' }).or(page.getByText('User Metadata', { exact: true })).first().click();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(dir, 'temporal-ui-case.png') });
  process.stdout.write(`${dir}/temporal-ui-cases.png\n${dir}/temporal-ui-case.png\n`);
} finally {
  await browser.close();
}
