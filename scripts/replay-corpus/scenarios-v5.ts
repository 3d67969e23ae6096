/**
 * The paths first recorded in corpus generation v5: the hearing before a refusal (an objection an
 * officer approves, silence that makes the refusal final), an IBAN answered to a request for
 * information that the bank confirms, an appeal that replaces a refusal, and a monthly benefit's
 * entitlement paid period by period across a continue-as-new.
 */
import { createHash } from 'node:crypto';
import { resolveDeadline } from '../../lib/calendar/index.ts';
import { applicantCandidates, type Application } from '../../registries/synthetic/applicants.ts';
import { bankAccountOf } from '../../registries/synthetic/dataset.ts';
import { appealPolicyOf } from '../../services/appeal-policy.ts';
import type { appealWorkflow } from '../../workflows/appeal-workflow.ts';
import {
  appealIdOf,
  appealTaskIdOf,
  appealWorkflowId,
  caseWorkflowId,
  claimTaskUpdate,
  entitlementWorkflowId,
  provideInformationUpdate,
  resolveAppealUpdate,
  submitObjectionUpdate,
  type CaseLiveState,
  type Officer,
} from '../../workflows/messages.ts';
import { APPEAL_ROLE } from '../../workflows/task-permissions.ts';
import type { CorpusEngine } from './harness.ts';
import { claimAndResolve, type Scenario } from './scenarios.ts';

const social = {
  aigerim: { id: 'officer-aigerim', department: 'social-payments', roles: ['officer'] },
  bolat: { id: 'officer-bolat', department: 'social-payments', roles: ['officer'] },
  saule: { id: 'appeals-saule', department: 'social-payments', roles: ['officer', APPEAL_ROLE] },
} satisfies Record<string, Officer>;

const inHearing = (s: CaseLiveState) => s.status === 'PRELIMINARY_REFUSAL' && !!s.hearing;

/**
 * Birth-allowance applications no other scenario uses (the first candidate is the newbornMother
 * persona, the offer scenarios' mother): a scenario takes its own pair by index.
 */
const births = (e: CorpusEngine): Application[] => applicantCandidates(e.dataset).birth.slice(1);

/** A mother applies for another mother's child: BA-01 fails on the birth record, a preliminary refusal. */
function otherMothersChild(e: CorpusEngine, pair: number, requestId: string, hearingWindowMs: number) {
  const [a, b] = [births(e)[2 * pair]!, births(e)[2 * pair + 1]!];
  return e.startCase({ clientRequestId: requestId, serviceCode: a.serviceCode, applicantIin: a.applicantIin, application: { ...a.application, childIin: b.application.childIin }, timing: { hearingWindowMs } });
}

/** Long enough to object on a loaded machine. */
const OPEN_HEARING_MS = 600_000;
const SHORT_HEARING_MS = 1500;

