/**
 * `npm run show:entitlement`: against the running platform (`npm start`), shows over GraphQL that
 * a child's birth allowance is paid once, whoever asks and however often:
 *   1. the civil registry reports a birth: the proactive offer goes to the mother;
 *   2. the mother applies at a front-end: her application and the open offer become one case;
 *   3. the father applies, and the mother again through a second front-end (a second API key,
 *      issued and approved by two engineers over GraphQL): DUPLICATE_ENTITLEMENT naming her case;
 *   4. the mother answers the offer SMS with "1": the offer was merged, nothing more is paid;
 *   5. ten applications at once for another child (both parents, both front-ends): one grant.
 * Prints each answer and the APPROVED decisions per child.
 *   --url URL   the GraphQL endpoint (default http://API_HOST:API_PORT/graphql)
 */
import { parseArgs } from 'node:util';
import { deliverInboundSms } from '../api/client/sms-gateway-client.ts';
import { APPROVE_API_KEY, CREATE_API_KEY, START_CASE, SUBMIT_LIFE_EVENT } from '../api/client/operations.ts';
import { offerCaseId } from '../activities/offers.ts';
import { loadConfig } from '../lib/config.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { applicantCandidates } from '../registries/synthetic/applicants.ts';
import { getDataset, type SyntheticDataset } from '../registries/synthetic/dataset.ts';
import { isFinal } from '../workflows/messages.ts';
import { apiKeyCaller, graphql, payload, staffCaller, type Caller, type Request } from './demo/client.ts';

const CASE_OUTCOME = `query Outcome($id: ID!) { case(id: $id) { caseId status origin applicantIin amount openTasks { reasons } decision { outcome amount signatureValid } } }`;

type Outcome = { caseId: string; status: string; origin: string; applicantIin: string; amount: number | null; openTasks: { reasons: string[] }[]; decision: { outcome: string; amount: number | null; signatureValid: boolean } | null };
type Started = { __typename: string; code?: string; earlierCaseId?: string; case?: { caseId: string } };

const say = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Births of the population nobody has asked for yet, with a father on the record, newest last. */
function freshBirths(ds: SyntheticDataset) {
  return applicantCandidates(ds)
    .birth.slice(1)
    .map((c) => ds.births.get(String(c.application.childIin))!)
    .filter((b) => b.fatherIin && ds.bankAccounts.get(b.fatherIin)?.verified === true);
}

