/**
 * Who may see and do what — pure functions over the caller and the rows involved, used by
 * resolvers (first line) and by the type-level scopes (so no path, `node(id)` included, can
 * reach an object its caller may not see). The workflow's Update validators are the second
 * line for actions.
 *
 *  front-end (API key)  the cases it started (cases:read / cases:write); with offers:respond
 *                       also the proactive offers delivered through it (a citizen signed in
 *                       there and proved who they are: api/schema/offer-delivery.ts)
 *  officer              cases and tasks of their department; claims, releases and resolves
 *                       tasks of their candidate group
 *  supervisor           the whole department; may also reassign and act on any of its tasks
 *  engineer             reads every case, histories and audit logs; never decides; may
 *                       retry a failed step (NEEDS_ATTENTION), as a supervisor of its department may
 */
import type { ApiKeyScope } from '../../lib/auth/api-keys.ts';
import { inCandidateGroup as inTaskGroup, supervises } from '../../workflows/task-permissions.ts';
import { officerOf, type Caller, type StaffCaller } from './caller.ts';

export interface CaseAccessFacts {
  clientId: string | null;
  origin: string;
  department: string;
  /** Proactive offers: the clients it was delivered through (absent → none). */
  offerClientIds?: string[];
}

export interface TaskAccessFacts {
  department: string;
  role: string;
  status: string;
  assignee: string | null;
}

const hasScope = (caller: Caller, scope: ApiKeyScope): boolean => caller.kind === 'frontend' && caller.scopes.includes(scope);
const isStaff = (caller: Caller, role: 'officer' | 'supervisor' | 'head' | 'engineer' | 'appeal-officer'): caller is StaffCaller =>
  caller.kind === 'staff' && caller.roles.includes(role);

export const isEngineer = (caller: Caller): boolean => isStaff(caller, 'engineer');

/** Officers, appeal officers and supervisors work in one department; engineers see all, front-ends none. */
export function workingDepartment(caller: Caller): string | null {
  if (caller.kind !== 'staff' || !caller.department) return null;
  return isStaff(caller, 'officer') || isStaff(caller, 'supervisor') || isStaff(caller, 'head') || isStaff(caller, 'appeal-officer') ? caller.department : null;
}

export function isSupervisorOf(caller: Caller, department: string): boolean {
  return caller.kind === 'staff' && supervises(officerOf(caller), department);
}

const ownApplication = (caller: Caller, row: CaseAccessFacts): boolean => caller.kind === 'frontend' && row.clientId === caller.clientId;
/** A proactive offer delivered through this very client: holding offers:respond alone opens no one's offer. */
const proactiveChannel = (caller: Caller, row: CaseAccessFacts): boolean =>
  row.origin === 'PROACTIVE' && caller.kind === 'frontend' && hasScope(caller, 'offers:respond') && (row.offerClientIds ?? []).includes(caller.clientId);

export function canReadCase(caller: Caller, row: CaseAccessFacts): boolean {
  if (caller.kind === 'frontend') return (ownApplication(caller, row) && hasScope(caller, 'cases:read')) || proactiveChannel(caller, row);
  if (isEngineer(caller)) return true;
  return workingDepartment(caller) === row.department;
}

/** The citizen's own actions through a front-end: withdraw, provide information. */
export function canActForCitizen(caller: Caller, row: CaseAccessFacts): boolean {
  return (ownApplication(caller, row) && hasScope(caller, 'cases:write')) || proactiveChannel(caller, row);
}

export function canRespondToOffer(caller: Caller, row: CaseAccessFacts): boolean {
  return proactiveChannel(caller, row) || (ownApplication(caller, row) && hasScope(caller, 'offers:respond'));
}

/**
 * Prisma `where` for the cases a caller may list; null when it may list none. Kept next to
 * canReadCase so the list and the single read can never disagree.
 */
export function visibleCases(caller: Caller): { OR: Record<string, unknown>[] } | Record<string, unknown> | null {
  if (caller.kind === 'frontend') {
    const or: Record<string, unknown>[] = [];
    if (hasScope(caller, 'cases:read')) or.push({ clientId: caller.clientId });
    if (hasScope(caller, 'offers:respond')) or.push({ origin: 'PROACTIVE', offerClientIds: { has: caller.clientId } });
    return or.length ? { OR: or } : null;
  }
  if (isEngineer(caller)) return {};
  const department = workingDepartment(caller);
  return department ? { department } : null;
}

export function canReadTask(caller: Caller, task: Pick<TaskAccessFacts, 'department'>): boolean {
  return isEngineer(caller) || workingDepartment(caller) === task.department;
}

/** The task's candidate group (department + role), or a supervisor of its department: the rule the workflow's validators apply too. */
export function inCandidateGroup(caller: Caller, task: TaskAccessFacts): boolean {
  return caller.kind === 'staff' && inTaskGroup(officerOf(caller), task);
}

export function canClaim(caller: Caller, task: TaskAccessFacts): boolean {
  return inCandidateGroup(caller, task);
}

export function canResolve(caller: Caller, task: TaskAccessFacts): boolean {
  return inCandidateGroup(caller, task);
}

/** Whoever holds the task, or a supervisor; an open task is left to the workflow to refuse. */
export function canRelease(caller: Caller, task: TaskAccessFacts): boolean {
  if (!inCandidateGroup(caller, task)) return false;
  if (task.status !== 'CLAIMED' || !task.assignee) return true;
  return (caller.kind === 'staff' && task.assignee === caller.sub) || isSupervisorOf(caller, task.department);
}

export function canReassign(caller: Caller, task: TaskAccessFacts): boolean {
  return isSupervisorOf(caller, task.department);
}

/** Re-running a case's failed step once its cause is fixed: engineers, and supervisors of its department. */
export function canRetryFailedStep(caller: Caller, row: CaseAccessFacts): boolean {
  return isEngineer(caller) || isSupervisorOf(caller, row.department);
}

/** Case audit chains: supervisors of the department (oversight) and engineers. */
export function canReadCaseAudit(caller: Caller, row: CaseAccessFacts): boolean {
  return isEngineer(caller) || isSupervisorOf(caller, row.department);
}
