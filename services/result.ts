/**
 * The shape of an evaluation: plain JSON (no BigInt, no Date, no undefined-vs-null ambiguity),
 * deterministic for the same inputs, so it can travel in Temporal history, be stored with the
 * decision and be signed.
 */
import type { Lang, LegalBasis, Source } from './definition.ts';
import type { CitedLegalBasis } from './verification.ts';

export type { CitedLegalBasis } from './verification.ts';

export type EvidenceStatus = 'FOUND' | 'NOT_FOUND' | 'UNAVAILABLE';

export interface EvidenceItem {
  status: EvidenceStatus;
  /** The registry's answer when FOUND; ignored otherwise. */
  data?: unknown;
}

export interface ApplicantInput {
  iin: string;
  /** Taken from the IIN when absent. */
  birthDate?: string;
  sex?: 'M' | 'F';
}

export interface EvaluationInput {
  application: Record<string, unknown>;
  applicant: ApplicantInput;
  /** Evidence by key; a key that is absent counts as UNAVAILABLE (never fetched). */
  evidence: Record<string, EvidenceItem>;
  /**
   * The date the application counts as made (YYYY-MM-DD) — `today` in the rules. The workflow
   * passes the case's pinned submission date, never the clock, so a re-run gives the same answer.
   */
  asOf: string;
}

export type Outcome = 'ELIGIBLE' | 'INELIGIBLE' | 'INDETERMINATE';
export type RuleStatus = 'PASS' | 'FAIL' | 'INDETERMINATE';

export type IndeterminateKind =
  | 'EVIDENCE_MISSING' // a required source was not found, or any source was unavailable
  | 'PARAMETER_MISSING' // no value of a dated parameter (e.g. MCI) at the legal-fact date
  | 'DERIVED_UNKNOWN' // a derived value it reads could not be computed
  | 'ERROR' // the expression failed at run time (missing key, division by zero …)
  | 'NOT_BOOLEAN'; // the expression gave something other than true/false

export interface Cause {
  kind: IndeterminateKind;
  detail: string;
}

export interface RuleResult {
  id: string;
  status: RuleStatus;
  /** What the rule requires, in the requested language. */
  text: string;
  /** Why it failed — only on FAIL. */
  failText: string | null;
  /** `verified` is always stated in new evaluations; absent in those stored before it existed (read: unverified). */
  legalBasis: LegalBasis;
  /** Only on INDETERMINATE. */
  cause: Cause | null;
  /** True when an INDETERMINATE rule counts as failed (onIndeterminate: FAIL). */
  treatedAsFail: boolean;
  /** Evidence keys the rule reads, directly or through derived values. */
  evidence: string[];
}

export interface CrossCheckResult {
  id: string;
  status: 'CONSISTENT' | 'CONFLICT' | 'UNKNOWN';
  text: string;
  cause: Cause | null;
}

export interface DerivedResult {
  name: string;
  value: unknown;
  status: 'OK' | 'UNKNOWN';
  cause: Cause | null;
}

export interface PolicyResult {
  id: string;
  triggered: boolean;
  text: string;
  /** Set when the condition could not be evaluated — it then counts as triggered (fail-safe). */
  cause: Cause | null;
}

export interface AmountResult {
  currency: 'KZT';
  /** The payment (monthly for monthly benefits), after floor/cap, rounded to 2 decimals. */
  value: number;
  /** The formula's figure before floor/cap (rounded). */
  computed: number;
  limitedBy: 'CAP' | 'FLOOR' | null;
  monthly: boolean;
  periodMonths: number | null;
  /** value × periodMonths for monthly benefits, otherwise value: what four-eyes is measured on. */
  total: number;
  /** Where the formula comes from (null when the definition cites nothing; absent in older evaluations). */
  legalBasis?: CitedLegalBasis | null;
}

/** The value of a dated parameter this evaluation used, with where it was checked. */
export interface ParameterUse {
  name: string;
  /** null when the definition has no value on the legal-fact date (PARAMETER_MISSING). */
  value: number | null;
  /** The `from` of the dated value used. */
  from: string | null;
  verified: boolean;
  source: Source | null;
}

export interface EvaluationResult {
  service: { code: string; version: number; contentHash: string; title: string };
  lang: Lang;
  asOf: string;
  legalFactDate: string;
  outcome: Outcome;
  /** An officer must look before the case closes (INDETERMINATE, four-eyes or a policy condition). */
  requiresReview: boolean;
  /** Two different officers must approve. */
  fourEyes: boolean;
  /** Why review is required: `RULE_INDETERMINATE:BA-02`, `EVIDENCE_MISSING:birth`, `FOUR_EYES` … (empty when none). */
  escalationReasons: string[];
  /** Ids of the rules that decided an INELIGIBLE outcome. */
  failedRules: string[];
  rules: RuleResult[];
  crossChecks: CrossCheckResult[];
  derived: DerivedResult[];
  params: Record<string, number | null>;
  /** The same values with their sources (absent in evaluations stored before sources existed). */
  parameters?: ParameterUse[];
  /**
   * What this evaluation relied on that is not verified against the law in force: `rule:BA-03`
   * (its legal basis), `parameter:mci@2026-01-01` (a dated value), `decision` (the amount formula's
   * basis, when an amount was computed). Empty when everything it used is verified; absent in
   * evaluations stored before verification existed, which must be read as unknown.
   */
  unverified?: string[];
  evidence: { key: string; query: string; required: boolean; status: EvidenceStatus }[];
  amount: AmountResult | null;
  /** Why no amount could be computed for an otherwise eligible case. */
  amountCause: Cause | null;
  policy: PolicyResult[];
  /**
   * Other cases for the same entitlement (services/entitlements.ts): GRANTED names the case that
   * holds the grant (the outcome is then INELIGIBLE with DUPLICATE_ENTITLEMENT), PENDING the open
   * cases that come first. Null when none; absent in evaluations stored before entitlements.
   */
  entitlement?: { status: 'GRANTED'; caseId: string; decisionId: string } | { status: 'PENDING'; caseIds: string[] } | null;
}
