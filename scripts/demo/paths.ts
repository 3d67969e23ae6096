/**
 * One case through each path of the case engine, driven through the GraphQL API exactly as a
 * front-end system (API key) and officers (staff tokens) would. Clocks are shortened with the
 * development timing overrides so SLAs, deadlines and consent windows pass in seconds.
 */
import { offerCaseId } from '../../activities/offers.ts';
import { addDays } from '../../lib/dates.ts';
import type { Application } from '../../registries/synthetic/applicants.ts';
import type { SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import { discoverableService, discoverFamilies } from '../../services/discovery.ts';
import { populationPage } from '../../registries/synthetic/dataset.ts';
import { isFinal, type SweepProgress } from '../../workflows/messages.ts';
import { CASE, CASE_PROGRESS, CLAIM, OPEN_CITIZEN_OFFERS, POPULATION_SWEEPS, PROVIDE_INFORMATION, RESOLVE, RESPOND_TO_OFFER, START_CASE, SUBMIT_LIFE_EVENT, SUBMIT_OBJECTION, WITHDRAW } from '../../api/client/operations.ts';
import { payload, type Caller, type Request } from './client.ts';

export interface Actors {
  frontend: Caller;
  socialOfficer: Caller;
  socialOfficer2: Caller;
  socialSupervisor: Caller;
  employmentOfficer: Caller;
  employmentSupervisor: Caller;
}

export interface PathResult {
  caseId: string;
  service: string;
  path: string;
  outcome: string;
  amount: number | null;
  ms: number;
  note?: string;
}


export interface Ctx {
  gql: Request;
  /** Plays the SMS gateway: a citizen's message to 1414 delivered to POST /sms/inbound. */
  smsReply(from: string, text: string, messageId: string): Promise<{ status: number; body: Record<string, unknown> }>;
  actors: Actors;
  dataset: SyntheticDataset;
  runId: string;
  /**
   * The next recent birth of the population (mother and child) for an offer. Entitlements grant
   * a child's allowance once, and an earlier run (or the seed) may have granted or offered it:
   * paths take children from here and move on when one is taken.
   */
  nextBirth(): { motherIin: string; childIin: string };
  /** Applicants by kind, the persona first (registries/synthetic/applicants.ts). */
  candidates: { birth: Application[]; fourEyes: Application[] };
  /** What the citizen's sign-in at the front-end yields: an eGov assertion naming their IIN. */
  citizenProof(iin: string): Promise<{ kind: 'EGOV_SUBJECT'; reference: string }>;
  /** Runs a population sweep of the large-family allowance to its end (a label of its own, so it sweeps again). */
  sweep(label: string): Promise<SweepProgress>;
  /** The engineer who reads the sweeps' progress over GraphQL. */
  engineer: Caller;
}

type CaseView = { caseId: string; status: string; amount: number | null; serviceCode: string; openTasks: { taskId: string; kind: string; escalated: boolean; reasons: string[]; status: string }[] };

async function view(ctx: Ctx, caseId: string, as: Caller = ctx.actors.socialSupervisor): Promise<CaseView | null> {
  return (await ctx.gql<{ case: CaseView | null }>(as, CASE_PROGRESS, { id: caseId })).case;
}

async function until(ctx: Ctx, caseId: string, as: Caller, ok: (c: CaseView) => boolean, timeoutMs = 120_000): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseView | null = null;
  while (Date.now() < deadline) {
    last = await view(ctx, caseId, as).catch(() => null);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`case ${caseId} did not get there in time (last status ${last?.status})`);
}

const settled = (c: CaseView) => isFinal(c.status);
const openTask = (kind?: string) => (c: CaseView) => c.openTasks.some((t) => !kind || t.kind === kind);

async function apply(ctx: Ctx, serviceCode: string, applicantIin: string, application: Record<string, unknown>, tag: string, timing?: Record<string, number>): Promise<string> {
  return applyFirstFree(ctx, [{ serviceCode, applicantIin, application }], tag, timing);
}

/**
 * Applies for the first candidate whose entitlement nobody holds yet: a DUPLICATE_ENTITLEMENT
 * (granted by an earlier run, or by the seed) moves on to the next.
 */
