/**
 * `caseUpdated` over server-sent events through `yoga.fetch`, on both databases: PGlite delivers
 * NOTIFY in-process, PostgreSQL through the API's dedicated LISTEN connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/database.ts';
import { applications, caseInReview } from './support/fixtures.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';
import { CASE_UPDATED, CLAIM, RESOLVE } from '../../api/client/operations.ts';
import { subscribe } from './support/sse.ts';

describe.each(DATABASE_KINDS)('caseUpdated on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
  });
  afterAll(async () => h?.close());

  it('sends the case, then every change, and ends when the case is decided', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const stream = await subscribe(h, h.credentials.frontendA, CASE_UPDATED, { caseId });
    expect(stream.status).toBe(200);
    const first = await stream.next();
    expect(first?.data?.caseUpdated).toMatchObject({ caseId, status: 'PENDING_REVIEW' });

    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    const claimed = await stream.next();
    expect(claimed?.data?.caseUpdated).toMatchObject({ caseId, status: 'PENDING_REVIEW' });
    expect(Date.parse(claimed!.data!.caseUpdated.updatedAt)).toBeGreaterThan(Date.parse(first!.data!.caseUpdated.updatedAt));

    expectOk(await h.gql('officerSocial', RESOLVE, { input: { taskId, action: 'DENY', reason: 'not eligible', grounds: ['NOT_PARENT_OF_CHILD'] } }));
    const statuses: string[] = [];
    for (let e = await stream.next(); e; e = await stream.next()) statuses.push(e.data!.caseUpdated.status);
    expect(statuses.at(-1)).toBe('DENIED');
  });

  it("carries each event's tasks and decision as they are then, not as they were when it began", async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const query = `subscription($caseId: ID!) { caseUpdated(caseId: $caseId) { status openTasks { taskId status assignee } decision { outcome } } }`;
    const stream = await subscribe(h, h.credentials.supervisorSocial, query, { caseId });
    const first = await stream.next();
    expect(first?.data?.caseUpdated).toMatchObject({ openTasks: [{ taskId, status: 'OPEN', assignee: null }], decision: null });
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    const claimed = await stream.next();
    expect(claimed?.data?.caseUpdated.openTasks).toEqual([{ taskId, status: 'CLAIMED', assignee: 'officer-aigerim' }]);
    expectOk(await h.gql('officerSocial', RESOLVE, { input: { taskId, action: 'DENY', reason: 'not eligible', grounds: ['NOT_PARENT_OF_CHILD'] } }));
    let last = claimed;
    for (let e = await stream.next(); e; e = await stream.next()) last = e;
    expect(last?.data?.caseUpdated).toMatchObject({ status: 'DENIED', openTasks: [], decision: { outcome: 'DENIED' } });
  });

  it('refuses another client the case (FORBIDDEN, audited) and anonymous callers (UNAUTHENTICATED)', async () => {
    const { caseId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const other = await subscribe(h, h.credentials.frontendB, CASE_UPDATED, { caseId });
    const refusal = await other.next();
    expect(refusal?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await other.next()).toBeNull();
    const nobody = await subscribe(h, {}, CASE_UPDATED, { caseId });
    expect((await nobody.next())?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const denial = await h.engine.db.prisma.auditEntry.findFirst({ where: { stream: 'security', actor: `api-key:${h.apiKeys.frontendB.id}` }, orderBy: { seq: 'desc' } });
    expect(denial?.details).toMatchObject({ code: 'FORBIDDEN', operation: 'Subscription.caseUpdated', target: { caseId } });
  });

  it('stops following when the client goes away', async () => {
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    const stream = await subscribe(h, h.credentials.supervisorSocial, CASE_UPDATED, { caseId });
    expect((await stream.next())?.data?.caseUpdated.caseId).toBe(caseId);
    expect(h.caseUpdates.subscriberCount).toBe(1);
    await stream.cancel();
    await expect.poll(() => h.caseUpdates.subscriberCount, { timeout: 5000 }).toBe(0);
    // The case keeps moving; nothing was left waiting for it.
    expectOk(await h.gql('officerSocial', CLAIM, { taskId }));
    expect(h.caseUpdates.subscriberCount).toBe(0);
  });
});
