/**
 * The signed decision record: everything needed to check, years later, what was decided, on
 * which rules (version and content hash), on which evidence (hashes) and by whom. It is stored as
 * the exact canonical JSON that was signed.
 */
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
  explanation: { ruleId: string; status: string; legalBasis: { act: string; article: string; clause?: string } }[];
  failedRules: string[];
  decidedBy: { kind: 'SYSTEM' } | { kind: 'OFFICER'; officerId: string; reason: string; firstReviewer: string | null };
  decidedAt: string;
  keyId: string;
  algorithm: 'Ed25519';
}

export const decisionIdOf = (caseId: string): string => `dec_${caseId}`;