async function applyFirstFree(ctx: Ctx, candidates: Application[], tag: string, timing?: Record<string, number>): Promise<string> {
  for (const [i, c] of candidates.entries()) {
    const r = await ctx.gql(ctx.actors.frontend, START_CASE, {
      input: { ...c, clientRequestId: `demo-${ctx.runId}-${tag}${i ? `-${i}` : ''}`, language: 'EN', timing },
    });
    const result = r.startCase as { __typename: string; case: { caseId: string } };
    if (result.__typename === 'DuplicateEntitlement') continue;
    return payload(result).case.caseId;
  }
  throw new Error(`${tag}: every candidate's entitlement is already granted`);
}

/** The job-loss dates a path may use: its own days before the reference date, so paths do not share one entitlement. */
const jobLossDates = (ctx: Ctx, p: { iin: string }, firstDayBack: number): Application[] =>
  Array.from({ length: 10 }, (_, k) => ({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: addDays(ctx.dataset.referenceDate, -(firstDayBack + k)) } }));

async function claim(ctx: Ctx, as: Caller, taskId: string) {
  const r = await ctx.gql(as, CLAIM, { taskId });
  return r.claimTask as { __typename: string; code?: string; message?: string };
}

async function resolve(ctx: Ctx, as: Caller, taskId: string, action: string, reason: string, extra: Record<string, unknown> = {}) {
  const r = await ctx.gql(as, RESOLVE, {
    input: { taskId, action, reason, ...extra },
  });
  return payload(r.resolveTask as { __typename: string; decision: { outcome: string; amount: number | null } | null; secondReviewTask: { taskId: string } | null });
}

async function claimAndResolve(ctx: Ctx, as: Caller, taskId: string, action: string, reason: string, extra: Record<string, unknown> = {}) {
  payload(await claim(ctx, as, taskId));
  return resolve(ctx, as, taskId, action, reason, extra);
}

/** An amount the rules did not compute is the officer's alone: a second reviewer (here the supervisor) approves it too. */
async function approveStatedAmount(ctx: Ctx, taskId: string, reason: string, amount: number) {
  const first = await claimAndResolve(ctx, ctx.actors.employmentOfficer, taskId, 'APPROVE', reason, { amount });
  return claimAndResolve(ctx, ctx.actors.employmentSupervisor, first.secondReviewTask!.taskId, 'APPROVE', 'second review: amount checked');
}

/** A birth offered to its mother: the next child of the population the platform still offers. */
async function offer(ctx: Ctx, tag: string, windowMs: number): Promise<string> {
  return (await offerBirth(ctx, tag, windowMs)).caseId;
}

/** The birth allowance's case of the offered birth, its event and the mother it was offered to. */
async function offerBirth(ctx: Ctx, tag: string, windowMs: number): Promise<{ caseId: string; eventId: string; motherIin: string }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { motherIin, childIin } = ctx.nextBirth();
    const birth = ctx.dataset.births.get(childIin)!;
    const eventId = `demo-${ctx.runId}-${tag}-${attempt}`;
    const r = await ctx.gql(ctx.actors.frontend, SUBMIT_LIFE_EVENT, {
      input: { eventId, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: childIin, payload: { childIin, motherIin, fatherIin: birth.fatherIin, birthDate: birth.birthDate }, timing: { consentWindowMs: windowMs } },
    });
    payload(r.submitLifeEvent as { __typename: string });
    const caseId = offerCaseId(eventId, 'birth-allowance');
    const c = await until(ctx, caseId, ctx.actors.socialSupervisor, (v) => v.status === 'OFFERED' || isFinal(v.status));
    if (c.status === 'OFFERED') {
      // The mother signs in at the front-end: her offers are delivered through it.
      const opened = await ctx.gql(ctx.actors.frontend, OPEN_CITIZEN_OFFERS, { proof: await ctx.citizenProof(motherIin) });
      payload(opened.openCitizenOffers as { __typename: string });
      return { caseId, eventId, motherIin };
    } // NOT_OFFERED: this child is granted or asked for already
  }
  throw new Error(`${tag}: no child of the population could be offered`);
}

/**
 * The labour registry reports a person registered as unemployed: the next laid-off person of the
 * population whose job loss the platform has not paid or offered yet (an earlier run may have).
 */
