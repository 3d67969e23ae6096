/**
 * Cases in the states the API tests need, made through the API itself where a front-end would
 * (startCase) and through the engine where only the world would (a registry outage).
 */
import { randomUUID } from 'node:crypto';
import { offerCaseId } from '../../../activities/offers.ts';
import { claimTaskUpdate, isLiveTask, isSettled, resolveTaskUpdate, type CaseLiveState } from '../../../workflows/messages.ts';
import { officers } from '../../support/engine.ts';
import { expectOk, type Harness, type Role } from './harness.ts';
import { OPEN_CITIZEN_OFFERS, START_CASE, SUBMIT_LIFE_EVENT } from '../../../api/client/operations.ts';
import { mintDevCitizenAssertion } from '../../../lib/auth/citizen-assertions.ts';
import { freshApplicants, type Application } from '../../support/fresh-applicants.ts';
import { uniqueEventId } from '../../support/event-ids.ts';

export type { Application } from '../../support/fresh-applicants.ts';

/**
 * Each read hands out an application no case of this harness asked for yet (the persona first):
 * an entitlement is granted once, so a second approval needs a second child.
 */
export function applications(h: Harness) {
  const fresh = freshApplicants(h.engine);
  return {
    /** Approved automatically (birth allowance, social-payments). */
    get autoApproved(): Application {
      return fresh.birth();
    },
    /** A large childcare total: four-eyes review (social-payments). */
    get fourEyes(): Application {
      return fresh.fourEyes();
    },
    /** Job-loss payment (employment); approved automatically unless its registry is down. */
    get jobLoss(): Application {
      return fresh.jobLoss();
    },
  };
}

export async function startCaseAs(h: Harness, role: Role | Record<string, string>, app: Application, extra: Record<string, unknown> = {}): Promise<string> {
  const data = expectOk(await h.gql(role, START_CASE, { input: { clientRequestId: `req-${randomUUID()}`, ...app, ...extra } }));
  const result = data.startCase as { __typename: string; case?: { caseId: string }; code?: string; detail?: string };
  if (result.__typename !== 'StartCasePayload') throw new Error(`startCase failed: ${result.code} ${result.detail}`);
  return result.case!.caseId;
}

/** Applications only: an offer's statuses (REFUSED, EXPIRED, NOT_OFFERED) never occur. */
export const settled = (s: CaseLiveState) => isSettled(s.status);
export const pendingReview = (s: CaseLiveState) => s.status === 'PENDING_REVIEW' && s.tasks.some(isLiveTask);

/** Births applied for by their mothers (a refusal heard within a second), each decided: an officer approves what the machine may not decide alone. */
export async function decidedBirths(h: Harness, births: { mother: string; childIin: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const b of births) ids.push(await startCaseAs(h, 'frontendA', { serviceCode: 'birth-allowance', applicantIin: b.mother, application: { childIin: b.childIin } }, { timing: { hearingWindowMs: 1000 } }));
  for (const id of ids) {
    const s = await h.engine.waitFor(id, (st) => settled(st) || pendingReview(st));
    const task = s.tasks.find((t) => t.status === 'OPEN');
    if (task) {
      await h.engine.update(id, claimTaskUpdate, { taskId: task.taskId, officer: officers.aigerim });
      await h.engine.update(id, resolveTaskUpdate, { taskId: task.taskId, officer: officers.aigerim, action: 'APPROVE', reason: 'account checked' });
    }
    await h.engine.result(id);
  }
  return ids;
}

/**
 * A case waiting for an officer; returns the case and its open task, as the read model shows them.
 * Its hearing window is short: an officer's DENY is a preliminary refusal that silence makes final
 * within a second, so a test that denies can wait for the signed refusal.
 */
export async function caseInReview(h: Harness, role: Role, app: Application, timing: Record<string, number> = { slaMs: 600_000, hearingWindowMs: 1000 }): Promise<{ caseId: string; taskId: string }> {
  const caseId = await startCaseAs(h, role, app, { timing });
  const state = await h.engine.waitFor(caseId, pendingReview);
  const taskId = state.tasks.find((t) => t.status === 'OPEN')!.taskId;
  await waitForRow(h, () => h.engine.db.prisma.task.findUnique({ where: { id: taskId } }));
  return { caseId, taskId };
}

