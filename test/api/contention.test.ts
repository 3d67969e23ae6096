/**
 * Update contention on the real Temporal dev server, PostgreSQL read model: twenty officers act on
 * the same task at the same moment. Each one learns what happened to their own request — the
 * payload (it took effect) or a typed error (it did not: the task was taken, the case is closed,
 * the workflow is busy) — and never INTERNAL_SERVER_ERROR. Exactly one resolution wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM, RESOLVE } from '../../api/client/operations.ts';
import { applications, caseInReview, socialCasesInReview } from './support/fixtures.ts';
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

async function crowd(role: 'officer' | 'supervisor', send: (headers: Record<string, string>, i: number) => Promise<GqlResult>): Promise<GqlResult[]> {
  const headers = await Promise.all(
    Array.from({ length: OFFICERS }, async (_, i) => ({ authorization: `Bearer ${await h.token({ sub: `${role}-${i}`, roles: [role], department: 'social-payments' })}` })),
  );
  return Promise.all(headers.map((hd, i) => send(hd, i)));
}

describe(`${OFFICERS} officers on the same task at once`, () => {
  it('claim: one holds each task, every other gets a typed refusal, for several cases at once', async () => {
    const cases = await socialCasesInReview(h, 'frontendA', CASES.length);
    const all = await Promise.all(cases.map(async ({ taskId }) => (await crowd('officer', (hd) => h.gql(hd, CLAIM, { taskId }))).map((r) => outcome(r, 'claimTask'))));
    for (const answers of all) {
      expect(answers.filter((a) => a === 'TaskPayload'), JSON.stringify(answers)).toHaveLength(1);
      for (const a of answers) expect(a, JSON.stringify(answers)).toMatch(/^(TaskPayload|error:(INVALID_STATE|UNAVAILABLE))$/);
    }
  }, 120_000);

  it('resolve: one decision, every other answer a typed error, for several cases at once', async () => {
    const cases = await socialCasesInReview(h, 'frontendA', CASES.length);
    const all = await Promise.all(
      cases.map(async ({ caseId, taskId }) => {
        const answers = await crowd('supervisor', (hd, i) => h.gql(hd, RESOLVE, { input: { taskId, action: 'DENY', reason: `denied by supervisor ${i}` } }));
        return { caseId, answers: answers.map((r) => outcome(r, 'resolveTask')) };
      }),
    );
    for (const { caseId, answers } of all) {
      expect(answers.filter((a) => a === 'ResolveTaskPayload'), `${caseId}: ${JSON.stringify(answers)}`).toHaveLength(1);
      for (const a of answers) expect(a, JSON.stringify(answers)).toMatch(/^(ResolveTaskPayload|error:(INVALID_STATE|NOT_FOUND|UNAVAILABLE))$/);
      const decisions = await h.engine.db.prisma.decision.findMany({ where: { caseId } });
      expect(decisions).toHaveLength(1);
    }
  }, 120_000);
});
