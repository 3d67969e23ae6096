/**
 * `npm run show:large-family`: against the running platform (`npm start` with a population, e.g.
 * SIM_POPULATION_HOUSEHOLDS=100000), shows over GraphQL a large-family allowance re-checked when
 * the eldest child turns 18:
 *   1. a mother of five children who count (under 18, or under 23 studying full-time) applies:
 *      granted at the 5-children band;
 *   2. months pass in seconds (the development timing overrides, refused in production);
 *   3. the eldest turns 18 out of full-time education: the re-check fetches the family again and
 *      re-evaluates it — four children count now → a preliminary decision with a hearing window;
 *   4. the window passes in silence → a new signed decision supersedes the grant, the entitlement
 *      is RECALCULATED from its next period, and later periods are paid at the 4-children band.
 * The family is one of the population's whose eldest turns 18 before the year ends (the MCI of
 * the next year is not in the catalog until its budget law is, so a later re-check cannot decide).
 *   --url URL   the GraphQL endpoint (default http://API_HOST:API_PORT/graphql)
 */
import { parseArgs } from 'node:util';
import { START_CASE } from '../api/client/operations.ts';
import { loadConfig } from '../lib/config.ts';
import { kzDate } from '../lib/kz-time.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { getDataset } from '../registries/synthetic/dataset.ts';
import { familiesWithChildTurning18 } from '../registries/synthetic/large-families.ts';
import { apiKeyCaller, graphql, staffCaller, type Request } from './demo/client.ts';

const PERIOD_MS = 4_000;
const HEARING_MS = 6_000;

const VIEW = `query LargeFamily($id: ID!) { case(id: $id) {
  caseId status amount
  decision { id outcome amount signatureValid replaces { id supersededBy { id } } }
  entitlement { status amount
    periods { period amount status }
    changes { kind reason at }
    rechecks { key asOf serviceVersion outcome status currentAmount newAmount hearingDueAt decisionId failedRules figures { name value } }
  } } }`;

interface View {
  caseId: string;
  status: string;
  amount: number | null;
  decision: { id: string; outcome: string; amount: number | null; signatureValid: boolean; replaces: { id: string; supersededBy: { id: string } | null } | null } | null;
  entitlement: {
    status: string;
    amount: number;
    periods: { period: string; amount: number; status: string }[];
    changes: { kind: string; reason: string; at: string }[];
    rechecks: { key: string; asOf: string; serviceVersion: number; outcome: string; status: string; currentAmount: number; newAmount: number | null; hearingDueAt: string | null; decisionId: string | null; failedRules: string[]; figures: { name: string; value: number }[] }[];
  } | null;
}

const say = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kzt = (n: number) => `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} KZT`;
const masked = (iin: string) => `${iin.slice(0, 6)}******`;

