/**
 * `npm run show:childcare`: against the running platform (`npm start`), shows over GraphQL a state
 * childcare allowance paid month by month at the MCI in force on each period:
 *   1. an uninsured mother of a child born in 2025 applies: approved, 18 periods granted;
 *   2. months pass in seconds (`timing.periodMs`, refused in production); each period prints its
 *      amount beside the hand computation (multiplier × MCI of its year, from the catalog) — the
 *      MCI changes on 1 January 2026 (3 932 → 4 325), and a year the catalog has no MCI for is paid
 *      at the last one in force, PROVISIONAL;
 *   3. the employment registry reports a return to work (twice): the payment is suspended once;
 *      then a return to childcare leave (twice): resumed once;
 *   4. a worker process is SIGKILLed in the middle and started again;
 *   5. at the end, deliveries per idempotency key counted at the simulated payer: each once.
 *
 * The platform must run with the payer this script serves, and on PostgreSQL so a second worker
 * process can join (`npm start`'s own process holds the worker and the API together; killing it
 * stops `npm start`, so the script SIGKILLs a worker process of its own on the same task queue):
 *   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/qyzmet_show PAYER_MODE=http PAYER_URL=http://127.0.0.1:4790/batches
 *   npm start            # in one terminal
 *   npm run show:childcare   # in another, with the same environment
 * Options: --url URL (default http://API_HOST:API_PORT/graphql), --period-ms N (default 2500).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { START_CASE, SUBMIT_LIFE_EVENT } from '../api/client/operations.ts';
import { loadConfig, PROJECT_ROOT } from '../lib/config.ts';
import { parseBatch } from '../lib/payer/batch-file.ts';
import { createSimulatedPayer } from '../lib/payer/simulated.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { getDataset, type SyntheticDataset } from '../registries/synthetic/dataset.ts';
import { childcareAllowanceV4 } from '../services/catalog/index.ts';
import { mciOn } from '../services/indexation.ts';
import { apiKeyCaller, graphql, payload, staffCaller, type Request } from './demo/client.ts';

const ENTITLEMENT = `query Entitlement($id: ID!) { case(id: $id) { caseId status amount decision { outcome amount }
  entitlement { status amount periodsGranted
    periods { period amount status indexation { status mciYear mci source { citation } note } }
    instructions { idempotencyKey period amount status indexation attempts }
    changes { kind reason } } } }`;

type Period = { period: string; amount: number; status: string; indexation: { status: string; mciYear: number; mci: number; source: { citation: string } | null; note: string | null } | null };
type Entitlement = {
  status: string;
  amount: number;
  periodsGranted: string[];
  periods: Period[];
  instructions: { idempotencyKey: string; period: string; amount: number; status: string; indexation: string | null; attempts: number }[];
  changes: { kind: string; reason: string }[];
};
type CaseView = { caseId: string; status: string; decision: { outcome: string; amount: number } | null; entitlement: Entitlement | null };

const say = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kzt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The state allowance's multiplier by birth order, from the catalog (the hand computation's factor). */
function careMultiplier(birthOrder: number): number {
  const name = ['careMciFirst', 'careMciSecond', 'careMciThird', 'careMciFourthOn'][Math.min(birthOrder, 4) - 1]!;
  return childcareAllowanceV4.parameters.find((p) => p.name === name)!.values[0]!.value;
}

/** Uninsured mothers (under 6 contribution months of the 24 before the birth) of 2025 births, youngest first. */
function uninsured2025Births(ds: SyntheticDataset) {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return [...ds.births.values()]
    .filter((b) => b.birthDate.startsWith('2025-') && ds.bankAccounts.get(b.motherIin)?.verified === true)
    .filter((b) => {
      const month = b.birthDate.slice(0, 7);
      return new Set((ds.employment.get(b.motherIin)?.contributions ?? []).filter((c) => c.month < month && index(month) - index(c.month) <= 24).map((c) => c.month)).size < 6;
    })
    .sort((a, b) => b.birthDate.localeCompare(a.birthDate));
}

/** The simulated payer behind the HTTP batch endpoint the platform posts to (PAYER_MODE=http). */
function servePayer(url: URL) {
  const payer = createSimulatedPayer();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      try {
        const batch = parseBatch(body);
        const results = [];
        for (const order of batch.orders) results.push({ idempotencyKey: order.idempotencyKey, ...(await payer.deliver(order)) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      } catch (e) {
        res.writeHead(400).end((e as Error).message);
      }
    });
  });
  return new Promise<{ payer: typeof payer; close: () => void }>((resolve, reject) => {
    server.once('error', (e) => reject(new StartupError(`the simulated payer cannot listen on ${url.host}: ${e.message}`)));
    server.listen(Number(url.port), url.hostname, () => resolve({ payer, close: () => server.close() }));
  });
}

