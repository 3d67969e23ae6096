/**
 * `npm run show:due-process`: against the running platform (`npm start`), shows over GraphQL that
 * due process holds, printing each answer:
 *   1. an automatic refusal is heard first (PRELIMINARY_REFUSAL, its grounds, an SMS in kk or ru
 *      saying how to object and that it was automatic): an objection reaches an officer, who
 *      approves; silence makes it DENIED when the (shortened) window ends;
 *   2. an officer's DENY without a ground is VALIDATION_FAILED; with one, the signed record and the
 *      SMS carry it;
 *   3. an appeal replaces that refusal: the first decider is refused (FOUR_EYES), the appeal group
 *      decides, both decisions verify, the old is superseded, the audit chain holds both;
 *   4. the IBAN loop closes: request → answer with an IBAN → the bank's check of it → decided;
 *   5. a 3-working-day SLA from a Friday before a holiday, and the escalation chain to the head of
 *      department with a staff notification at each step.
 * Timing overrides shorten hearing windows and SLAs (refused in production). Exits 1 when a step
 * does not hold.
 *   --url URL     the GraphQL endpoint (default http://API_HOST:API_PORT/graphql)
 *   --only N,…    run only these steps (1–5)
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { getDataset } from '../registries/synthetic/dataset.ts';
import { apiKeyCaller, graphql, staffCaller } from './demo/client.ts';
import { showEscalationChain, showWorkingDaySla } from './due-process/escalation.ts';
import { showAppealReplaces, showOfficerDenial } from './due-process/grounds-appeal.ts';
import { showObjectionApproved, showSilenceDenied } from './due-process/hearing.ts';
import { showIbanLoop } from './due-process/iban.ts';
import type { Show } from './due-process/kit.ts';

runMain('show-due-process', async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' }, only: { type: 'string' } } });
  const config = loadConfig();
  const url = values.url ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}/graphql`;
  const apiBase = url.replace(/\/graphql$/, '');
  if (!(await fetch(`${apiBase}/readyz`).catch(() => null))?.ok) throw new StartupError(`the platform does not answer at ${url} — start it with npm start (or pass --url)`);
  const staff = (sub: string, role: Parameters<typeof staffCaller>[2], department: string) => staffCaller(config, sub, role, department);
  const show: Show = {
    gql: graphql(url),
    apiBase,
    dataset: getDataset(),
    runId: Date.now().toString(36),
    say: (line = '') => console.log(line),
    actors: {
      frontend: apiKeyCaller(config),
      socialOfficer: await staff('officer-aigerim', 'officer', 'social-payments'),
      socialOfficer2: await staff('officer-bolat', 'officer', 'social-payments'),
      socialSupervisor: await staff('supervisor-nurlan', 'supervisor', 'social-payments'),
      appealOfficer: await staff('appeals-saule', 'appeal-officer', 'social-payments'),
      employmentOfficer: await staff('officer-dana', 'officer', 'employment'),
      employmentSupervisor: await staff('supervisor-yerlan', 'supervisor', 'employment'),
      employmentHead: await staff('head-gulnara', 'head', 'employment'),
    },
  };
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
  const steps: [string, () => Promise<unknown>][] = [];
  let refused: { caseId: string; decisionId: string } | null = null;
  steps.push(['1', () => showObjectionApproved(show, 1)], ['1', () => showSilenceDenied(show, 'ru', 2)], ['1', () => showSilenceDenied(show, 'kk', 3)]);
  steps.push(['2', async () => (refused = await showOfficerDenial(show))]);
  steps.push(['3', async () => {
    // The appeal is against step 2's refusal (made here when step 2 was not asked for).
    if (!refused && only && !only.has('2')) refused = await showOfficerDenial(show);
    if (!refused) throw new Error('no refusal to appeal: step 2 did not hold');
    await showAppealReplaces(show, refused);
  }]);
  steps.push(['4', () => showIbanLoop(show)], ['5', async () => showWorkingDaySla(show)], ['5', () => showEscalationChain(show)]);

  const failed: string[] = [];
  show.say(`show:due-process against ${url} (run ${show.runId})`);
  for (const [n, run] of steps) {
    if (only && !only.has(n)) continue;
    show.say();
    try {
      await run();
    } catch (e) {
      failed.push(`step ${n}: ${(e as Error).message}`);
      show.say(`   ✗ ${(e as Error).message}`);
    }
  }
  show.say();
  show.say(failed.length ? `✗ ${failed.length} step(s) did not hold:\n  ${failed.join('\n  ')}` : '✓ every step held');
  if (failed.length) process.exitCode = 1;
});
