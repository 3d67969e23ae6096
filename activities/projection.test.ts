/**
 * The projection activity on both databases, for values that can never be written: PostgreSQL's
 * jsonb refuses a NUL (22P05) and canonical JSON a lone surrogate. Retrying cannot help, so the
 * activity fails non-retryably with InvalidData and the workflow sees it at once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../lib/db/client.ts';
import { DATABASE_KINDS, openTestDatabase } from '../test/support/database.ts';
import { FailureType } from '../workflows/messages.ts';
import { createProjectionActivities } from './projection.ts';

describe.each(DATABASE_KINDS)('projectStep on %s: data that can never be written', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());

  let n = 0;
  async function newCase(): Promise<string> {
    const id = `c-invalid-${kind}-${Date.now()}-${++n}`;
    await db.prisma.case.create({
      data: { id, workflowId: `case-${id}`, serviceCode: 'birth-allowance', department: 'social-payments', status: 'RECEIVED', origin: 'APPLICATION', applicantIin: '900101300123', application: {} },
    });
    return id;
  }
  const step = async (over: object) => ({ caseId: await newCase(), seq: 1, stepKey: '1:X', at: new Date().toISOString(), event: { type: 'X', data: {} }, ...over });

  it.each([
    ['a NUL in the event data (jsonb refuses it)', { event: { type: 'WITHDRAWN', data: { reason: 'bye\u0000' } } }],
    ['a lone surrogate in an audit detail (canonical JSON refuses it)', { event: { type: 'WITHDRAWN', data: {} }, audit: { actor: 'citizen', action: 'CASE_WITHDRAWN', details: { reason: 'bye \uD800' } } }],
  ])('%s fails non-retryably as InvalidData', async (_name, over) => {
    const e = await createProjectionActivities({ prisma: db.prisma })
      .projectStep((await step(over)) as never)
      .then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ApplicationFailure);
    expect(e).toMatchObject({ type: FailureType.InvalidData, nonRetryable: true });
  });
});

/**
 * Two workflow tasks writing one step: a local activity runs inside its workflow task, so a
 * workflow task that never committed may already have written step N (officer-18 claimed), and
 * its retry writes step N differently (officer-0's Update was accepted first this time). The
 * retry starts later in the history, so its write wins, whatever order the two arrive in.
 */
