/**
 * Escalation that never ends in silence, on the real stack: a review task whose officers and then
 * supervisors let their SLAs pass (short overrides) climbs to the head of department; a staff
 * notification is recorded at each step (new task, overdue, escalated); the head finds the task
 * with tasks(filter: ESCALATED_TO_ME), reads the notifications with staffNotifications, and may act.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffNotificationActivities } from '../../activities/staff-notifications.ts';
import { syncStaff } from '../../api/staff/directory.ts';
import { eventTypeName, markerInfo } from '../../lib/temporal/history/events.ts';
import { historyToJson } from '../../lib/temporal/history/json.ts';
import { PATCH } from '../../workflows/case/patches.ts';
import { PATCH_GENERATIONS } from '../../workflows/patch-generations.ts';
import { caseWorkflowId, claimTaskUpdate, type Officer } from '../../workflows/messages.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

const HEAD: Officer = { id: 'head-gulnara', department: 'employment', roles: ['head'] };
const SUPERVISOR: Officer = { id: 'supervisor-yerlan', department: 'employment', roles: ['supervisor'] };

const ESCALATED = /* GraphQL */ `
  query { tasks(filter: ESCALATED_TO_ME, first: 50) { edges { node { taskId role department escalated status } } } }
`;
const NOTIFICATIONS = /* GraphQL */ `
  query { staffNotifications(first: 50) { edges { node { taskId event department role level status channel recipients subject } } } }
`;

let h: Harness;
let caseId: string;
let taskId: string;
let headAuth: Record<string, string>;
let supervisorAuth: Record<string, string>;

beforeAll(async () => {
  h = await startHarness();
  await syncStaff(
    h.engine.db.prisma,
    [
      { id: HEAD.id, department: 'employment', roles: ['head'], displayName: 'Gulnara', email: 'gulnara@employment.example' },
      { id: SUPERVISOR.id, department: 'employment', roles: ['supervisor'] },
      { id: 'officer-dana', department: 'employment', roles: ['officer'] },
    ],
    { deactivateOthers: false },
  );
  headAuth = { authorization: `Bearer ${await h.token({ sub: HEAD.id, roles: ['head'], department: 'employment' })}` };
  supervisorAuth = { authorization: `Bearer ${await h.token({ sub: SUPERVISOR.id, roles: ['supervisor'], department: 'employment' })}` };
  const p = h.engine.dataset.personas.notFoundEmployment;
  // No employment record: the job-loss payment goes to an officer. Officers and supervisors get 1.5 s each.
  caseId = await h.engine.startCase({
    serviceCode: 'job-loss-payment',
    applicantIin: p.iin,
    application: { jobLossDate: '2026-02-20' },
    timing: { slaMs: 1500, supervisorSlaMs: 1500, headSlaMs: 600_000 },
  });
  const atHead = await h.engine.waitFor(caseId, (s) => s.tasks.some((t) => t.role === 'head'), 40_000);
  taskId = atHead.tasks[0]!.taskId;
});
afterAll(async () => h?.close());

