import { describe, expect, it } from 'vitest';
import { precheckOffer } from '../proactive.ts';
import { evaluateService } from '../rules.ts';
import type { EvidenceItem, RuleStatus } from '../result.ts';
import {
  FATHER,
  MOTHER,
  STRANGER,
  bank,
  birth,
  contributions,
  employment,
  flatIncome,
  found,
  iin,
  income,
  months,
  notFound,
  person,
  unavailable,
} from '../testing/fixtures.ts';
import { childcareAllowanceV2 as def } from './index.ts';

// Born 2025-06-15: the 24-month window is 2023-06 … 2025-05.
const BORN = '2025-06-15';
const WINDOW = months('2025-05', 24);

interface Scenario {
  born?: string;
  asOf?: string;
  applicant?: string;
  birthOrder?: number;
  birth?: EvidenceItem;
  person?: EvidenceItem;
  income?: EvidenceItem;
  employment?: EvidenceItem;
  contributionMonths?: string[];
  monthlyIncome?: number;
}

function input(s: Scenario = {}) {
  const born = s.born ?? BORN;
  const childIin = iin(born, 'F', 5);
  const applicant = s.applicant ?? MOTHER;
  return {
    application: { childIin },
    applicant: { iin: applicant },
    asOf: s.asOf ?? '2025-07-01',
    evidence: {
      birth: s.birth ?? found(birth(childIin, born, { birthOrder: s.birthOrder ?? 1 })),
      person: s.person ?? found(person(applicant)),
      income: s.income ?? found(flatIncome(applicant, WINDOW, s.monthlyIncome ?? 300_000)),
      employment: s.employment ?? found(employment(applicant, { contributions: contributions(s.contributionMonths ?? WINDOW) })),
      bank: found(bank(applicant)),
    },
  };
}

const run = (s: Scenario = {}) => evaluateService(def, input(s), 'ru');

/** A mother outside social insurance: no contributions, no insured income. */
const uninsured = (s: Scenario = {}): Scenario => ({ contributionMonths: [], income: found(income(MOTHER, [])), ...s });

const statusOf = (s: Scenario, id: string) => run(s).rules.find((r) => r.id === id)?.status;

describe('childcare-allowance rules', () => {
  const cases: [string, string, RuleStatus, Scenario][] = [
    ['CC-01', 'mother', 'PASS', {}],
    ['CC-01', 'father', 'PASS', { applicant: FATHER }],
    ['CC-01', 'not a parent', 'FAIL', { applicant: STRANGER }],
    ['CC-01', 'civil registry down', 'INDETERMINATE', { birth: unavailable() }],
    ['CC-02', 'birth registered', 'PASS', {}],
    ['CC-02', 'no birth record', 'FAIL', { birth: notFound() }],
    ['CC-03', 'newborn', 'PASS', { asOf: BORN }],
    ['CC-03', '17 months and 30 days', 'PASS', { asOf: '2026-12-14' }],
    ['CC-03', 'exactly 18 months', 'FAIL', { asOf: '2026-12-15' }],
    ['CC-03', 'applied before the birth', 'FAIL', { asOf: '2025-06-14' }],
    ['CC-05', 'alive', 'PASS', {}],
    ['CC-05', 'deceased', 'FAIL', { person: found(person(MOTHER, { deceased: true })) }],
    ['CC-05', 'population register down', 'INDETERMINATE', { person: unavailable() }],
  ];
  it.each(cases)('%s: %s → %s', (id, _name, expected, scenario) => {
    expect(statusOf(scenario, id)).toBe(expected);
  });
});

describe('childcare-allowance tier: social payment for the insured, state allowance for the others', () => {
  const cases: [string, 'SOCIAL_PAYMENT' | 'STATE_ALLOWANCE', Scenario][] = [
    ['24 months of contributions', 'SOCIAL_PAYMENT', {}],
    ['exactly 6 months (2024-12 … 2025-05)', 'SOCIAL_PAYMENT', { contributionMonths: months('2025-05', 6) }],
    ['only 5 months', 'STATE_ALLOWANCE', { contributionMonths: months('2025-05', 5) }],
    ['5 months, one paid by two employers', 'STATE_ALLOWANCE', { contributionMonths: [...months('2025-05', 5), '2025-05'] }],
    ['earliest window month counts (2023-06 … 2023-11)', 'SOCIAL_PAYMENT', { contributionMonths: months('2023-11', 6) }],
    ['birth month and older months do not count', 'STATE_ALLOWANCE', { contributionMonths: ['2025-06', ...months('2025-05', 5), '2023-05'] }],
    ['no contributions at all', 'STATE_ALLOWANCE', { contributionMonths: [] }],
  ];
  it.each(cases)('%s → %s, and eligible either way', (_name, tier, scenario) => {
    const result = run(scenario);
    expect(result.derived.find((d) => d.name === 'tier')?.value).toBe(tier);
    expect(result.outcome).toBe('ELIGIBLE');
  });

  it('pays an uninsured mother the state allowance instead of denying her', () => {
    const result = run(uninsured());
    expect(result).toMatchObject({ outcome: 'ELIGIBLE', failedRules: [], requiresReview: false });
    expect(result.amount).toMatchObject({ value: 22_648.32, computed: 22_648.32, limitedBy: null }); // 5.76 × 3 932
  });

  it('escalates when the employment registry is down: the tier cannot be told', () => {
    const result = run({ employment: unavailable() });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_MISSING:employment']);
  });

  it('offers either tier on a registered birth, with the amount it would pay', () => {
    const offer = precheckOffer(def, input(uninsured({ asOf: BORN })));
    expect(offer).toMatchObject({ offer: true, estimatedAmount: 22_648.32 });
    expect(offer.rules.map((r) => r.id)).toEqual(['CC-01', 'CC-02', 'CC-05']);
    expect(precheckOffer(def, input({ asOf: BORN })).estimatedAmount).toBe(120_000);
  });
});

