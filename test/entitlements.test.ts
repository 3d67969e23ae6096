/**
 * One grant per entitlement, over GraphQL on the real stack (Temporal, PostgreSQL): a child's
 * birth allowance applied for by the mother, the father, through a second front-end and offered
 * proactively is approved once; ten applications at once are granted once; an open offer and an
 * application for the same child become one case; the database refuses a second claim even to two
 * transactions racing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerCaseId } from '../activities/offers.ts';
import { CASE, CLAIM, RESOLVE, START_CASE, SUBMIT_LIFE_EVENT } from '../api/client/operations.ts';
import { applicantCandidates } from '../registries/synthetic/applicants.ts';
import { EntitlementTaken, grantsOfPerson, takeClaim } from '../services/entitlement-store.ts';
import { isLiveTask, isSettled, type CaseLiveState } from '../workflows/messages.ts';
import { expectOk, startHarness, type Harness, type Role } from './api/support/harness.ts';
import { uniqueEventId } from './support/event-ids.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ kind: 'postgresql' });
}, 120_000);
afterAll(async () => h?.close());

type StartResult = { __typename: string; code?: string; detail?: string; earlierCaseId?: string; case?: { caseId: string } };

async function apply(role: Role, serviceCode: string, applicantIin: string, application: Record<string, unknown>): Promise<StartResult> {
  // A refusal is heard first; a short hearing window lets silence make it final within a second.
  const input = { clientRequestId: `req-${randomUUID()}`, serviceCode, applicantIin, application, timing: { hearingWindowMs: 1000 } };
  return expectOk(await h.gql(role, START_CASE, { input })).startCase as StartResult;
}

const caseIdOf = (r: StartResult): string => {
  if (r.__typename !== 'StartCasePayload') throw new Error(`expected a case, got ${JSON.stringify(r)}`);
  return r.case!.caseId;
};

/** APPROVED decisions of a service for one child, whatever case, channel or applicant. */
async function approvedForChild(serviceCode: string, childIin: string): Promise<string[]> {
  const rows = await h.engine.db.prisma.$queryRawUnsafe<{ caseId: string }[]>(
    `SELECT d."caseId" FROM "Decision" d JOIN "Case" c ON c."id" = d."caseId"
     WHERE c."serviceCode" = $1 AND c."application"->>'childIin' = $2 AND d."outcome" = 'APPROVED'`,
    serviceCode,
    childIin,
  );
  return rows.map((r) => r.caseId);
}

const settledOrInReview = (s: CaseLiveState) => isSettled(s.status) || (s.status === 'PENDING_REVIEW' && s.tasks.some(isLiveTask));

async function birthEvent(child: string, mother: string) {
  const birth = h.engine.dataset.births.get(child)!;
  const eventId = uniqueEventId('birth');
  const input = {
    eventId,
    type: 'BIRTH_REGISTERED',
    source: 'civil-registry',
    subjectIin: child,
    payload: { childIin: child, motherIin: mother, fatherIin: birth.fatherIin, birthDate: birth.birthDate },
    timing: { consentWindowMs: 600_000 },
  };
  const result = expectOk(await h.gql('frontendA', SUBMIT_LIFE_EVENT, { input })).submitLifeEvent as { __typename: string };
  expect(result.__typename).toBe('SubmitLifeEventPayload');
  return offerCaseId(eventId, 'birth-allowance');
}

