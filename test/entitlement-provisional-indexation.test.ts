/**
 * Periods paid PROVISIONAL are re-paid once the catalog has their year's MCI. A childcare allowance
 * in MCI decided under the live catalog (MCI up to 2026) runs into 2027: its 2027 periods are paid
 * at the 2026 MCI and marked PROVISIONAL. A fixture version then publishes a hypothetical 2027 MCI
 * (test data, never the live catalog): each period paid PROVISIONAL gets one correction for the
 * difference, exact to the tiyn, and becomes INDEXED; the periods after it are paid at the new MCI;
 * signed, audited, each instruction delivered once, nothing indexed twice. Published after the
 * last period, the figure still reaches them: the finished entitlement's workflow keeps asking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexProvisionalPeriods } from '../activities/provisional-indexation.ts';
import { canonicalize } from '../lib/canonical-json.ts';
import { createSimulatedPayer, type SimulatedPayer } from '../lib/payer/simulated.ts';
import type { PeriodIndexation } from '../services/indexation.ts';
import { publishService } from '../services/publish.ts';
import { childcareWithMci, HYPOTHETICAL_MCI_2027, mciUpTo } from '../services/testing/mci-fixtures.ts';
import { entitlementIdOf, entitlementWorkflowId, type EntitlementWorkflowResult } from '../workflows/messages.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { uninsuredBirth } from './support/uninsured-births.ts';
import { until } from './support/until.ts';

const tiyn = (x: number) => Math.round(x * 100) / 100;
const MCI_2026 = 4325;

describe('provisional periods of a childcare entitlement', () => {
  let engine: Engine;
  let payer: SimulatedPayer;
  beforeAll(async () => {
    payer = createSimulatedPayer();
    engine = await startEngine({ payer });
  });
  afterAll(async () => engine?.close());
  const prisma = () => engine.db.prisma;

  it('are paid the difference once the MCI of their year is in the catalog, and become INDEXED', async () => {
    const birth = uninsuredBirth(engine.dataset, '2025-12-11'); // 2025-12 … 2027-05
    const caseId = await engine.startCase({ serviceCode: 'childcare-allowance', applicantIin: birth.applicantIin, application: { childIin: birth.childIin }, timing: { periodMs: 700 } });
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const entitlementId = entitlementIdOf(caseId);
    const periodsOf = () => prisma().entitlementPeriod.findMany({ where: { entitlementId }, orderBy: { seq: 'asc' } });

    const january = await until('2027-01 recorded', async () => (await periodsOf()).find((p) => p.period === '2027-01'), (p) => p !== undefined, 60_000);
    expect(january!.indexation).toMatchObject({ status: 'PROVISIONAL', year: 2026, value: MCI_2026 });
    expect(Number(january!.amount)).toBe(tiyn(birth.multiplier * MCI_2026));
    // The budget law's figure reaches the catalog (here a fixture version with a hypothetical one).
    await publishService(prisma(), childcareWithMci(91, [...mciUpTo(2026), HYPOTHETICAL_MCI_2027]), { status: 'PUBLISHED', allowUnverified: true });
    const result = (await engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result()) as EntitlementWorkflowResult;
    expect(result).toMatchObject({ status: 'COMPLETED', periodsRecorded: 18 });

    const periods = await periodsOf();
    const instructions = await prisma().paymentInstruction.findMany({ where: { entitlementId }, orderBy: { createdAt: 'asc' } });
    const forPeriod = (id: string) => instructions.filter((i) => i.periodId === id);
    const paidProvisional = instructions.filter((i) => i.kind === 'PAYMENT' && i.indexation === 'PROVISIONAL').map((i) => i.periodId);
    expect(paidProvisional.length).toBeGreaterThanOrEqual(1);
    const hypothetical = tiyn(birth.multiplier * HYPOTHETICAL_MCI_2027.value);
    for (const p of periods) {
      const [payment, ...rest] = forPeriod(p.id);
      expect(payment!.kind, p.period).toBe('PAYMENT');
      if (!p.period.startsWith('2027-')) {
        expect(rest, p.period).toEqual([]);
        continue;
      }
      expect(p.indexation, p.period).toMatchObject({ status: 'INDEXED', year: 2027, value: HYPOTHETICAL_MCI_2027.value, verified: false, serviceVersion: 91 });
      expect((p.indexation as unknown as PeriodIndexation).note, p.period).toBeUndefined();
      expect(Number(p.amount), p.period).toBe(hypothetical);
      if (paidProvisional.includes(p.id)) {
        expect(Number(payment!.amount), p.period).toBe(tiyn(birth.multiplier * MCI_2026));
        expect(rest, p.period).toHaveLength(1);
        expect(rest[0], p.period).toMatchObject({ kind: 'CORRECTION', indexation: 'INDEXED', idempotencyKey: `${entitlementId}:${p.period}:indexed-2027` });
        expect(Number(rest[0]!.amount), p.period).toBe(tiyn(hypothetical - tiyn(birth.multiplier * MCI_2026)));
      } else {
        expect(payment, p.period).toMatchObject({ indexation: 'INDEXED' });
        expect(Number(payment!.amount), p.period).toBe(hypothetical);
        expect(rest, p.period).toEqual([]);
      }
    }
    await until('all delivered', () => prisma().paymentInstruction.count({ where: { entitlementId, status: 'PAID' } }), (n) => n === instructions.length);
    for (const i of instructions) expect(payer.payments.get(i.idempotencyKey), i.idempotencyKey).toBe(1);

    const changes = await prisma().entitlementChange.findMany({ where: { entitlementId, kind: 'REINDEXED' } });
    expect(changes).toHaveLength(1);
    expect(changes[0]!.reason).toBe(
      `the MCI of 2027 (${HYPOTHETICAL_MCI_2027.value} from 2027-01-01, childcare-allowance v91; UNVERIFIED) now in the catalog: ${paidProvisional.length} period(s) paid PROVISIONAL indexed; ` +
        `${paidProvisional.length} correction(s), ${(paidProvisional.length * tiyn(hypothetical - tiyn(birth.multiplier * MCI_2026))).toFixed(2)} KZT in all`,
    );
    const audit = await prisma().auditEntry.findMany({ where: { action: 'ENTITLEMENT_REINDEXED', idempotencyKey: { startsWith: `${entitlementId}:` } } });
    expect(audit).toHaveLength(1);
    const details = audit[0]!.details as any;
    expect(engine.deps.keyRing.verifyRecord(canonicalize(details.record), details.signature, details.keyId)).toBe(true);
    expect(details.record.corrections.map((c: { period: string }) => `${entitlementId}:${c.period}`)).toEqual(paidProvisional);
    for (const c of details.record.corrections) expect(c).toMatchObject({ kind: 'CORRECTION', provisional: { year: 2026, value: MCI_2026 }, mci: { year: 2027, value: HYPOTHETICAL_MCI_2027.value, verified: false, serviceVersion: 91 } });

    // Asked again (a retry, or a later check): nothing is left to index and nothing is written.
    expect(await indexProvisionalPeriods(engine.deps, { entitlementId, at: new Date() })).toEqual({ indexed: 0, instructions: 0, provisionalLeft: 0 });
    expect(await prisma().paymentInstruction.count({ where: { entitlementId } })).toBe(instructions.length);
  });
});

describe('provisional periods of a childcare entitlement whose last period has passed', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ payer: createSimulatedPayer() });
  });
  afterAll(async () => engine?.close());
  const prisma = () => engine.db.prisma;

  it('are indexed by the workflow asking again after its last period', async () => {
    const birth = uninsuredBirth(engine.dataset, '2025-12-20'); // 2025-12 … 2027-05
    const caseId = await engine.startCase({ serviceCode: 'childcare-allowance', applicantIin: birth.applicantIin, application: { childIin: birth.childIin }, timing: { periodMs: 1_000 } });
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    const entitlementId = entitlementIdOf(caseId);
    await until('completed with its 2027 periods PROVISIONAL', () => prisma().entitlementSchedule.findUnique({ where: { id: entitlementId } }), (s) => s?.status === 'COMPLETED', 90_000);
    const provisional = await prisma().entitlementPeriod.findMany({ where: { entitlementId, period: { startsWith: '2027-' } } });
    expect(provisional).toHaveLength(5);
    for (const p of provisional) expect(p.indexation, p.period).toMatchObject({ status: 'PROVISIONAL', year: 2026 });

    await publishService(prisma(), childcareWithMci(91, [...mciUpTo(2026), HYPOTHETICAL_MCI_2027]), { status: 'PUBLISHED', allowUnverified: true });
    expect(await engine.client.workflow.getHandle(entitlementWorkflowId(caseId)).result()).toMatchObject({ status: 'COMPLETED', periodsRecorded: 18 });
    const corrections = await prisma().paymentInstruction.findMany({ where: { entitlementId, kind: 'CORRECTION' }, orderBy: { idempotencyKey: 'asc' } });
    expect(corrections.map((c) => c.idempotencyKey)).toEqual(provisional.map((p) => `${entitlementId}:${p.period}:indexed-2027`).sort());
    const difference = tiyn(tiyn(birth.multiplier * HYPOTHETICAL_MCI_2027.value) - tiyn(birth.multiplier * MCI_2026));
    for (const c of corrections) expect(Number(c.amount), c.idempotencyKey).toBe(difference);
    const changes = await prisma().entitlementChange.findMany({ where: { entitlementId }, orderBy: { at: 'asc' } });
    expect(changes.map((c) => c.kind)).toEqual(['STARTED', 'COMPLETED', 'REINDEXED']);
    await until('corrections paid', () => prisma().paymentInstruction.count({ where: { entitlementId, kind: 'CORRECTION', status: 'PAID' } }), (n) => n === 5);
  });
});
