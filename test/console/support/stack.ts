/**
 * The officer console on the real stack: the case engine (a worker on the run's Temporal dev
 * server, a PGlite database with the catalog), the API process's HTTP server (api/server.ts)
 * listening on a free port and serving the built console, a front-end's API key, and Chromium.
 * A test that needs the payer to reject a payment brings its own (`payer`).
 */
import fs from 'node:fs';
import { applicantCandidates, type Application } from '../../../registries/synthetic/applicants.ts';
import { freshApplicants } from '../../support/fresh-applicants.ts';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { START_CASE } from '../../../api/client/operations.ts';
import { devStaffDirectory } from '../../../api/http/dev-identities.ts';
import { startApiServer, type RunningApi } from '../../../api/server.ts';
import { syncStaff } from '../../../api/staff/directory.ts';
import { createApiKey } from '../../../lib/auth/api-keys.ts';
import { mintStaffToken, type StaffClaims } from '../../../lib/auth/tokens.ts';
import { loadConfig, type Config } from '../../../lib/config.ts';
import { createLogger } from '../../../lib/logger.ts';
import type { PayerPort } from '../../../lib/payer/port.ts';
import { ensureConsoleBuilt } from '../../../web/build.ts';
import { launchBrowser, type Browser } from '../../../web/chromium.ts';
import { REFERENCE_DATE, startEngine, type Engine } from '../../support/engine.ts';

export const TEST_ENV = {
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-for-the-console-stack-0123456789',
  LOG_LEVEL: 'silent',
};

export interface ConsoleStack {
  engine: Engine;
  api: RunningApi;
  config: Config;
  consoleUrl: string;
  browser: Browser;
  /** A front-end's API key (it starts cases and answers for citizens, as the eGov portal would). */
  apiKey: string;
  gql<T = any>(
    headers: Record<string, string>,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
  frontend<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  token(claims: StaffClaims, ttl?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleStack(
  options: { env?: Record<string, string>; verifyToken?: Parameters<typeof startApiServer>[0]['verifyToken']; payer?: PayerPort } = {},
): Promise<ConsoleStack> {
  await ensureConsoleBuilt();
  const engine = await startEngine({ kind: 'pglite', ...(options.payer ? { payer: options.payer } : {}) });
  const dataDir = path.join(inject('tempRoot'), `console-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: engine.taskQueue, ...options.env });
  const logger = createLogger({ level: 'silent' });
  const api = await startApiServer(
    { config, db: engine.db, temporal: engine.client, keyRing: engine.deps.keyRing, claimSigner: engine.claimSigner, logger, intakeClock: () => new Date(`${REFERENCE_DATE}T06:00:00Z`), verifyToken: options.verifyToken },
    { host: '127.0.0.1', port: 0 },
  );
  // The console signs in as the development identities; they are the department's staff.
  await syncStaff(engine.db.prisma, devStaffDirectory(), { deactivateOthers: false });
  const { key } = await createApiKey(engine.db.prisma, { name: 'eGov portal (test)', clientId: 'egov-portal-test', scopes: ['cases:read', 'cases:write', 'offers:respond'] });
  const browser = await launchBrowser();
  const gql: ConsoleStack['gql'] = async (headers, query, variables) => {
    const response = await fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as never };
  };
  return {
    engine,
    api,
    config,
    consoleUrl: `${api.url}/console/`,
    browser,
    apiKey: key,
    gql,
    async frontend(query, variables) {
      const { body } = await gql({ 'x-api-key': key }, query, variables);
      if (body.errors?.length || !body.data) throw new Error(`front-end request failed: ${JSON.stringify(body.errors ?? body)}`);
      return body.data;
    },
    token: (claims, ttl = '1h') => mintStaffToken(config, claims, ttl),
    async close() {
      await browser.close();
      await api.close();
      await engine.close();
    },
  };
}

/**
 * A childcare application large enough for four-eyes whose child nobody was granted (one grant
 * per child): a fresh one while the population has them, then the first not granted yet (its
 * review then also names the open case for the same child).
 */
export async function fourEyesApplication(stack: ConsoleStack): Promise<Application> {
  try {
    return freshApplicants(stack.engine).fourEyes();
  } catch {
    for (const app of applicantCandidates(stack.engine.dataset).fourEyes) {
      const key = { scope: 'childcare', key: String(app.application.childIin) };
      if (!(await stack.engine.db.prisma.entitlementClaim.findUnique({ where: { scope_key: key } }))) return app;
    }
    throw new Error('every four-eyes child of the synthetic population has been granted');
  }
}

/** A childcare application large enough for four-eyes, started by the front-end; resolves once its review task is in the inbox. */
export async function fourEyesCaseInReview(stack: ConsoleStack, options: { timing?: Record<string, number> | null } = {}): Promise<{ caseId: string; taskId: string }> {
  const app = await fourEyesApplication(stack);
  // An hour to decide, so the inbox shows it "on time"; production refuses timing overrides (null).
  const timing = options.timing === undefined ? { slaMs: 3_600_000 } : options.timing;
  const data = await stack.frontend<{ startCase: { __typename: string; case?: { caseId: string }; detail?: string } }>(START_CASE, {
    input: { clientRequestId: `console-${randomUUID()}`, ...app, ...(timing ? { timing } : {}) },
  });
  if (data.startCase.__typename !== 'StartCasePayload') throw new Error(`startCase: ${data.startCase.detail}`);
  const caseId = data.startCase.case!.caseId;
  const task = await stack.engine.openTask(caseId);
  await waitFor(async () => (await stack.engine.db.prisma.task.findUnique({ where: { id: task.taskId } })) !== null);
  return { caseId, taskId: task.taskId };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const violations = new WeakMap<Page, string[]>();

/** A new tab that records every Content-Security-Policy violation the browser reports. */
export async function watchedPage(stack: ConsoleStack, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await stack.browser.page(viewport);
  const seen: string[] = [];
  violations.set(page, seen);
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) seen.push(m.text());
  });
  return page;
}

export const cspViolations = (page: Page): string[] => violations.get(page) ?? [];

/** Opens the console in a new tab and signs in as one of the development identities (English unless told). */
export async function signInAs(stack: ConsoleStack, sub: string, options: { page?: Page; lang?: 'kk' | 'ru' | 'en' } = {}): Promise<Page> {
  const page = options.page ?? (await watchedPage(stack));
  await page.goto(stack.consoleUrl);
  await page.locator(`.lang-switch button[lang=${options.lang ?? 'en'}]`).click();
  await page.locator(`button.identity[data-sub="${sub}"]`).click();
  await page.locator(`[data-viewer="${sub}"]`).waitFor();
  return page;
}