describe.each(DATABASE_KINDS)('projectStep on %s: a step written by a workflow task that never committed', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());

  let n = 0;
  async function caseWithTask(): Promise<{ caseId: string; taskId: string }> {
    const caseId = `c-race-${kind}-${Date.now()}-${++n}`;
    await db.prisma.case.create({
      data: { id: caseId, workflowId: `case-${caseId}`, serviceCode: 'birth-allowance', department: 'social-payments', status: 'IN_REVIEW', origin: 'APPLICATION', applicantIin: '900101300123', application: {} },
    });
    return { caseId, taskId: `${caseId}-review-1` };
  }
  const task = (taskId: string, assignee: string | null) => ({
    taskId,
    kind: 'REVIEW',
    status: assignee ? 'CLAIMED' : 'OPEN',
    department: 'social-payments',
    role: 'officer',
    assignee,
    reasons: [],
    dueAt: '2026-12-10T00:00:00.000Z',
    escalated: false,
    firstReviewer: null,
  });
  const claim = (caseId: string, taskId: string, officer: string, historyLength: number, at = '2026-12-01T10:00:00.000Z') =>
    ({
      caseId,
      seq: 2,
      stepKey: '2:TASK_CLAIMED',
      historyLength,
      at,
      event: { type: 'TASK_CLAIMED', data: { taskId } },
      task: task(taskId, officer),
      audit: { actor: officer, action: 'TASK_CLAIMED', details: { taskId } },
    }) as never;

  async function seen(caseId: string, taskId: string) {
    const t = await db.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    const events = await db.prisma.caseEvent.findMany({ where: { caseId, seq: 2 } });
    const audit = await db.prisma.auditEntry.findMany({ where: { stream: `case:${caseId}` }, orderBy: { id: 'asc' } });
    return { assignee: t.assignee, events: events.map((e) => e.historyLength), audit: audit.map((a) => [a.actor, (a.details as { replacesUncommittedStep?: number }).replacesUncommittedStep ?? null]) };
  }

  it('the later workflow task replaces the uncommitted write: task, timeline row, and a replacing audit entry', async () => {
    const { caseId, taskId } = await caseWithTask();
    const p = createProjectionActivities({ prisma: db.prisma });
    await p.projectStep({ caseId, seq: 1, stepKey: '1:TASK_OPENED', historyLength: 10, at: '2026-12-01T09:00:00.000Z', event: { type: 'TASK_OPENED', data: {} }, task: task(taskId, null) } as never);
    await p.projectStep(claim(caseId, taskId, 'officer-18', 20)); // the workflow task that timed out
    await p.projectStep(claim(caseId, taskId, 'officer-0', 23)); // its retry, which committed
    await p.projectStep(claim(caseId, taskId, 'officer-0', 23)); // a retry of the retry's activity: no change
    expect(await seen(caseId, taskId)).toEqual({ assignee: 'officer-0', events: [23], audit: [['officer-18', null], ['officer-0', 2]] });
  });

  it('a speculative workflow task that left no events (same history length) loses to the later one', async () => {
    const { caseId, taskId } = await caseWithTask();
    const p = createProjectionActivities({ prisma: db.prisma });
    await p.projectStep({ caseId, seq: 1, stepKey: '1:TASK_OPENED', historyLength: 10, at: '2026-12-01T09:00:00.000Z', event: { type: 'TASK_OPENED', data: {} }, task: task(taskId, null) } as never);
    await p.projectStep(claim(caseId, taskId, 'officer-3', 20, '2026-12-01T10:00:00.000Z'));
    await p.projectStep(claim(caseId, taskId, 'officer-10', 20, '2026-12-01T10:00:11.000Z'));
    await p.projectStep(claim(caseId, taskId, 'officer-3', 20, '2026-12-01T10:00:00.000Z')); // late retry of the lost write
    expect(await seen(caseId, taskId)).toEqual({ assignee: 'officer-10', events: [20], audit: [['officer-3', null], ['officer-10', 2]] });
  });

  it('a late write from the uncommitted workflow task changes nothing', async () => {
    const { caseId, taskId } = await caseWithTask();
    const p = createProjectionActivities({ prisma: db.prisma });
    await p.projectStep({ caseId, seq: 1, stepKey: '1:TASK_OPENED', historyLength: 10, at: '2026-12-01T09:00:00.000Z', event: { type: 'TASK_OPENED', data: {} }, task: task(taskId, null) } as never);
    await p.projectStep(claim(caseId, taskId, 'officer-0', 23));
    await p.projectStep(claim(caseId, taskId, 'officer-18', 20));
    expect(await seen(caseId, taskId)).toEqual({ assignee: 'officer-0', events: [23], audit: [['officer-0', null]] });
  });

  it('a different step at the same position (a withdrawal that lost) leaves no phantom timeline row, and the case takes the committed status', async () => {
    const { caseId, taskId } = await caseWithTask();
    const p = createProjectionActivities({ prisma: db.prisma });
    await p.projectStep({ caseId, seq: 2, stepKey: '2:WITHDRAWN', historyLength: 20, status: 'WITHDRAWN', at: '2026-12-01T10:00:00.000Z', event: { type: 'WITHDRAWN', data: {} } } as never);
    await p.projectStep({ ...(claim(caseId, taskId, 'officer-0', 23) as object), status: 'IN_REVIEW' } as never);
    const events = await db.prisma.caseEvent.findMany({ where: { caseId } });
    expect(events.map((e) => e.stepKey)).toEqual(['2:TASK_CLAIMED']);
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('IN_REVIEW');
  });
});
