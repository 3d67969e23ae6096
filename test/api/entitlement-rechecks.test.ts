/**
 * Scheduled re-checks of a large-family allowance on the real stack (Temporal, PostgreSQL, the API):
 * a child's 18th birthday re-evaluates the family with the evidence fetched again. A lower band is
 * heard first and, after a silent window, signed as a decision that supersedes the grant and pays
 * later periods at the lower amount; an ineligible family is heard, then ended; a child who turns
 * 18 in full-time education keeps counting, so nothing changes; an objection reaches an officer,
 * who decides with it in view. Families come from the population at large (fresh per engine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOLVE_TASK_LEAN, SUBMIT_OBJECTION } from '../../api/client/operations.ts';
import { familiesWithChildTurning18, type TurningFamily } from '../../registries/synthetic/large-families.ts';
import { entitlementIdOf, entitlementWorkflowId, recheckWorkflowId, type EntitlementWorkflowResult, type RecheckWorkflowResult } from '../../workflows/messages.ts';
import { until } from '../support/until.ts';
import { startCaseAs } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

const PERIOD_MS = 1_500;
const MCI_2026 = 4_325;

let h: Harness;
let families: TurningFamily[];
const taken = new Set<string>();
beforeAll(async () => {
  h = await startHarness({ kind: 'postgresql', populationHouseholds: 30_000 });
  // Birthdays within nine months of the reference date (2026-03-16): re-checks inside 2026, whose MCI the catalog holds.
  families = familiesWithChildTurning18(h.engine.dataset, 9);
}, 120_000);
afterAll(async () => h?.close());

/** A family nobody in this file used, counting `now` children today and `then` on the birthday (any lower band when `now` is null). */
function family(now: number | null, then: number | null): TurningFamily {
  const fits = (x: TurningFamily) => (now === null ? x.countedThen < x.countedNow && x.countedThen >= 4 : x.countedNow === now && x.countedThen === then);
  const f = families.find((x) => fits(x) && !taken.has(x.motherIin));
  if (!f) throw new Error(`the population has no fresh family counting ${now ?? 'n'} then ${then ?? 'fewer'}`);
  taken.add(f.motherIin);
  return f;
}

const prisma = () => h.engine.db.prisma;
const recheckOf = (caseId: string) => prisma().entitlementRecheck.findFirst({ where: { caseId } });
const periodsOf = (caseId: string) => prisma().entitlementPeriod.findMany({ where: { entitlementId: entitlementIdOf(caseId) }, orderBy: { seq: 'asc' } });

/**
 * The result of a workflow the case starts a moment after its decision (the entitlement, its
 * re-checks), waited for at most `timeoutMs`: a workflow that does not close fails the test with
 * what it is doing (its pending activities and their last failures, its last events), not a bare
 * test timeout.
 */
async function resultOf<T>(workflowId: string, timeoutMs = 120_000): Promise<T> {
  const handle = h.engine.client.workflow.getHandle(workflowId);
  await until(`${workflowId} started`, () => handle.describe().then(() => true, () => false), (ok) => ok, 30_000);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(async () => {
      const d = await handle.describe().catch((e: Error) => ({ error: e.message }));
      const raw = 'raw' in d ? d.raw : null;
      const pending = raw?.pendingActivities?.map((a) => ({ type: a.activityType?.name, attempt: a.attempt, lastFailure: a.lastFailure?.message })) ?? [];
      const events = (await handle.fetchHistory().catch(() => null))?.events?.slice(-12).map((e) => `${e.eventId} ${e.eventType}${e.workflowTaskFailedEventAttributes ? `: ${e.workflowTaskFailedEventAttributes.failure?.message}` : ''}`);
      fail(new Error(`${workflowId} did not close in ${timeoutMs} ms: ${JSON.stringify({ status: 'status' in d ? d.status.name : d, historyLength: 'historyLength' in d ? d.historyLength : null, pending, events })}`));
    }, timeoutMs);
  });
  try {
    return (await Promise.race([handle.result(), late])) as T;
  } finally {
    clearTimeout(timer);
  }
}

async function grant(f: TurningFamily, hearingWindowMs: number): Promise<string> {
  const caseId = await startCaseAs(h, 'frontendA', { serviceCode: 'large-family-allowance', applicantIin: f.motherIin, application: { confirmsCohabitation: true } }, { timing: { periodMs: PERIOD_MS, hearingWindowMs } });
  const c = await until('approval', () => prisma().case.findUniqueOrThrow({ where: { id: caseId } }), (c) => c.status === 'APPROVED' || c.status === 'DENIED' || c.status === 'PENDING_REVIEW', 60_000);
  expect(c.status).toBe('APPROVED');
  return caseId;
}

