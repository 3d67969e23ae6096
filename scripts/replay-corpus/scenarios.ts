/**
 * Every path of the case engine, driven as front-ends, officers and citizens drive it, with clocks
 * shortened by timing overrides. Each scenario returns the workflows it produced and the status
 * each must end in, so a corpus is only written when every path really happened.
 *
 * Free-text inputs (reasons, requests, answers) deliberately quote the citizen's name, phone and
 * IIN, as real officers and citizens do: the corpus test proves the scrubber removes them.
 */
import { offerCaseId } from '../../activities/offers.ts';
import {
  caseWorkflowId,
  claimTaskUpdate,
  lifeEventWorkflowId,
  provideInformationUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resolveTaskUpdate,
  respondToOfferUpdate,
  withdrawCaseUpdate,
  type Officer,
  type ResolveTaskInput,
} from '../../workflows/messages.ts';
import type { CorpusEngine } from './harness.ts';
import { v5Scenarios } from './scenarios-v5.ts';
import { v6Scenarios } from './scenarios-v6.ts';

/** The synthetic dataset's reference date: fixed, so the corpus test can regenerate the same people. */
export const CORPUS_REFERENCE_DATE = '2026-03-16';

export const officers = {
  aigerim: { id: 'officer-aigerim', department: 'social-payments', roles: ['officer'] },
  bolat: { id: 'officer-bolat', department: 'social-payments', roles: ['officer'] },
  dana: { id: 'officer-dana', department: 'employment', roles: ['officer'] },
  yerlan: { id: 'supervisor-yerlan', department: 'employment', roles: ['supervisor'] },
} satisfies Record<string, Officer>;

/** workflow id → the status (case) or 'COMPLETED' (life event) it must end in. */
export type Expected = Record<string, string>;

export interface Scenario {
  name: string;
  description: string;
  /** The corpus generation that first recorded this path (default 1): older generations lack it. */
  since?: number;
  /** Runs alone (it changes shared state, e.g. a registry outage). */
  exclusive?: boolean;
  run(e: CorpusEngine): Promise<Expected>;
}

const who = (e: CorpusEngine, iin: string) => {
  const p = e.dataset.persons.get(iin)!;
  return { name: `${p.lastName} ${p.firstName}`, firstName: p.firstName, phone: p.phone, iin };
};

export async function claimAndResolve(e: CorpusEngine, caseId: string, taskId: string, officer: Officer, resolution: Omit<ResolveTaskInput, 'taskId' | 'officer'>) {
  await e.update(caseId, claimTaskUpdate, { taskId, officer });
  return e.update(caseId, resolveTaskUpdate, { taskId, officer, ...resolution });
}

/**
 * Each scenario's own job-loss date: one job loss is granted once, so scenarios sharing one would
 * refuse (or send to an officer) each other's application.
 */
const JOB_LOSS_DATES: Record<string, string> = {
  'corpus-escalate-approve': '2026-02-20',
  'corpus-reassign-deny': '2026-02-19',
  'corpus-sla-supervisor': '2026-02-18',
  'corpus-info-answered': '2026-02-17',
  'corpus-info-deadline': '2026-02-16',
  'corpus-withdrawal': '2026-02-15',
};

/** An amount the rules did not compute needs a second reviewer: the employment supervisor approves it too. */
async function approveStatedAmount(e: CorpusEngine, caseId: string, taskId: string, reason: string, amount: number) {
  const first = await claimAndResolve(e, caseId, taskId, officers.dana, { action: 'APPROVE', reason, amount });
  return e.update(caseId, resolveTaskUpdate, { taskId: first.secondReviewTaskId!, officer: officers.yerlan, action: 'APPROVE', reason: 'second review: amount checked' });
}

const jobLossCase = (e: CorpusEngine, requestId: string, timing?: Parameters<CorpusEngine['startCase']>[0]['timing']) =>
  e.startCase({ clientRequestId: requestId, serviceCode: 'job-loss-payment', applicantIin: e.dataset.personas.notFoundEmployment.iin, application: { jobLossDate: JOB_LOSS_DATES[requestId] ?? '2026-02-20' }, timing });

/** A refusal is heard first (preliminary-refusal-hearing): nobody objects, it is final when this window passes. */
const HEARD = { hearingWindowMs: 1500 };

/** Long enough to answer on a loaded machine; the refused and silent offers close when it ends. */
const ANSWERED_WINDOW_MS = 20_000;

/** A registered birth with a short consent window; the offers it makes, by service. */
async function birth(e: CorpusEngine, scenario: string, persona: 'newbornMother' | 'fourthChildMother' | 'singleMotherNewborn', consentWindowMs: number) {
  const mother = e.dataset.personas[persona];
  const record = e.dataset.births.get(mother.childIin!)!;
  const eventId = `corpus-birth-${mother.childIin}-${scenario}${e.nonce}`;
  await e.submitLifeEvent({
    eventId,
    type: 'BIRTH_REGISTERED',
    source: 'civil-registry',
    subjectIin: mother.childIin!,
    payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: record.fatherIin, birthDate: record.birthDate },
    timing: { consentWindowMs },
  });
  const birthCase = offerCaseId(eventId, 'birth-allowance');
  const childcareCase = offerCaseId(eventId, 'childcare-allowance');
  await e.waitFor(birthCase, (s) => s.status === 'OFFERED');
  return { eventWorkflow: lifeEventWorkflowId(eventId), birthCase, childcareCase };
}

