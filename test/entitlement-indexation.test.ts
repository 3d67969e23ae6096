/**
 * A childcare allowance defined in MCI, paid period by period on the real stack: each period at
 * the MCI of its year (3 932 in 2025, 4 325 in 2026, exact to the tiyn), a year the catalog has no
 * MCI for paid PROVISIONAL at the last one in force (a fixture catalog), and the employment
 * registry's return to work / return to childcare leave suspending and resuming it exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QyzmetError } from '../lib/errors.ts';
import { createSimulatedPayer, type SimulatedPayer } from '../lib/payer/simulated.ts';
import { MCI } from '../services/catalog/common.ts';
import type { PeriodIndexation } from '../services/indexation.ts';
import { publishService } from '../services/publish.ts';
import { childcareWithMci, mciUpTo } from '../services/testing/mci-fixtures.ts';
import { endEntitlementSignal, entitlementIdOf, entitlementWorkflowId, type EntitlementWorkflowResult } from '../workflows/messages.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { uninsuredBirth } from './support/uninsured-births.ts';
import { until } from './support/until.ts';

const mciOf = (year: number) => MCI.values.find((v) => v.from.startsWith(String(year)))!.value;
const tiyn = (x: number) => Math.round(x * 100) / 100;

describe('indexation and employment events of a childcare entitlement', () => {
  let engine: Engine;
  let payer: SimulatedPayer;
  beforeAll(async () => {
    payer = createSimulatedPayer();
    engine = await startEngine({ payer });
  });
  afterAll(async () => engine?.close());

  const prisma = () => engine.db.prisma;
  const periodsOf = (caseId: string) => prisma().entitlementPeriod.findMany({ where: { entitlementId: entitlementIdOf(caseId) }, orderBy: { seq: 'asc' } });
  const changesOf = (caseId: string) => prisma().entitlementChange.findMany({ where: { entitlementId: entitlementIdOf(caseId) }, orderBy: { at: 'asc' } });
  async function approvedChildcare(birth: { applicantIin: string; childIin: string }, periodMs: number) {
    const caseId = await engine.startCase({ serviceCode: 'childcare-allowance', applicantIin: birth.applicantIin, application: { childIin: birth.childIin }, timing: { periodMs } });
    expect(await engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
    return { caseId, handle: engine.client.workflow.getHandle(entitlementWorkflowId(caseId)) };
  }
  async function expectDeliveredOnce(caseId: string) {
    const instructions = await prisma().paymentInstruction.findMany({ where: { caseId }, orderBy: { idempotencyKey: 'asc' } });
    for (const i of instructions) expect(payer.deliveries.get(i.idempotencyKey), i.idempotencyKey).toBe(1);
    return instructions;
  }

  it('pays each period at the MCI of its year across 1 January, exactly, and records the MCI used with its source', async () => {
    const birth = uninsuredBirth(engine.dataset, '2025-03-27'); // 11 months old on 2026-03-16: 18 months, 2025-03 … 2026-08
    const { caseId, handle } = await approvedChildcare(birth, 600);
    const result = (await handle.result()) as EntitlementWorkflowResult;
    expect(result).toMatchObject({ status: 'COMPLETED', periodsRecorded: 18 });

    const periods = await periodsOf(caseId);
    expect(periods.map((p) => p.period)).toEqual([...Array.from({ length: 10 }, (_, i) => `2025-${String(i + 3).padStart(2, '0')}`), ...Array.from({ length: 8 }, (_, i) => `2026-0${i + 1}`)]);
    const decision = await prisma().decision.findFirstOrThrow({ where: { caseId } });
    expect(Number(decision.amount)).toBe(tiyn(birth.multiplier * 3932));
    for (const p of periods) {
      const year = Number(p.period.slice(0, 4));
      const indexation = p.indexation as unknown as PeriodIndexation;
      expect(Number(p.amount), p.period).toBe(tiyn(birth.multiplier * mciOf(year)));
      expect(indexation, p.period).toMatchObject({ status: 'INDEXED', parameter: 'mci', year, value: mciOf(year), from: `${year}-01-01`, verified: true, decidedMci: 3932 });
      expect(indexation.source!.citation).toBe(MCI.values.find((v) => v.from === `${year}-01-01`)!.source!.citation);
    }
    expect(Number(periods.find((p) => p.period === '2025-12')!.amount)).toBe(tiyn(birth.multiplier * 3932));
    expect(Number(periods.find((p) => p.period === '2026-01')!.amount)).toBe(tiyn(birth.multiplier * 4325));

    const instructions = await expectDeliveredOnce(caseId);
    expect(instructions).toHaveLength(18);
    for (const i of instructions) {
      const period = periods.find((p) => p.id === i.periodId)!;
      expect(i.amount.equals(period.amount)).toBe(true);
      expect(i.indexation).toBe('INDEXED');
      expect(Number(payer.orders.find((o) => o.idempotencyKey === i.idempotencyKey)!.amount)).toBe(Number(period.amount));
    }
  });

  it('a return to work suspends and a return to childcare leave resumes, each once however often reported', async () => {
    const birth = uninsuredBirth(engine.dataset, '2025-09-26');
    const { caseId, handle } = await approvedChildcare(birth, 1_500);
    await until('2 periods', () => periodsOf(caseId), (p) => p.length >= 2);
    const event = (eventId: string, type: string, date: string) =>
      engine.submitLifeEvent({ eventId, type, source: 'employment-registry', subjectIin: birth.applicantIin, payload: { iin: birth.applicantIin, date } });
    // The same event twice, and the same fact under another event id (whichever of the two arrives first is the one recorded).
    await event(`${caseId}-work-1`, 'RETURNED_TO_WORK', '2026-03-02');
    await event(`${caseId}-work-1`, 'RETURNED_TO_WORK', '2026-03-02');
    await event(`${caseId}-work-2`, 'RETURNED_TO_WORK', '2026-03-02');
    await until('a suspended period', () => periodsOf(caseId), (p) => p.some((x) => x.status === 'SUSPENDED'));
    await event(`${caseId}-leave-1`, 'CHILDCARE_LEAVE_RESUMED', '2026-03-10');
    await event(`${caseId}-leave-1`, 'CHILDCARE_LEAVE_RESUMED', '2026-03-10');
    await event(`${caseId}-leave-2`, 'CHILDCARE_LEAVE_RESUMED', '2026-03-10');
    await until('resumed', () => changesOf(caseId), (c) => c.some((x) => x.kind === 'RESUMED'));
    const resumedAt = (await periodsOf(caseId)).length;
    await until('a period paid after the resumption', () => periodsOf(caseId), (p) => p.length > resumedAt + 1);
    await handle.signal(endEntitlementSignal, { reason: 'ENDED_BY_APPLICANT: the parent asked to stop the payment' });
    expect(((await handle.result()) as EntitlementWorkflowResult).status).toBe('ENDED');

    const changes = await changesOf(caseId);
    expect(changes.map((c) => c.kind)).toEqual(['STARTED', 'SUSPENDED', 'RESUMED', 'ENDED']);
    expect(changes[1]!.reason).toMatch(/^RETURNED_TO_WORK: the childcare payment stops while the parent is back at work; legal basis: Social Code .* article not identified \(UNVERIFIED: .*\); event .*-work-[12] from employment-registry of 2026-03-02$/);
    expect(changes[2]!.reason).toMatch(/^CHILDCARE_LEAVE_RESUMED: .*event .*-leave-[12] from employment-registry/);
    const periods = await periodsOf(caseId);
    const suspended = periods.filter((p) => p.status === 'SUSPENDED');
    expect(suspended.length).toBeGreaterThan(0);
    expect(suspended.every((p) => Number(p.amount) === 0 && p.indexation === null)).toBe(true);
    const paid = periods.filter((p) => p.status !== 'SUSPENDED');
    expect(paid.at(-1)!.seq).toBeGreaterThan(suspended.at(-1)!.seq);
    expect(await expectDeliveredOnce(caseId)).toHaveLength(paid.length);

    const events = await prisma().lifeEvent.findMany({ where: { eventId: { startsWith: caseId } }, orderBy: { eventId: 'asc' } });
    expect(events.map((e) => [e.eventId.slice(caseId.length), (e.routing as { outcome: string }).outcome])).toEqual([
      ['-leave-1', 'ROUTED'],
      ['-leave-2', 'ROUTED'],
      ['-work-1', 'ROUTED'],
      ['-work-2', 'ROUTED'],
    ]);
  });

  it('an employment event for a parent with no running entitlement is recorded and does nothing; bad input is refused with typed errors', async () => {
    const parent = uninsuredBirth(engine.dataset, '2025-11-02').applicantIin;
    await engine.submitLifeEvent({ eventId: `no-entitlement-${parent}`, type: 'RETURNED_TO_WORK', source: 'employment-registry', subjectIin: parent, payload: { iin: parent, date: '2026-03-01' } });
    const stored = await until('routed', () => prisma().lifeEvent.findUniqueOrThrow({ where: { eventId: `no-entitlement-${parent}` } }), (e) => e.routing !== null);
    expect(stored.routing).toEqual({ outcome: 'NO_ACTIVE_ENTITLEMENT', entitlements: [] });
    expect(await prisma().case.count({ where: { applicantIin: parent } })).toBe(0);

    const refused = async (payload: Record<string, unknown>) => {
      const e = await engine.submitLifeEvent({ eventId: `bad-${Math.random()}`, type: 'CHILDCARE_LEAVE_RESUMED', source: 'employment-registry', subjectIin: parent, payload }).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(QyzmetError);
      return { code: (e as QyzmetError).code, fields: (e as QyzmetError).fields.map((f) => `${f.field}:${f.code}`) };
    };
    expect(await refused({ iin: parent })).toEqual({ code: 'VALIDATION_FAILED', fields: ['payload.date:REQUIRED'] });
    expect(await refused({ iin: parent, date: '1 March' })).toEqual({ code: 'VALIDATION_FAILED', fields: ['payload.date:DATE'] });
    expect(await refused({ iin: parent, date: '2026-03-17' })).toEqual({ code: 'VALIDATION_FAILED', fields: ['payload.date:IN_FUTURE'] });
    expect(await refused({ iin: '000000000000', date: '2026-03-01' })).toMatchObject({ code: 'INVALID_IIN' });
  });

  it('a year the catalog has no MCI for is paid at the last one in force and marked PROVISIONAL (fixture catalog without 2026)', async () => {
    // A fixture version whose MCI stops at 2025 decides this case; the live catalog is not touched.
    await publishService(prisma(), childcareWithMci(90, mciUpTo(2025)), { status: 'PUBLISHED', allowUnverified: true });
    const birth = uninsuredBirth(engine.dataset, '2025-12-20'); // 2025-12 … 2027-05
    const { caseId, handle } = await approvedChildcare(birth, 500);
    await until('5 periods', () => periodsOf(caseId), (p) => p.length >= 5);
    await handle.signal(endEntitlementSignal, { reason: 'ENDED_BY_APPLICANT: enough periods for the test' });
    await handle.result();
    const periods = await periodsOf(caseId);
    const [december, ...later] = periods;
    expect(december!.period).toBe('2025-12');
    expect(december!.indexation).toMatchObject({ status: 'INDEXED', year: 2025, value: 3932 });
    expect(Number(december!.amount)).toBe(tiyn(birth.multiplier * 3932));
    for (const p of later) {
      expect(p.period.startsWith('2026-')).toBe(true);
      expect(Number(p.amount), p.period).toBe(tiyn(birth.multiplier * 3932));
      expect(p.indexation, p.period).toMatchObject({ status: 'PROVISIONAL', year: 2025, value: 3932, serviceVersion: 90 });
      expect((p.indexation as unknown as PeriodIndexation).note).toMatch(/no MCI in force on 2026-\d\d-01/);
    }
    const instructions = await expectDeliveredOnce(caseId);
    expect(instructions.filter((i) => i.indexation === 'PROVISIONAL')).toHaveLength(later.length);
  });
});