/** An employment-department review: the employment registry is down while the case gathers evidence. */
export async function employmentCaseInReview(h: Harness, role: Role): Promise<{ caseId: string; taskId: string }> {
  h.engine.registry.setOutage('employment', true);
  try {
    return await caseInReview(h, role, applications(h).jobLoss, { slaMs: 600_000, hearingWindowMs: 1000, registryMaxAttempts: 1, registryRetryInitialIntervalMs: 10 });
  } finally {
    h.engine.registry.setOutage('employment', false);
  }
}

/**
 * Social-payments reviews with the rules' own amount, as many as a test needs: birth allowances
 * nobody asked for yet, gathered while the bank registry is down (fail-safe: with no verified
 * account an officer decides). The population has few four-eyes applicants; it has many births.
 */
export async function socialCasesInReview(h: Harness, role: Role, count: number): Promise<{ caseId: string; taskId: string }[]> {
  h.engine.registry.setOutage('bank', true);
  try {
    const apps = Array.from({ length: count }, () => applications(h).autoApproved);
    return await Promise.all(apps.map((app) => caseInReview(h, role, app, { slaMs: 600_000, hearingWindowMs: 1000, registryMaxAttempts: 1, registryRetryInitialIntervalMs: 10 })));
  } finally {
    h.engine.registry.setOutage('bank', false);
  }
}

export async function decidedCase(h: Harness, role: Role): Promise<string> {
  const caseId = await startCaseAs(h, role, applications(h).autoApproved);
  await h.engine.result(caseId);
  return caseId;
}

export async function waitForRow<T>(h: Harness, read: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await read();
    if (row) return row;
    if (Date.now() > deadline) throw new Error('row did not appear');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A registered birth reported by front-end A (the registry's channel here): the birth allowance is offered to the mother (a child no case asked for yet). */
/** What a citizen signed in at a front-end brings: an eGov assertion naming their IIN (the development IdP key). */
export async function citizenProof(h: Harness, iin: string, options: { ttlSeconds?: number; now?: Date } = {}): Promise<{ kind: 'EGOV_SUBJECT'; reference: string }> {
  return { kind: 'EGOV_SUBJECT', reference: await mintDevCitizenAssertion(h.config, iin, options) };
}

/** The citizen signs in at `role`'s front-end: their offers are delivered through it. */
export async function deliverOffers(h: Harness, role: Role | Record<string, string>, iin: string): Promise<string[]> {
  const result = expectOk(await h.gql(role, OPEN_CITIZEN_OFFERS, { proof: await citizenProof(h, iin) })).openCitizenOffers as { __typename: string; cases?: { caseId: string }[] };
  if (result.__typename !== 'OpenCitizenOffersPayload') throw new Error(JSON.stringify(result));
  return result.cases!.map((c) => c.caseId);
}

/**
 * A birth reported, its offer made to the mother and — unless `deliverThrough` is null — delivered
 * through front-end A, where the mother signed in (so A may read and answer it; `proof` is hers).
 */
export async function offeredCase(
  h: Harness,
  consentWindowMs = 600_000,
  deliverThrough: Role | null = 'frontendA',
): Promise<{ caseId: string; eventId: string; mother: { iin: string; childIin: string }; proof: { kind: 'EGOV_SUBJECT'; reference: string } }> {
  const childIin = String(freshApplicants(h.engine).birth().application.childIin);
  const birth = h.engine.dataset.births.get(childIin)!;
  const mother = { iin: birth.motherIin, childIin };
  const eventId = uniqueEventId('birth');
  const result = expectOk(
    await h.gql('frontendA', SUBMIT_LIFE_EVENT, {
      input: {
        eventId,
        type: 'BIRTH_REGISTERED',
        source: 'civil-registry',
        subjectIin: mother.childIin,
        payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: birth?.fatherIin ?? null, birthDate: birth?.birthDate },
        timing: { consentWindowMs },
      },
    }),
  );
  if ((result.submitLifeEvent as { __typename: string }).__typename !== 'SubmitLifeEventPayload') throw new Error(JSON.stringify(result));
  const caseId = offerCaseId(eventId, 'birth-allowance');
  await h.engine.waitFor(caseId, (s) => s.status === 'OFFERED');
  // The birth's one offer is sent once every case of the life event has reported its pre-check.
  await waitForRow(h, () => h.engine.db.prisma.offerBundle.findFirst({ where: { lifeEventId: eventId, status: 'OPEN' } }));
  if (deliverThrough) await deliverOffers(h, deliverThrough, mother.iin);
  return { caseId, eventId, mother, proof: await citizenProof(h, mother.iin) };
}
