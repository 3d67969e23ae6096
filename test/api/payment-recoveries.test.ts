/**
 * After the decision, two more ways money comes back: an overpayment to recover is told to the
 * citizen by one SMS per recovery event (not per period), in their language, after the recovery
 * has left — a failing SMS gateway holds none of it back, and nothing is sent twice; and a
 * correction (an additional payment) the payer rejects opens the same officer task as a rejected
 * payment and is re-issued to another account once, under a new key, paid once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecoveryNoticeActivities, recoverySmsKey } from '../../activities/recovery-notice.ts';
import { CLAIM, FILE_APPEAL, RECORD_PAYER_ACKNOWLEDGEMENT, REISSUE_PAYMENT } from '../../api/client/operations.ts';
import { createApiKey } from '../../lib/auth/api-keys.ts';
import { createSimulatedPayer, type SimulatedPayer } from '../../lib/payer/simulated.ts';
import { SmsGatewayError } from '../../lib/sms-gateway.ts';
import { ibanCheckDigits } from '../../registries/synthetic/economics.ts';
import type { Lang } from '../../services/definition.ts';
import { formatKzt } from '../../services/notifications.ts';
import { appealTaskIdOf, appealWorkflowId, entitlementIdOf, entitlementWorkflowId, paymentRejectionTaskIdOf, paymentRejectionWorkflowId, type EntitlementWorkflowResult, type ResolveAppealResult } from '../../workflows/messages.ts';
import { publishService } from '../../services/publish.ts';
import { childcareWithMci, mciUpTo } from '../../services/testing/mci-fixtures.ts';
import { freshApplicants } from '../support/fresh-applicants.ts';
import { uninsuredBirth } from '../support/uninsured-births.ts';
import { until } from '../support/until.ts';
import { startCaseAs, waitForRow } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

const ERROR = '... on Error { code message detail }';
const RESOLVE_APPEAL = `mutation($input: ResolveAppealInput!) { resolveAppeal(input: $input) { __typename ${ERROR} ... on ResolveAppealPayload { decision { decisionId outcome amount } } } }`;

let h: Harness;
let payer: SimulatedPayer;
let appealGroup: Record<string, string>;
let appealGroupOther: Record<string, string>;
beforeAll(async () => {
  payer = createSimulatedPayer();
  h = await startHarness({ kind: 'pglite', payer });
  appealGroup = { authorization: `Bearer ${await h.token({ sub: 'appeals-saule', roles: ['officer', 'appeal-officer'], department: 'social-payments' })}` };
  appealGroupOther = { authorization: `Bearer ${await h.token({ sub: 'appeals-timur', roles: ['officer', 'appeal-officer'], department: 'social-payments' })}` };
}, 120_000);
afterAll(async () => h?.close());

const prisma = () => h.engine.db.prisma;
const ibanOf = (account13: string) => `KZ${ibanCheckDigits('KZ', `125${account13}`)}125${account13}`;

/** Files an appeal against `decisionId` and has `decider` replace it; returns the new decision's id once the appeal's workflow is done. */
async function appeal(decisionId: string, replace: { outcome: 'APPROVED'; amount?: number } | { outcome: 'DENIED'; grounds: string[] }, decider: Record<string, string>, wait = true): Promise<{ decisionId: string; appealId: string }> {
  const filed = expectOk(await h.gql('frontendA', FILE_APPEAL, { input: { decisionId, reason: 'the amount does not follow the formula' } })).fileAppeal as any;
  expect(filed.__typename).toBe('FileAppealPayload');
  const appealId = filed.appeal.id as string;
  await waitForRow(h, () => prisma().task.findUnique({ where: { id: appealTaskIdOf(appealId) } }));
  expect((expectOk(await h.gql(decider, CLAIM, { taskId: appealTaskIdOf(appealId) })).claimTask as any).__typename).toBe('TaskPayload');
  const decided = expectOk(await h.gql(decider, RESOLVE_APPEAL, { input: { appealId, resolution: 'REPLACE', reason: 'recomputed on appeal', ...replace } })).resolveAppeal as any;
  expect(decided.__typename, JSON.stringify(decided)).toBe('ResolveAppealPayload');
  if (wait) expect(((await h.engine.client.workflow.getHandle(appealWorkflowId(appealId)).result()) as ResolveAppealResult).status).toBe('REPLACED');
  return { decisionId: decided.decision.decisionId as string, appealId };
}

