/**
 * The signed decision record: everything needed to check, years later, what was decided, on
 * which rules (version and content hash), on which evidence (hashes) and by whom. It is stored as
 * the exact canonical JSON that was signed.
 */
import type { LegalBasis, LocalizedText } from '../services/definition.ts';

export const DECISION_RECORD_TYPE = 'qyzmet.decision/v1';

export interface DecisionRecord {
  type: typeof DECISION_RECORD_TYPE;
  decisionId: string;
  caseId: string;
  service: { code: string; version: number; contentHash: string };
  applicantIin: string;
  legalFactDate: string;
  evidence: { key: string; registry: string; query: string; status: string; contentHash: string; source: string; fetchedAt: string }[];
  evaluation: { evaluationId: string; asOf: string; outcome: string };
  outcome: 'APPROVED' | 'DENIED';
  amount: { value: number; currency: 'KZT'; monthly: boolean; periodMonths: number | null } | null;
  /** Each rule with its legal basis, `verified` and source included: an unverified citation says so in the signed record. */
  explanation: { ruleId: string; status: string; legalBasis: LegalBasis }[];
  failedRules: string[];
  /** What the decision relied on that is unverified (`rule:BA-03`, `parameter:mci@2026-01-01`, `decision`); null when the evaluation predates the list. */
  unverified: string[] | null;
  decidedBy: { kind: 'SYSTEM' } | { kind: 'OFFICER'; officerId: string; reason: string; firstReviewer: string | null };
  decidedAt: string;
  /**
   * The grounds of a refusal, from the service's closed list, with their texts and legal basis as
   * signed: those the officer named, or those the failed rules map to. Absent from approvals and
   * from refusals under versions (or signed before the time) without refusal grounds.
   */
  grounds?: DecisionGround[];
  /**
   * The entitlement an approval took (services/entitlements.ts). On a refusal because another case
   * holds it: `grantedIn` names that case, `approvalRefused` the approval that could not stand.
   * Absent from records of services without one, and from records signed before entitlements.
   */
  entitlement?: {
    scope: string;
    keys: string[];
    grantedIn?: { caseId: string; decisionId: string; key?: string };
    approvalRefused?: DecisionRecord['decidedBy'];
  };
  /**
   * A decision an appeal (or a scheduled re-check of the entitlement) issued in place of another:
   * the one it replaces, with the hash of that signed record, and the appeal or the re-check.
   * Absent from a case's own decision.
   */
  replaces?: { decisionId: string; recordHash: string; appealId: string } | { decisionId: string; recordHash: string; recheckId: string };
  keyId: string;
  algorithm: 'Ed25519';
}

export interface DecisionGround {
  code: string;
  text: LocalizedText;
  legalBasis: LegalBasis;
}