runMain('show-entitlement', async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  const config = loadConfig();
  const url = values.url ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}/graphql`;
  if (!(await fetch(url.replace(/\/graphql$/, '/readyz')).catch(() => null))?.ok) throw new StartupError(`the platform does not answer at ${url} — start it with npm start (or pass --url)`);
  const gql: Request = graphql(url);
  const runId = Date.now().toString(36);
  const frontendA = apiKeyCaller(config);
  const supervisor = await staffCaller(config, 'supervisor-nurlan', 'supervisor', 'social-payments');
  const engineer1 = await staffCaller(config, 'engineer-timur', 'engineer', null);
  const engineer2 = await staffCaller(config, 'engineer-aruzhan', 'engineer', null);

  // A second front-end: its own key, asked for by one engineer and approved by another.
  const created = payload((await gql(engineer1, CREATE_API_KEY, { input: { name: 'Second front-end (show)', clientId: `show-${runId}`, scopes: ['CASES_READ', 'CASES_WRITE'] } })).createApiKey as never) as {
    key: string;
    apiKey: { id: string; status: string };
  };
  if (created.apiKey.status === 'PENDING') payload((await gql(engineer2, APPROVE_API_KEY, { id: created.apiKey.id })).approveApiKey as never);
  const frontendB: Caller = { label: `show-${runId}`, headers: { 'x-api-key': created.key } };
  say(`second front-end: API key ${created.apiKey.id} (client show-${runId}), ${created.apiKey.status} → approved by a second engineer`);

  const view = async (caseId: string) => (await gql<{ case: Outcome | null }>(supervisor, CASE_OUTCOME, { id: caseId })).case;
  async function until(caseId: string, ok: (c: Outcome) => boolean, timeoutMs = 90_000): Promise<Outcome> {
    const deadline = Date.now() + timeoutMs;
    let last: Outcome | null = null;
    while (Date.now() < deadline) {
      last = await view(caseId).catch(() => null);
      if (last && ok(last)) return last;
      await sleep(300);
    }
    throw new Error(`case ${caseId} did not get there in time (last status ${last?.status})`);
  }
  // Decided, waiting for an officer, or refused pending the citizen's hearing (a refusal is heard
  // first: three working days to object before it is signed).
  const settledOrReview = (c: Outcome) => isFinal(c.status) || c.status === 'PRELIMINARY_REFUSAL' || (c.status === 'PENDING_REVIEW' && c.openTasks.length > 0);
  let n = 0;
  const apply = async (as: Caller, applicantIin: string, childIin: string): Promise<Started> =>
    (await gql(as, START_CASE, { input: { clientRequestId: `show-${runId}-${++n}`, serviceCode: 'birth-allowance', applicantIin, application: { childIin }, language: 'EN' } })).startCase as Started;
  const answer = (r: Started) => (r.__typename === 'StartCasePayload' ? `case ${r.case!.caseId}` : `${r.code}${r.earlierCaseId ? ` (earlier case ${r.earlierCaseId})` : ''}`);
  const describe = (c: Outcome) => `${c.caseId} ${c.origin.padEnd(9)} ${c.status.padEnd(14)} decision ${c.decision ? `${c.decision.outcome} ${c.decision.amount ?? ''} signature ${c.decision.signatureValid ? 'valid' : 'INVALID'}` : '—'}${c.openTasks.length ? ` → officer: ${pendingOn(c.openTasks[0]!.reasons)}` : ''}`;
  /** The first case a review task waits on, and how many more. */
  const pendingOn = (reasons: string[]) => {
    const pending = reasons.filter((r) => r.startsWith('ENTITLEMENT_PENDING:'));
    return pending.length ? `${pending[0]}${pending.length > 1 ? ` (+${pending.length - 1} more)` : ''}` : reasons.join(' ');
  };

  const births = freshBirths(getDataset());
  // ── 1–4: one child, every way of asking ──────────────────────────────────────────────────────
  let offerId = '';
  let birth = births[0]!;
  for (const [attempt, b] of births.slice(-40).reverse().entries()) {
    const eventId = `show-${runId}-birth-${attempt}`;
    payload((await gql(frontendA, SUBMIT_LIFE_EVENT, {
      input: { eventId, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: b.childIin, payload: { childIin: b.childIin, motherIin: b.motherIin, fatherIin: b.fatherIin, birthDate: b.birthDate }, timing: { consentWindowMs: 300_000 } },
    })).submitLifeEvent as never);
    const offered = await until(offerCaseId(eventId, 'birth-allowance'), (c) => c.status === 'OFFERED' || isFinal(c.status));
    if (offered.status === 'OFFERED') {
      offerId = offered.caseId;
      birth = b;
      break;
    } // granted or asked for by an earlier run: the next birth
  }
  if (!offerId) throw new Error('no birth of the population could be offered (every one asked for already)');
  say(`\n1. birth of child ${birth.childIin} registered → proactive offer ${offerId} to the mother: OFFERED`);

  const byMother = await apply(frontendA, birth.motherIin, birth.childIin);
  say(`2. mother applies at front-end A           → ${answer(byMother)}`);
  const motherCase = byMother.case?.caseId;
  if (!motherCase) throw new Error(`the mother's application was not accepted: ${JSON.stringify(byMother)}`);
  const offerAfter = await until(offerId, (c) => isFinal(c.status));
  say(`   the open offer                           → ${offerAfter.status} (merged into ${motherCase})`);
  await until(motherCase, (c) => isFinal(c.status));
  const byFather = await apply(frontendA, birth.fatherIin!, birth.childIin);
  say(`3. father applies at front-end A           → ${answer(byFather)}`);
  const bySecond = await apply(frontendB, birth.motherIin, birth.childIin);
  say(`   mother applies at front-end B (2nd key) → ${answer(bySecond)}`);
  const phone = getDataset().persons.get(birth.motherIin)?.phone;
  if (phone) {
    const reply = await deliverInboundSms(url.replace(/\/graphql$/, ''), config.smsInboundSecret ?? '', { messageId: `show-${runId}-reply`, from: phone, text: '1' });
    say(`4. mother replies "1" to the offer SMS     → ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  const touched = [offerId, motherCase, ...[byFather, bySecond].flatMap((r) => (r.case ? [r.case.caseId] : []))];
  const outcomes = await Promise.all(touched.map((id) => until(id, settledOrReview)));
  const approved = outcomes.filter((c) => c.decision?.outcome === 'APPROVED');
  say(`   cases for child ${birth.childIin}:`);
  for (const c of outcomes) say(`     ${describe(c)}`);
  say(`   → APPROVED decisions for the child: ${approved.length}${approved.length === 1 ? ' ✓' : ' ✗'}`);

  // ── 5: ten applications at once for another child ────────────────────────────────────────────
  let target = birth;
  let results: Started[] = [];
  for (const candidate of births.slice(0, 40)) {
    if (candidate.childIin === birth.childIin) continue;
    target = candidate;
    const applicants: [Caller, string][] = Array.from({ length: 10 }, (_, i) => [i % 2 ? frontendB : frontendA, i % 3 ? candidate.motherIin : candidate.fatherIin!]);
    results = await Promise.all(applicants.map(([as, iin]) => apply(as, iin, candidate.childIin)));
    if (results.some((r) => r.__typename === 'StartCasePayload')) break; // else granted by an earlier run: the next child
  }
  const started = results.filter((r) => r.case).map((r) => r.case!.caseId);
  say(`\n5. ten applications at once for child ${target.childIin} (mother and father, front-ends A and B):`);
  say(`   accepted ${started.length}, refused at intake ${results.length - started.length} (${[...new Set(results.filter((r) => !r.case).map((r) => r.code))].join(', ') || '—'})`);
  const ten = await Promise.all(started.map((id) => until(id, settledOrReview)));
  for (const c of ten) say(`     ${describe(c)}`);
  const grants = ten.filter((c) => c.decision?.outcome === 'APPROVED');
  say(`   → APPROVED decisions for the child: ${grants.length}${grants.length === 1 ? ' ✓' : ' ✗'}`);
  if (approved.length !== 1 || grants.length !== 1) process.exitCode = 1;
});