/** A birth allowance granted and paid once: the case, its entitlement and the amount. */
async function paidBirthAllowance() {
  const app = freshApplicants(h.engine).birth();
  const caseId = await startCaseAs(h, 'frontendA', app);
  expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
  await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
  const entitlementId = entitlementIdOf(caseId);
  expect((await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: `pi_${entitlementId}:ONCE` } })).status).toBe('PAID');
  const approval = await prisma().decision.findFirstOrThrow({ where: { caseId } });
  return { app, caseId, entitlementId, approval, paid: approval.amount!.toNumber() };
}

describe('a recovery is told to the citizen by SMS', () => {
  it('one SMS per recovery event, in their language, with the total and the decision; a failing gateway holds nothing back; nothing is sent twice', async () => {
    const { app, caseId, entitlementId, approval, paid } = await paidBirthAllowance();
    const iban = (await prisma().entitlementSchedule.findUniqueOrThrow({ where: { id: entitlementId } })).iban;
    const recoverySms = () => h.engine.sms.filter((m) => m.idempotencyKey.startsWith(`${entitlementId}:`) && m.idempotencyKey.endsWith(':sms:recovery'));

    // An amount lowered on appeal: one recovery, one SMS.
    const lowered = await appeal(approval.id, { outcome: 'APPROVED', amount: paid - 5_000 }, appealGroup);
    const firstKey = recoverySmsKey(`${entitlementId}:corrected-${lowered.decisionId}`);
    await until('the first recovery told', async () => recoverySms().length, (n) => n >= 1);
    expect(recoverySms().map((m) => m.idempotencyKey)).toEqual([firstKey]);
    const first = await prisma().notification.findUniqueOrThrow({ where: { idempotencyKey: firstKey } });
    const lang = first.language as Lang;
    expect(first).toMatchObject({ caseId, channel: 'SMS', template: 'payment-recovery' });
    expect(first.body).toContain(caseId);
    expect(first.body).toContain(lowered.decisionId);
    expect(first.body).toContain(formatKzt(5_000, lang));

    // A refusal replacing that approval, while the SMS gateway fails: the recovery is written and delivered all the same.
    const gateway = h.engine.deps.sms;
    const send = gateway.send.bind(gateway);
    let down = true;
    let refused = 0;
    gateway.send = async (m) => {
      if (down && m.idempotencyKey.endsWith(':sms:recovery')) {
        refused++;
        throw new SmsGatewayError('the SMS gateway answered 503');
      }
      return send(m);
    };
    try {
      const refusal = await appeal(lowered.decisionId, { outcome: 'DENIED', grounds: ['NOT_PARENT_OF_CHILD'] }, appealGroupOther, false);
      const key = `${entitlementId}:ONCE:correction-${refusal.decisionId}`;
      const recovery = await until('the recovery delivered though no SMS leaves', () => prisma().paymentInstruction.findUnique({ where: { idempotencyKey: key } }), (i) => i?.status === 'DELIVERED');
      expect(recovery).toMatchObject({ kind: 'RECOVERY' });
      expect(recovery!.amount.toNumber()).toBe(paid - 5_000);
      await until('the gateway tried', async () => refused, (n) => n >= 1);
      expect(recoverySms()).toHaveLength(1);
      down = false;
      expect(((await h.engine.client.workflow.getHandle(appealWorkflowId(refusal.appealId)).result()) as ResolveAppealResult).status).toBe('REPLACED');
      const secondKey = recoverySmsKey(`${entitlementId}:revoked-${refusal.decisionId}`);
      expect(recoverySms().map((m) => m.idempotencyKey)).toEqual([firstKey, secondKey]);
      const second = await prisma().notification.findUniqueOrThrow({ where: { idempotencyKey: secondKey } });
      expect(second.body).toContain(refusal.decisionId);
      expect(second.body).toContain(formatKzt(paid - 5_000, lang));
      // No personal data beyond the other entitlement SMS (the case, the service, an amount); no legal article invented.
      for (const body of [first.body, second.body]) {
        expect(body).not.toContain(app.applicantIin);
        expect(body).not.toContain(iban);
        expect(body).not.toMatch(/стат|бап|article/i);
      }

      // A second call (a retry, a second signal) sends nothing again.
      expect(await createRecoveryNoticeActivities(h.engine.deps).notifyRecoveries({ entitlementId })).toEqual({ events: 2 });
      expect(recoverySms()).toHaveLength(2);
      expect(await prisma().notification.count({ where: { caseId, template: 'payment-recovery' } })).toBe(2);
    } finally {
      gateway.send = send;
    }
  });

  it('PROVISIONAL periods indexed to a lower MCI: the recovery leaves and the payments go on while the gateway fails; one SMS once it answers', async () => {
    // A childcare allowance in MCI running into 2027, paid PROVISIONAL at the 2026 MCI; then a
    // fixture version publishes a hypothetical 2027 MCI lower than it (test data, never the live catalog).
    const birth = uninsuredBirth(h.engine.dataset, '2025-12-11'); // 2025-12 … 2027-05
    const caseId = await h.engine.startCase({ serviceCode: 'childcare-allowance', applicantIin: birth.applicantIin, application: { childIin: birth.childIin }, timing: { periodMs: 1_500 } });
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const entitlementId = entitlementIdOf(caseId);
    await until('2027-01 recorded', () => prisma().entitlementPeriod.findUnique({ where: { id: `${entitlementId}:2027-01` } }), (p) => p !== null, 90_000);
    const recoverySms = () => h.engine.sms.filter((m) => m.idempotencyKey.startsWith(`${entitlementId}:reindexed-`) && m.idempotencyKey.endsWith(':sms:recovery'));
    const gateway = h.engine.deps.sms;
    const send = gateway.send.bind(gateway);
    let down = true;
    gateway.send = async (m) => {
      if (down && m.idempotencyKey.endsWith(':sms:recovery')) throw new SmsGatewayError('the SMS gateway answered 503');
      return send(m);
    };
    try {
      await publishService(prisma(), childcareWithMci(92, [...mciUpTo(2026), { from: '2027-01-01', to: '2027-12-31', value: 4_000, verified: false }]), { status: 'PUBLISHED', allowUnverified: true });
      const recovery = await until('a recovery delivered', () => prisma().paymentInstruction.findFirst({ where: { entitlementId, kind: 'RECOVERY' } }), (i) => i?.status === 'DELIVERED', 90_000);
      expect(recovery!.idempotencyKey).toMatch(/:indexed-2027$/);
      // The payments go on while no SMS leaves: every period is recorded.
      await until('every period recorded', () => prisma().entitlementPeriod.count({ where: { entitlementId } }), (n) => n === 18, 120_000);
      expect(recoverySms()).toEqual([]);
      down = false;
      expect((await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result()) as EntitlementWorkflowResult).toMatchObject({ status: 'COMPLETED', periodsRecorded: 18 });
      const recoveries = await prisma().paymentInstruction.findMany({ where: { entitlementId, kind: 'RECOVERY' } });
      const total = recoveries.reduce((sum, i) => sum + i.amount.toNumber(), 0);
      expect(recoverySms()).toHaveLength(1);
      const told = await prisma().notification.findUniqueOrThrow({ where: { idempotencyKey: recoverySms()[0]!.idempotencyKey } });
      expect(told.body).toContain('2027');
      expect(told.body).toContain(formatKzt(Math.round(total * 100) / 100, told.language as Lang));
      expect(await prisma().notification.count({ where: { caseId, template: 'payment-recovery' } })).toBe(1);
    } finally {
      gateway.send = send;
    }
  }, 300_000);

  it('a correction that pays more sends no recovery SMS', async () => {
    const { caseId, approval, paid } = await paidBirthAllowance();
    await appeal(approval.id, { outcome: 'APPROVED', amount: paid + 1_000 }, appealGroup);
    expect(await prisma().notification.count({ where: { caseId, template: 'payment-recovery' } })).toBe(0);
  });
});

