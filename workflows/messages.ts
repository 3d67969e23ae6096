/**
 * Everything a caller needs to talk to Qyzmet's workflows: inputs, Updates, Queries and their
 * payload types, and — re-exported from vocabulary.ts — the case vocabulary and ids. The API
 * imports this file (and workflow function types) only, never workflow implementation code. The
 * task queue is configuration (TEMPORAL_TASK_QUEUE), not a constant.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AppealResolution, AppealStatus, CaseOrigin, CaseStatus, DecisionOutcome, FailedStepName, ResolveAction, TaskKind, TaskStatus } from './vocabulary.ts';
import type { DocumentContentType } from '../lib/input/index.ts';

export * from './vocabulary.ts';
export * from './entitlement-messages.ts';
export * from './recheck-messages.ts';

/**
 * Shorter clocks for tests and demos (milliseconds). Honoured only when the deployment allows
 * it (ALLOW_TIMING_OVERRIDES, never in production); production cases use the service's policy.
 */
export interface TimingOverrides {
  /** The first level of the escalation chain (the officer group). */
  slaMs?: number;
  /** The second level (the supervisor group). */
  supervisorSlaMs?: number;
  /** Every level above the second (the head of department). */
  headSlaMs?: number;
  consentWindowMs?: number;
  informationDeadlineMs?: number;
  /** The hearing window of a preliminary refusal, instead of the service's working days. */
  hearingWindowMs?: number;
  registryRetryInitialIntervalMs?: number;
  registryMaxAttempts?: number;
  /** One benefit period (a month) of an entitlement (workflows/entitlement-workflow.ts). */
  periodMs?: number;
}

/** Workflow input: ids only. The application itself lives in the database, not in history. */
export interface CaseWorkflowInput {
  caseId: string;
  origin: CaseOrigin;
  timing?: TimingOverrides;
  /**
   * A proactive case offered as part of its life event's one offer (the bundle): the case sends no
   * offer SMS of its own and tells the life-event workflow, by `offerPrecheckedSignal`, whether its
   * pre-check offers it. Unset in cases started before offers were bundled.
   */
  offerBundle?: { lifeEventWorkflowId: string };
}

/** A bundled case's pre-check is done: offered (OFFERED, in the bundle) or not (NOT_OFFERED). */
export interface OfferPrecheckedInput {
  caseId: string;
  offered: boolean;
}

export interface LifeEventWorkflowInput {
  eventId: string;
  timing?: TimingOverrides;
}

export interface Officer {
  id: string;
  department: string;
  roles: string[];
}

export interface TaskState {
  taskId: string;
  kind: TaskKind;
  status: TaskStatus;
  department: string;
  role: string;
  assignee: string | null;
  reasons: string[];
  dueAt: string;
  escalated: boolean;
  firstReviewer: string | null;
}

/**
 * What every staff Update carries: the acting officer as a claim the API signed for this
 * workflow, this Update and this exact input (lib/claims). The validator verifies it and the
 * permission rule reads the verified officer, never a name the caller typed.
 */
export interface OfficerUpdateInput {
  /** The API-signed officer claim (compact JWS, lib/claims/claim-format.ts). */
  claim?: string;
  /**
   * Histories accepted before officer claims named the officer here; their handlers still read
   * it on replay. New inputs never carry it (a validator refuses an Update without a claim).
   */
  officer?: Officer;
}

export interface ClaimTaskInput extends OfficerUpdateInput {
  taskId: string;
}
export interface ReleaseTaskInput extends OfficerUpdateInput {
  taskId: string;
}
export interface ReassignTaskInput extends OfficerUpdateInput {
  taskId: string;
  assignee: string;
}
export interface ResolveTaskInput extends OfficerUpdateInput {
  taskId: string;
  action: ResolveAction;
  reason: string;
  /** What the citizen must provide, with REQUEST_INFORMATION. */
  request?: string;
  /** An officer may correct the computed amount on approval. */
  amount?: number;
  /** DENY: the codes of the service's refusal grounds the refusal rests on (at least one). */
  grounds?: string[];
}

/** Who issues a decision: the system (automatic) or an officer, with the officer's reason and grounds. */
export type IssueDecisionBy = { kind: 'SYSTEM' } | { kind: 'OFFICER'; officerId: string; reason: string; firstReviewer?: string | null; grounds?: string[] };

export interface DecisionSummary {
  decisionId: string;
  outcome: DecisionOutcome;
  amount: number | null;
  decidedBy: string;
  decidedAt: string;
}

