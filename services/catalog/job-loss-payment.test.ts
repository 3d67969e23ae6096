import { describe, expect, it } from 'vitest';
import type { EmploymentRecord } from '../../registries/types.ts';
import { legalFactDateOf } from '../registry.ts';
import { evaluateService } from '../rules.ts';
import type { EvidenceItem, RuleStatus } from '../result.ts';
import { FATHER, bank, contributions, employment, flatIncome, found, months, notFound, person, unavailable } from '../testing/fixtures.ts';
import { offerFromEvent } from '../proactive.ts';
import { catalog, entitlementOf, jobLossPaymentV2, jobLossPaymentV3 as def, jobLossPaymentV4 } from './index.ts';
import { entitlementKeysOf } from '../entitlements.ts';

// Job lost 2025-03-20: the 24-month window is 2023-03 … 2025-02.
const LOST = '2025-03-20';
const WINDOW = months('2025-02', 24);
const APPLICANT = FATHER;

interface Scenario {
  asOf?: string;
  jobLossDate?: string;
  registrationDate?: string;
  employment?: Partial<EmploymentRecord>;
  employmentItem?: EvidenceItem;
  contributionMonths?: string[];
  monthlyIncome?: number;
  income?: EvidenceItem;
  person?: EvidenceItem;
  definition?: typeof def;
}

function run(s: Scenario = {}) {
  const jobLossDate = s.jobLossDate ?? LOST;
  const record = employment(APPLICANT, {
    status: 'UNEMPLOYED',
    jobLossDate: LOST,
    jobLossReason: 'LAYOFF',
    contributions: contributions(s.contributionMonths ?? WINDOW),
    ...s.employment,
  });
  return evaluateService(s.definition ?? def, {
    application: { jobLossDate, ...(s.registrationDate ? { registrationDate: s.registrationDate } : {}) },
    applicant: { iin: APPLICANT },
    asOf: s.asOf ?? '2025-04-01',
    evidence: {
      employment: s.employmentItem ?? found(record),
      income: s.income ?? found(flatIncome(APPLICANT, WINDOW, s.monthlyIncome ?? 400_000)),
      person: s.person ?? found(person(APPLICANT, { sex: 'M' })),
      bank: found(bank(APPLICANT)),
    },
  }, 'kk');
}

describe('job-loss-payment rules', () => {
  const cases: [string, string, RuleStatus, Scenario][] = [
    ['JL-01', 'layoff', 'PASS', {}],
    ['JL-01', 'liquidation', 'PASS', { employment: { jobLossReason: 'LIQUIDATION' } }],
    ['JL-01', 'end of a fixed-term contract', 'PASS', { employment: { jobLossReason: 'CONTRACT_END' } }],
    ['JL-01', 'own wish', 'FAIL', { employment: { jobLossReason: 'OWN_WISH' } }],
    ['JL-01', 'misconduct', 'FAIL', { employment: { jobLossReason: 'MISCONDUCT' } }],
    ['JL-01', 'no reason recorded', 'FAIL', { employment: { jobLossReason: null } }],
    ['JL-01', 'employment registry down', 'INDETERMINATE', { employmentItem: unavailable() }],
    ['JL-02', 'registered unemployed', 'PASS', {}],
    ['JL-02', 'employed again', 'FAIL', { employment: { status: 'EMPLOYED' } }],
    ['JL-02', 'self-employed', 'FAIL', { employment: { status: 'SELF_EMPLOYED' } }],
    ['JL-03', '24 months of contributions', 'PASS', {}],
    ['JL-03', 'exactly 6 months (2024-09 … 2025-02)', 'PASS', { contributionMonths: months('2025-02', 6) }],
    ['JL-03', '5 months', 'FAIL', { contributionMonths: months('2025-02', 5) }],
    ['JL-03', 'the job-loss month is not in the window', 'FAIL', { contributionMonths: months('2025-03', 6) }],
    ['JL-03', 'months 25+ back do not count', 'FAIL', { contributionMonths: months('2023-02', 12) }],
    ['JL-04', 'applied on the day of job loss', 'PASS', { asOf: LOST }],
    ['JL-04', 'applied exactly 6 months later', 'PASS', { asOf: '2025-09-20' }],
    ['JL-04', 'applied 6 months and a day later', 'FAIL', { asOf: '2025-09-21' }],
    ['JL-04', 'applied before the job loss', 'FAIL', { asOf: '2025-03-19' }],
    ['JL-05', 'alive', 'PASS', {}],
    ['JL-05', 'deceased', 'FAIL', { person: found(person(APPLICANT, { deceased: true })) }],
    ['JL-05', 'no population record', 'INDETERMINATE', { person: notFound() }],
  ];
  it.each(cases)('%s: %s → %s', (id, _name, expected, scenario) => {
    expect(run(scenario).rules.find((r) => r.id === id)?.status).toBe(expected);
  });
});