describe('the birth allowance for one child is granted once', () => {
  it('mother, father, a second front-end and the proactive offer: one APPROVED decision, the others refused naming it', async () => {
    const { iin: mother, childIin, spouseIin: father } = h.engine.dataset.personas.newbornMother;
    const child = childIin!;

    const first = caseIdOf(await apply('frontendA', 'birth-allowance', mother, { childIin: child }));
    expect(await h.engine.result(first)).toMatchObject({ status: 'APPROVED' });

    const byFather = await apply('frontendB', 'birth-allowance', father!, { childIin: child });
    const bySecondFrontEnd = await apply('frontendB', 'birth-allowance', mother, { childIin: child });
    for (const refused of [byFather, bySecondFrontEnd]) {
      expect(refused).toMatchObject({ __typename: 'DuplicateEntitlement', code: 'DUPLICATE_ENTITLEMENT', earlierCaseId: first });
      expect(refused.detail).toContain(first);
    }

    // The registry reports the birth afterwards: the offer is not made (the precheck finds the grant).
    const offer = await birthEvent(child, mother);
    await h.engine.waitFor(offer, (st) => isSettled(st.status));
    expect(await h.engine.result(offer)).toMatchObject({ status: 'NOT_OFFERED' });
    const precheck = await h.engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId: offer, purpose: 'PRECHECK' } });
    expect(precheck.result).toMatchObject({ outcome: 'INELIGIBLE', failedRules: expect.arrayContaining(['DUPLICATE_ENTITLEMENT']), entitlement: { status: 'GRANTED', caseId: first } });

    expect(await approvedForChild('birth-allowance', child)).toEqual([first]);
    expect(await h.engine.db.prisma.case.count({ where: { serviceCode: 'birth-allowance', application: { path: ['childIin'], equals: child } } })).toBe(2);
  });

  it('an open offer and the mother’s own application become one case: the offer closes, naming the application', async () => {
    const twins = h.engine.dataset.personas.twinsMother;
    const child = twins.childIins![0]!;
    const offer = await birthEvent(child, twins.iin);
    await h.engine.waitFor(offer, (s) => s.status === 'OFFERED');

    const application = caseIdOf(await apply('frontendA', 'birth-allowance', twins.iin, { childIin: child }));
    expect(await h.engine.result(offer)).toMatchObject({ status: 'WITHDRAWN' });
    const withdrawn = await h.engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: offer, type: 'WITHDRAWN' } });
    expect(JSON.stringify(withdrawn.data)).toContain(application);
    expect(await h.engine.result(application)).toMatchObject({ status: 'APPROVED' });
    expect(await approvedForChild('birth-allowance', child)).toEqual([application]);
  });

  it('an open offer to the mother and the father’s own application become one case: the offer closes naming his, he is granted once', async () => {
    const ds = h.engine.dataset;
    const candidates = applicantCandidates(ds).birth.slice(1).reverse();
    const birth = candidates
      .map((c) => ds.births.get(String(c.application.childIin))!)
      .find((b) => b.fatherIin && ds.bankAccounts.get(b.fatherIin)?.verified === true && !(ds.persons.get(b.fatherIin) as { deceased?: boolean } | undefined)?.deceased)!;
    expect(birth).toBeDefined();
    const offer = await birthEvent(birth.childIin, birth.motherIin);
    await h.engine.waitFor(offer, (s) => s.status === 'OFFERED');

    const byFather = caseIdOf(await apply('frontendB', 'birth-allowance', birth.fatherIin!, { childIin: birth.childIin }));
    expect(await h.engine.result(offer)).toMatchObject({ status: 'WITHDRAWN' });
    const withdrawn = await h.engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId: offer, type: 'WITHDRAWN' } });
    expect(JSON.stringify(withdrawn.data)).toContain(byFather);
    expect(await h.engine.result(byFather)).toMatchObject({ status: 'APPROVED' });
    expect(await approvedForChild('birth-allowance', birth.childIin)).toEqual([byFather]);
    // The mother applying afterwards is refused, naming the father's grant.
    expect(await apply('frontendA', 'birth-allowance', birth.motherIin, { childIin: birth.childIin })).toMatchObject({ __typename: 'DuplicateEntitlement', earlierCaseId: byFather });
  });

  it('ten applications at once for one child: one grant; the others go to an officer naming the first or are refused, and an officer’s approval cannot pay twice', async () => {
    const twins = h.engine.dataset.personas.twinsMother;
    const child = twins.childIins![1]!;
    const applicants: [Role, string][] = Array.from({ length: 10 }, (_, i) => [i % 2 ? 'frontendB' : 'frontendA', i % 3 ? twins.iin : twins.spouseIin!]);
    const results = await Promise.all(applicants.map(([role, iin]) => apply(role, 'birth-allowance', iin, { childIin: child })));
    const started = results.filter((r) => r.__typename === 'StartCasePayload').map(caseIdOf);
    expect(results.every((r) => r.__typename === 'StartCasePayload' || r.__typename === 'DuplicateEntitlement')).toBe(true);

    const states = await Promise.all(started.map((id) => h.engine.waitFor(id, settledOrInReview, 60_000)));
    const approved = await approvedForChild('birth-allowance', child);
    expect(approved).toHaveLength(1);
    const [winner] = approved;
    for (const s of states.filter((st) => st.caseId !== winner)) {
      if (s.status === 'PENDING_REVIEW') expect(s.escalationReasons.some((r) => r.startsWith('ENTITLEMENT_PENDING:'))).toBe(true);
      else expect(s.status).toBe('DENIED');
    }

    // An officer approves every case left in review: each approval becomes a refusal naming the grant.
    const inReview = states.filter((s) => s.status === 'PENDING_REVIEW');
    for (const s of inReview) {
      const taskId = s.tasks.find(isLiveTask)!.taskId;
      await waitForTask(taskId);
      expect((expectOk(await h.gql('officerSocial', CLAIM, { taskId })).claimTask as { __typename: string }).__typename).toBe('TaskPayload');
      const resolved = expectOk(await h.gql('officerSocial', RESOLVE, { input: { taskId, action: 'APPROVE', reason: 'documents checked' } })).resolveTask as { decision: { outcome: string } | null };
      expect(resolved.decision).toMatchObject({ outcome: 'DENIED' });
      const record = JSON.parse((await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId: s.caseId } })).record);
      expect(record).toMatchObject({ outcome: 'DENIED', failedRules: expect.arrayContaining(['DUPLICATE_ENTITLEMENT']), entitlement: { grantedIn: { caseId: winner } } });
      expect(record.entitlement.approvalRefused).toMatchObject({ kind: 'OFFICER', officerId: 'officer-aigerim' });
      await h.engine.result(s.caseId);
      const told = await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId: s.caseId, template: 'denied' } });
      expect(told.body).toContain(winner); // the citizen learns which case holds the grant
    }
    expect(await approvedForChild('birth-allowance', child)).toEqual([winner]);
    const decided = await h.engine.db.prisma.decision.groupBy({ by: ['outcome'], where: { case: { application: { path: ['childIin'], equals: child } } }, _count: true });
    console.log(`ten applications for one child: ${started.length} accepted, ${results.length - started.length} refused at intake; decisions ${JSON.stringify(decided.map((d) => [d.outcome, d._count]))}; ${inReview.length} approved by an officer and refused`);
  });
});