export interface ResolveTaskResult {
  taskId: string;
  action: ResolveAction;
  /** Set when the resolution produced the final decision. */
  decision: DecisionSummary | null;
  /** Set when a large amount now needs a second, different approver. */
  secondReviewTaskId: string | null;
  status: CaseStatus;
}

export interface RespondToOfferInput {
  consent: boolean;
  channel: string;
  /** What proves the answer: the SMS gateway's message id of the citizen's reply. */
  proof?: string;
}
export interface ProvideInformationInput {
  submissionId: string;
  answers: Record<string, string>;
  /** Documents attached to the answer (attachDocument stored them): hashes only, never their content. */
  documents?: InformationDocument[];
}
/** The citizen's position on a preliminary refusal (hearing.ts): free text and optional document references. */
export interface SubmitObjectionInput {
  text: string;
  /** References (ids or content hashes) of documents the citizen attached; at most MAX_OBJECTION_DOCUMENTS. */
  documents?: string[];
}

/** A preliminary refusal awaiting the citizen's position (Case live state). */
export interface HearingState {
  dueAt: string;
  grounds: string[];
  objected: boolean;
}

/** A document a citizen attached, as the case refers to it: content-addressed by SHA-256. */
export interface InformationDocument {
  /** Hex SHA-256 of the document's bytes. */
  sha256: string;
  contentType: DocumentContentType;
  size: number;
}
export { DOCUMENT_CONTENT_TYPES, DOCUMENT_MAX_BYTES, MAX_DOCUMENTS_PER_ANSWER, type DocumentContentType } from '../lib/input/index.ts';
export interface WithdrawCaseInput {
  reason: string;
  by: string;
}

/**
 * A step that failed for good and holds the case in NEEDS_ATTENTION. The message is Qyzmet's own
 * text for the error type (and a SQLSTATE), never the failing value: it may be personal data.
 */
export interface FailedStep {
  step: FailedStepName;
  errorType: string;
  message: string;
  failedAt: string;
  /** The how-many-th failure of this case: a retry names it, so a repeated request retries once. */
  failure: number;
  /** The status the case resumes when the step is retried. */
  resumeStatus: CaseStatus;
}

/** Re-run a case's failed step once its cause is fixed (an engineer, or a supervisor of its department). */
export interface RetryFailedStepInput extends OfficerUpdateInput {
  /** FailedStep.failure of the failure being retried: a retry of an earlier one is refused. */
  failure: number;
}
export interface RetryFailedStepResult {
  status: CaseStatus;
  /** Set when the step failed again. */
  failedStep: FailedStep | null;
}

export interface CaseLiveState {
  caseId: string;
  status: CaseStatus;
  serviceCode: string | null;
  serviceVersion: number | null;
  tasks: TaskState[];
  offerExpiresAt: string | null;
  informationDueAt: string | null;
  decision: DecisionSummary | null;
  escalationReasons: string[];
  /** Set while the case is in NEEDS_ATTENTION. */
  failedStep: FailedStep | null;
  /** Set from a preliminary refusal until the decision (absent in cases without one). */
  hearing?: HearingState | null;
}

export const claimTaskUpdate = defineUpdate<TaskState, [ClaimTaskInput]>('claimTask');
export const releaseTaskUpdate = defineUpdate<TaskState, [ReleaseTaskInput]>('releaseTask');
export const reassignTaskUpdate = defineUpdate<TaskState, [ReassignTaskInput]>('reassignTask');
export const resolveTaskUpdate = defineUpdate<ResolveTaskResult, [ResolveTaskInput]>('resolveTask');
export const respondToOfferUpdate = defineUpdate<CaseStatus, [RespondToOfferInput]>('respondToOffer');
export const provideInformationUpdate = defineUpdate<CaseStatus, [ProvideInformationInput]>('provideInformation');
export const submitObjectionUpdate = defineUpdate<CaseStatus, [SubmitObjectionInput]>('submitObjection');
export const withdrawCaseUpdate = defineUpdate<CaseStatus, [WithdrawCaseInput]>('withdrawCase');
export const retryFailedStepUpdate = defineUpdate<RetryFailedStepResult, [RetryFailedStepInput]>('retryFailedStep');
export const caseStateQuery = defineQuery<CaseLiveState>('caseState');
export const offerPrecheckedSignal = defineSignal<[OfferPrecheckedInput]>('offerPrechecked');