describe('re-checks of a large-family allowance', () => {
  it('a child turns 18 out of school: a preliminary decision, a silent window, then the 4-children band from the next period', async () => {
    const f = family(5, 4);
    const caseId = await grant(f, 1_000);
    expect(Number((await prisma().case.findUniqueOrThrow({ where: { id: caseId } })).amount)).toBeCloseTo(20.04 * MCI_2026, 2);

    const done = await until('recalculated', () => recheckOf(caseId), (r) => r?.status === 'RECALCULATED', 60_000);
    expect(done, JSON.stringify({ family: f, rechecks: await prisma().entitlementRecheck.findMany({ where: { caseId } }) })).toMatchObject({ outcome: 'LOWER', trigger: 'MILESTONE', key: `CHILD_TURNS_18-${f.turning.on}`, objection: null });
    expect(done!.hearingDueAt).not.toBeNull();
    expect(Number(done!.newAmount)).toBeCloseTo(16.03 * MCI_2026, 2);

    // The new decision references the grant it supersedes; the grant stays, marked superseded.
    const decisions = await prisma().decision.findMany({ where: { caseId }, orderBy: { decidedAt: 'asc' } });
    expect(decisions).toHaveLength(2);
    const [old, fresh] = decisions;
    expect(old!.supersededBy).toBe(fresh!.id);
    expect(fresh).toMatchObject({ replacesDecisionId: old!.id, outcome: 'APPROVED', supersededBy: null, id: done!.decisionId });
    expect(JSON.parse(fresh!.record).replaces).toMatchObject({ decisionId: old!.id, recheckId: done!.id });
    const verified = expectOk(await h.gql('officerSocial', 'query($id: ID!) { case(id: $id) { decision { id signatureValid amount } } }', { id: caseId })) as any;
    expect(verified.case.decision).toMatchObject({ signatureValid: true });

    // Heard first: the preliminary SMS with its grounds went out before the decision. The decision's
    // SMS leaves after its transaction commits, so it may follow the RECALCULATED row by a moment.
    const sms = await until('the decision told by SMS', () => prisma().notification.findMany({ where: { caseId, template: { startsWith: 'recheck-' } }, orderBy: { createdAt: 'asc' } }), (ns) => ns.length >= 2, 30_000);
    expect(sms.map((n) => n.template)).toEqual(['recheck-preliminary', 'recheck-recalculated']);
    expect(sms[0]!.body).toMatch(/4/);

    const change = await prisma().entitlementChange.findFirstOrThrow({ where: { entitlementId: entitlementIdOf(caseId), kind: 'RECALCULATED' } });
    expect(change.reason).toContain('Social Code');
    expect(change.reason).toContain(old!.id);

    // Earlier periods at the old amount, later ones at the new. The divide is the decision's commit, not
    // its decidedAt (the workflow's time, before the activity ran): a period recorded in between took the
    // schedule's lock first and was rightly paid at the old amount. The re-check row is written in the
    // decision's transaction after that lock, so its updatedAt falls after every period paid before the
    // decision and before every period paid after it.
    const committed = done!.updatedAt.getTime();
    const periods = await until('a period after the decision', () => periodsOf(caseId), (ps) => ps.some((p) => p.createdAt.getTime() > committed), 30_000);
    for (const p of periods) {
      const expected = p.createdAt.getTime() > committed ? 16.03 * MCI_2026 : 20.04 * MCI_2026;
      expect(Number(p.amount), `${p.period} recorded ${p.createdAt.toISOString()}, decision committed ${done!.updatedAt.toISOString()}`).toBeCloseTo(expected, 2);
    }
    const amounts = periods.map((p) => Number(p.amount));
    expect(amounts, 'one change of amount, from the old to the new').toEqual([...amounts].sort((a, b) => b - a));
    // A retried re-check changes nothing: its row is keyed by the milestone.
    expect(await prisma().entitlementRecheck.count({ where: { caseId } })).toBe(1);
  });

  it('a family of four loses a child to the age limit: heard, then the entitlement ends with a signed refusal naming its ground', async () => {
    const f = family(4, 3);
    const caseId = await grant(f, 1_000);
    const result = await resultOf<EntitlementWorkflowResult>(entitlementWorkflowId(caseId));
    expect(result.status).toBe('ENDED');
    const r = await recheckOf(caseId);
    expect(r).toMatchObject({ outcome: 'INELIGIBLE', status: 'ENDED', newAmount: null });
    const fresh = await prisma().decision.findUniqueOrThrow({ where: { id: r!.decisionId! } });
    expect(fresh).toMatchObject({ outcome: 'DENIED', grounds: expect.arrayContaining(['FEWER_THAN_FOUR_CHILDREN']) });
    const ended = await prisma().entitlementChange.findFirstOrThrow({ where: { entitlementId: entitlementIdOf(caseId), kind: 'ENDED' } });
    expect(ended.reason).toContain('LF-01');
    expect((await prisma().entitlementSchedule.findUniqueOrThrow({ where: { caseId } })).status).toBe('ENDED');
    // No period after the end: the decision's transaction stopped payment (the re-check row is written in it).
    const periods = await periodsOf(caseId);
    expect(periods.filter((p) => p.createdAt > r!.updatedAt)).toEqual([]);
  });

  it('a child who turns 18 in full-time education keeps counting: the re-check is recorded and nothing else changes', async () => {
    const f = families.find((x) => x.countedNow === x.countedThen && x.countedNow >= 4 && x.turning.studying && !taken.has(x.motherIin));
    if (!f) throw new Error('the population has no fresh family whose turning child studies');
    taken.add(f.motherIin);
    const caseId = await grant(f, 1_000);
    const amount = Number((await prisma().case.findUniqueOrThrow({ where: { id: caseId } })).amount);
    const result = await resultOf<RecheckWorkflowResult>(recheckWorkflowId(caseId));
    expect(result.rechecks, JSON.stringify({ family: f, rechecks: await prisma().entitlementRecheck.findMany({ where: { caseId } }) })).toEqual([{ recheckId: expect.stringContaining('CHILD_TURNS_18'), status: 'UNCHANGED' }]);
    expect(await recheckOf(caseId)).toMatchObject({ outcome: 'SAME', status: 'UNCHANGED', hearingDueAt: null, decisionId: null });
    expect(await prisma().decision.count({ where: { caseId } })).toBe(1);
    expect(await prisma().entitlementChange.count({ where: { entitlementId: entitlementIdOf(caseId), kind: 'RECALCULATED' } })).toBe(0);
    expect(await prisma().notification.count({ where: { caseId, template: { startsWith: 'recheck-' } } })).toBe(0);
    const periods = await until('two periods', () => periodsOf(caseId), (ps) => ps.length >= 2);
    for (const p of periods) expect(Number(p.amount)).toBeCloseTo(amount, 2);
  });

  it('an objection within the window reaches an officer, who keeps the amount with the objection in view', async () => {
    const f = family(null, null);
    const caseId = await grant(f, 120_000);
    await until('hearing', () => recheckOf(caseId), (r) => r?.status === 'HEARING', 60_000);
    const objected = expectOk(await h.gql('frontendA', SUBMIT_OBJECTION, { input: { caseId, text: 'My eldest enrolled at college in September; the certificate is attached.', documents: ['sha256-college-certificate'] } })) as any;
    expect(objected.submitObjection).toMatchObject({ __typename: 'CasePayload' });
    const again = expectOk(await h.gql('frontendA', SUBMIT_OBJECTION, { input: { caseId, text: 'and once more' } })) as any;
    expect(again.submitObjection).toMatchObject({ __typename: 'InvalidState' });

    const r = await until('officer task', () => recheckOf(caseId), (r) => r?.taskId !== null && r?.status === 'OBJECTED', 30_000);
    const task = await prisma().task.findUniqueOrThrow({ where: { id: r!.taskId! } });
    expect(task).toMatchObject({ kind: 'RECHECK_OBJECTION', status: 'OPEN', department: 'social-payments', role: 'officer', reasons: ['OBJECTION_SUBMITTED', 'RECHECK:LOWER'] });
    expect(r!.objection).toContain('college');

    const kept = expectOk(await h.gql('officerSocial', RESOLVE_TASK_LEAN, { input: { taskId: task.id, action: 'APPROVE', reason: 'College enrolment certificate: the child studies full-time', amount: Number(r!.currentAmount) } })) as any;
    expect(kept.resolveTask).toMatchObject({ __typename: 'ResolveTaskPayload', action: 'APPROVE' });
    expect(await recheckOf(caseId)).toMatchObject({ status: 'KEPT', decisionId: null });
    expect(await prisma().task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'COMPLETED', assignee: 'officer-aigerim' });
    expect(await prisma().decision.count({ where: { caseId } })).toBe(1);
    const schedule = await prisma().entitlementSchedule.findUniqueOrThrow({ where: { caseId } });
    expect(Number(schedule.amount)).toBeCloseTo(Number(r!.currentAmount), 2);
  });
});