describe('childcare-allowance amount (hand-computed)', () => {
  const W26 = months('2026-02', 24); // born 2026-03-10: the window is 2024-03 … 2026-02
  const in2026 = (s: Scenario = {}): Scenario => ({
    born: '2026-03-10',
    asOf: '2026-03-20',
    income: found(flatIncome(MOTHER, W26, s.monthlyIncome ?? 300_000)),
    employment: found(employment(MOTHER, { contributions: contributions(s.contributionMonths ?? W26) })),
    ...s,
  });
  const cases: [string, Scenario, { value: number; limitedBy: 'CAP' | 'FLOOR' | null; periodMonths: number; total: number }][] = [
    // Insured, born 2025 (MCI 3 932, minimum wage 85 000)
    // 0.4 × 300 000 = 120 000; 18 months → 2 160 000
    ['insured 2025, average 300 000', {}, { value: 120_000, limitedBy: null, periodMonths: 18, total: 2_160_000 }],
    // 0.4 × 333 333.33 = 133 333.332 → 133 333.33; × 18 = 2 399 999.94
    ['insured 2025, average 333 333.33', { monthlyIncome: 333_333.33 }, { value: 133_333.33, limitedBy: null, periodMonths: 18, total: 2_399_999.94 }],
    // 0.4 × 700 000 = 280 000 > cap 0.4 × 7 × 85 000 = 238 000
    ['insured 2025, capped at 7 minimum wages', { monthlyIncome: 700_000 }, { value: 238_000, limitedBy: 'CAP', periodMonths: 18, total: 4_284_000 }],
    // 0.4 × 50 000 = 20 000 < floor 5.76 × 3 932 = 22 648.32 (1st child)
    ['insured 2025, floor, 1st child', { monthlyIncome: 50_000 }, { value: 22_648.32, limitedBy: 'FLOOR', periodMonths: 18, total: 407_669.76 }],
    // floor 6.81 × 3 932 = 26 776.92 (2nd child)
    ['insured 2025, floor, 2nd child', { monthlyIncome: 50_000, birthOrder: 2 }, { value: 26_776.92, limitedBy: 'FLOOR', periodMonths: 18, total: 481_984.56 }],
    // floor 7.85 × 3 932 = 30 866.20 (3rd child)
    ['insured 2025, floor, 3rd child', { monthlyIncome: 50_000, birthOrder: 3 }, { value: 30_866.2, limitedBy: 'FLOOR', periodMonths: 18, total: 555_591.6 }],
    // floor 8.90 × 3 932 = 34 994.80 (5th child)
    ['insured 2025, floor, 5th child', { monthlyIncome: 50_000, birthOrder: 5 }, { value: 34_994.8, limitedBy: 'FLOOR', periodMonths: 18, total: 629_906.4 }],
    // applied at 12 months: still from birth, 18 months
    ['insured 2025, applied at 12 months', { asOf: '2026-06-15' }, { value: 120_000, limitedBy: null, periodMonths: 18, total: 2_160_000 }],
    // applied at 13 months: 12 months back + 5 ahead = 17
    ['insured 2025, applied at 13 months', { asOf: '2026-07-15' }, { value: 120_000, limitedBy: null, periodMonths: 17, total: 2_040_000 }],
    ['insured 2025, applied at 17 months', { asOf: '2026-11-15' }, { value: 120_000, limitedBy: null, periodMonths: 13, total: 1_560_000 }],
    // Insured, born 2026 (MCI 4 325, minimum wage 85 000)
    ['insured 2026, average 300 000', in2026(), { value: 120_000, limitedBy: null, periodMonths: 18, total: 2_160_000 }], // 0.4 × 300 000
    ['insured 2026, capped', in2026({ monthlyIncome: 1_000_000 }), { value: 238_000, limitedBy: 'CAP', periodMonths: 18, total: 4_284_000 }], // 0.4 × 7 × 85 000
    ['insured 2026, floor, 1st child', in2026({ monthlyIncome: 50_000 }), { value: 24_912, limitedBy: 'FLOOR', periodMonths: 18, total: 448_416 }], // 5.76 × 4 325
    ['insured 2026, floor, 4th child', in2026({ monthlyIncome: 50_000, birthOrder: 4 }), { value: 38_492.5, limitedBy: 'FLOOR', periodMonths: 18, total: 692_865 }], // 8.90 × 4 325
    // Uninsured: the state allowance by birth order, born 2025 (MCI 3 932)
    ['uninsured 2025, 1st child', uninsured(), { value: 22_648.32, limitedBy: null, periodMonths: 18, total: 407_669.76 }], // 5.76 × 3 932
    ['uninsured 2025, 2nd child', uninsured({ birthOrder: 2 }), { value: 26_776.92, limitedBy: null, periodMonths: 18, total: 481_984.56 }], // 6.81 × 3 932
    ['uninsured 2025, 3rd child', uninsured({ birthOrder: 3 }), { value: 30_866.2, limitedBy: null, periodMonths: 18, total: 555_591.6 }], // 7.85 × 3 932
    ['uninsured 2025, 4th child', uninsured({ birthOrder: 4 }), { value: 34_994.8, limitedBy: null, periodMonths: 18, total: 629_906.4 }], // 8.90 × 3 932
    ['uninsured 2025, 8th child', uninsured({ birthOrder: 8 }), { value: 34_994.8, limitedBy: null, periodMonths: 18, total: 629_906.4 }], // 8.90 × 3 932
    // Uninsured, born 2026 (MCI 4 325)
    ['uninsured 2026, 1st child', in2026(uninsured()), { value: 24_912, limitedBy: null, periodMonths: 18, total: 448_416 }], // 5.76 × 4 325
    ['uninsured 2026, 2nd child', in2026(uninsured({ birthOrder: 2 })), { value: 29_453.25, limitedBy: null, periodMonths: 18, total: 530_158.5 }], // 6.81 × 4 325
    ['uninsured 2026, 3rd child', in2026(uninsured({ birthOrder: 3 })), { value: 33_951.25, limitedBy: null, periodMonths: 18, total: 611_122.5 }], // 7.85 × 4 325
    ['uninsured 2026, 4th child', in2026(uninsured({ birthOrder: 4 })), { value: 38_492.5, limitedBy: null, periodMonths: 18, total: 692_865 }], // 8.90 × 4 325
    ['uninsured 2026, 8th child', in2026(uninsured({ birthOrder: 8 })), { value: 38_492.5, limitedBy: null, periodMonths: 18, total: 692_865 }], // 8.90 × 4 325
  ];
  it.each(cases)('%s', (_name, scenario, expected) => {
    const result = run(scenario);
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.amount).toMatchObject({ ...expected, monthly: true, currency: 'KZT' });
  });

  it('averages over 24 months whatever the number of months with income, ignoring months outside the window', () => {
    const entries = [
      { month: '2025-06', amount: 1_000_000 }, // birth month: outside
      ...months('2025-05', 12).map((month) => ({ month, amount: 240_000 })),
      { month: '2023-05', amount: 1_000_000 }, // 25 months back: outside
    ];
    const result = run({ income: found(income(MOTHER, entries)) });
    // 12 × 240 000 / 24 = 120 000 → × 0.4 = 48 000
    expect(result.derived.find((d) => d.name === 'averageIncome')?.value).toBe(120_000);
    expect(result.amount?.value).toBe(48_000);
  });

  it('uses the MCI of the birth year, not of the application year', () => {
    // Born 2025-12-20, applied 2026-02-01: floor 5.76 × 3 932 (2025), not × 4 325.
    const window = months('2025-11', 24);
    const result = run({
      born: '2025-12-20',
      asOf: '2026-02-01',
      income: found(flatIncome(MOTHER, window, 10_000)),
      employment: found(employment(MOTHER, { contributions: contributions(window) })),
    });
    expect(result.params).toMatchObject({ mci: 3932, mzp: 85_000 });
    expect(result.amount?.value).toBe(22_648.32);
  });

  it('carries every figure with its source; only the insured threshold is unverified among them', () => {
    const result = run();
    expect(result.parameters?.map((p) => [p.name, p.value, p.verified])).toEqual([
      ['mci', 3932, true],
      ['mzp', 85_000, true],
      ['replacementRate', 0.4, true],
      ['incomeCapMzp', 7, true],
      ['insuredFromContributionMonths', 6, false],
      ['careMciFirst', 5.76, true],
      ['careMciSecond', 6.81, true],
      ['careMciThird', 7.85, true],
      ['careMciFourthOn', 8.9, true],
    ]);
    expect(result.unverified).toEqual(['rule:CC-01', 'rule:CC-02', 'rule:CC-03', 'rule:CC-05', 'parameter:insuredFromContributionMonths@2024-01-01', 'decision']);
  });

  it('asks for four eyes when the total granted exceeds 3 000 000', () => {
    const result = run({ monthlyIncome: 700_000 });
    expect(result.fourEyes).toBe(true);
    expect(result.escalationReasons).toEqual(['FOUR_EYES']);
    expect(run().fourEyes).toBe(false);
  });

  it('escalates when income data is missing: required evidence blocks an approval', () => {
    const result = run({ income: unavailable() });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_MISSING:income']);
    expect(result.rules.every((r) => r.status === 'PASS')).toBe(true);
  });
});
