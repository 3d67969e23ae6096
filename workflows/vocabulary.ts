/**
 * The case vocabulary, defined once: every status a case and an officer task can be in, the named
 * groups the engine, the read model and the API reason about, and the ids and channels derived
 * from a case id. GraphQL enums, SQL filters, the subscription and the replay filters are derived
 * from these lists; a status typed a second time anywhere else is a bug waiting for a rename.
 *
 * Imported by workflow code: constants and pure functions only.
 */
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';
import type { CaseWorkflowInput, TimingOverrides } from './messages.ts';
import { SA_DEPARTMENT, SA_SERVICE, SA_STATUS } from '../lib/temporal/search-attributes.ts';
import { caseMetadata } from './user-metadata.ts';

/** In the order the GraphQL enum `CaseStatus` lists them. */
export const CASE_STATUSES = [
  'RECEIVED',
  'OFFERED',
  'REFUSED',
  'EXPIRED',
  'NOT_OFFERED',
  'REJECTED',
  'GATHERING_EVIDENCE',
  'EVALUATING',
  'PENDING_REVIEW',
  'AWAITING_INFORMATION',
  'NEEDS_ATTENTION',
  'PRELIMINARY_REFUSAL',
  'APPROVED',
  'DENIED',
  'WITHDRAWN',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The outcomes of a signed decision, which are also the statuses a decided case ends in. */
export const DECISION_OUTCOMES = ['APPROVED', 'DENIED'] as const satisfies readonly CaseStatus[];
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Closed without a decision: an offer refused, left to expire or never made, an application rejected at intake. */
export const CLOSED_WITHOUT_DECISION = ['REFUSED', 'EXPIRED', 'NOT_OFFERED', 'REJECTED'] as const satisfies readonly CaseStatus[];

/** Closed: no more work is scheduled, and the read model stamps `closedAt` on entering one. */
export const FINAL_STATUSES: readonly CaseStatus[] = [...CLOSED_WITHOUT_DECISION, ...DECISION_OUTCOMES, 'WITHDRAWN'];

/**
 * Settled for good: nothing will change the case any more. A refused offer is final but not
 * settled — the citizen may reverse an accidental refusal within the offer window.
 */
export const SETTLED_STATUSES: readonly CaseStatus[] = FINAL_STATUSES.filter((s) => s !== 'REFUSED');

const among = (list: readonly string[]) => (status: string): boolean => list.includes(status);
export const isFinal = among(FINAL_STATUSES);
export const isSettled = among(SETTLED_STATUSES);
export const isClosedWithoutDecision = among(CLOSED_WITHOUT_DECISION);

/**
 * A step failed with an error no retry can fix (a value the database refuses, no signing key):
 * the case waits, visibly, in NEEDS_ATTENTION until an engineer or a supervisor retries the step
 * once the cause is fixed (retryFailedStep). Not final: nothing is decided or closed.
 */
export const NEEDS_ATTENTION = 'NEEDS_ATTENTION' satisfies CaseStatus;

/** The steps of a case whose failure puts it in NEEDS_ATTENTION (the label of `Case.failedStep.step`). */
export const FAILED_STEPS = ['EVALUATION', 'DECISION', 'NOTIFICATION', 'PROJECTION'] as const;
export type FailedStepName = (typeof FAILED_STEPS)[number];

export const CASE_ORIGINS = ['APPLICATION', 'PROACTIVE'] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

export const TASK_STATUSES = ['OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A live task still needs an officer: waiting in its group's inbox, or claimed by one. */
export const LIVE_TASK_STATUSES = ['OPEN', 'CLAIMED'] as const satisfies readonly TaskStatus[];
export const isLiveTask = (task: { status: string }): boolean => (LIVE_TASK_STATUSES as readonly string[]).includes(task.status);

/**
 * An unfavourable outcome is first a preliminary refusal (workflows/case/hearing.ts): the citizen
 * is told the grounds and may object within the hearing window (Administrative Procedural Code,
 * art. 73). Not a decision and not final: an objection goes to an officer, silence makes it DENIED.
 */
export const PRELIMINARY_REFUSAL = 'PRELIMINARY_REFUSAL' satisfies CaseStatus;

/** A hearing window in working days when the service sets none (the notice period of art. 73). */
export const DEFAULT_HEARING_WORKING_DAYS = 3;

/** The task reason of a review opened by a citizen's objection to a preliminary refusal. */
export const OBJECTION_SUBMITTED = 'OBJECTION_SUBMITTED';

/**
 * REVIEW, or SECOND_REVIEW: the four-eyes approval of a large amount by a different officer, or
 * APPEAL: a citizen's appeal against a decision, for the department's appeal group, or
 * PAYMENT_REJECTED: the payer rejected a payment (a closed account); an officer supplies another account.
 */
export const TASK_KINDS = ['REVIEW', 'SECOND_REVIEW', 'APPEAL', 'PAYMENT_REJECTED', 'RECHECK_OBJECTION'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
/** An appeal's task lives in the appeal's workflow (the task row's workflowId), not the case's. */
export const isAppealTask = (task: { kind: string }): boolean => task.kind === 'APPEAL';
/** An objection to a re-check's preliminary decision: decided in the re-check workflow (workflows/recheck-workflow.ts). */
export const isRecheckTask = (task: { kind: string }): boolean => task.kind === 'RECHECK_OBJECTION';

export const RESOLVE_ACTIONS = ['APPROVE', 'DENY', 'REQUEST_INFORMATION'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

// ── appeals (workflows/appeal-workflow.ts) ──────────────────────────────────────────────────
/** OPEN until the appeal group decides it: UPHELD keeps the decision, REPLACED issued a new one. */
export const APPEAL_STATUSES = ['OPEN', 'UPHELD', 'REPLACED'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const APPEAL_RESOLUTIONS = ['UPHOLD', 'REPLACE'] as const;
export type AppealResolution = (typeof APPEAL_RESOLUTIONS)[number];
/** One appeal per decision: a repeated filing finds it. */
export const appealIdOf = (decisionId: string): string => `apl_${decisionId}`;
export const appealWorkflowId = (appealId: string): string => `appeal-${appealId}`;
/** The appeal's one task in the appeal group's inbox. */
export const appealTaskIdOf = (appealId: string): string => `${appealId}-task`;
/** The decision an appeal's REPLACE issues: one per appeal, so a retried issue finds it. */
export const replacementDecisionIdOf = (appealId: string): string => `dec_${appealId}`;

// ── ids and channels derived from a case ─────────────────────────────────────────────────────
/** Business workflow ids: a repeated start finds the running case instead of a second one. */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;
/** The case a case workflow id names (the inverse of caseWorkflowId). */
export const caseIdOfWorkflow = (workflowId: string): string => workflowId.replace(/^case-/, '');
export const lifeEventWorkflowId = (eventId: string): string => `life-event-${eventId}`;
/** The n-th officer task of a case (counted by its workflow run). */
export const taskIdOf = (caseId: string, n: number): string => `${caseId}-t${n}`;
/** One stored registry answer per case and evidence key: a refetch overwrites it. */
export const evidenceIdOf = (caseId: string, key: string): string => `${caseId}:${key}`;
/** One decision per case: a retried issueDecision finds the one that stands. */
export const decisionIdOf = (caseId: string): string => `dec_${caseId}`;

/** What a case workflow starts with in Temporal's visibility; the workflow keeps QyzmetStatus current. */
export const caseStartSearchAttributes = (serviceCode: string, department: string): SearchAttributePair[] => [
  { key: SA_SERVICE, value: serviceCode },
  { key: SA_DEPARTMENT, value: department },
  { key: SA_STATUS, value: 'RECEIVED' satisfies CaseStatus },
];

/**
 * How an application's case workflow is started, by the intake and by the worker's reconciler
 * alike: its business id, USE_EXISTING so concurrent starts share one run, REJECT_DUPLICATE so a
 * finished case is never run twice. Either caller may start it; only one run ever exists.
 */
export const applicationStartOptions = (c: { caseId: string; serviceCode: string; department: string; taskQueue: string; timing?: TimingOverrides; startedBy?: 'intake' | 'reconciler' }) => ({
  workflowId: caseWorkflowId(c.caseId),
  taskQueue: c.taskQueue,
  args: [{ caseId: c.caseId, origin: 'APPLICATION', ...(c.timing ? { timing: c.timing } : {}) }] as [CaseWorkflowInput],
  workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  typedSearchAttributes: caseStartSearchAttributes(c.serviceCode, c.department),
  // What the Temporal UI lists the case as (workflows/user-metadata.ts): codes and ids only.
  ...caseMetadata({ caseId: c.caseId, serviceCode: c.serviceCode, department: c.department, origin: 'APPLICATION', startedBy: c.startedBy ?? 'intake' }),
});

/** The hash-chained audit streams: one per case, one for security events (refusals, key changes). */
export const caseAuditStream = (caseId: string): string => `case:${caseId}`;
export const SECURITY_AUDIT_STREAM = 'security';

/** PostgreSQL NOTIFY channel: its payload is the id of a case whose read model just changed. */
export const CASE_CHANGES_CHANNEL = 'qyzmet_case';

/**
 * What staff are told about a task (activities/staff-notifications.ts): a new task in their group,
 * their task past its due time, a task escalated to them. One notification per task, event and
 * recipient group.
 */
export const STAFF_NOTIFICATION_EVENTS = ['TASK_OPENED', 'TASK_OVERDUE', 'TASK_ESCALATED'] as const;
export type StaffNotificationEvent = (typeof STAFF_NOTIFICATION_EVENTS)[number];
