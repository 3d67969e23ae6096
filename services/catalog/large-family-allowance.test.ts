import { describe, expect, it } from 'vitest';
import type { ChildRecord } from '../../registries/types.ts';
import { legalFactDateOf, validateApplication } from '../registry.ts';
import { evaluateService } from '../rules.ts';
import type { EvidenceItem, RuleStatus } from '../result.ts';
import { MOTHER, bank, child, found, notFound, person, unavailable } from '../testing/fixtures.ts';
import { largeFamilyAllowanceV1 as def } from './index.ts';

const SUBMITTED = '2025-09-01';
const young = (n: number): ChildRecord[] => Array.from({ length: n }, (_, i) => child(`20${10 + i}-03-15`, { birthOrder: i + 1 }));

interface Scenario {
  asOf?: string;
  children?: ChildRecord[];
  childrenItem?: EvidenceItem;
  person?: EvidenceItem;
  confirms?: boolean;
}

function run(s: Scenario = {}) {
  return evaluateService(def, {
    application: { confirmsCohabitation: s.confirms ?? true },
    applicant: { iin: MOTHER },
    asOf: s.asOf ?? SUBMITTED,
    evidence: {
      children: s.childrenItem ?? found(s.children ?? young(4)),
      person: s.person ?? found(person(MOTHER)),
      bank: found(bank(MOTHER)),
    },
  }, 'en');
}

const eligibleChildren = (s: Scenario) => run(s).derived.find((d) => d.name === 'eligibleChildren')?.value;

describe('large-family-allowance: which children count (on 2025-09-01)', () => {
  const cases: [string, ChildRecord, number][] = [
    ['17 years old', child('2008-01-10'), 1],
    ['turns 18 the next day', child('2007-09-02'), 1],
    ['turns 18 that day', child('2007-09-01'), 0],
    ['20, full-time student', child('2005-02-01', { inFullTimeEducation: true }), 1],
    ['20, not a student', child('2005-02-01'), 0],
    ['22, student, turns 23 the next day', child('2002-09-02', { inFullTimeEducation: true }), 1],
    ['23 that day, student', child('2002-09-01', { inFullTimeEducation: true }), 0],
  ];
  it.each(cases)('%s → counted %i', (_name, record, expected) => {
    expect(eligibleChildren({ children: [record] })).toBe(expected);
  });
});

describe('large-family-allowance rules', () => {
  const cases: [string, string, RuleStatus, Scenario][] = [
    ['LF-01', 'four children under 18', 'PASS', {}],
    ['LF-01', 'three under 18 and an adult non-student', 'FAIL', { children: [...young(3), child('2004-01-01')] }],
    ['LF-01', 'three under 18 and a student of 21', 'PASS', { children: [...young(3), child('2004-01-01', { inFullTimeEducation: true })] }],
    ['LF-01', 'no children on record', 'FAIL', { children: [] }],
    ['LF-01', 'civil registry down', 'INDETERMINATE', { childrenItem: unavailable() }],
    ['LF-01', 'children query not found (required)', 'INDETERMINATE', { childrenItem: notFound() }],
    ['LF-02', 'alive', 'PASS', {}],
    ['LF-02', 'deceased', 'FAIL', { person: found(person(MOTHER, { deceased: true })) }],
    ['LF-03', 'cohabitation confirmed', 'PASS', {}],
    ['LF-03', 'cohabitation not confirmed', 'FAIL', { confirms: false }],
  ];
  it.each(cases)('%s: %s → %s', (id, _name, expected, scenario) => {
    expect(run(scenario).rules.find((r) => r.id === id)?.status).toBe(expected);
  });
});

describe('large-family-allowance amount (hand-computed, MCI 3 932 in 2025)', () => {
  const cases: [number, number, number][] = [
    [4, 63_029.96, 756_359.52], // 16.03 × 3 932; × 12
    [5, 78_797.28, 945_567.36], // 20.04 × 3 932
    [6, 94_564.6, 1_134_775.2], // 24.05 × 3 932
    [7, 110_331.92, 1_323_983.04], // 28.06 × 3 932
    [8, 126_138.56, 1_513_662.72], // 4.01 × 8 = 32.08 × 3 932
    [10, 157_673.2, 1_892_078.4], // 4.01 × 10 = 40.10 × 3 932
  ];
  it.each(cases)('%i children → %d a month, %d over 12 months', (n, monthly, total) => {
    const result = run({ children: young(n) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.amount).toMatchObject({ value: monthly, periodMonths: 12, total, monthly: true });
    expect(result.fourEyes).toBe(total > 1_500_000);
  });

  it('uses the MCI of the submission year: 4 children in 2026 → 16.03 × 4 325 = 69 329.75', () => {
    const result = run({ asOf: '2026-02-01' });
    expect(result.legalFactDate).toBe('2026-02-01');
    expect(result.amount?.value).toBe(69_329.75);
  });
});

describe('large-family-allowance application', () => {
  it('needs the submission date to find its legal fact', () => {
    expect(legalFactDateOf(def, { confirmsCohabitation: true }, { submittedOn: SUBMITTED })).toBe(SUBMITTED);
    expect(() => legalFactDateOf(def, { confirmsCohabitation: true })).toThrow(/submission date is needed/);
  });

  it('rejects a missing or mistyped confirmation', () => {
    expect(validateApplication(def, {})).toEqual({ ok: false, issues: [{ field: 'confirmsCohabitation', code: 'REQUIRED', message: 'is required' }] });
    const wrong = validateApplication(def, { confirmsCohabitation: 'yes' });
    expect(wrong.ok).toBe(false);
  });
});