async function notificationsOf(task: string, count: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = await h.engine.db.prisma.staffNotification.findMany({ where: { taskId: task }, orderBy: { createdAt: 'asc' } });
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the escalation chain', () => {
  it('moves the task officer → supervisor → head, recording a staff notification at each step', async () => {
    const rows = await notificationsOf(taskId, 5);
    expect(rows.map((r) => [r.event, r.role, r.level])).toEqual([
      ['TASK_OPENED', 'officer', 0],
      ['TASK_OVERDUE', 'officer', 0],
      ['TASK_ESCALATED', 'supervisor', 1],
      ['TASK_OVERDUE', 'supervisor', 1],
      ['TASK_ESCALATED', 'head', 2],
    ]);
    for (const r of rows) expect(r).toMatchObject({ department: 'employment', channel: 'LOG', status: 'LOGGED', caseId });
    expect(rows.find((r) => r.role === 'head')!.recipients).toEqual([HEAD.id]);
    expect(rows.find((r) => r.role === 'supervisor')!.recipients).toEqual([SUPERVISOR.id]);

    const task = (await h.engine.state(caseId)).tasks[0]!;
    expect(task).toMatchObject({ taskId, role: 'head', department: 'employment', escalated: true, status: 'OPEN', assignee: null });
    // The head's own time is the override's (10 minutes), not the supervisors' 1.5 s.
    expect(Date.parse(task.dueAt) - Date.now()).toBeGreaterThan(500_000);

    const timeline = await h.engine.db.prisma.caseEvent.findMany({ where: { caseId, type: 'SLA_BREACHED' }, orderBy: { seq: 'asc' } });
    expect(timeline.map((e) => (e.data as { role: string }).role)).toEqual(['supervisor', 'head']);

    const history = historyToJson(await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory());
    const patches = history.events.filter((e) => eventTypeName(e) === 'MarkerRecorded').map(markerInfo).filter((m) => m.kind === 'patch').map((m) => m.patchId);
    // The chain is taken by the case's patch generation, recorded once at its start (workflows/patch-generations.ts).
    expect(patches).toEqual([PATCH_GENERATIONS.at(-1)!.marker]);
    expect(PATCH_GENERATIONS.at(-1)!.covers).toContain(PATCH.escalationChainWorkingDays);
  });

  it('tells each group once: a repeated notification (an activity retry) sends and records nothing more', async () => {
    const rows = await notificationsOf(taskId, 5);
    const sent: string[] = [];
    const counting = { channel: 'EMAIL' as const, send: async (n: { idempotencyKey: string }) => (sent.push(n.idempotencyKey), { status: 'SENT' as const, providerId: 'x' }) };
    const { notifyStaff } = createStaffNotificationActivities({ prisma: h.engine.db.prisma, staffNotifier: counting });
    const head = rows.find((r) => r.role === 'head')!;
    const again = await notifyStaff({ caseId, taskId, event: 'TASK_ESCALATED', department: 'employment', role: 'head', level: 2, dueAt: head.dueAt.toISOString() });
    expect(again).toEqual({ notificationId: head.id, status: 'LOGGED' });
    expect(sent).toEqual([]);
    expect(await h.engine.db.prisma.staffNotification.count({ where: { taskId } })).toBe(5);
    // A new event for the same group is another notification, e-mailed to the head's address.
    const overdue = await notifyStaff({ caseId, taskId, event: 'TASK_OVERDUE', department: 'employment', role: 'head', level: 2, dueAt: head.dueAt.toISOString() });
    expect(overdue.status).toBe('SENT');
    expect(sent).toEqual([overdue.notificationId]);
    await h.engine.db.prisma.staffNotification.delete({ where: { id: overdue.notificationId } });
  });

  it('ESCALATED_TO_ME gives the head the task, and no longer the supervisors', async () => {
    const head = expectOk(await h.gql(headAuth, ESCALATED)).tasks as any;
    expect(head.edges.map((e: any) => e.node)).toEqual([{ taskId, role: 'head', department: 'employment', escalated: true, status: 'OPEN' }]);
    const supervisors = expectOk(await h.gql(supervisorAuth, ESCALATED)).tasks as any;
    expect(supervisors.edges.map((e: any) => e.node.taskId)).not.toContain(taskId);
    // An officer of another department sees none of it.
    const other = expectOk(await h.gql('officerSocial', ESCALATED)).tasks as any;
    expect(other.edges).toEqual([]);
  });

  it('staffNotifications shows the caller the notifications of their groups', async () => {
    const head = (expectOk(await h.gql(headAuth, NOTIFICATIONS)).staffNotifications as any).edges.map((e: any) => e.node);
    expect(head).toEqual([expect.objectContaining({ taskId, event: 'TASK_ESCALATED', role: 'head', level: 2, status: 'LOGGED', channel: 'LOG', recipients: [HEAD.id] })]);
    expect(head[0].subject).toContain(taskId);
    const supervisor = (expectOk(await h.gql(supervisorAuth, NOTIFICATIONS)).staffNotifications as any).edges.map((e: any) => e.node.event);
    expect(supervisor.sort()).toEqual(['TASK_ESCALATED', 'TASK_OVERDUE']);
    const social = (expectOk(await h.gql('officerSocial', NOTIFICATIONS)).staffNotifications as any).edges.map((e: any) => e.node.taskId);
    expect(social).not.toContain(taskId);
  });

  it('the head of department may take the task', async () => {
    const claimed = await h.engine.update(caseId, claimTaskUpdate, { taskId, officer: HEAD });
    expect(claimed).toMatchObject({ status: 'CLAIMED', assignee: HEAD.id, role: 'head' });
  });
});