describe('a correction the payer rejects', () => {
  it('opens the officer task of a rejected payment; another account re-issues it once under a new key, paid once, whatever the acknowledgements repeat', async () => {
    const { app, caseId, entitlementId, approval, paid } = await paidBirthAllowance();
    const account = h.engine.dataset.bankAccounts.get(app.applicantIin)!;
    payer.closedAccounts.add(account.iban);
    try {
      const raised = await appeal(approval.id, { outcome: 'APPROVED', amount: paid + 10_000 }, appealGroup);
      const key = `${entitlementId}:ONCE:correction-${raised.decisionId}`;
      const rejectedId = `pi_${key}`;
      expect(await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: rejectedId } })).toMatchObject({ kind: 'CORRECTION', status: 'REJECTED', rejectionReason: 'CLOSED_ACCOUNT' });

      const taskId = paymentRejectionTaskIdOf(rejectedId);
      const task = await waitForRow(h, () => prisma().task.findUnique({ where: { id: taskId } }));
      expect(task).toMatchObject({ caseId, kind: 'PAYMENT_REJECTED', status: 'OPEN', department: 'social-payments', role: 'officer', workflowId: paymentRejectionWorkflowId(rejectedId), reasons: ['PAYMENT_REJECTED:CLOSED_ACCOUNT', 'PERIOD:ONCE'] });

      // The payer says so again, later: still one task.
      const { key: apiKey } = await createApiKey(prisma(), { name: 'State Corporation payments', clientId: `payer-gfc-recoveries-${caseId}`, scopes: ['payments:acknowledge'] });
      const ack = expectOk(await h.gql({ 'x-api-key': apiKey }, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'REJECTED', reason: 'CLOSED_ACCOUNT' } })).recordPayerAcknowledgement as any;
      expect(ack).toMatchObject({ alreadyRecorded: true, instruction: { status: 'REJECTED' } });
      expect(await prisma().task.count({ where: { caseId, kind: 'PAYMENT_REJECTED' } })).toBe(1);

      const newIban = ibanOf(`KZT${app.applicantIin.slice(2, 12)}`);
      (h.engine.dataset.bankAccounts as Map<string, typeof account>).set(`${app.applicantIin}:second`, { ...account, iban: newIban });
      const reissue = () => h.gql('officerSocial', REISSUE_PAYMENT, { input: { taskId, iban: newIban, reason: 'the citizen confirmed a new account at the service centre' } });
      const done = expectOk(await reissue()).reissuePayment as any;
      expect(done).toMatchObject({ __typename: 'ReissuePaymentPayload', rejected: { id: rejectedId, status: 'REJECTED' }, instruction: { kind: 'CORRECTION', period: 'ONCE', idempotencyKey: `${key}:reissue-1`, amount: 10_000 } });
      await h.engine.client.workflow.getHandle(paymentRejectionWorkflowId(rejectedId)).result();

      const reissued = await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: done.instruction.id } });
      expect(reissued).toMatchObject({ status: 'PAID', iban: newIban, kind: 'CORRECTION', decisionId: raised.decisionId });
      expect(payer.payments.get(reissued.idempotencyKey)).toBe(1);
      expect(payer.payments.get(key) ?? 0).toBe(0);
      expect(await prisma().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'COMPLETED' });

      // Once only: a second re-issue is refused; the acknowledgement repeated changes nothing.
      expect(expectOk(await reissue()).reissuePayment).toMatchObject({ code: 'INVALID_STATE' });
      expect(expectOk(await h.gql({ 'x-api-key': apiKey }, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: key, status: 'REJECTED', reason: 'CLOSED_ACCOUNT' } })).recordPayerAcknowledgement).toMatchObject({ alreadyRecorded: true });
      const period = await prisma().paymentInstruction.findMany({ where: { periodId: `${entitlementId}:ONCE` } });
      expect(period.map((i) => [i.kind, i.status, i.amount.toNumber()]).sort()).toEqual(
        [
          ['CORRECTION', 'PAID', 10_000],
          ['CORRECTION', 'REJECTED', 10_000],
          ['PAYMENT', 'PAID', paid],
        ].sort(),
      );
      for (const i of period) expect(payer.payments.get(i.idempotencyKey) ?? 0, i.idempotencyKey).toBe(i.status === 'PAID' ? 1 : 0);
    } finally {
      payer.closedAccounts.delete(account.iban);
    }
  });
});