runMain('show-large-family', async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  const config = loadConfig();
  const url = values.url ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}/graphql`;
  if (!config.SIM_POPULATION_HOUSEHOLDS) throw new StartupError('the simulated registries hold no population: start the platform (and run this) with SIM_POPULATION_HOUSEHOLDS=100000');
  // The same population the platform's registries serve; built before any request (it takes a while,
  // and a kept-alive connection would not survive the wait).
  const dataset = getDataset({ populationHouseholds: config.SIM_POPULATION_HOUSEHOLDS });
  if (!(await fetch(url.replace(/\/graphql$/, '/readyz')).catch(() => null))?.ok) throw new StartupError(`the platform does not answer at ${url} — start it with npm start (or pass --url)`);
  const gql: Request = graphql(url);
  const frontend = apiKeyCaller(config);
  const officer = await staffCaller(config, 'officer-aigerim', 'officer', 'social-payments');
  const view = async (caseId: string) => (await gql<{ case: View | null }>(officer, VIEW, { id: caseId })).case;
  async function until(what: string, caseId: string, ok: (c: View) => boolean, timeoutMs = 120_000): Promise<View> {
    const deadline = Date.now() + timeoutMs;
    let last: View | null = null;
    while (Date.now() < deadline) {
      last = await view(caseId).catch(() => null);
      if (last && ok(last)) return last;
      await sleep(250);
    }
    throw new Error(`${what}: not reached in time (last ${JSON.stringify(last)})`);
  }

  const today = kzDate(new Date());
  const yearEnd = `${today.slice(0, 4)}-12-31`;
  const candidates = familiesWithChildTurning18(dataset, 12)
    .filter((f) => f.countedNow === 5 && f.countedThen === 4 && f.turning.on <= yearEnd)
    .sort((a, b) => a.turning.on.localeCompare(b.turning.on));
  const runId = Date.now().toString(36);
  let caseId = '';
  let family = candidates[0];
  for (const [i, f] of candidates.entries()) {
    const input = { clientRequestId: `show-lf-${runId}-${i}`, serviceCode: 'large-family-allowance', applicantIin: f.motherIin, application: { confirmsCohabitation: true }, language: 'EN', timing: { periodMs: PERIOD_MS, hearingWindowMs: HEARING_MS } };
    // A connection lost on the way back is asked again under the same clientRequestId: the same case answers.
    const start = () => gql(frontend, START_CASE, { input });
    const started = (await start().catch(() => sleep(1000).then(start))).startCase as { __typename: string; case?: { caseId: string }; code?: string };
    if (started.case) {
      caseId = started.case.caseId;
      family = f;
      break;
    }
    say(`(family of ${masked(f.motherIin)} already asked for: ${started.code}; the next)`);
  }
  if (!caseId || !family) throw new Error(`no family of the population has five children under 18 and an eldest turning 18 out of school by ${yearEnd} that was not asked for already (${candidates.length} found)`);

  const children = (dataset.population.childrenByParent.get(family.motherIin) ?? []).map((iin) => dataset.population.persons.get(iin)!);
  say(`today ${today}; a period passes every ${PERIOD_MS / 1000} s, the hearing window lasts ${HEARING_MS / 1000} s (development timing overrides)`);
  say(`\n1. mother ${masked(family.motherIin)} applies; the population register lists ${children.length} children:`);
  for (const c of children) say(`     ${masked(c.iin)} born ${c.birthDate}${c.iin === family.turning.childIin ? `  ← turns 18 on ${family.turning.on}, not in full-time education` : ''}`);
  const granted = await until('approval', caseId, (c) => c.status === 'APPROVED' && !!c.entitlement);
  say(`   case ${caseId}: ${granted.status}, decision ${granted.decision!.id} ${kzt(granted.decision!.amount!)} a month (signature ${granted.decision!.signatureValid ? 'valid' : 'INVALID'})`);
  say(`   = 20.04 MCI × 4,325 (MCI 2026) = ${kzt(Math.round(20.04 * 4325 * 100) / 100)} — the 5-children band`);

  const heard = await until('a preliminary decision', caseId, (c) => (c.entitlement?.rechecks ?? []).some((r) => r.hearingDueAt !== null));
  const pre = heard.entitlement!.rechecks.find((r) => r.hearingDueAt)!;
  const paidBefore = heard.entitlement!.periods.map((p) => `${p.period} ${kzt(p.amount)}`).join(', ');
  say(`\n2. periods paid so far: ${paidBefore}`);
  say(`3. re-check ${pre.key} (as of ${pre.asOf}, rules of version ${pre.serviceVersion} in force): ${pre.outcome} — ${kzt(pre.currentAmount)} → ${pre.newAmount === null ? 'ineligible' : kzt(pre.newAmount)}`);
  say(`   preliminary decision, status ${pre.status}; the citizen may object until ${pre.hearingDueAt} (SMS in her language with the grounds)`);

  const decided = await until('the decision after the hearing', caseId, (c) => (c.entitlement?.rechecks ?? []).some((r) => r.status === 'RECALCULATED' || r.status === 'ENDED' || r.status === 'KEPT'));
  const r = decided.entitlement!.rechecks.find((x) => x.key === pre.key)!;
  const figure = (name: string) => r.figures.find((f) => f.name === name)?.value;
  say(`\n4. the window passed in silence → ${r.status}; new decision ${r.decisionId}`);
  say(`   ${figure('eligibleChildren')} children count on ${r.asOf} → multiplier ${figure('mciMultiplier')} MCI × MCI ${figure('mci')} = ${kzt(Math.round(figure('mciMultiplier')! * figure('mci')! * 100) / 100)} (recorded: ${kzt(r.newAmount!)})`);
  const d = decided.decision!;
  say(`   standing decision ${d.id}: ${d.outcome} ${kzt(d.amount!)}, signature ${d.signatureValid ? 'valid' : 'INVALID'}, replaces ${d.replaces?.id} (superseded by ${d.replaces?.supersededBy?.id})`);
  const change = decided.entitlement!.changes.find((c) => c.kind === 'RECALCULATED');
  say(`   entitlement change RECALCULATED: ${change?.reason}`);

  const after = await until('two periods at the new amount', caseId, (c) => (c.entitlement?.periods ?? []).filter((p) => Math.abs(p.amount - r.newAmount!) < 0.005).length >= 2);
  say(`\n5. periods: ${after.entitlement!.periods.map((p) => `${p.period} ${kzt(p.amount)} ${p.status}`).join('; ')}`);
  say(`   entitlement ${after.entitlement!.status}, ${kzt(after.entitlement!.amount)} a month from the period after the decision`);
  const ok = r.status === 'RECALCULATED' && Math.abs(r.newAmount! - Math.round(16.03 * 4325 * 100) / 100) < 0.005 && d.replaces?.supersededBy?.id === d.id;
  say(ok ? '   ✓ recalculated to the 4-children band after a silent hearing' : '   ✗ not as expected');
  if (!ok) process.exitCode = 1;
});