async function offerJobSeeker(ctx: Ctx, tag: string, windowMs: number): Promise<{ caseId: string; iin: string }> {
  const today = ctx.dataset.referenceDate;
  const laidOff = [...ctx.dataset.employment.values()].filter(
    (e) => e.status === 'UNEMPLOYED' && e.jobLossDate && e.jobLossDate > addDays(today, -150) && e.jobLossReason !== null && ['LAYOFF', 'LIQUIDATION', 'CONTRACT_END'].includes(e.jobLossReason) && e.contributions.length >= 12,
  );
  for (const [attempt, e] of laidOff.slice(0, 20).entries()) {
    const jobLossDate = e.jobLossDate!;
    const registrationDate = addDays(jobLossDate, 2) > today ? today : addDays(jobLossDate, 2);
    const eventId = `demo-${ctx.runId}-${tag}-${attempt}`;
    const r = await ctx.gql(ctx.actors.frontend, SUBMIT_LIFE_EVENT, {
      input: { eventId, type: 'JOB_SEEKER_REGISTERED', source: 'labour-registry', subjectIin: e.iin, payload: { iin: e.iin, registrationDate, jobLossDate }, timing: { consentWindowMs: windowMs } },
    });
    payload(r.submitLifeEvent as { __typename: string });
    const caseId = offerCaseId(eventId, 'job-loss-payment');
    const c = await until(ctx, caseId, ctx.actors.employmentSupervisor, (v) => v.status === 'OFFERED' || isFinal(v.status));
    if (c.status === 'OFFERED') return { caseId, iin: e.iin };
  }
  throw new Error(`${tag}: no laid-off person of the population could be offered`);
}

/** Plays the citizen answering "1" to the one offer SMS, once it has left (after the pre-checks). */
async function replyYes(ctx: Ctx, iin: string, tag: string): Promise<void> {
  const phone = ctx.dataset.persons.get(iin)?.phone;
  if (!phone) throw new Error(`${tag}: the citizen has no phone on record`);
  for (let i = 0; i < 40; i++) {
    const r = await ctx.smsReply(phone, '1', `demo-${ctx.runId}-${tag}-${i}`);
    if (r.body.outcome === 'ACCEPTED') return;
    if (r.status !== 200) throw new Error(`${tag}: /sms/inbound answered ${r.status} ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${tag}: the offer SMS was not sent in time`);
}

async function respond(ctx: Ctx, caseId: string, consent: boolean) {
  const { applicantIin } = (await ctx.gql(ctx.actors.frontend, CASE, { id: caseId })).case as { applicantIin: string };
  const r = await ctx.gql(ctx.actors.frontend, RESPOND_TO_OFFER, { caseId, consent, channel: 'sms:1414', proof: await ctx.citizenProof(applicantIin) });
  payload(r.respondToOffer as { __typename: string });
}

/** The large-family offers a sweep on `asOf` makes or made: the families the simulated population register holds, as the sweep finds them. */
function sweepOfferIds(ctx: Ctx, asOf: string): string[] {
  const service = discoverableService('large-family-allowance')!;
  const ids: string[] = [];
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page = populationPage(ctx.dataset, cursor, 1000);
    ids.push(...discoverFamilies(service, page.persons, asOf).map((f) => f.caseId));
    cursor = page.nextCursor;
  }
  return ids;
}

export type DemoPath = { name: string; run(ctx: Ctx): Promise<Omit<PathResult, 'ms' | 'path'>> };

async function finish(ctx: Ctx, caseId: string, as: Caller, note?: string) {
  const c = await until(ctx, caseId, as, settled);
  return { caseId, service: c.serviceCode, outcome: c.status, amount: c.amount, note };
}

/** Refusals are heard first (PRELIMINARY_REFUSAL); the demo's hearing window passes in seconds. */
const HEARING_MS = 5000;