// ── appeals (workflows/appeal-workflow.ts) ─────────────────────────────────────────────────────

/** Ids only: the appeal (reason, documents) lives in the database. */
export interface AppealWorkflowInput {
  appealId: string;
  /** Tests and demos: the review SLA in milliseconds instead of the policy's working days; periodMs paces an entitlement the appeal starts. */
  timing?: Pick<TimingOverrides, 'slaMs' | 'periodMs'>;
}

/** What the appeal workflow needs from its opening: who may and who may not decide it. */
export interface OpenedAppeal {
  appealId: string;
  caseId: string;
  department: string;
  taskId: string;
  /** The officer id (or "system") the appealed decision names: they may not decide the appeal. */
  originalDecider: string;
  dueAt: string;
  /** The refusal-ground codes of the case's service version (a REPLACE with DENIED names one); null when it declares none. */
  refusalGrounds: string[] | null;
}

export interface ResolveAppealInput extends OfficerUpdateInput {
  appealId: string;
  resolution: AppealResolution;
  reason: string;
  /** REPLACE: the new decision's outcome. */
  outcome?: DecisionOutcome;
  /** REPLACE with APPROVED: the amount (KZT); by default what the rules computed. */
  amount?: number;
  /** REPLACE with DENIED: the service's refusal grounds the new refusal rests on. */
  grounds?: string[];
}

export interface ResolveAppealResult {
  appealId: string;
  status: AppealStatus;
  /** The decision that stands after the appeal: the appealed one (UPHOLD) or the new one (REPLACE). */
  decision: DecisionSummary;
  /** REPLACE: the decision that was replaced. */
  replacedDecisionId: string | null;
}

export const resolveAppealUpdate = defineUpdate<ResolveAppealResult, [ResolveAppealInput]>('resolveAppeal');

// ── population sweep (workflows/population-sweep-workflow.ts) ──────────────────────────────────

export interface PopulationSweepInput {
  /** The sweep's checkpoint row; the workflow id is populationSweepWorkflowId(sweepId). Empty: dated when it starts (the Schedule). */
  sweepId: string;
  /** The service offered (services/discovery.ts). */
  serviceCode: string;
  /** The date eligibility is judged on (ages, grants), YYYY-MM-DD: the sweep's date. Empty: the day it starts. */
  asOf: string;
  /** Persons per registry read (at most 5 000). */
  pageSize?: number;
  /** Rate limit: registry reads per second (the extract is a shared link). */
  pagesPerSecond?: number;
  /** Pages per run before continuing as new (keeps the history short). */
  pagesPerRun?: number;
}

export interface SweepCounts {
  scanned: number;
  eligible: number;
  offered: number;
  skipped: number;
}
export interface SweepOffer {
  caseId: string;
  serviceCode: string;
  department: string;
}
export interface SweepPageInput {
  sweepId: string;
  serviceCode: string;
  cursor: string | null;
  pageSize: number;
  asOf: string;
}
export interface SweepPageResult {
  /** null: that was the last page. */
  next: string | null;
  offers: SweepOffer[];
  counts: SweepCounts;
}
export interface SweepProgress {
  sweepId: string;
  status: 'RUNNING' | 'COMPLETED';
  cursor: string | null;
  pages: number;
  counts: SweepCounts;
}

export const populationSweepProgressQuery = defineQuery<SweepProgress>('populationSweepProgress');
/** One sweep per service and date: a second start attaches to the running one. */
export const populationSweepId = (serviceCode: string, date: string): string => `${serviceCode}@${date}`;
export const populationSweepWorkflowId = (sweepId: string): string => `population-sweep-${sweepId}`;

/**
 * Activity failure types (ApplicationFailure.type) the workflow and its retry policies tell apart.
 * A refusal meant for a caller — a validator's, or an activity's "this can never work" — uses a
 * wire code from lib/errors.ts instead, so the API hands it on without translating.
 */
export const FailureType = {
  RegistryNotFound: 'RegistryNotFound',
  RegistryUnavailable: 'RegistryUnavailable',
  RegistryBadRequest: 'RegistryBadRequest',
  CaseNotFound: 'CaseNotFound',
  ServiceNotFound: 'ServiceNotFound',
  SigningKeyMissing: 'SigningKeyMissing',
  /** A value the database or canonical JSON can never accept: retrying cannot help. */
  InvalidData: 'InvalidData',
} as const;
