/**
 * The contract of the re-check workflow (workflows/recheck-workflow.ts): the scheduled re-checks of
 * a granted entitlement (services/rechecks.ts). Re-exported by messages.ts. The citizen's objection
 * and the officer's decision reach it through the Updates every hearing and task use
 * (`submitObjection`, `resolveTask`), sent to this workflow's id instead of the case's.
 */
import { defineQuery } from '@temporalio/workflow';
import type { DecisionSummary, TimingOverrides } from './messages.ts';

export const recheckWorkflowId = (caseId: string): string => `recheck-${caseId}`;
export const recheckIdOf = (entitlementId: string, key: string): string => `${entitlementId}:recheck:${key}`;
export const recheckTaskIdOf = (recheckId: string): string => `task_${recheckId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Where a re-check stands: nothing changed, a change to decide, heard (an objection or not), or decided. */
export const RECHECK_STATUSES = ['UNCHANGED', 'PENDING', 'HEARING', 'OBJECTED', 'RECALCULATED', 'ENDED', 'KEPT'] as const;
export type RecheckStatus = (typeof RECHECK_STATUSES)[number];
export const RECHECK_OUTCOMES = ['SAME', 'HIGHER', 'LOWER', 'INELIGIBLE'] as const;

export interface RecheckWorkflowInput {
  caseId: string;
  /** With `timing.periodMs`: when the entitlement's period 0 fell due, so a re-check falls between the right periods. */
  anchorMs: number;
  timing?: Pick<TimingOverrides, 'periodMs' | 'hearingWindowMs' | 'slaMs'>;
}

export interface RecheckWorkflowResult {
  caseId: string;
  rechecks: { recheckId: string; status: RecheckStatus }[];
}

/** What the workflow plans (activities/rechecks.ts): each re-check with when it falls due. */
export interface PlannedEntitlementRecheck {
  key: string;
  trigger: 'PERIODIC' | 'MILESTONE';
  asOf: string;
  /** Months (fractional) from the first granted period's start: where it falls under `timing.periodMs`. */
  periodOffset: number;
}

export interface RecheckFound {
  recheckId: string;
  outcome: (typeof RECHECK_OUTCOMES)[number];
  status: RecheckStatus;
  /** The entitlement no longer pays (ended, run out): no re-check is due. */
  inactive: boolean;
}

export interface OpenedRecheckHearing {
  recheckId: string;
  dueAt: string;
}

export interface OpenedRecheckTask {
  recheckId: string;
  taskId: string;
  department: string;
  role: string;
  dueAt: string;
  /** The refusal grounds a DENY may name (the version in force). */
  refusalGrounds: string[];
}

export interface RecheckDecided {
  recheckId: string;
  status: Extract<RecheckStatus, 'RECALCULATED' | 'ENDED' | 'KEPT'>;
  /** The signed decision that supersedes the standing one; null when the officer kept it. */
  decision: DecisionSummary | null;
  /** With ENDED: the reason the entitlement's end is recorded with (its legal basis). */
  reason: string;
}

export interface RecheckLiveState {
  recheckId: string | null;
  phase: 'WAITING' | 'HEARING' | 'REVIEW' | 'DONE';
  hearingDueAt: string | null;
}

export const recheckStateQuery = defineQuery<RecheckLiveState>('recheckState');