export const v5Scenarios: Scenario[] = [
  {
    name: 'hearing-objection',
    since: 5,
    description: 'an automatic refusal is first preliminary: the citizen objects within the hearing window, an officer approves with an amount and a second officer confirms it',
    async run(e) {
      const id = await otherMothersChild(e, 0, 'corpus-hearing-objection', OPEN_HEARING_MS);
      await e.waitFor(id, inHearing);
      await e.update(id, submitObjectionUpdate, { text: 'Это мой ребёнок: решение суда об усыновлении прилагаю.', documents: ['sha256-court-order'] });
      const task = await e.openTask(id);
      const first = await claimAndResolve(e, id, task.taskId, social.aigerim, { action: 'APPROVE', reason: 'adoption order checked', amount: 38 * 4325 });
      if (first.secondReviewTaskId) await claimAndResolve(e, id, first.secondReviewTaskId, social.bolat, { action: 'APPROVE', reason: 'adoption order checked again' });
      return { [caseWorkflowId(id)]: 'APPROVED' };
    },
  },
  {
    name: 'hearing-silence',
    since: 5,
    description: 'an automatic refusal is first preliminary: nobody objects, the refusal is final and signed when the hearing window passes',
    async run(e) {
      const id = await otherMothersChild(e, 1, 'corpus-hearing-silence', SHORT_HEARING_MS);
      await e.waitFor(id, inHearing);
      return { [caseWorkflowId(id)]: 'DENIED' };
    },
  },
  {
    name: 'info-iban-evidence',
    since: 5,
    description: 'no verified bank account: the officer asks for an IBAN, the citizen answers with it and a PDF, the bank confirms the IBAN and the case is approved without a second review',
    async run(e) {
      const mother = e.dataset.personas.unverifiedBankAccount;
      const iban = bankAccountOf(e.dataset, mother.iin)!.iban;
      const id = await e.startCase({ clientRequestId: 'corpus-info-iban', serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin! }, timing: { slaMs: 600_000 } });
      const task = await e.openTask(id);
      await claimAndResolve(e, id, task.taskId, social.aigerim, { action: 'REQUEST_INFORMATION', reason: 'no verified account', request: 'The IBAN of your account, please' });
      await e.waitFor(id, (s) => s.status === 'AWAITING_INFORMATION');
      // The bank statement, stored as attachDocument stores it: the answer names its hash.
      const pdf = Buffer.from('%PDF-1.4\n% bank statement for the corpus\n%%EOF\n');
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      await e.db.prisma.caseDocument.create({ data: { caseId: id, sha256, contentType: 'application/pdf', size: pdf.length, contentBase64: pdf.toString('base64'), attachedBy: 'frontend:replay-corpus' } });
      const typed = iban.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
      await e.update(id, provideInformationUpdate, { submissionId: 'iban-1', answers: { iban: typed }, documents: [{ sha256, contentType: 'application/pdf', size: pdf.length }] });
      return { [caseWorkflowId(id)]: 'APPROVED' };
    },
  },
  {
    name: 'appeal-replace',
    since: 5,
    description: 'a refusal made final after its hearing is appealed: the appeal group replaces it with an approval, a new signed decision',
    async run(e) {
      const id = await otherMothersChild(e, 2, 'corpus-appeal-replace', SHORT_HEARING_MS);
      const { status } = await e.result(id);
      if (status !== 'DENIED') throw new Error(`the appealed case ended ${status}`);
      const decision = await e.db.prisma.decision.findFirstOrThrow({ where: { caseId: id } });
      const caseRow = await e.db.prisma.case.findUniqueOrThrow({ where: { id } });
      // Filed as fileAppeal files it: the appeal row, then its workflow.
      const appealId = appealIdOf(decision.id);
      const workflowId = appealWorkflowId(appealId);
      await e.db.prisma.appeal.create({
        data: {
          id: appealId,
          caseId: id,
          decisionId: decision.id,
          workflowId,
          department: caseRow.department,
          status: 'OPEN',
          reason: 'Свидетельство о рождении называет меня матерью, прилагаю копию.',
          documents: ['sha256-birth-certificate'],
          clientId: 'replay-corpus',
          filedAt: new Date(),
          periodEndsAt: new Date(resolveDeadline(decision.decidedAt, appealPolicyOf(caseRow.serviceCode).period, { onMissingYear: 'estimate' }).dueMs),
        },
      });
      await e.client.workflow.start<typeof appealWorkflow>('appealWorkflow', { workflowId, taskQueue: e.taskQueue, args: [{ appealId }] });
      await waitForAppealTask(e, appealId);
      // The appeal officer takes the task before deciding (the committed v5 history predates
      // appeal claims and decides unclaimed: validators do not run on replay).
      await e.updateWorkflow(workflowId, claimTaskUpdate, { taskId: appealTaskIdOf(appealId), officer: social.saule });
      await e.updateWorkflow(workflowId, resolveAppealUpdate, {
        appealId,
        officer: social.saule,
        resolution: 'REPLACE',
        outcome: 'APPROVED',
        amount: 38 * 4325,
        reason: 'the birth certificate names the applicant as parent',
      });
      return { [caseWorkflowId(id)]: 'DENIED', [workflowId]: 'COMPLETED' };
    },
  },
  {
    name: 'entitlement-monthly',
    since: 5,
    description: 'an approved childcare allowance starts its entitlement: paid period by period, continuing as new after a year of periods, until the granted months end',
    async run(e) {
      const p = e.dataset.personas.childcareParent;
      const id = await e.startCase({ clientRequestId: 'corpus-entitlement-monthly', serviceCode: 'childcare-allowance', applicantIin: p.iin, application: { childIin: p.childIin }, timing: { periodMs: 400 } });
      const { status } = await e.result(id);
      if (status !== 'APPROVED') throw new Error(`the childcare case ended ${status}`);
      return { [caseWorkflowId(id)]: 'APPROVED', [entitlementWorkflowId(id)]: 'COMPLETED' };
    },
  },
];

async function waitForAppealTask(e: CorpusEngine, appealId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await e.db.prisma.appeal.findUniqueOrThrow({ where: { id: appealId } })).taskId) {
    if (Date.now() > deadline) throw new Error(`appeal ${appealId} opened no task`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
