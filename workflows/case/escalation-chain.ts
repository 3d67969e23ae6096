/**
 * The escalation chain of a case's review, as the workflow reads it: the levels a task climbs
 * (from the plan's operational policy), which level a task is at, and when its time there ends.
 * Pure and deterministic (workflow time in, the working-day calendar of lib/calendar, no I/O), so
 * the review loop (review.ts) and its unit test share it.
 */
import { resolveDeadline } from '../../lib/calendar/index.ts';
import type { CasePlan } from '../../activities/index.ts';
import type { TimingOverrides } from '../messages.ts';
import { HEAD_ROLE } from '../task-permissions.ts';

export interface ChainLevel {
  department: string;
  role: string;
  /** 'N working days' or an ISO-8601 duration (lib/calendar/deadline.ts). */
  sla: string;
}

const seconds = (ms: number) => `PT${Math.max(Math.round(ms / 1000), 1)}S`;

/**
 * The plan's chain; a plan resolved before chains existed keeps its own calendar SLAs for the
 * officers and the supervisors, and gives the head of department the supervisors' time.
 */
export function chainOf(policy: CasePlan['policy']): ChainLevel[] {
  if (policy.escalationChain?.length) return policy.escalationChain;
  return [
    { ...policy.candidateGroup, sla: seconds(policy.slaMs) },
    { ...policy.supervisorGroup, sla: seconds(policy.supervisorSlaMs) },
    { department: policy.supervisorGroup.department, role: HEAD_ROLE, sla: seconds(policy.supervisorSlaMs) },
  ];
}

/** The level a task is at: the highest level held by its group (a first task starts at 0). */
export function levelOf(chain: readonly ChainLevel[], task: { department: string; role: string }): number {
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    if (chain[i]!.department === task.department && chain[i]!.role === task.role) return i;
  }
  return 0;
}

/** A permitted test or demo override for a level (TimingOverrides), which wins over the policy. */
function overrideMs(level: number, timing: TimingOverrides | undefined): number | undefined {
  if (level === 0) return timing?.slaMs;
  if (level === 1) return timing?.supervisorSlaMs;
  return timing?.headSlaMs;
}

export interface LevelDue {
  dueAt: string;
  /** The last working day counted, for a working-day SLA. */
  lastDay: string | null;
  /** False when a day counted lies in a calendar year not checked against its acts, or estimated. */
  verified: boolean;
}

/**
 * When a level's time ends, counted from `nowMs` (workflow time). A year the calendar does not
 * hold yet is estimated from the statutory holidays (and marked unverified) rather than failing
 * the workflow task: a review must never stop because next year's transfers are not published.
 */
export function dueAtLevel(chain: readonly ChainLevel[], level: number, nowMs: number, timing: TimingOverrides | undefined): LevelDue {
  const override = overrideMs(level, timing);
  if (override !== undefined) return { dueAt: new Date(nowMs + override).toISOString(), lastDay: null, verified: true };
  const resolved = resolveDeadline(nowMs, chain[level]!.sla, { onMissingYear: 'estimate' });
  return { dueAt: resolved.dueAt, lastDay: resolved.lastDay ?? null, verified: resolved.verified };
}
