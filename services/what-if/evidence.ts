/**
 * Which of a case's stored evidence another version may use. A what-if never calls a registry:
 * it re-decides on what the case already holds. Evidence counts only if it was fetched with the
 * same query and the same parameters the other version asks for; anything else is withheld
 * (UNAVAILABLE), so the rules that read it come out INDETERMINATE (EVIDENCE_MISSING) instead of
 * deciding on an answer to a different question.
 */
import { canonicalize } from '../../lib/canonical-json.ts';
import type { ServiceDefinition } from '../definition.ts';
import type { EvidenceItem } from '../rules.ts';

export interface WithheldEvidence {
  key: string;
  /** NOT_COLLECTED: the case never fetched it; QUERY_CHANGED: it was fetched with another query or parameters. */
  reason: 'NOT_COLLECTED' | 'QUERY_CHANGED';
}

export function evidenceForVersion(
  stored: Record<string, EvidenceItem>,
  pinned: ServiceDefinition,
  proposed: ServiceDefinition,
): { evidence: Record<string, EvidenceItem>; withheld: WithheldEvidence[] } {
  const evidence: Record<string, EvidenceItem> = {};
  const withheld: WithheldEvidence[] = [];
  for (const spec of proposed.evidence) {
    const was = pinned.evidence.find((e) => e.key === spec.key);
    const item = stored[spec.key];
    if (!was || !item) {
      withheld.push({ key: spec.key, reason: 'NOT_COLLECTED' });
      evidence[spec.key] = { status: 'UNAVAILABLE' };
    } else if (was.query !== spec.query || canonicalize(was.params) !== canonicalize(spec.params)) {
      withheld.push({ key: spec.key, reason: 'QUERY_CHANGED' });
      evidence[spec.key] = { status: 'UNAVAILABLE' };
    } else {
      evidence[spec.key] = item;
    }
  }
  return { evidence, withheld };
}
