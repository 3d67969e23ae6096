import { describe, expect, it } from 'vitest';
import { selectVersionForApplication } from '../registry.ts';
import { evaluateService } from '../rules.ts';
import type { ServiceDefinition } from '../definition.ts';
import type { EvidenceItem, RuleStatus } from '../result.ts';
import { FATHER, MOTHER, STRANGER, bank, birth, found, iin, notFound, person, unavailable } from '../testing/fixtures.ts';
import { legacyBirthAllowance } from '../testing/amendments.ts';
import { birthAllowanceV3, catalog } from './index.ts';

interface Scenario {
  born?: string;
  asOf?: string;
  applicant?: string;
  birthOrder?: number;
  birth?: EvidenceItem | ((childIin: string, born: string) => EvidenceItem);
  person?: EvidenceItem;
  bank?: EvidenceItem;
}

function run(s: Scenario = {}, def: ServiceDefinition = birthAllowanceV3) {
  const born = s.born ?? '2025-03-10';
  const childIin = iin(born, 'M', 7);
  const applicant = s.applicant ?? MOTHER;
  const birthItem =
    typeof s.birth === 'function' ? s.birth(childIin, born) : (s.birth ?? found(birth(childIin, born, { birthOrder: s.birthOrder ?? 2 })));
  return evaluateService(def, {
    application: { childIin },
    applicant: { iin: applicant },
    asOf: s.asOf ?? '2025-04-01',
    evidence: {
      birth: birthItem,
      person: s.person ?? found(person(applicant)),
      bank: s.bank ?? found(bank(applicant)),
    },
  }, 'en');
}

const ruleStatus = (result: ReturnType<typeof run>, id: string) => result.rules.find((r) => r.id === id)?.status;

describe('birth-allowance rules', () => {
  const cases: [string, string, RuleStatus, Scenario][] = [
    ['BA-01', 'mother applies', 'PASS', {}],
    ['BA-01', 'father applies', 'PASS', { applicant: FATHER }],
    ['BA-01', 'someone else applies', 'FAIL', { applicant: STRANGER }],
    ['BA-01', 'no birth record (cannot tell)', 'INDETERMINATE', { birth: notFound() }],
    ['BA-01', 'civil registry down', 'INDETERMINATE', { birth: unavailable() }],
    ['BA-02', 'birth record found', 'PASS', {}],
    ['BA-02', 'no birth record', 'FAIL', { birth: notFound() }],
    ['BA-02', 'record of another child', 'FAIL', { birth: (_c, born) => found(birth(iin('2025-01-01', 'F', 3), born)) }],
    ['BA-02', 'civil registry down', 'INDETERMINATE', { birth: unavailable() }],
    ['BA-03', 'applied on the birth day', 'PASS', { asOf: '2025-03-10' }],
    ['BA-03', 'applied exactly 12 months later', 'PASS', { asOf: '2026-03-10' }],
    ['BA-03', 'applied 12 months and a day later', 'FAIL', { asOf: '2026-03-11' }],
    ['BA-03', 'applied before the birth', 'FAIL', { asOf: '2025-03-09' }],
    ['BA-03', 'born 31 Jan, applied 31 Jan next year', 'PASS', { born: '2024-01-31', asOf: '2025-01-31' }],
    ['BA-03', 'born 31 Jan, applied 1 Feb next year', 'FAIL', { born: '2024-01-31', asOf: '2025-02-01' }],
    ['BA-03', 'born 29 Feb, applied 28 Feb next year', 'PASS', { born: '2024-02-29', asOf: '2025-02-28' }],
    ['BA-03', 'born 29 Feb, applied 1 Mar next year', 'FAIL', { born: '2024-02-29', asOf: '2025-03-01' }],
    ['BA-04', 'applicant alive', 'PASS', {}],
    ['BA-04', 'applicant recorded deceased', 'FAIL', { person: found(person(MOTHER, { deceased: true })) }],
    ['BA-04', 'no population record (required)', 'INDETERMINATE', { person: notFound() }],
    ['BA-04', 'population register down', 'INDETERMINATE', { person: unavailable() }],
  ];
  it.each(cases)('%s: %s → %s', (id, _name, expected, scenario) => {
    expect(ruleStatus(run(scenario), id)).toBe(expected);
  });

  it('explains a failure with its text and legal basis in the requested language', () => {
    const result = run({ asOf: '2026-03-11' });
    const ba03 = result.rules.find((r) => r.id === 'BA-03')!;
    expect(ba03.failText).toMatch(/more than 12 months/);
    expect(ba03.legalBasis).toMatchObject({ act: expect.stringMatching(/Social Code/), article: 'article not identified', verified: false });
    const kk = evaluateService(birthAllowanceV3, {
      application: { childIin: iin('2025-03-10', 'M', 7) },
      applicant: { iin: MOTHER },
      asOf: '2026-03-11',
      evidence: {},
    }, 'kk');
    expect(kk.rules.find((r) => r.id === 'BA-03')!.failText).toBe('Өтініш беру мерзімі өтіп кетті: бала туғаннан бері 12 айдан астам уақыт өтті');
  });
});