/** npm start's environment without the ports its own worker holds, and without the jobs one worker runs. */
function workerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SWEEP_SCHEDULE: 'false', RECONCILE_INTERVAL_MS: '0', LOG_LEVEL: 'info' };
  delete env.WORKER_METRICS_ADDRESS;
  delete env.WORKER_HEALTH_PORT;
  return env;
}

/** A worker process of the script's own on the platform's task queue (the same environment as npm start). */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'worker.ts')], {
    cwd: PROJECT_ROOT,
    env: workerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not get ready in 60 s')), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the worker exited at start (code ${code})`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

runMain('show-childcare', async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' }, 'period-ms': { type: 'string', default: '2500' } } });
  const config = loadConfig();
  const url = values.url ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}/graphql`;
  const periodMs = Number(values['period-ms']);
  if (!(await fetch(url.replace(/\/graphql$/, '/readyz')).catch(() => null))?.ok) throw new StartupError(`the platform does not answer at ${url} — start it with npm start (or pass --url)`);
  if (config.PAYER_MODE !== 'http' || !config.PAYER_URL) throw new StartupError('run npm start and this script with PAYER_MODE=http PAYER_URL=http://127.0.0.1:4790/batches: this script is the simulated payer');
  if (!config.DATABASE_URL) throw new StartupError('run npm start and this script with DATABASE_URL (PostgreSQL): the embedded database admits no second worker process');
  const { payer, close } = await servePayer(new URL(config.PAYER_URL));
  const gql: Request = graphql(url);
  const frontend = apiKeyCaller(config);
  const supervisor = await staffCaller(config, 'supervisor-nurlan', 'supervisor', 'social-payments');
  const runId = Date.now().toString(36);
  let worker = await startWorker();
  say(`simulated payer at ${config.PAYER_URL}; a worker process of this script's (pid ${worker.pid}) joins the platform's task queue`);

  // ── 1. the application ────────────────────────────────────────────────────────────────────────
  let caseId = '';
  let birth = uninsured2025Births(getDataset())[0]!;
  for (const b of uninsured2025Births(getDataset())) {
    const started = (await gql(frontend, START_CASE, {
      input: { clientRequestId: `show-childcare-${runId}-${b.childIin}`, serviceCode: 'childcare-allowance', applicantIin: b.motherIin, application: { childIin: b.childIin }, language: 'EN', timing: { periodMs } },
    })).startCase as { __typename: string; case?: { caseId: string } };
    if (started.case) {
      caseId = started.case.caseId;
      birth = b;
      break;
    } // granted by an earlier run: the next child
  }
  if (!caseId) throw new Error('every uninsured 2025 birth of the population has its childcare allowance already');
  const view = async () => (await gql<{ case: CaseView | null }>(supervisor, ENTITLEMENT, { id: caseId })).case;
  const until = async (what: string, ok: (c: CaseView) => boolean, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await view().catch(() => null);
      if (c && ok(c)) return c;
      if (Date.now() > deadline) throw new Error(`${what}: not reached (case ${caseId}: ${c?.status})`);
      await sleep(250);
    }
  };
  const multiplier = careMultiplier(birth.birthOrder);
  const approved = await until('an approval with its entitlement', (c) => c.entitlement !== null || ['DENIED', 'PENDING_REVIEW', 'PRELIMINARY_REFUSAL'].includes(c.status));
  if (!approved.entitlement) throw new Error(`case ${caseId} was not approved automatically (${approved.status})`);
  say(`\n1. child ${birth.childIin} born ${birth.birthDate} (birth order ${birth.birthOrder}), uninsured mother ${birth.motherIin}`);
  say(`   case ${caseId} ${approved.status}: ${kzt(approved.decision!.amount)} KZT a month as decided (${multiplier} MCI × 3,932, the MCI on the birth date)`);
  say(`   ${approved.entitlement.periodsGranted.length} periods granted, ${approved.entitlement.periodsGranted[0]} … ${approved.entitlement.periodsGranted.at(-1)}; a month lasts ${periodMs} ms here\n`);
  say('   period   status     paid KZT     indexation        hand computation');

  // ── 2–4. the periods, the employment events and the worker killed ──────────────────────────────
  const event = async (eventId: string, type: string) =>
    payload((await gql(frontend, SUBMIT_LIFE_EVENT, { input: { eventId, type, source: 'employment-registry', subjectIin: birth.motherIin, payload: { iin: birth.motherIin, date: new Date().toISOString().slice(0, 10) } } })).submitLifeEvent as never) as { eventId: string; created: boolean };
  const printed = new Set<string>();
  let mismatches = 0;
  const printPeriods = (e: Entitlement) => {
    for (const p of e.periods) {
      if (printed.has(p.period) || p.status === 'INSTRUCTED') continue;
      printed.add(p.period);
      const mci = mciOn([childcareAllowanceV4], `${p.period}-01`)!;
      const expected = p.status === 'SUSPENDED' ? 0 : Math.round(multiplier * mci.value.value * 100) / 100;
      const ok = Math.abs(expected - p.amount) < 0.005;
      if (!ok) mismatches++;
      const ix = p.indexation ? `${p.indexation.status.padEnd(11)} ${p.indexation.mciYear}` : '—'.padEnd(16);
      const hand = p.status === 'SUSPENDED' ? 'suspended: nothing due' : `${multiplier} × ${mci.value.value.toLocaleString('en-US')} (${mci.value.from.slice(0, 4)}${mci.status === 'PROVISIONAL' ? ': last MCI in force, none in the catalog for ' + p.period.slice(0, 4) : ''}) = ${kzt(expected)}`;
      say(`   ${p.period}  ${p.status.padEnd(9)} ${kzt(p.amount).padStart(11)}   ${ix}   ${hand} ${ok ? '✓' : '✗'}`);
    }
  };
  const step = async (what: string, ok: (e: Entitlement) => boolean) => {
    const c = await until(what, (x) => {
      if (x.entitlement) printPeriods(x.entitlement);
      return x.entitlement !== null && ok(x.entitlement);
    });
    return c.entitlement!;
  };
  const settled = (e: Entitlement) => e.periods.filter((p) => p.status !== 'INSTRUCTED').length;

  await step('3 periods paid', (e) => settled(e) >= 3);
  const work = [await event(`show-childcare-${runId}-work`, 'RETURNED_TO_WORK'), await event(`show-childcare-${runId}-work`, 'RETURNED_TO_WORK'), await event(`show-childcare-${runId}-work-again`, 'RETURNED_TO_WORK')];
  say(`   ── employment registry: RETURNED_TO_WORK (${work.map((w) => `${w.eventId.replace(`show-childcare-${runId}-`, '')} created=${w.created}`).join(', ')})`);
  await step('2 periods suspended', (e) => e.periods.filter((p) => p.status === 'SUSPENDED').length >= 2);
  const leave = [await event(`show-childcare-${runId}-leave`, 'CHILDCARE_LEAVE_RESUMED'), await event(`show-childcare-${runId}-leave`, 'CHILDCARE_LEAVE_RESUMED')];
  say(`   ── employment registry: CHILDCARE_LEAVE_RESUMED (${leave.map((w) => `${w.eventId.replace(`show-childcare-${runId}-`, '')} created=${w.created}`).join(', ')})`);
  const beforeKill = settled(await step('resumed', (e) => e.changes.some((c) => c.kind === 'RESUMED')));
  await step('a period paid after the resumption', (e) => settled(e) > beforeKill);
  worker.kill('SIGKILL');
  say(`   ── worker process ${worker.pid} SIGKILLed`);
  await step('a period while the worker is down', (e) => settled(e) > beforeKill + 1);
  worker = await startWorker();
  say(`   ── worker started again (pid ${worker.pid})`);
  const final = await step('the entitlement completed', (e) => e.status === 'COMPLETED' && settled(e) === e.periodsGranted.length);
  printPeriods(final);

  // ── 5. what the payer received ────────────────────────────────────────────────────────────────
  say(`\n   changes: ${final.changes.map((c) => c.kind).join(' → ')}`);
  for (const c of final.changes.filter((x) => x.kind === 'SUSPENDED' || x.kind === 'RESUMED')) say(`     ${c.kind}: ${c.reason}`);
  const provisional = final.periods.filter((p) => p.indexation?.status === 'PROVISIONAL');
  if (provisional.length) say(`   PROVISIONAL periods: ${provisional.map((p) => p.period).join(', ')} — ${provisional[0]!.indexation!.note}`);
  say(`\n5. deliveries per idempotency key at the simulated payer (${final.instructions.length} instructions):`);
  let notOnce = 0;
  for (const i of final.instructions) {
    const n = payer.deliveries.get(i.idempotencyKey) ?? 0;
    if (n !== 1) notOnce++;
    say(`   ${i.idempotencyKey.padEnd(40)} ${kzt(i.amount).padStart(11)} ${i.status.padEnd(9)} ${(i.indexation ?? '—').padEnd(11)} delivered ${n}× ${n === 1 ? '✓' : '✗'}`);
  }
  const total = final.instructions.reduce((s, i) => s + i.amount, 0);
  say(`   paid in total ${kzt(total)} KZT over ${final.instructions.length} periods; amounts matching the hand computation: ${printed.size - mismatches}/${printed.size}; delivered exactly once: ${final.instructions.length - notOnce}/${final.instructions.length}`);
  worker.kill('SIGTERM');
  close();
  if (mismatches || notOnce) process.exitCode = 1;
});
