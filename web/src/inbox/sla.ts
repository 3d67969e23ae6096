/**
 * A task's deadline at a glance. "Due soon" is the last quarter of the time the task was given,
 * so it means the same for a three-day review and a ten-minute test SLA.
 */
export type SlaState = 'onTime' | 'dueSoon' | 'overdue' | 'escalated' | 'closed';

export interface SlaFacts {
  status: string;
  dueAt: string;
  createdAt: string;
  overdue: boolean;
  escalated: boolean;
}

export const DUE_SOON_SHARE = 0.25;

export function slaState(task: SlaFacts, now: number): SlaState {
  if (task.status === 'COMPLETED' || task.status === 'CANCELLED') return 'closed';
  if (task.escalated) return 'escalated';
  const due = Date.parse(task.dueAt);
  if (task.overdue || due <= now) return 'overdue';
  const window = due - Date.parse(task.createdAt);
  return due - now <= window * DUE_SOON_SHARE ? 'dueSoon' : 'onTime';
}
