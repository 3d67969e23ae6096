/**
 * After a payment leaves: a payer's rejection (a closed account) becomes a PAYMENT_REJECTED task
 * in the officer inbox; the officer names another account, the bank registry must hold it in the
 * applicant's name, and the payment is re-issued under a new key — paid once. An appeal that
 * replaces an approval with another amount corrects the period already paid (an additional
 * payment, then a recovery when a second appeal lowers it), signed and audited; a refusal replaced
 * by an approval starts the entitlement; an approval replaced by a refusal ends the entitlement
 * from its start and recovers every period instructed, once, whatever retries do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntitlementCorrectionActivities } from '../../activities/entitlement-corrections.ts';
import { createEntitlementScheduleActivities } from '../../activities/entitlement-schedule.ts';
import { createApiKey } from '../../lib/auth/api-keys.ts';
import { CASE_ENTITLEMENT, CASE_WITH_TASKS, CLAIM, FILE_APPEAL, RECORD_PAYER_ACKNOWLEDGEMENT, REISSUE_PAYMENT, RESOLVE, TASKS } from '../../api/client/operations.ts';
import { canonicalize } from '../../lib/canonical-json.ts';
import { createSimulatedPayer, type SimulatedPayer } from '../../lib/payer/simulated.ts';
import { ibanCheckDigits } from '../../registries/synthetic/economics.ts';
import {
  endEntitlementSignal,
  appealTaskIdOf,
  appealWorkflowId,
  entitlementIdOf,
  entitlementWorkflowId,
  paymentRejectionTaskIdOf,
  paymentRejectionWorkflowId,
  type ResolveAppealResult,
} from '../../workflows/messages.ts';
import { freshApplicants } from '../support/fresh-applicants.ts';
import { until } from '../support/until.ts';
import { applications, caseInReview, startCaseAs, waitForRow } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';

const ERROR = '... on Error { code message detail }';
const RESOLVE_APPEAL = `mutation($input: ResolveAppealInput!) { resolveAppeal(input: $input) { __typename ${ERROR} ... on ResolveAppealPayload { decision { decisionId outcome amount } } } }`;
const AUDIT = `query($caseId: ID!) { auditLog(caseId: $caseId) { entries { action actor details } verification { ok } } }`;

let h: Harness;
let payer: SimulatedPayer;
let appealGroup: Record<string, string>;
/** Another member of the appeal group: the decider of a replaced decision may not decide its appeal. */
let appealGroupOther: Record<string, string>;
beforeAll(async () => {
  payer = createSimulatedPayer();
  h = await startHarness({ kind: 'pglite', payer });
  appealGroup = { authorization: `Bearer ${await h.token({ sub: 'appeals-saule', roles: ['officer', 'appeal-officer'], department: 'social-payments' })}` };
  appealGroupOther = { authorization: `Bearer ${await h.token({ sub: 'appeals-timur', roles: ['officer', 'appeal-officer'], department: 'social-payments' })}` };
}, 120_000);
afterAll(async () => h?.close());

const prisma = () => h.engine.db.prisma;
/** A well-formed Kazakhstan IBAN (check digits right) that no bank in the dataset holds, unless a test adds it. */
const ibanOf = (account13: string) => `KZ${ibanCheckDigits('KZ', `125${account13}`)}125${account13}`;