describe('job-loss-payment amount (hand-computed)', () => {
  // 0.45 × 400 000 = 180 000 a month; months by contribution months up to the job loss.
  const tiers: [number, number, number][] = [
    [6, 1, 180_000],
    [11, 1, 180_000],
    [12, 2, 360_000],
    [23, 2, 360_000],
    [24, 3, 540_000],
    [36, 4, 720_000],
    [47, 4, 720_000],
    [48, 5, 900_000],
    [59, 5, 900_000],
    [60, 6, 1_080_000],
  ];
  it.each(tiers)('%i contribution months → %i months, total %d KZT', (count, periodMonths, total) => {
    const result = run({ contributionMonths: months('2025-02', count) });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.amount).toMatchObject({ value: 180_000, periodMonths, total, monthly: true, limitedBy: null });
  });

  it('counts the job-loss month itself towards the duration', () => {
    // 2025-03 … 2024-04: 12 months in total (→ 2 months), 11 of them in the 24-month window.
    const result = run({ contributionMonths: months('2025-03', 12) });
    expect(result.amount?.periodMonths).toBe(2);
  });

  it('caps the income at 7 minimum wages: 0.45 × 7 × 85 000 = 267 750', () => {
    const result = run({ monthlyIncome: 700_000, contributionMonths: months('2025-02', 12) });
    expect(result.amount).toMatchObject({ value: 267_750, computed: 315_000, limitedBy: 'CAP', total: 535_500 });
  });

  it('rounds to tiyn: 0.45 × 123 456.78 = 55 555.551 → 55 555.55', () => {
    const result = run({ monthlyIncome: 123_456.78, contributionMonths: months('2025-02', 6) });
    expect(result.amount?.value).toBe(55_555.55);
  });

  it('computes a 2026 job loss the same way, with the minimum wage of 2026 in the cap', () => {
    // Lost 2026-03-20: window 2024-03 … 2026-02; 0.45 × 400 000 = 180 000 for 3 months (30 contribution months).
    const window = months('2026-02', 24);
    const result = evaluateService(def, {
      application: { jobLossDate: '2026-03-20' },
      applicant: { iin: APPLICANT },
      asOf: '2026-04-01',
      evidence: {
        employment: found(employment(APPLICANT, { status: 'UNEMPLOYED', jobLossDate: '2026-03-20', jobLossReason: 'LAYOFF', contributions: contributions(months('2026-02', 30)) })),
        income: found(flatIncome(APPLICANT, window, 400_000)),
        person: found(person(APPLICANT, { sex: 'M' })),
        bank: found(bank(APPLICANT)),
      },
    }, 'en');
    expect(result.amount).toMatchObject({ value: 180_000, periodMonths: 3, total: 540_000 });
    expect(result.params).toMatchObject({ mzp: 85_000, replacementRate: 0.45, incomeCapMzp: 7 });
  });

  it('says in the data where the definition and its sources disagree', () => {
    const result = run();
    expect(result.rules.find((r) => r.id === 'JL-01')?.legalBasis).toMatchObject({ verified: false, source: { note: expect.stringMatching(/^CONTRADICTED/) } });
    expect(result.amount?.legalBasis).toMatchObject({ verified: false, source: { note: expect.stringMatching(/INCOMPLETE/) } });
    expect(result.parameters?.every((p) => p.verified)).toBe(true);
  });

  it('asks for four eyes above 1 000 000 in total', () => {
    expect(run({ contributionMonths: months('2025-02', 60) }).escalationReasons).toEqual(['FOUR_EYES']);
    expect(run({ contributionMonths: months('2025-02', 59) }).requiresReview).toBe(false);
  });
});

describe('job-loss-payment legal fact and conflicts', () => {
  it('takes the legal fact from the application field', () => {
    expect(legalFactDateOf(def, { jobLossDate: LOST })).toBe(LOST);
    expect(legalFactDateOf('job-loss-payment', { jobLossDate: '2026-01-15' })).toBe('2026-01-15');
  });

  it('escalates when the application and the employment registry disagree on the date', () => {
    const result = run({ jobLossDate: '2025-03-21', asOf: '2025-04-01' });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_CONFLICT:JOB_LOSS_DATE']);
  });

  it('does not deny automatically on disputed facts, even when a rule fails', () => {
    const result = run({ jobLossDate: '2025-03-21', employment: { jobLossReason: 'OWN_WISH' } });
    expect(result.rules.find((r) => r.id === 'JL-01')?.status).toBe('FAIL');
    expect(result.outcome).toBe('INDETERMINATE');
  });

  it('escalates with every dependent rule named when the employment registry is down', () => {
    const result = run({ employmentItem: unavailable() });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual([
      'EVIDENCE_MISSING:employment',
      'RULE_INDETERMINATE:JL-01',
      'RULE_INDETERMINATE:JL-02',
      'RULE_INDETERMINATE:JL-03',
    ]);
    expect(result.crossChecks[0]).toMatchObject({ status: 'UNKNOWN', cause: { kind: 'EVIDENCE_MISSING' } });
  });

  it('escalates when required income data is not found', () => {
    const result = run({ income: notFound() });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_MISSING:income']);
  });

  it('writes the explanation in Kazakh', () => {
    const result = run({ employment: { jobLossReason: 'OWN_WISH' } });
    expect(result.outcome).toBe('INELIGIBLE');
    expect(result.rules.find((r) => r.id === 'JL-01')?.failText).toMatch(/өз қалауы бойынша/);
    expect(result.service.title).toBe('Жұмысынан айырылған жағдайда төленетін әлеуметтік төлем');
  });
});

