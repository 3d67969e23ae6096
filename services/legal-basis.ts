/**
 * A legal basis as an entitlement change's reason cites it: act, article, clause, and an
 * unverified citation marked UNVERIFIED (with what its source leaves open), never passed off as law.
 */
import type { LegalBasis } from './definition.ts';

export function citeLegalBasis(b: LegalBasis): string {
  return `${b.act}, ${b.article}${b.clause ? `, ${b.clause}` : ''}${b.verified ? '' : ` (UNVERIFIED${b.source?.note ? `: ${b.source.note}` : ''})`}`;
}
