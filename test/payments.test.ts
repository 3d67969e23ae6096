/**
 * After the decision: an approved case's entitlement workflow pays through the outbox to the
 * simulated payer — a monthly childcare allowance period by period (suspended, resumed, ended,
 * across a worker restart and a continue-as-new), a one-time birth allowance once, a closed
 * account rejected — and every instruction reaches the payer exactly once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordAcknowledgement } from '../lib/payer/acknowledgements.ts';
import { createSimulatedPayer, type SimulatedPayer } from '../lib/payer/simulated.ts';
import type { Lang } from '../services/definition.ts';
import { formatKzt } from '../services/notifications.ts';
import { payerOf } from '../services/payers.ts';
import type { EvaluationResult } from '../services/result.ts';
import { endEntitlementSignal, entitlementIdOf, entitlementWorkflowId, resumeEntitlementSignal, suspendEntitlementSignal, type EntitlementWorkflowResult } from '../workflows/messages.ts';
import { platformWorker, stopWorker } from '../worker.ts';
import { DATABASE_KINDS } from './support/database.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';
import { until } from './support/until.ts';

const PERIOD_MS = 1_000;

describe.each(DATABASE_KINDS)('payments on %s', (kind) => {
  let engine: Engine;
  let payer: SimulatedPayer;
  beforeAll(async () => {
    payer = createSimulatedPayer();
    engine = await startEngine({ kind, payer });
  });
  afterAll(async () => engine?.close());

  const prisma = () => engine.db.prisma;
  const periodsOf = (caseId: string) => prisma().entitlementPeriod.findMany({ where: { entitlementId: entitlementIdOf(caseId) }, orderBy: { seq: 'asc' } });
  /** Every instruction of the case reached the payer once and was paid once (none for a rejection). */
  async function expectDeliveredOnce(caseId: string) {
    const instructions = await prisma().paymentInstruction.findMany({ where: { caseId } });
    expect(instructions.length).toBeGreaterThan(0);
    for (const i of instructions) {
      expect(payer.deliveries.get(i.idempotencyKey), i.idempotencyKey).toBe(1);
      expect(payer.payments.get(i.idempotencyKey) ?? 0, i.idempotencyKey).toBe(i.status === 'PAID' ? 1 : 0);
    }
    return instructions;
  }

  it('a birth allowance: one instruction, paid once though the payer failed twice first; a repeated acknowledgement changes nothing', async () => {
    const { applicantIin, application } = freshApplicants(engine).birth();
    payer.failNext(2);
    const caseId = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin, application });
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const result = (await engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result()) as EntitlementWorkflowResult;
    expect(result).toMatchObject({ status: 'COMPLETED', periodsRecorded: 1 });
    const [instruction, ...more] = await expectDeliveredOnce(caseId);
    expect(more).toHaveLength(0);
    expect(instruction).toMatchObject({ status: 'PAID', payer: 'STATE_CORPORATION', idempotencyKey: `${entitlementIdOf(caseId)}:ONCE` });
    const decision = await prisma().decision.findFirstOrThrow({ where: { caseId } });
    expect(instruction!.amount.equals(decision.amount!)).toBe(true);

    const again = await recordAcknowledgement(prisma(), { idempotencyKey: instruction!.idempotencyKey, status: 'PAID', at: new Date() });
    expect(again).toEqual({ result: 'ALREADY_RECORDED', instructionId: instruction!.id });
    const contrary = await recordAcknowledgement(prisma(), { idempotencyKey: instruction!.idempotencyKey, status: 'REJECTED', reason: 'CLOSED_ACCOUNT', at: new Date() });
    expect(contrary).toEqual({ result: 'CONFLICT', instructionId: instruction!.id, recorded: 'PAID' });
    const after = await prisma().paymentInstruction.findUniqueOrThrow({ where: { id: instruction!.id } });
    expect(after).toEqual(instruction);
    // A one-time benefit has no final notification: the decision's SMS said it all.
    expect(await prisma().notification.count({ where: { caseId, template: { startsWith: 'entitlement-' } } })).toBe(0);
  });

  it('a closed account: the payer rejects the instruction with CLOSED_ACCOUNT and pays nothing', async () => {
    const { applicantIin, application } = freshApplicants(engine).birth();
    payer.closedAccounts.add(engine.dataset.bankAccounts.get(applicantIin)!.iban);
    const caseId = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin, application });
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    await engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result();
    const [instruction] = await expectDeliveredOnce(caseId);
    expect(instruction).toMatchObject({ status: 'REJECTED', rejectionReason: 'CLOSED_ACCOUNT' });
    expect((await periodsOf(caseId))[0]!.status).toBe('REJECTED');
  });

  it('a childcare allowance: paid period by period, suspended on a return to work, resumed, ended — each instruction delivered once across a worker restart and a continue-as-new', async () => {
    const mother = engine.dataset.personas.newbornMother;
    const caseId = await engine.startCase({ serviceCode: 'childcare-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin }, timing: { periodMs: PERIOD_MS } });
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const handle = engine.client.workflow.getHandle(entitlementWorkflowId(caseId));
    const recorded = (n: number) => until(`${n} periods`, () => periodsOf(caseId), (p) => p.length >= n);

    await recorded(2);
    await handle.signal(suspendEntitlementSignal, { reason: 'RETURNED_TO_WORK: the employment registry reports a new contract' });
    await until('a suspended period', () => periodsOf(caseId), (p) => p.some((x) => x.status === 'SUSPENDED'));
    await handle.signal(resumeEntitlementSignal, { reason: 'CHILDCARE_LEAVE_RESUMED: the contract was suspended for childcare leave' });
    const beforeRestart = (await periodsOf(caseId)).length;

    // A worker restart in the middle: the running worker drains and stops, a new one takes over.
    stopWorker(engine.worker);
    await until('the worker stopped', async () => engine.worker.getState(), (s) => s === 'STOPPED');
    const second = await platformWorker(engine.platform, {
      deps: { registries: engine.registry, catalog: engine.deps.catalog, sms: engine.deps.sms, payer },
      workflowBundlePath: inject('workflowBundlePath'),
    });
    const running = second.run();
    try {
      // (The last test: the engine's own worker stays stopped.) Past the 12th period the workflow has continued as new.
      await recorded(Math.max(beforeRestart + 2, 14));
      await handle.signal(endEntitlementSignal, { reason: 'ENDED_BY_APPLICANT: the parent asked to stop the payment' });
      const result = (await handle.result()) as EntitlementWorkflowResult;
      expect(result.status).toBe('ENDED');
      expect(result.runs).toBeGreaterThanOrEqual(2);

      const schedule = await prisma().entitlementSchedule.findUniqueOrThrow({ where: { caseId } });
      expect(schedule.status).toBe('ENDED');
      expect(schedule.periods).toHaveLength(18); // a child under a year: 18 months granted
      const decision = await prisma().decision.findFirstOrThrow({ where: { caseId } });
      const periods = await periodsOf(caseId);
      expect(periods).toHaveLength(result.periodsRecorded);
      expect(periods.length).toBeLessThan(18);
      expect(periods.map((p) => p.period)).toEqual(schedule.periods.slice(0, periods.length));
      const suspended = periods.filter((p) => p.status === 'SUSPENDED');
      expect(suspended.length).toBeGreaterThan(0);
      expect(suspended.every((p) => Number(p.amount) === 0)).toBe(true);
      const paid = periods.filter((p) => p.status === 'PAID');
      expect(paid.length + suspended.length).toBe(periods.length);
      expect(paid.every((p) => p.paidAt !== null && p.amount.equals(decision.amount!))).toBe(true);

      const instructions = await expectDeliveredOnce(caseId);
      expect(instructions).toHaveLength(paid.length);
      const bank = await prisma().evidence.findUniqueOrThrow({ where: { caseId_key: { caseId, key: 'bank' } } });
      const evaluation = await prisma().evaluation.findFirstOrThrow({ where: { caseId }, orderBy: { createdAt: 'desc' } });
      const expectedPayer = payerOf('childcare-allowance', (evaluation.result as unknown as EvaluationResult).derived);
      expect(instructions.every((i) => i.iban === (bank.data as { iban: string }).iban && i.payer === expectedPayer && i.status === 'PAID')).toBe(true);

      const changes = await prisma().entitlementChange.findMany({ where: { entitlementId: schedule.id }, orderBy: { at: 'asc' } });
      expect(changes.map((c) => c.kind)).toEqual(['STARTED', 'SUSPENDED', 'RESUMED', 'ENDED']);
      expect(changes[1]!.reason).toMatch(/^RETURNED_TO_WORK/);

      // The final notification: one SMS, in the applicant's language, with what was paid in all.
      const ends = await prisma().notification.findMany({ where: { caseId, template: { startsWith: 'entitlement-' } } });
      expect(ends.map((n) => [n.template, n.channel])).toEqual([['entitlement-ended', 'SMS']]);
      const total = paid.reduce((sum, p) => sum + Number(p.amount), 0);
      expect(ends[0]!.body).toContain(formatKzt(total, ends[0]!.language as Lang));
      expect(ends[0]!.body).toContain(` ${paid.length} `);
      expect(ends[0]!.body).toContain(periods.at(-1)!.period);

      // Bounded histories: every run of the entitlement stays small.
      const runs = [];
      for await (const run of engine.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` })) runs.push(run);
      expect(runs.length).toBe(result.runs);
      const lengths = await Promise.all(runs.map(async (run) => (await engine.client.workflow.getHandle(handle.workflowId, run.runId).describe()).historyLength));
      console.info(`entitlement ${caseId}: ${periods.length} periods in ${runs.length} runs, history lengths ${lengths.join(', ')}`);
      // At most 12 periods a run, each a timer, a record and a dispatch (about 16 events), plus the signals.
      for (const length of lengths) expect(length).toBeLessThan(12 * 20 + 40);
    } finally {
      stopWorker(second);
      await running;
    }
  });
});