describe('job-loss-payment v3: registration as unemployed is the legal fact', () => {
  it('is what the version in force (v4, v3 with its refusal grounds) decides by, for every job loss since 2024', () => {
    expect(catalog.filter((d) => d.code === 'job-loss-payment').map((d) => d.version)).toEqual([4]);
    expect(def.supersedes).toEqual([1, 2]);
    expect(jobLossPaymentV4.supersedes).toEqual([3]);
    const { version: _v4, supersedes: _s4, refusalGrounds, ...v4 } = jobLossPaymentV4;
    const { version: _v3, supersedes: _s3, ...v3 } = def;
    expect(v4).toEqual(v3);
    expect(refusalGrounds?.map((g) => g.rules)).toEqual(def.rules.map((r) => [r.id]));
  });

  it('decides an application without a registration date exactly as v2 did', () => {
    const scenarios: Scenario[] = [{}, { employment: { jobLossReason: 'OWN_WISH' } }, { contributionMonths: months('2025-02', 60) }, { monthlyIncome: 700_000 }, { asOf: '2025-09-21' }, { jobLossDate: '2025-03-21' }];
    for (const scenario of scenarios) {
      const [v2, v3] = [run({ ...scenario, definition: jobLossPaymentV2 }), run(scenario)];
      expect({ outcome: v3.outcome, amount: v3.amount?.total, rules: v3.rules.map((r) => r.status), legalFactDate: v3.legalFactDate }).toEqual({
        outcome: v2.outcome,
        amount: v2.amount?.total,
        rules: v2.rules.map((r) => r.status),
        legalFactDate: v2.legalFactDate,
      });
    }
  });

  it('reads the registration date as the legal fact and the job loss for the income window and the deadline', () => {
    // Lost 2025-03-20, registered 2025-04-02: the figures of the registration date, the window 2023-03 … 2025-02 of the job loss.
    const result = run({ registrationDate: '2025-04-02', asOf: '2025-04-03' });
    expect(result.legalFactDate).toBe('2025-04-02');
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.amount).toMatchObject({ value: 180_000, periodMonths: 3, total: 540_000 });
    expect(result.crossChecks.map((c) => [c.id, c.status])).toEqual([['JOB_LOSS_DATE', 'CONSISTENT'], ['REGISTERED_AFTER_JOB_LOSS', 'CONSISTENT']]);
    // JL-04 still counts 6 months from the job loss, not from the registration.
    expect(run({ registrationDate: '2025-04-02', asOf: '2025-09-21' }).rules.find((r) => r.id === 'JL-04')?.status).toBe('FAIL');
  });

  it('sends a registration dated before the job loss to an officer', () => {
    const result = run({ registrationDate: '2025-03-10', asOf: '2025-04-01' });
    expect(result.outcome).toBe('INDETERMINATE');
    expect(result.escalationReasons).toEqual(['EVIDENCE_CONFLICT:REGISTERED_AFTER_JOB_LOSS']);
  });

  it('is offered on the labour registry\'s JOB_SEEKER_REGISTERED event, to the person registered', () => {
    expect(def.proactive?.trigger).toBe('JOB_SEEKER_REGISTERED');
    expect(offerFromEvent(def, { iin: APPLICANT, registrationDate: '2025-04-02', jobLossDate: LOST })).toEqual({
      subjectIin: APPLICANT,
      application: { registrationDate: '2025-04-02', jobLossDate: LOST },
    });
  });

  it('keys the entitlement by the job loss, whatever registration reported it', () => {
    const decl = entitlementOf('job-loss-payment')!;
    const keys = (registrationDate?: string) =>
      entitlementKeysOf(decl, { applicantIin: APPLICANT, application: { jobLossDate: LOST, ...(registrationDate ? { registrationDate } : {}) }, legalFactDate: registrationDate ?? LOST });
    expect(keys('2025-04-02')).toEqual({ status: 'KNOWN', scope: 'job-loss', keys: [`${APPLICANT}@${LOST}`] });
    expect(keys('2025-04-09')).toEqual(keys());
  });
});