async function appeal(decisionId: string, replace: { outcome: 'APPROVED'; amount?: number } | { outcome: 'DENIED'; grounds: string[] }, decider = appealGroup): Promise<string> {
  const filed = expectOk(await h.gql('frontendA', FILE_APPEAL, { input: { decisionId, reason: 'the amount does not follow the formula' } })).fileAppeal as any;
  expect(filed.__typename).toBe('FileAppealPayload');
  const appealId = filed.appeal.id as string;
  await waitForRow(h, () => prisma().task.findUnique({ where: { id: appealTaskIdOf(appealId) } }));
  // One appeal officer works an appeal: claimed before it is decided.
  expect((expectOk(await h.gql(decider, CLAIM, { taskId: appealTaskIdOf(appealId) })).claimTask as any).__typename).toBe('TaskPayload');
  const decided = expectOk(await h.gql(decider, RESOLVE_APPEAL, { input: { appealId, resolution: 'REPLACE', reason: 'recomputed on appeal', ...replace } })).resolveAppeal as any;
  expect(decided.__typename, JSON.stringify(decided)).toBe('ResolveAppealPayload');
  const result = (await h.engine.client.workflow.getHandle(appealWorkflowId(appealId)).result()) as ResolveAppealResult;
  expect(result.status).toBe('REPLACED');
  return decided.decision.decisionId as string;
}

describe('a payment the payer rejects', () => {
  it('opens an officer task; another account, checked with the bank registry, re-issues it under a new key, paid once', async () => {
    const app = freshApplicants(h.engine).birth();
    const account = h.engine.dataset.bankAccounts.get(app.applicantIin)!;
    payer.closedAccounts.add(account.iban);
    const caseId = await startCaseAs(h, 'frontendA', app);
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
    const entitlementId = entitlementIdOf(caseId);
    const rejectedId = `pi_${entitlementId}:ONCE`;
    expect(await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: rejectedId } })).toMatchObject({ status: 'REJECTED', rejectionReason: 'CLOSED_ACCOUNT' });

    // The task reaches the case's officer group.
    const taskId = paymentRejectionTaskIdOf(rejectedId);
    await waitForRow(h, () => prisma().task.findUnique({ where: { id: taskId } }));
    const inbox = expectOk(await h.gql('officerSocial', TASKS, { filter: 'MY_GROUPS', first: 100 })).tasks as any;
    const listed = inbox.edges.map((e: any) => e.node).find((n: any) => n.taskId === taskId);
    expect(listed).toMatchObject({ kind: 'PAYMENT_REJECTED', status: 'OPEN' });
    expect(await prisma().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ department: 'social-payments', role: 'officer', reasons: ['PAYMENT_REJECTED:CLOSED_ACCOUNT', 'PERIOD:ONCE'] });
    const onCase = expectOk(await h.gql('officerSocial', CASE_WITH_TASKS, { id: caseId })).case as any;
    expect(onCase.openTasks.map((t: any) => t.kind)).toContain('PAYMENT_REJECTED');

    // Refused before anything is re-issued: another department, a mistyped IBAN, an account no bank holds, someone else's account.
    const reissue = (role: 'officerSocial' | 'officerEmployment', iban: string) => h.gql(role, REISSUE_PAYMENT, { input: { taskId, iban, reason: 'the citizen confirmed a new account at the service centre' } });
    expect(codesOf(await reissue('officerEmployment', ibanOf('KZT0000000001')))).toEqual(['FORBIDDEN']);
    expect(expectOk(await reissue('officerSocial', 'KZ00125KZT0000000001')).reissuePayment).toMatchObject({ code: 'VALIDATION_FAILED' });
    const unknown = expectOk(await reissue('officerSocial', ibanOf('KZT0000000001'))).reissuePayment as any;
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.detail).toMatch(/no bank holds/);
    const someoneElse = [...h.engine.dataset.bankAccounts.values()].find((a) => a.iin !== app.applicantIin)!;
    expect(expectOk(await reissue('officerSocial', someoneElse.iban)).reissuePayment).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await prisma().paymentInstruction.count({ where: { periodId: `${entitlementId}:ONCE` } })).toBe(1);

    // The applicant's new account (the bank registry holds it in their name).
    const newIban = ibanOf(`KZT${app.applicantIin.slice(2, 12)}`);
    (h.engine.dataset.bankAccounts as Map<string, typeof account>).set(`${app.applicantIin}:second`, { ...account, iban: newIban });
    const done = expectOk(await reissue('officerSocial', newIban)).reissuePayment as any;
    expect(done).toMatchObject({ __typename: 'ReissuePaymentPayload', rejected: { id: rejectedId, status: 'REJECTED' }, instruction: { kind: 'PAYMENT', period: 'ONCE', idempotencyKey: `${entitlementId}:ONCE:reissue-1` } });
    expect(done.rejected.reissuedBy).toBe(done.instruction.id);
    await h.engine.client.workflow.getHandle(paymentRejectionWorkflowId(rejectedId)).result();

    const reissued = await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: done.instruction.id } });
    expect(reissued).toMatchObject({ status: 'PAID', iban: newIban });
    expect(reissued.amount.toFixed(2)).toBe((await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: rejectedId } })).amount.toFixed(2));
    expect(payer.payments.get(reissued.idempotencyKey)).toBe(1);
    expect(payer.payments.get(`${entitlementId}:ONCE`) ?? 0).toBe(0);
    expect(await prisma().entitlementPeriod.findUniqueOrThrow({ where: { id: `${entitlementId}:ONCE` } })).toMatchObject({ status: 'PAID' });
    expect(await prisma().entitlementSchedule.findUniqueOrThrow({ where: { id: entitlementId } })).toMatchObject({ iban: newIban });
    expect(await prisma().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: 'COMPLETED', assignee: 'officer-aigerim' });

    // Once only: the task is done and its workflow closed.
    expect(expectOk(await reissue('officerSocial', newIban)).reissuePayment).toMatchObject({ code: 'INVALID_STATE' });
    expect(await prisma().paymentInstruction.count({ where: { periodId: `${entitlementId}:ONCE` } })).toBe(2);

    const audit = expectOk(await h.gql('supervisorSocial', AUDIT, { caseId })).auditLog as any;
    expect(audit.verification.ok).toBe(true);
    const actions = audit.entries.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['PAYMENT_REJECTED', 'PAYMENT_REISSUED']));
    // The account reopens for the tests that follow (the same mother may apply for childcare there).
    payer.closedAccounts.delete(account.iban);
    expect(audit.entries.find((e: any) => e.action === 'PAYMENT_REISSUED')).toMatchObject({ actor: 'officer-aigerim', details: { rejectedInstructionId: rejectedId, ibanLast4: newIban.slice(-4), bankCheck: 'bank.accountByIban' } });
  });
});

