import { describe, expect, it } from 'vitest';
import { legacyBirthAllowance } from '../testing/amendments.ts';
import type { ServiceDefinition } from '../definition.ts';
import type { EvaluationResult } from '../rules.ts';
import { compareVerdicts, verdictOf } from './compare.ts';
import { evidenceForVersion } from './evidence.ts';

function result(partial: Partial<EvaluationResult>): EvaluationResult {
  return {
    service: { code: 'x', version: 1, contentHash: 'sha256:x', title: 'x' },
    lang: 'en',
    asOf: '2026-03-16',
    legalFactDate: '2026-03-01',
    outcome: 'ELIGIBLE',
    requiresReview: false,
    fourEyes: false,
    escalationReasons: [],
    failedRules: [],
    rules: [],
    crossChecks: [],
    derived: [],
    params: {},
    evidence: [],
    amount: { currency: 'KZT', value: 100, computed: 100, limitedBy: null, monthly: false, periodMonths: null, total: 100 },
    amountCause: null,
    policy: [],
    ...partial,
  };
}

const rule = (id: string, status: 'PASS' | 'FAIL' | 'INDETERMINATE') => ({
  id,
  status,
  text: id,
  failText: status === 'FAIL' ? `${id} failed` : null,
  legalBasis: { act: 'act', article: '1' },
  cause: status === 'INDETERMINATE' ? { kind: 'EVIDENCE_MISSING' as const, detail: 'bank: UNAVAILABLE' } : null,
  treatedAsFail: false,
  evidence: [],
});

describe('verdicts', () => {
  it('say what the engine would do: decide alone, or review', () => {
    expect(verdictOf(result({})).disposition).toBe('APPROVED');
    expect(verdictOf(result({ requiresReview: true, escalationReasons: ['FOUR_EYES'] })).disposition).toBe('REVIEW');
    expect(verdictOf(result({ outcome: 'INELIGIBLE', amount: null })).disposition).toBe('DENIED');
    expect(verdictOf(result({ outcome: 'INDETERMINATE', requiresReview: true, amount: null }))).toMatchObject({ disposition: 'REVIEW', amount: null });
  });

  it('compare outcome, amount, disposition and every rule of both versions', () => {
    const before = verdictOf(result({ rules: [rule('A-01', 'PASS'), rule('A-02', 'PASS')] }));
    const after = verdictOf(result({ outcome: 'INELIGIBLE', amount: null, failedRules: ['A-03'], rules: [rule('A-01', 'PASS'), rule('A-03', 'FAIL')] }));
    const c = compareVerdicts(before, after);
    expect(c).toMatchObject({ outcome: true, amount: true, disposition: true });
    expect(c.rules).toEqual([
      { id: 'A-01', original: 'PASS', proposed: 'PASS', changed: false, why: null },
      { id: 'A-03', original: null, proposed: 'FAIL', changed: true, why: 'A-03 failed' },
      { id: 'A-02', original: 'PASS', proposed: null, changed: true, why: null },
    ]);
    expect(compareVerdicts(before, before)).toMatchObject({ outcome: false, amount: false, disposition: false });
  });
});

describe('evidence a proposed version may use', () => {
  const v2 = legacyBirthAllowance(2) as ServiceDefinition;
  const stored = { birth: { status: 'FOUND' as const, data: { birthOrder: 1 } }, person: { status: 'FOUND' as const, data: {} }, bank: { status: 'NOT_FOUND' as const } };

  it('is what was fetched with the same query and parameters; the rest is withheld, never fetched', () => {
    const proposed = structuredClone(v2) as ServiceDefinition;
    proposed.evidence = [
      ...v2.evidence.filter((e) => e.key !== 'person'),
      { key: 'person', query: 'civil.person', params: { iin: 'application.childIin' }, required: true },
      { key: 'disability', query: 'disability.status', params: { iin: 'applicant.iin' }, required: true },
    ];
    const { evidence, withheld } = evidenceForVersion(stored, v2, proposed);
    expect(evidence.birth).toBe(stored.birth);
    expect(evidence.bank).toBe(stored.bank); // NOT_FOUND is an answer, kept
    expect(evidence.person).toEqual({ status: 'UNAVAILABLE' });
    expect(evidence.disability).toEqual({ status: 'UNAVAILABLE' });
    expect(withheld).toEqual([
      { key: 'person', reason: 'QUERY_CHANGED' },
      { key: 'disability', reason: 'NOT_COLLECTED' },
    ]);
  });
});
