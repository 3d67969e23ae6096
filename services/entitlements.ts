/**
 * Entitlements: what the law grants once. A service declares what one grant covers (its key):
 * the birth allowance one child, the childcare allowance one child across both of its tiers, the
 * large-family allowance each child of the family for the grant's period, the job-loss payment
 * one applicant's one job loss. The database holds one claim per key (EntitlementClaim), taken
 * with the APPROVED decision; intake and evaluation look for a grant or a pending case first.
 *
 * The declaration belongs to the service, not to one version: a grant under version 1 covers the
 * child for version 3 too, and a declaration inside a version's hashed content would change the
 * hash of versions already published. Pure: no I/O.
 */
import { addDays, addMonths } from '../lib/dates.ts';
import { compileExpression, toJson, type CompiledExpression } from './cel.ts';

export interface EntitlementDeclaration {
  /** Services (or tiers of one) paying the same entitlement share a scope: one grant per key across them. */
  scope: string;
  /**
   * CEL over `applicant`, `application`, `evidence` and `legalFactDate`: the list of keys one
   * grant covers. An expression that reads `evidence` is known only once the evidence is in.
   */
  keys: string;
  /** FOREVER: a key is granted once; PERIOD: a key is held for the decision's months, then free again. */
  holds: 'FOREVER' | 'PERIOD';
  /** What one grant covers, in words (README, officers). */
  description: string;
}

export interface EntitlementFacts {
  applicantIin: string;
  application: Record<string, unknown>;
  legalFactDate: string;
  /** Evidence data by key (null when not found); absent before the evidence is gathered. */
  evidence?: Record<string, unknown>;
}

export type EntitlementKeys =
  | { status: 'KNOWN'; scope: string; keys: string[] }
  /** The keys come from registries: not known before the evidence is gathered. */
  | { status: 'NEEDS_EVIDENCE'; scope: string }
  /** The expression could not be evaluated over these facts (missing evidence, a malformed answer). */
  | { status: 'UNKNOWN'; scope: string; cause: string };

const compiled = new Map<string, CompiledExpression>();
function compiledKeys(declaration: EntitlementDeclaration): CompiledExpression {
  let expr = compiled.get(declaration.keys);
  if (!expr) {
    expr = compileExpression(declaration.keys);
    compiled.set(declaration.keys, expr);
  }
  return expr;
}

/** Whether the declaration's keys can be known from the application alone (at intake). */
export function keysNeedEvidence(declaration: EntitlementDeclaration): boolean {
  const refs = compiledKeys(declaration).refs;
  return refs.wholeEvidence || refs.evidence.length > 0;
}

/** The keys a case asks for, sorted and distinct. */
export function entitlementKeysOf(declaration: EntitlementDeclaration, facts: EntitlementFacts): EntitlementKeys {
  const { scope } = declaration;
  if (keysNeedEvidence(declaration) && !facts.evidence) return { status: 'NEEDS_EVIDENCE', scope };
  let value: unknown;
  try {
    value = toJson(
      compiledKeys(declaration).evaluate({
        applicant: { iin: facts.applicantIin },
        application: facts.application,
        evidence: facts.evidence ?? {},
        legalFactDate: facts.legalFactDate,
      }),
    );
  } catch (e) {
    return { status: 'UNKNOWN', scope, cause: (e as Error).message.split('\n')[0]! };
  }
  if (!Array.isArray(value) || !value.every((k) => typeof k === 'string' && k !== '')) {
    return { status: 'UNKNOWN', scope, cause: `keys must be a list of non-empty strings, got ${JSON.stringify(value)}` };
  }
  return { status: 'KNOWN', scope, keys: [...new Set(value as string[])].sort() };
}

/** The last day a grant holds its keys: null for good; for PERIOD, the day before legalFactDate + months. */
export function claimValidUntil(declaration: EntitlementDeclaration, legalFactDate: string, periodMonths: number | null): string | null {
  if (declaration.holds === 'FOREVER' || !periodMonths) return null;
  return addDays(addMonths(legalFactDate, periodMonths), -1);
}