describe('a rejection the payer acknowledges later', () => {
  it('opens the same officer task through recordPayerAcknowledgement, once however often it is sent', async () => {
    const { key } = await createApiKey(prisma(), { name: 'State Corporation payments', clientId: 'payer-gfc-corrections', scopes: ['payments:acknowledge'] });
    const caseId = await startCaseAs(h, 'frontendA', freshApplicants(h.engine).birth());
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
    const instructionId = `pi_${entitlementIdOf(caseId)}:ONCE`;
    // A payer that answered "accepted" at delivery and rejects afterwards.
    const row = await prisma().paymentInstruction.update({ where: { id: instructionId }, data: { status: 'DELIVERED', acknowledgedAt: null } });
    for (let i = 0; i < 2; i++) {
      const ack = expectOk(await h.gql({ 'x-api-key': key }, RECORD_PAYER_ACKNOWLEDGEMENT, { input: { idempotencyKey: row.idempotencyKey, status: 'REJECTED', reason: 'CLOSED_ACCOUNT' } })).recordPayerAcknowledgement as any;
      expect(ack).toMatchObject({ alreadyRecorded: i === 1, instruction: { status: 'REJECTED' } });
    }
    const task = await waitForRow(h, () => prisma().task.findUnique({ where: { id: paymentRejectionTaskIdOf(instructionId) } }));
    expect(task).toMatchObject({ kind: 'PAYMENT_REJECTED', status: 'OPEN', workflowId: paymentRejectionWorkflowId(instructionId), reasons: ['PAYMENT_REJECTED:CLOSED_ACCOUNT', 'PERIOD:ONCE'] });
    expect(await prisma().task.count({ where: { caseId, kind: 'PAYMENT_REJECTED' } })).toBe(1);
    await h.engine.client.workflow.getHandle(paymentRejectionWorkflowId(instructionId)).terminate('test over');
  });
});

