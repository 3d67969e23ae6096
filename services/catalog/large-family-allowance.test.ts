import { describe, expect, it } from 'vitest';
import type { ChildRecord } from '../../registries/types.ts';
import { legalFactDateOf, validateApplication } from '../registry.ts';
import { evaluateService } from '../rules.ts';
import type { EvidenceItem, RuleStatus } from '../result.ts';
import { ELSEWHERE, MOTHER, bank, child, found, notFound, person, unavailable } from '../testing/fixtures.ts';
import { largeFamilyAllowanceV2 as def, largeFamilyAllowanceV3 } from './index.ts';
import { offerFromEvent, precheckOffer } from '../proactive.ts';

const SUBMITTED = '2025-09-01';
const young = (n: number): ChildRecord[] => Array.from({ length: n }, (_, i) => child(`20${10 + i}-03-15`, { birthOrder: i + 1 }));

interface Scenario {
  asOf?: string;
  children?: ChildRecord[];
  childrenItem?: EvidenceItem;
  person?: EvidenceItem;
}

function run(s: Scenario = {}) {
  return evaluateService(def, {
    application: { confirmsCohabitation: true },
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
    ['LF-03', 'four children registered at her address', 'PASS', {}],
    ['LF-03', 'one of four registered elsewhere', 'FAIL', { children: [...young(3), child('2015-03-15', { registeredAddress: ELSEWHERE })] }],
    ['LF-03', 'five, one registered elsewhere: four remain', 'PASS', { children: [...young(4), child('2015-03-15', { registeredAddress: ELSEWHERE })] }],
    ['LF-03', 'four, and a grown child living elsewhere', 'PASS', { children: [...young(4), child('2000-01-01', { registeredAddress: ELSEWHERE })] }],
    ['LF-03', 'she is registered elsewhere than the children', 'FAIL', { person: found(person(MOTHER, { registeredAddress: ELSEWHERE })) }],
    ['LF-03', 'civil registry down', 'INDETERMINATE', { childrenItem: unavailable() }],
  ];
  it.each(cases)('%s: %s → %s', (id, _name, expected, scenario) => {
    expect(run(scenario).rules.find((r) => r.id === id)?.status).toBe(expected);
  });
});

describe('large-family-allowance amount (hand-computed: 16.03 / 20.04 / 24.05 / 28.06 MCI for 4–7 children, 4 MCI per child from 8)', () => {
  const cases: [string, number, number, number][] = [
    // submitted, children counted, monthly KZT, total over 12 months
    ['2025-09-01', 4, 63_029.96, 756_359.52], // 16.03 × 3 932; × 12
    ['2025-09-01', 5, 78_797.28, 945_567.36], // 20.04 × 3 932
    ['2025-09-01', 6, 94_564.6, 1_134_775.2], // 24.05 × 3 932
    ['2025-09-01', 7, 110_331.92, 1_323_983.04], // 28.06 × 3 932
    ['2025-09-01', 8, 125_824, 1_509_888], // 4 × 8 = 32 × 3 932
    ['2025-09-01', 10, 157_280, 1_887_360], // 4 × 10 = 40 × 3 932
    ['2026-02-01', 4, 69_329.75, 831_957], // 16.03 × 4 325
    ['2026-02-01', 5, 86_673, 1_040_076], // 20.04 × 4 325
    ['2026-02-01', 6, 104_016.25, 1_248_195], // 24.05 × 4 325
    ['2026-02-01', 7, 121_359.5, 1_456_314], // 28.06 × 4 325
    ['2026-02-01', 8, 138_400, 1_660_800], // 32 × 4 325
    ['2026-02-01', 10, 173_000, 2_076_000], // 40 × 4 325
  ];
  it.each(cases)('submitted %s, %i children → %d a month, %d over 12 months', (asOf, n, monthly, total) => {
    const result = run({ asOf, children: young(n) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.legalFactDate).toBe(asOf);
    expect(result.amount).toMatchObject({ value: monthly, periodMonths: 12, total, monthly: true });
    expect(result.fourEyes).toBe(total > 1_500_000);
  });

  it('counts only the children registered at her address: five children, one elsewhere → the 4-child rate', () => {
    const result = run({ children: [...young(4), child('2015-03-15', { registeredAddress: ELSEWHERE })] });
    expect(result.derived.find((d) => d.name === 'childrenOfAge')?.value).toBe(5);
    expect(result.amount?.value).toBe(63_029.96);
  });

  it('sends the case to an officer when the register has no address for a child who counts', () => {
    const result = run({ children: [...young(3), child('2015-03-15', { registeredAddress: null })] });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_CONFLICT:REGISTERED_ADDRESS']);
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

  it('refuses an unticked box at intake: an incomplete application, never a denial', () => {
    expect(validateApplication(def, { confirmsCohabitation: false })).toEqual({
      ok: false,
      issues: [{ field: 'confirmsCohabitation', code: 'NOT_CONFIRMED', message: 'must be confirmed' }],
    });
    expect(validateApplication(def, { confirmsCohabitation: true })).toEqual({ ok: true, application: { confirmsCohabitation: true } });
    // No rule reads the declaration: what decides is the register.
    expect(def.rules.some((r) => r.expression.includes('application.'))).toBe(false);
  });
});

describe('large-family-allowance v3: offered on a birth', () => {
  const event = { childIin: '260301600010', motherIin: MOTHER, fatherIin: null, birthDate: '2026-03-01' };

  it('offers to the mother, the cohabitation established by LF-03 instead of asked, and changes nothing else', () => {
    const { proactive, version, supersedes, ...rest } = largeFamilyAllowanceV3;
    const { version: _v, supersedes: _s, ...v2 } = def;
    expect({ version, supersedes }).toEqual({ version: 3, supersedes: [2] });
    expect(rest).toEqual(v2);
    expect(proactive).toMatchObject({ trigger: 'BIRTH_REGISTERED', precheck: ['LF-01', 'LF-02', 'LF-03'], establishedBy: { confirmsCohabitation: 'LF-03' } });
    const offer = offerFromEvent(largeFamilyAllowanceV3, event);
    expect(offer).toEqual({ subjectIin: MOTHER, application: { confirmsCohabitation: true } });
    expect(validateApplication(largeFamilyAllowanceV3, offer.application).ok).toBe(true);
  });

  it('is not offered to a family of three (LF-01 fails the pre-check)', () => {
    const input = {
      application: { confirmsCohabitation: true },
      applicant: { iin: MOTHER },
      asOf: SUBMITTED,
      evidence: { children: found(young(3)), person: found(person(MOTHER)), bank: found(bank(MOTHER)) },
    };
    expect(precheckOffer(largeFamilyAllowanceV3, input, 'en').offer).toBe(false);
    const four = precheckOffer(largeFamilyAllowanceV3, { ...input, evidence: { ...input.evidence, children: found(young(4)) } }, 'en');
    expect(four.offer).toBe(true);
    expect(four.estimatedAmount).toBeCloseTo(63_029.96, 2); // 16.03 MCI × 3,932 (2025)
  });
});
