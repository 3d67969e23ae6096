/**
 * Update contention on the real Temporal dev server, PostgreSQL read model: twenty officers act on
 * the same task at the same moment. Each one learns what happened to their own request — the
 * payload (it took effect) or a typed error (it did not: the task was taken, the case is closed,
 * the workflow is busy) — and never INTERNAL_SERVER_ERROR. Exactly one resolution wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM, RESOLVE } from '../../api/client/operations.ts';
import { applications, caseInReview, socialCasesInReview, waitForRow } from './support/fixtures.ts';
import { startHarness, type GqlResult, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ kind: 'postgresql' });
}, 120_000);
afterAll(async () => h?.close());

const OFFICERS = 20;
/** Several tasks at once: the races are timing-dependent, more of them make each one likely. */
const CASES = [0, 1, 2, 3, 4, 5];

/** The outcome of one answer: the payload's typename, or the typed error's code. */
function outcome(r: GqlResult, field: string): string {
  if (r.body.errors?.length) return `error:${String(r.body.errors[0]!.extensions?.code)}`;
  const value = r.body.data?.[field] as { __typename: string; code?: string } | undefined;
  return value?.code ? `error:${value.code}` : String(value?.__typename);
}

/**
 * A crowd that behaves as real clients do: those told UNAVAILABLE ("not now, nothing or maybe
 * something took effect — read before repeating") read the case and, while nobody has won yet,
 * try again, a bounded number of rounds. On an idle machine the first round decides; on a loaded
 * one the database pool or Temporal may turn a whole round away, which is a typed answer too.
 */
async function rounds(
  send: (i: number) => Promise<string>,
  settled: () => Promise<boolean>,
  isWin: (a: string) => boolean,
): Promise<{ answers: string[][]; winners: number[] }> {
  const answers: string[][] = [];
  let pending = Array.from({ length: OFFICERS }, (_, i) => i);
  for (let round = 0; round < 6 && pending.length > 0; round++) {
    const got = await Promise.all(pending.map(async (i) => [i, await send(i)] as const));
    answers.push(got.map(([, a]) => a));
    // Wait until the workflow has settled what this round set in motion (an Update past the
    // API's deadline may still land), then only those turned away retry, and only if nobody won.
    const deadline = Date.now() + 60_000;
    while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (await settled()) break;
    pending = got.filter(([, a]) => a === 'error:UNAVAILABLE').map(([i]) => i);
  }
  const winners = answers.flat().filter(isWin).map((_, k) => k);
  return { answers, winners };
}

/**
 * The workflow's own state. A Query that a loaded worker does not answer in time, or that the
 * server refuses while a timed-out workflow task is retried, is asked again for up to two minutes.
 */
async function liveState(caseId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return await h.engine.state(caseId);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

describe(`${OFFICERS} officers on the same task at once`, () => {
  it('claim: one holds each task, every other gets a typed refusal, for several cases at once', async () => {
    const cases = await socialCasesInReview(h, 'frontendA', CASES.length);
    const tokens = await Promise.all(Array.from({ length: OFFICERS }, (_, i) => h.token({ sub: `officer-${i}`, roles: ['officer'], department: 'social-payments' })));
    await Promise.all(
      cases.map(async ({ caseId, taskId }) => {
        const holder = async () => (await liveState(caseId)).tasks.find((t) => t.taskId === taskId)?.assignee ?? null;
        const { answers, winners } = await rounds(
          async (i) => outcome(await h.gql({ authorization: `Bearer ${tokens[i]}` }, CLAIM, { taskId }), 'claimTask'),
          async () => (await holder()) !== null,
          (a) => a === 'TaskPayload',
        );
        const flat = answers.flat();
        for (const a of flat) expect(a, JSON.stringify(answers)).toMatch(/^(TaskPayload|error:(INVALID_STATE|UNAVAILABLE))$/);
        // One officer holds the task; at most one was told so (under load the winner may have
        // heard UNAVAILABLE, and read the task to learn it).
        expect(await holder(), JSON.stringify(answers)).toMatch(/^officer-\d+$/);
        expect(winners.length, JSON.stringify(answers)).toBeLessThanOrEqual(1);
        if (winners.length === 0) expect(flat, JSON.stringify(answers)).toContain('error:UNAVAILABLE');
        // The read model converges on the workflow's holder, even when a workflow task that never
        // committed wrote another officer's claim first (activities/projection.ts).
        const committed = await holder();
        await waitForRow(h, () => h.engine.db.prisma.task.findFirst({ where: { id: taskId, status: 'CLAIMED', assignee: committed } }), 120_000).catch(async () => {
          // Diverged: print what each side holds, so the failure names its cause.
          const row = await h.engine.db.prisma.task.findUnique({ where: { id: taskId } });
          const events = await h.engine.db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
          const history = await h.engine.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
          const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
          console.log('diverged: task', text(row));
          console.log('diverged: events', text(events.map((e) => [e.seq, e.stepKey, e.historyLength, e.at, e.data])));
          console.log('diverged: history', text(history.events?.map((e) => [String(e.eventId), e.eventType, String(e.eventTime?.seconds ?? '')])));
          console.log('diverged: answers', text(answers));
          expect(row?.assignee, `the read model names another holder than the workflow (${committed})`).toBe(committed);
        });
      }),
    );
  }, 600_000);

  it('resolve: one decision, every other answer a typed error, for several cases at once', async () => {
    const cases = await socialCasesInReview(h, 'frontendA', CASES.length);
    const tokens = await Promise.all(Array.from({ length: OFFICERS }, (_, i) => h.token({ sub: `supervisor-${i}`, roles: ['supervisor'], department: 'social-payments' })));
    await Promise.all(
      cases.map(async ({ caseId, taskId }) => {
        const decided = async () => (await liveState(caseId)).status === 'DENIED';
        const { answers, winners } = await rounds(
          async (i) => outcome(await h.gql({ authorization: `Bearer ${tokens[i]}` }, RESOLVE, { input: { taskId, action: 'DENY', reason: `denied by supervisor ${i}`, grounds: ['NOT_PARENT_OF_CHILD'] } }), 'resolveTask'),
          decided,
          (a) => a === 'ResolveTaskPayload',
        );
        const flat = answers.flat();
        for (const a of flat) expect(a, JSON.stringify(answers)).toMatch(/^(ResolveTaskPayload|error:(INVALID_STATE|NOT_FOUND|UNAVAILABLE))$/);
        expect(winners.length, `${caseId}: ${JSON.stringify(answers)}`).toBeLessThanOrEqual(1);
        if (winners.length === 0) expect(flat, JSON.stringify(answers)).toContain('error:UNAVAILABLE');
        // Exactly one signed decision, whoever heard what.
        const decision = await waitForRow(h, () => h.engine.db.prisma.decision.findFirst({ where: { caseId } }), 120_000);
        expect(decision.outcome).toBe('DENIED');
        expect(await h.engine.db.prisma.decision.count({ where: { caseId } })).toBe(1);
      }),
    );
  }, 600_000);
});