describe('an appeal that replaces a decision', () => {
  it('raising an approved amount pays the difference; a second appeal lowering it recovers the overpayment — signed and audited', async () => {
    const caseId = await startCaseAs(h, 'frontendA', freshApplicants(h.engine).birth());
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
    const entitlementId = entitlementIdOf(caseId);
    const first = await prisma().decision.findFirstOrThrow({ where: { caseId } });
    const paid = first.amount!.toNumber();
    expect((await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: `pi_${entitlementId}:ONCE` } })).status).toBe('PAID');

    const raised = await appeal(first.id, { outcome: 'APPROVED', amount: paid + 10_000 });
    const correction = await until('the correction paid', () => prisma().paymentInstruction.findUnique({ where: { idempotencyKey: `${entitlementId}:ONCE:correction-${raised}` } }), (i) => i?.status === 'PAID');
    expect(correction).toMatchObject({ kind: 'CORRECTION', decisionId: raised });
    expect(correction!.amount.toNumber()).toBe(10_000);
    expect(payer.payments.get(correction!.idempotencyKey)).toBe(1);

    const lowered = await appeal(raised, { outcome: 'APPROVED', amount: paid - 5_000 }, appealGroupOther);
    const recovery = await until('the recovery delivered', () => prisma().paymentInstruction.findUnique({ where: { idempotencyKey: `${entitlementId}:ONCE:correction-${lowered}` } }), (i) => i?.status === 'DELIVERED');
    expect(recovery).toMatchObject({ kind: 'RECOVERY', decisionId: lowered });
    expect(recovery!.amount.toNumber()).toBe(15_000);
    expect(payer.payments.get(recovery!.idempotencyKey) ?? 0).toBe(0);

    const view = expectOk(await h.gql('frontendA', CASE_ENTITLEMENT, { id: caseId })).case.entitlement as any;
    expect(view.amount).toBe(paid - 5_000);
    expect(view.periods).toEqual([expect.objectContaining({ period: 'ONCE', amount: paid - 5_000, status: 'PAID' })]);
    expect(view.instructions.map((i: any) => [i.kind, i.amount])).toEqual([
      ['PAYMENT', paid],
      ['CORRECTION', 10_000],
      ['RECOVERY', 15_000],
    ]);
    expect(view.changes.map((c: any) => c.kind)).toEqual(['STARTED', 'COMPLETED', 'RECALCULATED', 'RECALCULATED']);

    const audit = expectOk(await h.gql('supervisorSocial', AUDIT, { caseId })).auditLog as any;
    expect(audit.verification.ok).toBe(true);
    const corrections = audit.entries.filter((e: any) => e.action === 'ENTITLEMENT_CORRECTED').map((e: any) => e.details);
    expect(corrections).toHaveLength(2);
    for (const c of corrections) expect(h.engine.deps.keyRing.verifyRecord(canonicalize(c.record), c.signature, c.keyId)).toBe(true);
    expect(corrections[1].record).toMatchObject({
      decisionId: lowered,
      replaces: raised,
      corrections: [{ period: 'ONCE', instructed: (paid + 10_000).toFixed(2), due: (paid - 5_000).toFixed(2), difference: (-15_000).toFixed(2), kind: 'RECOVERY' }],
    });
  });

  it('a monthly allowance raised on appeal: each period already instructed gets the difference, the later ones the new amount', async () => {
    const mother = h.engine.dataset.personas.newbornMother;
    const caseId = await startCaseAs(h, 'frontendA', { serviceCode: 'childcare-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin } }, { timing: { periodMs: 1_500 } });
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const entitlementId = entitlementIdOf(caseId);
    await until('two periods paid', () => prisma().paymentInstruction.count({ where: { entitlementId, status: 'PAID' } }), (n) => n >= 2);
    const first = await prisma().decision.findFirstOrThrow({ where: { caseId } });
    const monthly = first.amount!.toNumber();

    const raised = await appeal(first.id, { outcome: 'APPROVED', amount: monthly + 1_000 });
    const corrected = await prisma().auditEntry.findFirstOrThrow({ where: { action: 'ENTITLEMENT_CORRECTED', idempotencyKey: `${entitlementId}:corrected-${raised}` } });
    const record = (corrected.details as any).record;
    expect(record.corrections.length).toBeGreaterThanOrEqual(2);
    for (const c of record.corrections) expect(c).toMatchObject({ kind: 'CORRECTION', difference: '1000.00', due: (monthly + 1_000).toFixed(2) });
    const corrections = new Set(record.corrections.map((c: { period: string }) => c.period));
    // Two more periods after the appeal: paid at the new amount, with no correction.
    await until('later periods', () => prisma().entitlementPeriod.count({ where: { entitlementId } }), (n) => n >= corrections.size + 2);
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).signal(endEntitlementSignal, { reason: 'ENDED_BY_APPLICANT: test over' });
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();

    // Every period recorded is owed, and instructed, the new amount in all: a payment, plus a correction for the earlier ones.
    const periods = await prisma().entitlementPeriod.findMany({ where: { entitlementId }, include: { instructions: true }, orderBy: { seq: 'asc' } });
    for (const p of periods) {
      expect(p.amount.toNumber(), p.period).toBe(monthly + 1_000);
      const kinds = p.instructions.map((i) => i.kind).sort();
      expect(kinds, p.period).toEqual(corrections.has(p.period) ? ['CORRECTION', 'PAYMENT'] : ['PAYMENT']);
      expect(p.instructions.reduce((sum, i) => sum + i.amount.toNumber(), 0), p.period).toBe(monthly + 1_000);
    }
    const instructions = await prisma().paymentInstruction.findMany({ where: { entitlementId } });
    await until('all delivered', () => prisma().paymentInstruction.count({ where: { entitlementId, status: 'PAID' } }), (n) => n === instructions.length);
    for (const i of instructions) expect(payer.payments.get(i.idempotencyKey), i.idempotencyKey).toBe(1);
  });

  it('an approval replacing a refusal starts the entitlement at the new decision', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const denied = expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId, action: 'DENY', reason: 'the child lives with the other parent', grounds: ['NOT_PARENT_OF_CHILD'] } })).resolveTask as any;
    expect(denied.__typename).toBe('ResolveTaskPayload');
    await h.engine.result(caseId);
    const refusal = await prisma().decision.findFirstOrThrow({ where: { caseId } });
    expect(refusal.outcome).toBe('DENIED');
    expect(await prisma().entitlementSchedule.findUnique({ where: { caseId } })).toBeNull();

    const approval = await appeal(refusal.id, { outcome: 'APPROVED' });
    const schedule = await waitForRow(h, () => prisma().entitlementSchedule.findUnique({ where: { caseId } }));
    expect(schedule).toMatchObject({ decisionId: approval, status: 'ACTIVE' });
    const decided = await prisma().decision.findUniqueOrThrow({ where: { id: approval } });
    expect(schedule.amount.equals(decided.amount!)).toBe(true);
    const instructed = await until('a period instructed', () => prisma().paymentInstruction.findMany({ where: { caseId } }), (rows) => rows.length > 0);
    expect(instructed[0]!.amount.equals(decided.amount!)).toBe(true);
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).terminate('test over: a childcare entitlement runs for months');
  });

  it('a refusal replacing a paid one-time approval ends the entitlement from its start: one recovery of what was paid, signed with the refusal’s legal basis, once', async () => {
    const caseId = await startCaseAs(h, 'frontendA', freshApplicants(h.engine).birth());
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
    const entitlementId = entitlementIdOf(caseId);
    const approval = await prisma().decision.findFirstOrThrow({ where: { caseId } });
    const paid = approval.amount!.toNumber();
    expect((await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: `pi_${entitlementId}:ONCE` } })).status).toBe('PAID');

    const refusal = await appeal(approval.id, { outcome: 'DENIED', grounds: ['NOT_PARENT_OF_CHILD'] });
    const key = `${entitlementId}:ONCE:correction-${refusal}`;
    const recovery = await until('the recovery delivered', () => prisma().paymentInstruction.findUnique({ where: { idempotencyKey: key } }), (i) => i?.status === 'DELIVERED');
    expect(recovery).toMatchObject({ kind: 'RECOVERY', decisionId: refusal, periodId: `${entitlementId}:ONCE` });
    expect(recovery!.amount.toNumber()).toBe(paid);
    expect(payer.deliveries.get(key)).toBe(1);
    expect(payer.payments.get(key) ?? 0).toBe(0);

    const view = expectOk(await h.gql('frontendA', CASE_ENTITLEMENT, { id: caseId })).case.entitlement as any;
    expect(view).toMatchObject({ status: 'ENDED', amount: 0 });
    expect(view.periods).toEqual([expect.objectContaining({ period: 'ONCE', amount: 0, status: 'PAID' })]);
    expect(view.instructions.map((i: any) => [i.kind, i.amount])).toEqual([
      ['PAYMENT', paid],
      ['RECOVERY', paid],
    ]);
    expect(view.changes.map((c: any) => c.kind)).toEqual(['STARTED', 'COMPLETED', 'REVOKED']);
    const grounds = (JSON.parse((await prisma().decision.findUniqueOrThrow({ where: { id: refusal } })).record) as { grounds: { code: string; legalBasis: { act: string; article: string } }[] }).grounds;
    expect(grounds.map((g) => g.code)).toEqual(['NOT_PARENT_OF_CHILD']);
    expect(view.changes[2].reason).toContain(`decision ${refusal} (a refusal) replaced the approval ${approval.id}`);
    expect(view.changes[2].reason).toContain(`legal basis: NOT_PARENT_OF_CHILD: ${grounds[0]!.legalBasis.act}, ${grounds[0]!.legalBasis.article}`);
    expect(view.changes[2].reason).toMatch(/recovery: no legal basis in the catalog \(UNVERIFIED\)$/);

    const audit = expectOk(await h.gql('supervisorSocial', AUDIT, { caseId })).auditLog as any;
    expect(audit.verification.ok).toBe(true);
    const revoked = audit.entries.filter((e: any) => e.action === 'ENTITLEMENT_REVOKED').map((e: any) => e.details);
    expect(revoked).toHaveLength(1);
    expect(h.engine.deps.keyRing.verifyRecord(canonicalize(revoked[0].record), revoked[0].signature, revoked[0].keyId)).toBe(true);
    expect(revoked[0].record).toMatchObject({
      decisionId: refusal,
      replaces: approval.id,
      endsFrom: 'ONCE',
      grounds: [{ code: 'NOT_PARENT_OF_CHILD', legalBasis: grounds[0]!.legalBasis }],
      recovery: { legalBasis: null, verified: false },
      recoveries: [{ period: 'ONCE', instructed: paid.toFixed(2), kind: 'RECOVERY', idempotencyKey: key }],
      total: paid.toFixed(2),
    });

    // The appeal's step run again (a retry after its transaction committed) recovers nothing twice.
    const appealId = (await prisma().appeal.findFirstOrThrow({ where: { newDecisionId: refusal } })).id;
    const again = await createEntitlementCorrectionActivities(h.engine.deps).correctEntitlementAfterAppeal({ appealId });
    expect(again).toMatchObject({ action: 'REVOKED', entitlementId, instructions: 1, reason: view.changes[2].reason });
    expect(await prisma().paymentInstruction.count({ where: { entitlementId } })).toBe(2);
    expect(await prisma().auditEntry.count({ where: { action: 'ENTITLEMENT_REVOKED', idempotencyKey: `${entitlementId}:revoked-${refusal}` } })).toBe(1);
  });

  it('a monthly allowance refused on appeal: every period instructed is recovered once, the entitlement’s workflow stops, no period follows', async () => {
    const caseId = await startCaseAs(h, 'frontendA', freshApplicants(h.engine).childcare(), { timing: { periodMs: 1_500 } });
    expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const entitlementId = entitlementIdOf(caseId);
    await until('two periods paid', () => prisma().paymentInstruction.count({ where: { entitlementId, status: 'PAID' } }), (n) => n >= 2);
    const approval = await prisma().decision.findFirstOrThrow({ where: { caseId } });

    const refusal = await appeal(approval.id, { outcome: 'DENIED', grounds: ['NOT_PARENT_OF_CHILD'] }, appealGroupOther);
    const handle = h.engine.client.workflow.getHandle(entitlementWorkflowId(caseId));
    expect(await handle.result()).toMatchObject({ status: 'ENDED' });
    const periods = await prisma().entitlementPeriod.findMany({ where: { entitlementId }, include: { instructions: true }, orderBy: { seq: 'asc' } });
    expect(periods.length).toBeGreaterThanOrEqual(2);
    for (const p of periods) {
      expect(p.amount.toNumber(), p.period).toBe(0);
      const payment = p.instructions.find((i) => i.kind === 'PAYMENT')!;
      const recovery = p.instructions.find((i) => i.kind === 'RECOVERY')!;
      expect(p.instructions.map((i) => i.kind).sort(), p.period).toEqual(['PAYMENT', 'RECOVERY']);
      expect(recovery, p.period).toMatchObject({ decisionId: refusal, idempotencyKey: `${entitlementId}:${p.period}:correction-${refusal}` });
      expect(recovery.amount.equals(payment.amount), p.period).toBe(true);
    }
    const instructions = await until('every recovery delivered', () => prisma().paymentInstruction.findMany({ where: { entitlementId } }), (rows) => rows.every((i) => i.status === 'PAID' || i.status === 'DELIVERED'));
    for (const i of instructions) {
      expect(payer.deliveries.get(i.idempotencyKey), i.idempotencyKey).toBe(1);
      expect(payer.payments.get(i.idempotencyKey) ?? 0, i.idempotencyKey).toBe(i.kind === 'PAYMENT' ? 1 : 0);
    }
    // The entitlement's own end (the appeal's signal) adds no second change; no period is recorded after it.
    const changes = await prisma().entitlementChange.findMany({ where: { entitlementId }, orderBy: { at: 'asc' } });
    expect(changes.map((c) => c.kind)).toEqual(['STARTED', 'REVOKED']);
    expect(await prisma().entitlementSchedule.findUniqueOrThrow({ where: { id: entitlementId } })).toMatchObject({ status: 'ENDED', decisionId: refusal });
    // A run of the entitlement's workflow that continued as new before the end reached it opens the ended schedule and pays nothing.
    const store = createEntitlementScheduleActivities(h.engine.deps);
    const reopened = await store.openEntitlement({ caseId });
    expect(reopened).toMatchObject({ entitlementId, monthly: true });
    expect(reopened.periods.length).toBeGreaterThan(periods.length);
    expect(await store.recordEntitlementPeriod({ entitlementId, seq: periods.length, period: reopened.periods[periods.length]!.period, suspended: false })).toEqual({ instructed: false });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await prisma().entitlementPeriod.count({ where: { entitlementId } })).toBe(periods.length);
    const record = (await prisma().auditEntry.findFirstOrThrow({ where: { action: 'ENTITLEMENT_REVOKED', idempotencyKey: `${entitlementId}:revoked-${refusal}` } })).details as any;
    expect(record.record.recoveries.map((r: { period: string }) => r.period)).toEqual(periods.map((p) => p.period));
  });
});

