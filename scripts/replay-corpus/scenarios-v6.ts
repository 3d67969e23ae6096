/**
 * The paths first recorded in corpus generation v6: the payer rejecting a payment for a closed
 * account (its own workflow: an officer's task, another account checked with the bank, the
 * instruction re-issued) and an appeal that raises an amount already paid (the entitlement pays
 * the difference as a correction).
 */
import { resolveDeadline } from '../../lib/calendar/index.ts';
import type { SimulatedPayer } from '../../lib/payer/simulated.ts';
import { applicantCandidates, type Application } from '../../registries/synthetic/applicants.ts';
import { ibanCheckDigits } from '../../registries/synthetic/economics.ts';
import { appealPolicyOf } from '../../services/appeal-policy.ts';
import type { appealWorkflow } from '../../workflows/appeal-workflow.ts';
import {
  appealIdOf,
  appealTaskIdOf,
  appealWorkflowId,
  caseWorkflowId,
  claimTaskUpdate,
  entitlementIdOf,
  entitlementWorkflowId,
  paymentRejectionTaskIdOf,
  paymentRejectionWorkflowId,
  reissuePaymentUpdate,
  resolveAppealUpdate,
  type Officer,
} from '../../workflows/messages.ts';
import { APPEAL_ROLE } from '../../workflows/task-permissions.ts';
import type { CorpusEngine } from './harness.ts';
import type { Scenario } from './scenarios.ts';

const social = {
  aigerim: { id: 'officer-aigerim', department: 'social-payments', roles: ['officer'] },
  saule: { id: 'appeals-saule', department: 'social-payments', roles: ['officer', APPEAL_ROLE] },
} satisfies Record<string, Officer>;

/** Birth-allowance applications approved automatically that no earlier scenario takes. */
const application = (e: CorpusEngine, index: number): Application => applicantCandidates(e.dataset).birth[20 + index]!;

function simulatedPayer(e: CorpusEngine): SimulatedPayer {
  const payer = e.deps.payer as SimulatedPayer | null;
  if (!payer?.closedAccounts) throw new Error('the corpus engine delivers to a simulated payer');
  return payer;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function approvedAndPaid(e: CorpusEngine, app: Application, requestId: string): Promise<string> {
  const id = await e.startCase({ clientRequestId: requestId, serviceCode: app.serviceCode, applicantIin: app.applicantIin, application: app.application });
  const { status } = await e.result(id);
  if (status !== 'APPROVED') throw new Error(`${requestId}: the case ended ${status}`);
  await e.client.workflow.getHandle(entitlementWorkflowId(id)).result();
  return id;
}

export const v6Scenarios: Scenario[] = [
  {
    name: 'payment-rejection',
    since: 6,
    description: 'the payer rejects a birth allowance for a closed account: an officer task opens, the officer gives the account the bank registry confirms, the instruction is re-issued and paid',
    async run(e) {
      const app = application(e, 0);
      const payer = simulatedPayer(e);
      const account = e.dataset.bankAccounts.get(app.applicantIin)!;
      payer.closedAccounts.add(account.iban);
      let id: string;
      try {
        id = await approvedAndPaid(e, app, 'corpus-payment-rejection');
      } finally {
        payer.closedAccounts.delete(account.iban);
      }
      const rejectedId = `pi_${entitlementIdOf(id)}:ONCE`;
      const taskId = paymentRejectionTaskIdOf(rejectedId);
      await until('the rejection task', () => e.db.prisma.task.findUnique({ where: { id: taskId } }), (t) => t !== null);
      // The applicant's second account, held in their name by the bank registry.
      const account13 = `KZT${app.applicantIin.slice(2, 12)}`;
      const newIban = `KZ${ibanCheckDigits('KZ', `125${account13}`)}125${account13}`;
      (e.dataset.bankAccounts as Map<string, typeof account>).set(`${app.applicantIin}:second`, { ...account, iban: newIban });
      const workflowId = paymentRejectionWorkflowId(rejectedId);
      await e.updateWorkflow(workflowId, reissuePaymentUpdate, { taskId, iban: newIban, reason: 'new account confirmed at the service centre', officer: social.aigerim });
      return { [caseWorkflowId(id)]: 'APPROVED', [entitlementWorkflowId(id)]: 'COMPLETED', [workflowId]: 'COMPLETED' };
    },
  },
  {
    name: 'appeal-correction',
    since: 6,
    description: 'a birth allowance paid, then raised on appeal: the appeal group replaces the decision and the entitlement pays the difference as a correction',
    async run(e) {
      const id = await approvedAndPaid(e, application(e, 1), 'corpus-appeal-correction');
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
          reason: 'Сумма рассчитана неверно.',
          documents: [],
          clientId: 'replay-corpus',
          filedAt: new Date(),
          periodEndsAt: new Date(resolveDeadline(decision.decidedAt, appealPolicyOf(caseRow.serviceCode).period, { onMissingYear: 'estimate' }).dueMs),
        },
      });
      await e.client.workflow.start<typeof appealWorkflow>('appealWorkflow', { workflowId, taskQueue: e.taskQueue, args: [{ appealId }] });
      await until('the appeal task', () => e.db.prisma.appeal.findUniqueOrThrow({ where: { id: appealId } }), (a) => a.taskId !== null);
      await e.updateWorkflow(workflowId, claimTaskUpdate, { taskId: appealTaskIdOf(appealId), officer: social.saule });
      await e.updateWorkflow(workflowId, resolveAppealUpdate, {
        appealId,
        officer: social.saule,
        resolution: 'REPLACE',
        outcome: 'APPROVED',
        amount: decision.amount!.toNumber() + 10_000,
        reason: 'recomputed on appeal',
      });
      await until('the correction paid', () => e.db.prisma.paymentInstruction.findFirst({ where: { periodId: `${entitlementIdOf(id)}:ONCE`, kind: 'CORRECTION' } }), (i) => i?.status === 'PAID');
      return { [caseWorkflowId(id)]: 'APPROVED', [entitlementWorkflowId(id)]: 'COMPLETED', [workflowId]: 'COMPLETED' };
    },
  },
];