describe('birth-allowance amount (hand-computed: 38 MCI for the 1st–3rd child, 63 MCI from the 4th, MCI of the birth year)', () => {
  const cases: [string, number, number][] = [
    // birth date, birth order, expected KZT
    ['2024-06-01', 1, 140_296.0], // 38 × 3 692
    ['2024-06-01', 4, 232_596.0], // 63 × 3 692
    ['2025-03-10', 1, 149_416.0], // 38 × 3 932
    ['2025-03-10', 2, 149_416.0], // 38 × 3 932
    ['2025-03-10', 3, 149_416.0], // 38 × 3 932 (3rd child still 38 MCI)
    ['2025-03-10', 4, 247_716.0], // 63 × 3 932
    ['2025-12-31', 8, 247_716.0], // 63 × 3 932 (every child from the 4th)
    ['2026-01-01', 1, 164_350.0], // 38 × 4 325
    ['2026-02-14', 2, 164_350.0], // 38 × 4 325
    ['2026-03-08', 3, 164_350.0], // 38 × 4 325
    ['2026-05-20', 4, 272_475.0], // 63 × 4 325
    ['2026-11-30', 8, 272_475.0], // 63 × 4 325
  ];
  it.each(cases)('born %s, birth order %i → %d KZT', (born, birthOrder, expected) => {
    const result = run({ born, birthOrder, asOf: born });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.amount).toMatchObject({ value: expected, total: expected, monthly: false, periodMonths: null, currency: 'KZT' });
  });

  it('uses figures verified in their sources, and says which citations are not', () => {
    const result = run({ born: '2026-02-14', asOf: '2026-02-20' });
    expect(result.parameters).toEqual([
      { name: 'mci', value: 4325, from: '2026-01-01', verified: true, source: expect.objectContaining({ citation: expect.stringMatching(/No\. 239-VIII/) }) },
      { name: 'mciFirstToThird', value: 38, from: '2024-01-01', verified: true, source: expect.objectContaining({ url: expect.stringMatching(/^https:/) }) },
      { name: 'mciFourthOn', value: 63, from: '2024-01-01', verified: true, source: expect.objectContaining({ url: expect.stringMatching(/^https:/) }) },
    ]);
    // No article of the Social Code could be identified: every rule and the formula say so.
    expect(result.unverified).toEqual(['rule:BA-01', 'rule:BA-02', 'rule:BA-03', 'rule:BA-04', 'decision']);
    expect(result.amount?.legalBasis).toMatchObject({ verified: false, source: { note: expect.stringMatching(/38 MCI/) } });
  });
});

