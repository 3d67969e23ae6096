/**
 * The contract of the entitlement workflow (workflows/entitlement-workflow.ts): the payment life of
 * an approved decision. Re-exported by messages.ts; callers import it from there.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OfficerUpdateInput, TimingOverrides } from './messages.ts';

export * from '../lib/payer/vocabulary.ts';

/** Where an entitlement stands: paying, paused by a life event, ended early, or run to the granted end. */
export const ENTITLEMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'ENDED', 'COMPLETED'] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

/**
 * What happened to an entitlement; each is recorded with its reason (EntitlementChange). ENDED
 * stops it from the next period; REVOKED ends it from the start (a refusal replaced the approval:
 * every period instructed is an overpayment to recover); RECALCULATED follows a decision with
 * another amount; REINDEXED re-pays PROVISIONAL periods once the MCI of their year is known.
 */
export const ENTITLEMENT_CHANGE_KINDS = ['STARTED', 'SUSPENDED', 'RESUMED', 'ENDED', 'COMPLETED', 'RECALCULATED', 'REVOKED', 'REINDEXED'] as const;
export type EntitlementChangeKind = (typeof ENTITLEMENT_CHANGE_KINDS)[number];

/** The label of a one-time benefit's only period. */
export const ONE_TIME_PERIOD = 'ONCE';

export const entitlementWorkflowId = (caseId: string): string => `entitlement-${caseId}`;
export const entitlementIdOf = (caseId: string): string => `ent_${caseId}`;

export interface EntitlementWorkflowInput {
  caseId: string;
  timing?: TimingOverrides;
  /** Periods per run before continuing as new (default 12): the history stays bounded. */
  periodsPerRun?: number;
  /** Set by continue-as-new: where the previous run stopped. */
  carried?: EntitlementCarry;
}

export interface EntitlementCarry {
  nextPeriod: number;
  suspended: boolean;
  /** With `timing.periodMs`: when period 0 fell due (epoch ms), so periods keep their pace across runs. */
  anchorMs: number;
  runs: number;
  /** Changes numbered so far (each change's record key). */
  changes: number;
  /** Changes signalled but not yet recorded when the previous run continued as new. */
  pending: PendingEntitlementChange[];
  /** A recovery the citizen could not be told of yet (the SMS gateway failed): told before the entitlement's workflow ends. */
  recoveryUntold?: boolean;
}

export interface PendingEntitlementChange {
  kind: EntitlementChangeKind;
  reason: string;
  at: string;
}

/** A life event that changes the payment: return to work (suspend), back on leave (resume), end. */
export interface EntitlementChangeInput {
  reason: string;
}

export const suspendEntitlementSignal = defineSignal<[EntitlementChangeInput]>('suspendEntitlement');
export const resumeEntitlementSignal = defineSignal<[EntitlementChangeInput]>('resumeEntitlement');
export const endEntitlementSignal = defineSignal<[EntitlementChangeInput]>('endEntitlement');

export interface EntitlementLiveState {
  status: EntitlementStatus;
  nextPeriod: number;
  periods: number;
  runs: number;
}
export interface EntitlementWorkflowResult {
  caseId: string;
  status: EntitlementStatus;
  periodsRecorded: number;
  runs: number;
}

export const entitlementStateQuery = defineQuery<EntitlementLiveState>('entitlementState');

// ── a payer's rejection (workflows/payment-rejection-workflow.ts) ───────────────────────────────

/** One workflow per rejected instruction: it opens the officer task and re-issues the payment. */
export const paymentRejectionWorkflowId = (instructionId: string): string => `payment-rejection-${instructionId}`;
export const paymentRejectionTaskIdOf = (instructionId: string): string => `task_payrej_${instructionId}`;
/** The reason a PAYMENT_REJECTED task carries: `PAYMENT_REJECTED:<payer's reason>`. */
export const PAYMENT_REJECTED = 'PAYMENT_REJECTED';

export interface PaymentRejectionWorkflowInput {
  instructionId: string;
  /** Tests and demos: the task's SLA in milliseconds instead of the first level's working days. */
  timing?: Pick<TimingOverrides, 'slaMs'>;
}

/** What the rejection workflow needs from its opening: the task and who may act on it. */
export interface OpenedPaymentRejection {
  instructionId: string;
  entitlementId: string;
  caseId: string;
  taskId: string;
  department: string;
  role: string;
  dueAt: string;
  rejectionReason: string;
}

export interface ReissuePaymentInput extends OfficerUpdateInput {
  taskId: string;
  /** The account to pay into instead; the bank registry must hold it, open, in the applicant's name. */
  iban: string;
  reason: string;
}

export interface ReissuePaymentResult {
  /** The rejected instruction and the one that re-issues it. */
  rejectedInstructionId: string;
  instructionId: string;
  idempotencyKey: string;
}

export const reissuePaymentUpdate = defineUpdate<ReissuePaymentResult, [ReissuePaymentInput]>('reissuePayment');
