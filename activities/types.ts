/**
 * The activity contract between the case workflow and its side effects. Inputs and results are
 * small (ids, codes, hashes): documents stay in the database, so histories stay small and free
 * of personal data.
 */
import type { CaseStatus, DecisionSummary, TaskState } from '../workflows/messages.ts';

export interface Group {
  department: string;
  role: string;
}

export interface EvidencePlanItem {
  key: string;
  query: string;
  registry: string;
  required: boolean;
}

/** What the workflow needs to run one case, resolved once and pinned in the case. */
export interface CasePlan {
  caseId: string;
  serviceCode: string;
  serviceVersion: number;
  definitionHash: string;
  department: string;
  evidence: EvidencePlanItem[];
  policy: {
    slaMs: number;
    supervisorSlaMs: number;
    informationDeadlineMs: number;
    consentWindowMs: number;
    candidateGroup: Group;
    supervisorGroup: Group;
    fourEyesThreshold: number;
    /** The service's hearing window in working days; absent: DEFAULT_HEARING_WORKING_DAYS. */
    hearingWorkingDays?: number;
    /**
     * The operational policy's escalation chain (services/operational-policy.ts): the groups a
     * task climbs, each with its SLA ('N working days' or an ISO-8601 duration). Absent in plans
     * resolved before chains existed (workflows/case/escalation-chain.ts derives one).
     */
    escalationChain?: (Group & { sla: string })[];
    /** A four-eyes second review goes to the supervisor group; absent (false) in older plans. */
    secondReviewBySupervisor?: boolean;
  };
  /** Intake problems (an application that does not satisfy the service's input schema). */
  intakeErrors: string[];
  /** The codes of the service's refusal grounds an officer's DENY chooses from; absent in plans of versions without them. */
  refusalGrounds?: string[];
  /** Answers that may stand in for evidence, with the registry each check asks; absent in plans of versions without them. */
  answerSubstitutes?: { answer: string; evidence: string; check: string; registry: string }[];
}

export interface FetchEvidenceInput {
  caseId: string;
  key: string;
}
export interface FetchEvidenceResult {
  key: string;
  status: 'FOUND';
  contentHash: string;
}

export interface EvaluateCaseInput {
  caseId: string;
  purpose: 'PRECHECK' | 'DECISION';
  /** Evidence keys whose registry stayed unavailable after retries. */
  unavailable: string[];
  /** Workflow time: rules never read the clock. */
  asOf: string;
}
export interface EvaluationSummary {
  evaluationId: string;
  outcome: 'ELIGIBLE' | 'INELIGIBLE' | 'INDETERMINATE';
  /** KZT; monthly for monthly benefits. */
  amount: number | null;
  /** Months granted for monthly benefits (amount × months is what four-eyes measures), else null. */
  periodMonths: number | null;
  failedRules: string[];
  escalationReasons: string[];
}

export interface IssueDecisionInput {
  caseId: string;
  outcome: 'APPROVED' | 'DENIED';
  amount: number | null;
  evaluationId: string;
  decidedBy: { kind: 'SYSTEM' } | { kind: 'OFFICER'; officerId: string; reason: string; firstReviewer?: string | null; grounds?: string[] };
  decidedAt: string;
}

export interface NotifyInput {
  caseId: string;
  template: 'approved' | 'denied' | 'preliminaryRefusal' | 'escalated' | 'informationRequested' | 'offer' | 'withdrawn' | 'refused' | 'expired';
  /** Repeated calls with one key send one message. */
  idempotencyKey: string;
  vars?: Record<string, string | number | null>;
}

/** One step of the case, written in one transaction: status, timeline, task and audit entry. */
export interface ProjectStepInput {
  caseId: string;
  /** Monotonic within the case; a late retry of an older step never overwrites a newer status. */
  seq: number;
  stepKey: string;
  /** The workflow's history length in the workflow task that wrote the step (absent in steps scheduled before it was recorded). */
  historyLength?: number;
  at: string;
  status?: CaseStatus;
  event: { type: string; data?: Record<string, unknown> };
  audit?: { actor: string; action: string; details?: Record<string, unknown> };
  task?: TaskState & { caseId?: string };
  caseFields?: { offerExpiresAt?: string | null; outcome?: string | null; amount?: number | null };
}

export interface PlanOffersResult {
  offers: { caseId: string; serviceCode: string; department: string }[];
  /** An employment event: the running entitlements it suspends or resumes (absent for other events, and in older histories). */
  entitlementChanges?: EntitlementSignalPlan[];
}

/** One signal an employment event sends to an entitlement workflow (activities/entitlement-events.ts). */
export interface EntitlementSignalPlan {
  entitlementId: string;
  workflowId: string;
  change: 'SUSPEND' | 'RESUME';
  reason: string;
}