export const scenarios: Scenario[] = [
  {
    name: 'auto-approve',
    description: 'birth allowance: every rule passes, approved and paid without an officer',
    async run(e) {
      // The twins' first-born: the newborn's allowance is the offer-consent-refusal scenario's (one grant per child).
      const m = e.dataset.personas.twinsMother;
      const id = await e.startCase({ clientRequestId: 'corpus-auto-approve', serviceCode: 'birth-allowance', applicantIin: m.iin, application: { childIin: m.childIins![0] } });
      return { [caseWorkflowId(id)]: 'APPROVED' };
    },
  },
  {
    name: 'auto-deny',
    description: 'job-loss payment: dismissed for misconduct, denied automatically naming the rule',
    async run(e) {
      const p = e.dataset.personas.dismissedForMisconduct;
      const jobLossDate = e.dataset.employment.get(p.iin)!.jobLossDate!;
      const id = await e.startCase({ clientRequestId: 'corpus-auto-deny', serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate }, timing: HEARD });
      return { [caseWorkflowId(id)]: 'DENIED' };
    },
  },
  {
    name: 'escalate-approve',
    description: 'missing employment record: escalated to an officer, who approves with an amount',
    async run(e) {
      const id = await jobLossCase(e, 'corpus-escalate-approve');
      const task = await e.openTask(id);
      const citizen = who(e, e.dataset.personas.notFoundEmployment.iin);
      await approveStatedAmount(e, id, task.taskId, `Работодатель подтвердил письмом, заявитель ${citizen.name}`, 120000);
      return { [caseWorkflowId(id)]: 'APPROVED' };
    },
  },
  {
    name: 'four-eyes',
    description: 'childcare allowance above the four-eyes threshold: two different officers approve',
    async run(e) {
      const p = e.dataset.personas.highIncomeParent;
      const id = await e.startCase({ clientRequestId: 'corpus-four-eyes', serviceCode: 'childcare-allowance', applicantIin: p.iin, application: { childIin: p.childIin } });
      const first = await e.openTask(id);
      await claimAndResolve(e, id, first.taskId, officers.aigerim, { action: 'APPROVE', reason: 'income verified' });
      const second = await e.openTask(id, 'SECOND_REVIEW');
      await claimAndResolve(e, id, second.taskId, officers.bolat, { action: 'APPROVE', reason: 'second check done' });
      return { [caseWorkflowId(id)]: 'APPROVED' };
    },
  },
  {
    name: 'reassign-deny',
    description: 'an officer claims and releases the task, a supervisor reassigns it, the officer denies',
    async run(e) {
      const id = await jobLossCase(e, 'corpus-reassign-deny', HEARD);
      const task = await e.openTask(id);
      await e.update(id, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
      await e.update(id, releaseTaskUpdate, { taskId: task.taskId, officer: officers.dana });
      await e.update(id, reassignTaskUpdate, { taskId: task.taskId, officer: officers.yerlan, assignee: officers.dana.id });
      await e.update(id, resolveTaskUpdate, { taskId: task.taskId, officer: officers.dana, action: 'DENY', reason: 'no proof of employment', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
      return { [caseWorkflowId(id)]: 'DENIED' };
    },
  },
  {
    name: 'sla-supervisor',
    description: 'the review SLA passes: the task climbs the escalation chain to the supervisors, then the head of department, whose SLA passes too; a supervisor denies',
    async run(e) {
      const id = await jobLossCase(e, 'corpus-sla-supervisor', { slaMs: 1500, supervisorSlaMs: 1500, headSlaMs: 1500, ...HEARD });
      const task = await e.openTask(id);
      await e.update(id, claimTaskUpdate, { taskId: task.taskId, officer: officers.dana });
      await e.waitFor(id, (s) => s.tasks.some((t) => t.escalated), 20_000);
      // Histories recorded before the escalation chain stop at the supervisors (SUPERVISOR_SLA_BREACHED).
      await e.waitForEvent(id, 'ESCALATION_CHAIN_SLA_BREACHED', 30_000);
      await claimAndResolve(e, id, task.taskId, officers.yerlan, { action: 'DENY', reason: 'no proof of employment', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
      return { [caseWorkflowId(id)]: 'DENIED' };
    },
  },
  {
    name: 'info-answered',
    description: 'the officer requests information, the citizen answers, the case is reviewed again and approved',
    async run(e) {
      const id = await jobLossCase(e, 'corpus-info-answered');
      const citizen = who(e, e.dataset.personas.notFoundEmployment.iin);
      const task = await e.openTask(id);
      await claimAndResolve(e, id, task.taskId, officers.dana, { action: 'REQUEST_INFORMATION', reason: 'no registry record', request: `${citizen.firstName}, загрузите трудовую книжку` });
      await e.waitFor(id, (s) => s.status === 'AWAITING_INFORMATION');
      await e.update(id, provideInformationUpdate, {
        submissionId: 'upload-1',
        answers: { workRecordBook: 'doc-77', contactName: citizen.name, contactPhone: citizen.phone, applicantIin: citizen.iin },
      });
      const again = await e.waitFor(id, (s) => s.status === 'PENDING_REVIEW' && s.tasks.length === 2);
      await approveStatedAmount(e, id, again.tasks[1]!.taskId, `work record book of ${citizen.name} checked`, 95000);
      return { [caseWorkflowId(id)]: 'APPROVED' };
    },
  },
  {
    name: 'info-deadline',
    description: 'information is requested and never provided: back to the officer when the deadline passes, denied',
    async run(e) {
      const id = await jobLossCase(e, 'corpus-info-deadline', { informationDeadlineMs: 1500, ...HEARD });
      const task = await e.openTask(id);
      await claimAndResolve(e, id, task.taskId, officers.dana, { action: 'REQUEST_INFORMATION', reason: 'no registry record', request: 'Upload your work record book' });
      const back = await e.waitFor(id, (s) => s.status === 'PENDING_REVIEW' && s.tasks.length === 2, 20_000);
      await claimAndResolve(e, id, back.tasks[1]!.taskId, officers.dana, { action: 'DENY', reason: 'no documents provided', grounds: ['NOT_REGISTERED_UNEMPLOYED'] });
      return { [caseWorkflowId(id)]: 'DENIED' };
    },
  },
  {
    name: 'withdrawal',
    description: 'the citizen withdraws while an officer task is open',
    async run(e) {
      const id = await jobLossCase(e, 'corpus-withdrawal');
      await e.openTask(id);
      const citizen = who(e, e.dataset.personas.notFoundEmployment.iin);
      await e.update(id, withdrawCaseUpdate, { reason: `нашла работу, звоните ${citizen.phone}`, by: 'citizen' });
      return { [caseWorkflowId(id)]: 'WITHDRAWN' };
    },
  },
  {
    name: 'offer-consent-refusal',
    description: 'a registered birth makes two offers: the birth allowance is accepted (and approved), the childcare allowance refused',
    async run(e) {
      const o = await birth(e, 'consent-refusal', 'newbornMother', ANSWERED_WINDOW_MS);
      await e.update(o.birthCase, respondToOfferUpdate, { consent: true, channel: 'sms:1414' });
      await e.waitFor(o.childcareCase, (s) => s.status === 'OFFERED');
      await e.update(o.childcareCase, respondToOfferUpdate, { consent: false, channel: 'egov-portal' });
      return { [o.eventWorkflow]: 'COMPLETED', [caseWorkflowId(o.birthCase)]: 'APPROVED', [caseWorkflowId(o.childcareCase)]: 'REFUSED' };
    },
  },
  {
    name: 'offer-silence',
    description: 'nobody answers the offers: both expire when the consent window ends',
    async run(e) {
      const o = await birth(e, 'silence', 'fourthChildMother', 3000);
      return { [o.eventWorkflow]: 'COMPLETED', [caseWorkflowId(o.birthCase)]: 'EXPIRED', [caseWorkflowId(o.childcareCase)]: 'EXPIRED' };
    },
  },
  {
    name: 'offer-reversal',
    description: 'the citizen refuses by mistake and accepts within the window: approved',
    async run(e) {
      const o = await birth(e, 'reversal', 'singleMotherNewborn', ANSWERED_WINDOW_MS);
      await e.update(o.birthCase, respondToOfferUpdate, { consent: false, channel: 'sms:1414' });
      await e.update(o.birthCase, respondToOfferUpdate, { consent: true, channel: 'egov-portal' });
      return { [o.eventWorkflow]: 'COMPLETED', [caseWorkflowId(o.birthCase)]: 'APPROVED', [caseWorkflowId(o.childcareCase)]: 'EXPIRED' };
    },
  },
  {
    name: 'registry-outage',
    description: 'the employment registry stays down through the retries: an officer decides on what is there',
    exclusive: true,
    async run(e) {
      const p = e.dataset.personas.recentlyLaidOff;
      const jobLossDate = e.dataset.employment.get(p.iin)!.jobLossDate!;
      e.registry.setOutage('employment', true);
      try {
        const id = await e.startCase({
          clientRequestId: 'corpus-registry-outage',
          serviceCode: 'job-loss-payment',
          applicantIin: p.iin,
          application: { jobLossDate },
          timing: { registryRetryInitialIntervalMs: 100, registryMaxAttempts: 3 },
        });
        const task = await e.openTask(id);
        e.registry.setOutage('employment', false);
        await approveStatedAmount(e, id, task.taskId, 'employer letter on file', 150000);
        return { [caseWorkflowId(id)]: 'APPROVED' };
      } finally {
        e.registry.setOutage('employment', false);
      }
    },
  },
  ...v5Scenarios,
  ...v6Scenarios,
];