async function waitForTask(taskId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await h.engine.db.prisma.task.findUnique({ where: { id: taskId } }))) {
    if (Date.now() > deadline) throw new Error(`task ${taskId} not projected`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('other services', () => {
  it('job loss: the same applicant and job-loss date are granted once', async () => {
    const p = h.engine.dataset.personas.recentlyLaidOff;
    const jobLossDate = (h.engine.dataset.employment.get(p.iin) as { jobLossDate: string }).jobLossDate;
    const first = caseIdOf(await apply('frontendA', 'job-loss-payment', p.iin, { jobLossDate }));
    expect(await h.engine.result(first)).toMatchObject({ status: 'APPROVED' });
    expect(await apply('frontendB', 'job-loss-payment', p.iin, { jobLossDate })).toMatchObject({ __typename: 'DuplicateEntitlement', earlierCaseId: first });
  });

  it('childcare: one grant per child whichever parent applies', async () => {
    const p = h.engine.dataset.personas.newbornMother;
    const first = caseIdOf(await apply('frontendA', 'childcare-allowance', p.iin, { childIin: p.childIin }));
    const state = await h.engine.waitFor(first, settledOrInReview, 60_000);
    if (state.status !== 'APPROVED') return expect.fail(`the mother's childcare case ended ${state.status} (${state.escalationReasons.join(', ')})`);
    expect(await apply('frontendB', 'childcare-allowance', p.spouseIin!, { childIin: p.childIin })).toMatchObject({ __typename: 'DuplicateEntitlement', earlierCaseId: first });
  });

  it('large family: the other parent cannot be granted the same children; the case refuses naming the grant', async () => {
    const p = h.engine.dataset.personas.fourthChildMother;
    const first = caseIdOf(await apply('frontendA', 'large-family-allowance', p.iin, { confirmsCohabitation: true }));
    const state = await h.engine.waitFor(first, settledOrInReview, 60_000);
    if (state.status !== 'APPROVED') return expect.fail(`the mother's large-family case ended ${state.status} (${state.escalationReasons.join(', ')})`);
    // The children are the registry's answer: known inside the case, not at intake.
    const second = caseIdOf(await apply('frontendB', 'large-family-allowance', p.spouseIin!, { confirmsCohabitation: true }));
    expect(await h.engine.result(second)).toMatchObject({ status: 'DENIED' });
    const view = expectOk(await h.gql('officerSocial', CASE, { id: second })).case as { explanation: { failedRules: string[] }; decision: { record: string } };
    expect(view.explanation.failedRules).toContain('DUPLICATE_ENTITLEMENT');
    expect(JSON.parse(view.decision.record).entitlement).toMatchObject({ scope: 'large-family', grantedIn: { caseId: first } });
    expect((await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId: second, template: 'denied' } })).body).toContain(first);
    const claims = await h.engine.db.prisma.entitlementClaim.findMany({ where: { scope: 'large-family', caseId: first } });
    expect(claims.length).toBeGreaterThanOrEqual(4);
    expect(claims.every((c) => c.validUntil !== null)).toBe(true);
  });
});

