/**
 * An officer review that climbs the department's escalation chain and never ends in silence
 * (patch `escalation-chain-working-days`; cases whose review began before it keep the old loop in
 * case-workflow.ts).
 *
 *   task opened at level 0 (the officer group) ── staff told: TASK_OPENED
 *     └ level's SLA passes (working days over Kazakhstan's calendar, or a permitted override)
 *         ├ the group that held it is told: TASK_OVERDUE
 *         ├ the task moves to the next level's group, unclaimed, with that level's SLA
 *         │   (supervisor group → head of department), the citizen told the new date
 *         │   and the new group told: TASK_ESCALATED
 *         └ at the last level: the event is recorded and the task waits with its head
 *
 * A task opened while the review runs (a four-eyes second review) is announced to its group too.
 * Staff are told through an activity (activities/staff-notifications.ts), idempotent per task,
 * event and group; a notice that cannot be sent never holds the case.
 */
import { ActivityFailure, condition, log } from '@temporalio/workflow';
import type { StaffNotificationEvent, TaskState, TimingOverrides } from '../messages.ts';
import { staffNotices } from './activities.ts';
import { chainOf, dueAtLevel, levelOf, type ChainLevel, type LevelDue } from './escalation-chain.ts';
import type { CaseState } from './state.ts';

/** What the timeline records of a level's deadline: the SLA as stated and how it was counted. */
const dueData = (level: ChainLevel, due: LevelDue) => ({ sla: level.sla, lastDay: due.lastDay, calendarVerified: due.verified });

async function tellStaff(state: CaseState, task: TaskState, event: StaffNotificationEvent, group: { department: string; role: string }, level: number): Promise<void> {
  try {
    await staffNotices.notifyStaff({ caseId: state.caseId, taskId: task.taskId, event, department: group.department, role: group.role, level, dueAt: task.dueAt });
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    log.warn('a staff notification could not be sent', { caseId: state.caseId, taskId: task.taskId, event });
  }
}

export async function reviewThroughChain(state: CaseState, reasons: string[], timing: TimingOverrides | undefined): Promise<void> {
  const plan = state.plan!;
  const chain = chainOf(plan.policy);
  state.escalationReasons = reasons;
  const first = dueAtLevel(chain, 0, Date.now(), timing);
  const task: TaskState = {
    taskId: state.nextTaskId(),
    kind: 'REVIEW',
    status: 'OPEN',
    department: chain[0]!.department,
    role: chain[0]!.role,
    assignee: null,
    reasons,
    dueAt: first.dueAt,
    escalated: false,
    firstReviewer: null,
  };
  // The group is told before the task shows in the read model: once an inbox shows it, the case
  // waits quietly for its officers (nothing more is recorded until someone acts or the SLA passes).
  const announced = new Set<string>();
  const groupKey = (t: TaskState) => `${t.taskId}|${t.department}|${t.role}`;
  announced.add(groupKey(task));
  await tellStaff(state, task, 'TASK_OPENED', task, 0);
  if (state.closed) return; // withdrawn meanwhile: no task to open
  state.tasks.push(task);
  await state.project({ status: 'PENDING_REVIEW', event: { type: 'TASK_OPENED', data: { taskId: task.taskId, reasons, level: 0, ...dueData(chain[0]!, first) } }, task });
  await state.notify({ caseId: state.caseId, template: 'escalated', idempotencyKey: `${state.caseId}:escalated:${task.taskId}`, vars: { until: task.dueAt } });

  // `announced`: the groups already told about each task (task id + group), so each hears once.
  const settled = () => state.closed || state.informationRequested !== null;
  while (!settled()) {
    const current = state.openTask();
    if (!current) {
      await condition(() => settled() || state.openTask() !== undefined);
      continue;
    }
    if (!announced.has(groupKey(current))) {
      announced.add(groupKey(current));
      await tellStaff(state, current, 'TASK_OPENED', current, levelOf(chain, current));
      continue; // the task may have moved while the group was told
    }
    const remaining = Math.max(Date.parse(current.dueAt) - Date.now(), 1);
    const moved = await condition(() => settled() || state.openTask() !== current, remaining);
    if (moved) continue;

    const level = levelOf(chain, current);
    const overdueGroup = { department: current.department, role: current.role };
    await tellStaff(state, current, 'TASK_OVERDUE', overdueGroup, level);
    if (settled() || state.openTask() !== current) continue;
    const nextLevel = level + 1;
    if (nextLevel >= chain.length) {
      // Nobody above: the head of department holds it, told it is overdue, until someone acts.
      await state.project({ event: { type: 'ESCALATION_CHAIN_SLA_BREACHED', data: { taskId: current.taskId, level } } });
      await condition(() => settled() || state.openTask() !== current);
      continue;
    }
    const next = chain[nextLevel]!;
    const due = dueAtLevel(chain, nextLevel, Date.now(), timing);
    current.escalated = true;
    current.department = next.department;
    current.role = next.role;
    current.status = 'OPEN';
    current.assignee = null;
    current.dueAt = due.dueAt;
    announced.add(groupKey(current));
    await state.project({
      event: { type: 'SLA_BREACHED', data: { taskId: current.taskId, level: nextLevel, department: next.department, role: next.role, ...dueData(next, due) } },
      task: current,
      audit: { actor: 'system', action: 'SLA_ESCALATED', details: { taskId: current.taskId, level: nextLevel, department: next.department, role: next.role } },
    });
    // The citizen was told "a decision by <date>": they learn each new date.
    await state.notify({
      caseId: state.caseId,
      template: 'escalated',
      idempotencyKey: nextLevel === 1 ? `${state.caseId}:sla-escalated:${current.taskId}` : `${state.caseId}:sla-escalated:${current.taskId}:${nextLevel}`,
      vars: { until: current.dueAt },
    });
    await tellStaff(state, current, 'TASK_ESCALATED', next, nextLevel);
  }
}
