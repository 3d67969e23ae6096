/**
 * Step 5 of `npm run show:due-process`: working-day SLAs and the escalation chain.
 * (a) A 3-working-day SLA started on a Friday before a public holiday, computed by the functions
 *     the case workflow calls (operationalPolicyOf → dueAtLevel → resolveDeadline over
 *     lib/calendar) — a pure computation: a case on the dev server cannot be started in the past.
 * (b) On the dev server, a review task whose officers and supervisors let their (shortened) SLAs
 *     pass climbs to the head of department, a staff notification recorded at each step.
 */
import { WITHDRAW } from '../../api/client/operations.ts';
import { almatyDate, calendarRows, resolveDeadline } from '../../lib/calendar/index.ts';
import { addDays } from '../../lib/dates.ts';
import { operationalPolicyOf } from '../../services/operational-policy.ts';
import { jobLossPaymentV4 } from '../../services/catalog/index.ts';
import { dueAtLevel } from '../../workflows/case/escalation-chain.ts';
import type { Caller } from '../demo/client.ts';
import { check, printAnswer, startFirstFree, until, type Show } from './kit.ts';

/** Fridays before a public holiday, and the end of their 3 working days (24:00 Almaty = 19:00Z). */
const FRIDAYS = [
  { opened: '2026-05-08T05:00:00Z', why: 'Victory Day, Saturday 9 May, and its day off on Monday 11 May', expected: '2026-05-14T19:00:00.000Z' },
  { opened: '2026-12-11T05:00:00Z', why: 'Independence Day, Wednesday 16 December', expected: '2026-12-17T19:00:00.000Z' },
];

export function showWorkingDaySla(show: Show): void {
  show.say('5a. a 3-working-day SLA started on a Friday before a public holiday (pure computation with the workflow’s own functions)');
  const chain = operationalPolicyOf(jobLossPaymentV4).escalationChain;
  show.say(`   the escalation chain of job-loss-payment (services/operational-policy.ts): ${chain.map((l) => `${l.department}/${l.role} ${l.sla}`).join(' → ')}`);
  for (const f of FRIDAYS) {
    const nowMs = Date.parse(f.opened);
    const due = dueAtLevel(chain, 0, nowMs, undefined); // what review.ts computes for a new task at level 0
    const detail = resolveDeadline(nowMs, chain[0]!.sla, { onMissingYear: 'estimate' });
    show.say(`   task opened ${f.opened} (${almatyDate(nowMs)}, a Friday, Almaty) — ${f.why}:`);
    for (const d of calendarRows(almatyDate(nowMs), addDays(detail.lastDay!, 1))) {
      const counted = detail.days!.some((w) => w.date === d.date && w.working) ? ' ← counted' : '';
      show.say(`     ${d.date} ${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d.isoWeekday]} ${d.kind.padEnd(23)} ${d.holiday ? d.holiday.name.en : ''}${d.note ? ` (${d.note})` : ''}${d.verified ? '' : ' [unverified]'}${counted}`);
    }
    show.say(`   dueAtLevel → ${JSON.stringify(due)}`);
    check(show, due.dueAt === f.expected && due.lastDay === detail.lastDay, `due ${due.dueAt} = 24:00 Almaty on ${due.lastDay}`, due);
  }
}

const STAFF_NOTIFICATIONS = `query { staffNotifications(first: 100) { edges { node { id taskId event department role level status channel recipients subject dueAt createdAt } } } }`;
const ESCALATED = `query { tasks(filter: ESCALATED_TO_ME, first: 100) { edges { node { taskId role department escalated status dueAt case { caseId } } } } }`;

type StaffNotice = { taskId: string; event: string; role: string; level: number; status: string; channel: string; recipients: string[]; subject: string; createdAt: string };

async function noticesFor(show: Show, as: Caller, taskId: string): Promise<StaffNotice[]> {
  const r = await show.gql<{ staffNotifications: { edges: { node: StaffNotice }[] } }>(as, STAFF_NOTIFICATIONS);
  return r.staffNotifications.edges.map((e) => e.node).filter((n) => n.taskId === taskId);
}

export async function showEscalationChain(show: Show): Promise<void> {
  show.say('5b. the chain on the dev server: officer → supervisor → head of department (SLAs shortened by timing overrides)');
  const p = show.dataset.personas.notFoundEmployment;
  // No employment record: the job-loss payment goes to an officer. Another date each run (an earlier run's case may still be open).
  const dates = Array.from({ length: 30 }, (_, k) => ({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: addDays(show.dataset.referenceDate, -(71 + ((Number.parseInt(show.runId, 36) + k) % 60))) } }));
  const timing = { slaMs: 3000, supervisorSlaMs: 3000, headSlaMs: 600_000 };
  const { caseId } = await startFirstFree(show, dates, 'chain', { timing });
  show.say(`   case ${caseId}, timing ${JSON.stringify(timing)}`);
  const atHead = await until(show, caseId, show.actors.employmentHead, (v) => v.openTasks.some((t) => t.role === 'head'), 'a task at the head of department', 60_000);
  const task = atHead.openTasks[0]!;
  printAnswer(show, 'case.openTasks', atHead.openTasks);

  const steps = [
    ['officer-dana (officer)', show.actors.employmentOfficer],
    ['supervisor-yerlan (supervisor)', show.actors.employmentSupervisor],
    ['head-gulnara (head)', show.actors.employmentHead],
  ] as const;
  const seen: StaffNotice[] = [];
  const deadline = Date.now() + 20_000;
  for (;;) {
    seen.length = 0;
    for (const [, as] of steps) seen.push(...(await noticesFor(show, as, task.taskId)));
    if (seen.length >= 5 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  seen.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.level - b.level);
  show.say('   staffNotifications, as each group reads its own:');
  for (const n of seen) show.say(`     ${n.createdAt} ${n.event.padEnd(14)} level ${n.level} → ${n.role.padEnd(10)} ${n.channel}/${n.status} recipients ${JSON.stringify(n.recipients)} «${n.subject}»`);
  const sequence = seen.map((n) => `${n.event} ${n.role}`);
  check(show, JSON.stringify(sequence) === JSON.stringify(['TASK_OPENED officer', 'TASK_OVERDUE officer', 'TASK_ESCALATED supervisor', 'TASK_OVERDUE supervisor', 'TASK_ESCALATED head']), 'a notification at each step: opened, overdue, escalated to the supervisors, overdue, escalated to the head', sequence);

  const timeline = (await show.gql(show.actors.employmentHead, 'query($id: ID!) { case(id: $id) { timeline { type at data } } }', { id: caseId })).case.timeline.filter((e: { type: string }) => e.type === 'SLA_BREACHED' || e.type === 'TASK_OPENED');
  printAnswer(show, 'timeline: TASK_OPENED and SLA_BREACHED', timeline);
  const escalated = (await show.gql(show.actors.employmentHead, ESCALATED)).tasks.edges.map((e: { node: unknown }) => e.node).filter((t: { taskId: string }) => t.taskId === task.taskId);
  printAnswer(show, 'tasks(filter: ESCALATED_TO_ME) for head-gulnara', escalated);
  check(show, escalated.length === 1 && task.role === 'head' && task.escalated, 'the head of department has the task');

  // The demo's case is withdrawn by the citizen so the head's inbox stays clear.
  await show.gql(show.actors.frontend, WITHDRAW, { caseId, reason: 'demo of the escalation chain done' });
  await until(show, caseId, show.actors.employmentHead, (v) => v.status === 'WITHDRAWN', 'WITHDRAWN', 30_000).catch(() => undefined);
}
