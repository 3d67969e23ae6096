/**
 * Operational policy: how a department organises the work on its cases — the chain a task climbs
 * when nobody finishes it in time (officer group → supervisor group → head of department, each
 * level with its SLA) and whether a four-eyes second review must come from a supervisor.
 *
 * Not law, so not part of a service definition: it is not versioned with the catalog, not in a
 * definition's content hash, and changing it publishes nothing. A case reads it when its plan is
 * resolved (activities/case-plan.ts) and keeps it for its run: the plan is recorded in the
 * workflow's history, so a change applies to cases planned after it, never to a replay.
 *
 *   DEPARTMENT_POLICIES[department]   the department's chain (levels by role, with SLAs)
 *   SERVICE_POLICIES[serviceCode]     a service's own chain or four-eyes rule, over its department's
 *   operationalPolicyOf(service)      the policy in force, with the defaults below
 *
 * SLAs are deadlines as lib/calendar/deadline.ts reads them: '3 working days' (Kazakhstan's
 * working-day calendar, ending 24:00 Almaty time) or an ISO-8601 calendar duration ('PT4H').
 */
import { parseDeadline } from '../lib/calendar/deadline.ts';

/** One level of the chain: who holds the task there, and how long they have. */
export interface EscalationLevel {
  department: string;
  role: string;
  /** A deadline: 'N working days' or an ISO-8601 duration. */
  sla: string;
}

/** A level as policy names it: a role of the case's department, or of another department. */
export interface LevelPolicy {
  role: string;
  sla: string;
  department?: string;
}

export interface OperationalPolicy {
  escalationChain?: readonly LevelPolicy[];
  /** A four-eyes second review goes to the supervisor group instead of another officer. */
  secondReviewBySupervisor?: boolean;
}

/** The role of a department's head (the vocabulary's owner is workflows/task-permissions.ts, HEAD_ROLE). */
const HEAD = 'head';

/**
 * Officer group, supervisor group, head of department: three working days for the first review,
 * as the services' review periods have always been (P3D, now counted in working days), then two
 * for each level above it.
 */
export const DEFAULT_LEVEL_SLAS = ['3 working days', '2 working days', '2 working days'] as const;

/** Departments that organise escalation otherwise than the default (none yet: every department uses it). */
export const DEPARTMENT_POLICIES: Readonly<Record<string, OperationalPolicy>> = {};

/** Services with a policy of their own (none yet). */
export const SERVICE_POLICIES: Readonly<Record<string, OperationalPolicy>> = {};

/** Policies by department and by service code (a deployment's, or a test's). */
export interface OperationalPolicies {
  departments?: Readonly<Record<string, OperationalPolicy>>;
  services?: Readonly<Record<string, OperationalPolicy>>;
}

export interface PolicySubject {
  code: string;
  department: string;
  escalation: { candidateGroup: { department: string; role: string }; supervisorGroup: { department: string; role: string } };
}

export interface ResolvedOperationalPolicy {
  escalationChain: EscalationLevel[];
  secondReviewBySupervisor: boolean;
}

export class InvalidOperationalPolicy extends Error {
  override name = 'InvalidOperationalPolicy';
}

function checkedChain(chain: readonly EscalationLevel[], where: string): EscalationLevel[] {
  if (chain.length === 0) throw new InvalidOperationalPolicy(`${where}: an escalation chain needs at least one level`);
  for (const level of chain) {
    try {
      parseDeadline(level.sla);
    } catch (e) {
      throw new InvalidOperationalPolicy(`${where}: ${(e as Error).message}`);
    }
  }
  return chain.map((l) => ({ ...l }));
}

/** The policy a service's cases follow: its own, else its department's, else the defaults. */
export function operationalPolicyOf(
  service: PolicySubject,
  policies: OperationalPolicies = {},
): ResolvedOperationalPolicy {
  const own = (policies.services ?? SERVICE_POLICIES)[service.code] ?? {};
  const department = (policies.departments ?? DEPARTMENT_POLICIES)[service.department] ?? {};
  const configured = own.escalationChain ?? department.escalationChain;
  const { candidateGroup, supervisorGroup } = service.escalation;
  const chain: EscalationLevel[] = configured
    ? configured.map((l) => ({ department: l.department ?? service.department, role: l.role, sla: l.sla }))
    : [
        { ...candidateGroup, sla: DEFAULT_LEVEL_SLAS[0] },
        { ...supervisorGroup, sla: DEFAULT_LEVEL_SLAS[1] },
        { department: supervisorGroup.department, role: HEAD, sla: DEFAULT_LEVEL_SLAS[2] },
      ];
  return {
    escalationChain: checkedChain(chain, `operational policy of ${service.code}`),
    secondReviewBySupervisor: own.secondReviewBySupervisor ?? department.secondReviewBySupervisor ?? false,
  };
}
