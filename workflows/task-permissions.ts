/**
 * Who may act on an officer task: its candidate group — officers of the task's department holding
 * the task's role — and the supervisors of that department, who may act on any of its tasks. The
 * head of a department (the last level of the escalation chain) oversees it as its supervisors do. One
 * pure rule, called by the API's policy (the first line: a refusal there never reaches the
 * workflow) and by the case workflow's Update validators (the second line), so they cannot
 * disagree.
 *
 * Imported by workflow code: pure functions only.
 */

export const SUPERVISOR_ROLE = 'supervisor';
/**
 * The department's appeal group: officers who decide citizens' appeals (never the officer whose
 * decision is appealed). Supervisors of the department may act on appeal tasks too.
 */
export const APPEAL_ROLE = 'appeal-officer';

/** The head of a department: the last level of the escalation chain; oversees the department like a supervisor. */
export const HEAD_ROLE = 'head';
/** Engineers never decide; they may retry a case's failed step once its cause is fixed. */
export const ENGINEER_ROLE = 'engineer';

/** A member of staff as the rule sees them (an API caller or an Update's officer). */
export interface Actor {
  id: string;
  department: string | null;
  roles: readonly string[];
}

export interface TaskGroup {
  department: string;
  role: string;
}

export function supervises(actor: Actor, department: string): boolean {
  return (actor.roles.includes(SUPERVISOR_ROLE) || actor.roles.includes(HEAD_ROLE)) && actor.department === department;
}

export function inCandidateGroup(actor: Actor, task: TaskGroup): boolean {
  return (actor.department === task.department && actor.roles.includes(task.role)) || supervises(actor, task.department);
}

/** The officer the task is claimed by. */
export function holds(actor: Pick<Actor, 'id'>, task: { status: string; assignee: string | null }): boolean {
  return task.status === 'CLAIMED' && task.assignee === actor.id;
}