describe('the claim in the database', () => {
  it('two transactions taking one key at once: one holds it, the other is refused naming it', async () => {
    const prisma = h.engine.db.prisma;
    const key = `race-${randomUUID()}`;
    const attempt = (caseId: string) =>
      prisma.$transaction(async (tx) => {
        await takeClaim(tx, { scope: 'test-scope', keys: [key], caseId, decisionId: `dec_${caseId}`, serviceCode: 'birth-allowance', validFrom: '2026-03-01', validUntil: null, claimedAt: new Date() });
        await new Promise((r) => setTimeout(r, 300)); // both inserts are in flight before either commits
        return caseId;
      });
    const outcomes = await Promise.allSettled([attempt('case-a'), attempt('case-b')]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(EntitlementTaken);
    expect((lost[0]!.reason as EntitlementTaken).grant.caseId).toBe((won[0] as PromiseFulfilledResult<string>).value);
    expect(await prisma.entitlementClaim.count({ where: { scope: 'test-scope', key } })).toBe(1);
  });

  it('a key held for a period is free again after it: the next grant takes it over', async () => {
    const prisma = h.engine.db.prisma;
    const key = `period-${randomUUID()}`;
    const claim = (caseId: string, validFrom: string, validUntil: string) =>
      prisma.$transaction((tx) => takeClaim(tx, { scope: 'test-period', keys: [key], caseId, decisionId: `dec_${caseId}`, serviceCode: 'large-family-allowance', validFrom, validUntil, claimedAt: new Date() }));
    await claim('case-2025', '2025-01-10', '2026-01-09');
    await expect(claim('case-overlap', '2025-06-01', '2026-05-31')).rejects.toBeInstanceOf(EntitlementTaken);
    await claim('case-2026', '2026-01-10', '2027-01-09');
    expect(await prisma.entitlementClaim.findUniqueOrThrow({ where: { scope_key: { scope: 'test-period', key } } })).toMatchObject({ caseId: 'case-2026' });
  });

  it('benefits.granted: a person’s grants, as applicant or as the child a grant covers', async () => {
    const { iin: mother, childIin } = h.engine.dataset.personas.newbornMother;
    const asMother = await grantsOfPerson(h.engine.db.prisma, mother);
    expect(asMother.map((g) => g.scope)).toEqual(expect.arrayContaining(['birth-allowance']));
    const asChild = await grantsOfPerson(h.engine.db.prisma, childIin!);
    expect(asChild.find((g) => g.scope === 'birth-allowance')).toMatchObject({ key: childIin, applicantIin: mother, amount: expect.any(Number) });
  });
});
