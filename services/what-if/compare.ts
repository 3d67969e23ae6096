/**
 * Pure comparison of two evaluations of one case: what the rules say (outcome, amount, what the
 * engine would do with it) and, rule by rule, what changed.
 */
import type { EvaluationResult, Outcome, RuleStatus } from '../rules.ts';

/** What the engine would do with an evaluation: decide alone, or hand the case to an officer. */
export type Disposition = 'APPROVED' | 'DENIED' | 'REVIEW';

export interface RuleLine {
  id: string;
  status: RuleStatus;
  text: string;
  legalBasis: { act: string; article: string; clause?: string };
  /** Why the rule failed, or why it could not be decided (EVIDENCE_MISSING: income: UNAVAILABLE …). */
  why: string | null;
}

export interface Verdict {
  version: number;
  contentHash: string;
  outcome: Outcome;
  disposition: Disposition;
  /** KZT (monthly for monthly benefits); null unless ELIGIBLE. */
  amount: number | null;
  periodMonths: number | null;
  failedRules: string[];
  escalationReasons: string[];
  rules: RuleLine[];
}

export function verdictOf(result: EvaluationResult): Verdict {
  const disposition: Disposition = result.requiresReview ? 'REVIEW' : result.outcome === 'ELIGIBLE' ? 'APPROVED' : result.outcome === 'INELIGIBLE' ? 'DENIED' : 'REVIEW';
  return {
    version: result.service.version,
    contentHash: result.service.contentHash,
    outcome: result.outcome,
    disposition,
    amount: result.outcome === 'ELIGIBLE' ? (result.amount?.value ?? null) : null,
    periodMonths: result.amount?.periodMonths ?? null,
    failedRules: result.failedRules,
    escalationReasons: result.escalationReasons,
    rules: result.rules.map((r) => ({
      id: r.id,
      status: r.status,
      text: r.text,
      legalBasis: r.legalBasis,
      why: r.status === 'FAIL' ? r.failText : r.cause ? `${r.cause.kind}: ${r.cause.detail}` : null,
    })),
  };
}

export interface RuleChange {
  id: string;
  /** null: the rule does not exist in that version. */
  original: RuleStatus | null;
  proposed: RuleStatus | null;
  changed: boolean;
  why: string | null;
}

export interface Changes {
  outcome: boolean;
  amount: boolean;
  disposition: boolean;
  /** Every rule of either version, in the proposed version's order, then the removed ones. */
  rules: RuleChange[];
}

export function compareVerdicts(original: Verdict, proposed: Verdict): Changes {
  const before = new Map(original.rules.map((r) => [r.id, r]));
  const after = new Map(proposed.rules.map((r) => [r.id, r]));
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  const rules = ids.map((id) => {
    const a = before.get(id)?.status ?? null;
    const b = after.get(id)?.status ?? null;
    return { id, original: a, proposed: b, changed: a !== b, why: after.get(id)?.why ?? null };
  });
  return {
    outcome: original.outcome !== proposed.outcome,
    amount: original.amount !== proposed.amount,
    disposition: original.disposition !== proposed.disposition,
    rules,
  };
}