export const PATHS: DemoPath[] = [
  {
    name: 'automatic approval',
    async run(ctx) {
      const p = ctx.dataset.personas.fourthChildMother;
      const first = { serviceCode: 'birth-allowance', applicantIin: p.iin, application: { childIin: p.childIin } };
      return finish(ctx, await applyFirstFree(ctx, [first, ...ctx.candidates.birth.slice(1)], 'auto-approve'), ctx.actors.socialSupervisor);
    },
  },
  {
    name: 'automatic denial',
    async run(ctx) {
      const p = ctx.dataset.personas.dismissedForMisconduct;
      const jobLossDate = ctx.dataset.employment.get(p.iin)!.jobLossDate;
      const caseId = await apply(ctx, 'job-loss-payment', p.iin, { jobLossDate }, 'auto-deny', { hearingWindowMs: HEARING_MS });
      await until(ctx, caseId, ctx.actors.employmentSupervisor, (v) => v.status === 'PRELIMINARY_REFUSAL');
      return finish(ctx, caseId, ctx.actors.employmentSupervisor, `JL-01 failed; heard first (PRELIMINARY_REFUSAL), final after a ${HEARING_MS / 1000} s hearing window`);
    },
  },
  {
    name: 'escalated → officer approves',
    async run(ctx) {
      const p = ctx.dataset.personas.notFoundEmployment;
      const caseId = await applyFirstFree(ctx, jobLossDates(ctx, p, 1), 'escalate');
      const c = await until(ctx, caseId, ctx.actors.employmentOfficer, openTask());
      await approveStatedAmount(ctx, c.openTasks[0]!.taskId, 'employer confirmed by letter', 120000);
      return finish(ctx, caseId, ctx.actors.employmentOfficer, c.openTasks[0]!.reasons.join(' '));
    },
  },
  {
    name: 'four-eyes: two officers approve',
    async run(ctx) {
      const caseId = await applyFirstFree(ctx, ctx.candidates.fourEyes, 'four-eyes');
      const c = await until(ctx, caseId, ctx.actors.socialOfficer, openTask());
      const first = await claimAndResolve(ctx, ctx.actors.socialOfficer, c.openTasks[0]!.taskId, 'APPROVE', 'income verified');
      const second = first.secondReviewTask!.taskId;
      const refused = await claim(ctx, ctx.actors.socialOfficer, second); // the same officer again
      await claimAndResolve(ctx, ctx.actors.socialOfficer2, second, 'APPROVE', 'second check done');
      return finish(ctx, caseId, ctx.actors.socialOfficer, `same officer twice: ${refused.code ?? 'accepted?!'}`);
    },
  },
  {
    name: 'SLA breach → supervisor resolves',
    async run(ctx) {
      const p = ctx.dataset.personas.notFoundEmployment;
      const caseId = await applyFirstFree(ctx, jobLossDates(ctx, p, 11), 'sla', { slaMs: 3000, hearingWindowMs: HEARING_MS });
      const c = await until(ctx, caseId, ctx.actors.employmentSupervisor, (v) => v.openTasks.some((t) => t.escalated));
      await claimAndResolve(ctx, ctx.actors.employmentSupervisor, c.openTasks[0]!.taskId, 'DENY', 'no proof of employment', { grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
      return finish(ctx, caseId, ctx.actors.employmentSupervisor, 'escalated after 3 s SLA');
    },
  },
  {
    name: 'officer denies → heard first → objection → officer approves',
    async run(ctx) {
      const p = ctx.dataset.personas.notFoundEmployment;
      const caseId = await applyFirstFree(ctx, jobLossDates(ctx, p, 61), 'objection', { hearingWindowMs: 600_000 });
      const c = await until(ctx, caseId, ctx.actors.employmentOfficer, openTask());
      await claimAndResolve(ctx, ctx.actors.employmentOfficer, c.openTasks[0]!.taskId, 'DENY', 'no proof of employment', { grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
      await until(ctx, caseId, ctx.actors.employmentOfficer, (v) => v.status === 'PRELIMINARY_REFUSAL');
      const r = await ctx.gql(ctx.actors.frontend, SUBMIT_OBJECTION, { input: { caseId, text: 'I worked there until February; the employer did not report it.' } });
      payload(r.submitObjection as { __typename: string });
      const heard = await until(ctx, caseId, ctx.actors.employmentOfficer, (v) => v.openTasks.some((t) => t.reasons.includes('OBJECTION_SUBMITTED')));
      await approveStatedAmount(ctx, heard.openTasks[0]!.taskId, 'employment confirmed by the employer', 110000);
      return finish(ctx, caseId, ctx.actors.employmentOfficer, 'the objection reopened the case for an officer');
    },
  },
  {
    name: 'information requested → answered',
    async run(ctx) {
      const p = ctx.dataset.personas.notFoundEmployment;
      const caseId = await applyFirstFree(ctx, jobLossDates(ctx, p, 21), 'info');
      const c = await until(ctx, caseId, ctx.actors.employmentOfficer, openTask());
      await claimAndResolve(ctx, ctx.actors.employmentOfficer, c.openTasks[0]!.taskId, 'REQUEST_INFORMATION', 'no registry record', { request: 'Upload your work record book' });
      await until(ctx, caseId, ctx.actors.employmentOfficer, (v) => v.status === 'AWAITING_INFORMATION');
      const r = await ctx.gql(ctx.actors.frontend, PROVIDE_INFORMATION, {
        input: { caseId, submissionId: 'upload-1', answers: { workRecordBook: 'scan-77' } },
      });
      payload(r.provideInformation as { __typename: string });
      const again = await until(ctx, caseId, ctx.actors.employmentOfficer, (v) => v.status === 'PENDING_REVIEW' && v.openTasks.length > 0);
      await approveStatedAmount(ctx, again.openTasks[0]!.taskId, 'work record book checked', 95000);
      return finish(ctx, caseId, ctx.actors.employmentOfficer);
    },
  },
  {
    name: 'information requested → deadline passed',
    async run(ctx) {
      const p = ctx.dataset.personas.notFoundEmployment;
      const caseId = await applyFirstFree(ctx, jobLossDates(ctx, p, 31), 'info-deadline', { informationDeadlineMs: 3000, hearingWindowMs: HEARING_MS });
      const c = await until(ctx, caseId, ctx.actors.employmentOfficer, openTask());
      await claimAndResolve(ctx, ctx.actors.employmentOfficer, c.openTasks[0]!.taskId, 'REQUEST_INFORMATION', 'no registry record', { request: 'Upload your work record book' });
      const back = await until(ctx, caseId, ctx.actors.employmentOfficer, (v) => v.openTasks.some((t) => t.reasons.includes('INFORMATION_DEADLINE_PASSED')));
      await claimAndResolve(ctx, ctx.actors.employmentOfficer, back.openTasks[0]!.taskId, 'DENY', 'no documents provided', { grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
      return finish(ctx, caseId, ctx.actors.employmentOfficer, 'back to the officer after 3 s');
    },
  },
  {
    name: 'registry outage → retries → officer',
    async run(ctx) {
      const p = ctx.dataset.personas.employmentNodeDown;
      const jobLossDate = ctx.dataset.employment.get(p.iin)!.jobLossDate;
      // The registry is down for this person: any recent date is as good once an earlier run was granted the registered one.
      const dates = [{ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate } }, ...jobLossDates(ctx, p, 51)];
      const caseId = await applyFirstFree(ctx, dates, 'outage', { registryRetryInitialIntervalMs: 200, registryMaxAttempts: 3 });
      const c = await until(ctx, caseId, ctx.actors.employmentOfficer, openTask());
      await approveStatedAmount(ctx, c.openTasks[0]!.taskId, 'employment confirmed by the employer directly', 171000);
      return finish(ctx, caseId, ctx.actors.employmentOfficer, `employment registry down after 3 attempts: ${c.openTasks[0]!.reasons.join(' ')}`);
    },
  },
  {
    name: 'proactive offer → consent',
    async run(ctx) {
      const caseId = await offer(ctx, 'offer-consent', 60_000);
      await respond(ctx, caseId, true);
      return finish(ctx, caseId, ctx.actors.socialSupervisor);
    },
  },
  {
    name: 'one offer per birth → SMS reply "1"',
    async run(ctx) {
      const { caseId, eventId, motherIin } = await offerBirth(ctx, 'offer-sms', 60_000);
      // The one SMS leaves once every case of the birth has run its pre-check; until then a reply finds no open offer.
      const childcare = offerCaseId(eventId, 'childcare-allowance');
      await until(ctx, childcare, ctx.actors.socialSupervisor, (v) => v.status !== 'RECEIVED' && v.status !== 'GATHERING_EVIDENCE' && v.status !== 'EVALUATING');
      await replyYes(ctx, motherIin, 'sms');
      const other = await until(ctx, childcare, ctx.actors.socialSupervisor, (v) => v.status !== 'OFFERED');
      return finish(ctx, caseId, ctx.actors.socialSupervisor, `one SMS for the birth; "1" opened it and childcare (${other.status})`);
    },
  },
  {
    name: 'registered unemployed → job-loss offer → SMS reply "1"',
    async run(ctx) {
      const { caseId, iin } = await offerJobSeeker(ctx, 'job-seeker', 60_000);
      await replyYes(ctx, iin, 'job-seeker-sms');
      return finish(ctx, caseId, ctx.actors.employmentSupervisor, 'the registration date is the legal fact');
    },
  },
  {
    name: 'proactive offer → refusal',
    async run(ctx) {
      const caseId = await offer(ctx, 'offer-refusal', 15_000);
      await respond(ctx, caseId, false);
      return finish(ctx, caseId, ctx.actors.socialSupervisor, 'closed when the 15 s window ended');
    },
  },
  {
    name: 'proactive offer → silence',
    async run(ctx) {
      return finish(ctx, await offer(ctx, 'offer-silence', 3000), ctx.actors.socialSupervisor, '3 s window');
    },
  },
  {
    name: 'proactive offer → refusal reversed',
    async run(ctx) {
      const caseId = await offer(ctx, 'offer-reversed', 60_000);
      await respond(ctx, caseId, false);
      await respond(ctx, caseId, true);
      return finish(ctx, caseId, ctx.actors.socialSupervisor);
    },
  },
  {
    name: 'withdrawn by the citizen',
    async run(ctx) {
      const p = ctx.dataset.personas.notFoundEmployment;
      const caseId = await applyFirstFree(ctx, jobLossDates(ctx, p, 41), 'withdraw');
      await until(ctx, caseId, ctx.actors.employmentOfficer, openTask());
      const r = await ctx.gql(ctx.actors.frontend, WITHDRAW, { caseId, reason: 'found a new job' });
      payload(r.withdrawCase as { __typename: string });
      return finish(ctx, caseId, ctx.actors.employmentOfficer);
    },
  },
  {
    name: 'duplicate application refused',
    async run(ctx) {
      // A child of the population's first half, from its end: the automatic approval starts at the other end.
      const births = ctx.candidates.birth.slice(1, ctx.candidates.birth.length >> 1).reverse();
      const caseId = await applyFirstFree(ctx, births, 'duplicate');
      const granted = await until(ctx, caseId, ctx.actors.socialSupervisor, settled);
      const { application } = (await ctx.gql(ctx.actors.frontend, CASE, { id: caseId })).case as { application: { childIin: string } };
      const fatherIin = ctx.dataset.births.get(application.childIin)?.fatherIin;
      const again = await ctx.gql(ctx.actors.frontend, START_CASE, {
        input: { serviceCode: 'birth-allowance', applicantIin: fatherIin ?? births[0]!.applicantIin, application: { childIin: application.childIin }, clientRequestId: `demo-${ctx.runId}-duplicate-again`, language: 'EN' },
      });
      const refused = again.startCase as { __typename: string; code?: string; earlierCaseId?: string };
      if (refused.__typename !== 'DuplicateEntitlement') throw new Error(`a second application for the child was not refused: ${JSON.stringify(refused)}`);
      return { caseId, service: 'birth-allowance', outcome: refused.code!, amount: null, note: `${fatherIin ? 'the father' : 'another applicant'} applied for the child of ${caseId} (${granted.status}): refused, earlier case ${refused.earlierCaseId}` };
    },
  },
  {
    name: 'population sweep → large-family offer → SMS reply "1"',
    async run(ctx) {
      const asOf = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10); // today in Kazakhstan (UTC+5)
      const progress = await ctx.sweep(`demo-${ctx.runId}`);
      const listed = (await ctx.gql<{ populationSweeps: { edges: { node: { id: string; personsScanned: number; offersMade: number; status: string } }[] } }>(ctx.engineer, POPULATION_SWEEPS, { first: 1 })).populationSweeps.edges[0]?.node;
      const swept = `sweep ${listed?.id ?? progress.sweepId}: ${listed?.personsScanned ?? progress.counts.scanned} persons scanned, ${listed?.offersMade ?? progress.counts.offered} offers made (${progress.counts.skipped} families offered or granted before)`;
      // An offer of this sweep or an earlier one still waiting for its answer.
      for (const id of sweepOfferIds(ctx, asOf)) {
        const c = await view(ctx, id).catch(() => null);
        if (c?.status !== 'OFFERED') continue;
        const { applicantIin } = (await ctx.gql(ctx.actors.socialSupervisor, CASE, { id })).case as { applicantIin: string };
        await replyYes(ctx, applicantIin, 'sweep-sms');
        const after = await until(ctx, id, ctx.actors.socialSupervisor, (v) => settled(v) || (v.status === 'PENDING_REVIEW' && v.openTasks.length > 0));
        return { caseId: id, service: after.serviceCode, outcome: after.status, amount: after.amount, note: `${swept}; "1" by SMS opened the offer` };
      }
      return { caseId: '—', service: 'large-family-allowance', outcome: 'NO OPEN OFFER', amount: null, note: `${swept}; every family found was answered in an earlier run` };
    },
  },
];