describe('birth-allowance versions', () => {
  const cases: [string, string, number][] = [
    // child born, applied on, expected amount for a 1st child: one version, the MCI of the birth year
    ['2024-01-01', '2024-01-01', 140_296.0],
    ['2025-12-31', '2026-02-01', 149_416.0], // MCI of 2025 although applied in 2026
    ['2026-01-01', '2026-01-05', 164_350.0],
  ];
  it.each(cases)('born %s, applied %s → v5 (v3 with refusal grounds and the IBAN answer), %d KZT', (born, asOf, amount) => {
    const childIin = iin(born, 'M', 7);
    const { definition, legalFactDate } = selectVersionForApplication(catalog, 'birth-allowance', { childIin }, asOf);
    expect(legalFactDate).toBe(born);
    expect(definition.version).toBe(5);
    const result = run({ born, asOf, birthOrder: 1 }, definition);
    expect(result.service.version).toBe(5);
    expect(result.amount?.value).toBe(amount);
  });

  // The versions published before v3: v1 (2024–2025) and the invented 40 MCI v2 (from 2026).
  const legacy = [legacyBirthAllowance(1), legacyBirthAllowance(2)];
  const legacyCases: [string, number, number][] = [
    ['2025-12-31', 1, 149_416.0], // 38 × 3 932
    ['2026-01-01', 2, 173_000.0], // 40 × 4 325: the invented amendment
  ];
  it.each(legacyCases)('without v3, a child born %s was decided by v%i: %d KZT', (born, version, amount) => {
    const { definition } = selectVersionForApplication(legacy, 'birth-allowance', { childIin: iin(born, 'M', 7) }, born);
    expect(definition.version).toBe(version);
    expect(run({ born, asOf: born, birthOrder: 1 }, definition).amount?.value).toBe(amount);
  });

  it.each(['2024-03-01', '2025-12-31', '2026-01-01', '2026-07-01'])('v3 supersedes both: born %s → v3', (born) => {
    const { definition } = selectVersionForApplication([...legacy, birthAllowanceV3], 'birth-allowance', { childIin: iin(born, 'M', 7) }, born);
    expect(definition.version).toBe(3);
  });

  it('has no version for births before 2024', () => {
    expect(() => selectVersionForApplication(catalog, 'birth-allowance', { childIin: iin('2023-12-31', 'F', 2) }, '2024-02-01')).toThrow(
      /no version in effect on 2023-12-31/,
    );
  });

  it('escalates a 2027 birth: the MCI for 2027 is not in the definition yet', () => {
    const result = run({ born: '2027-01-05', asOf: '2027-01-10' });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.params.mci).toBeNull();
    expect(result.escalationReasons).toEqual(['PARAMETER_MISSING:mci', 'AMOUNT_INDETERMINATE']);
  });
});

describe('birth-allowance outcomes', () => {
  it('approves a clear case without an officer', () => {
    const result = run();
    expect(result).toMatchObject({ outcome: 'ELIGIBLE', requiresReview: false, fourEyes: false, escalationReasons: [] });
  });

  it('denies decisively when there is no birth record, even though BA-01 cannot be decided', () => {
    const result = run({ birth: notFound() });
    expect(result.outcome).toBe('INELIGIBLE');
    expect(result.failedRules).toEqual(['BA-02']);
    expect(ruleStatus(result, 'BA-01')).toBe('INDETERMINATE');
    expect(result.requiresReview).toBe(false);
  });

  it('denies a stranger even while the population register is down', () => {
    const result = run({ applicant: STRANGER, person: unavailable() });
    expect(result.outcome).toBe('INELIGIBLE');
    expect(result.failedRules).toEqual(['BA-01']);
  });

  it('escalates when the population register is down and nothing fails', () => {
    const result = run({ person: unavailable() });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_MISSING:person', 'RULE_INDETERMINATE:BA-04']);
  });

  it('escalates a birth record whose date contradicts the IIN, even for a failing applicant', () => {
    const conflicting = (childIin: string) => found(birth(childIin, '2025-03-11'));
    expect(run({ birth: conflicting }).escalationReasons).toEqual(['EVIDENCE_CONFLICT:BIRTH_DATE']);
    expect(run({ birth: conflicting, applicant: STRANGER }).outcome).toBe('INDETERMINATE');
  });

  const bankCases: [string, EvidenceItem, string[]][] = [
    ['no account in the registry', notFound(), ['POLICY:NO_VERIFIED_ACCOUNT']],
    ['unverified account', found(bank(MOTHER, false)), ['POLICY:NO_VERIFIED_ACCOUNT']],
    ['bank registry down (fail-safe)', unavailable(), ['POLICY:NO_VERIFIED_ACCOUNT']],
    ['verified account', found(bank(MOTHER)), []],
  ];
  it.each(bankCases)('approval with %s → review %j', (_name, bankItem, reasons) => {
    const result = run({ bank: bankItem });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.escalationReasons).toEqual(reasons);
    expect(result.requiresReview).toBe(reasons.length > 0);
  });

  it('does not send a denial to review for a missing bank account', () => {
    const result = run({ asOf: '2026-06-01', bank: notFound() });
    expect(result.outcome).toBe('INELIGIBLE');
    expect(result.requiresReview).toBe(false);
  });
});
