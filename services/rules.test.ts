import { describe, expect, it } from 'vitest';
import type { ServiceDefinition } from './definition.ts';
import { evaluateService, needsFourEyes, resolveParameters } from './rules.ts';
import type { EvaluationInput, Outcome } from './result.ts';
import { MOTHER, bank, found, notFound, person, unavailable } from './testing/fixtures.ts';
import { toyDefinition } from './testing/toy-definition.ts';

const baseInput = (): EvaluationInput => ({
  application: { eventDate: '2025-03-01' },
  applicant: { iin: MOTHER },
  asOf: '2025-03-10',
  evidence: { person: found(person(MOTHER)), bank: found(bank(MOTHER)) },
});

type Patch = { def?: Partial<ServiceDefinition>; input?: Partial<EvaluationInput>; evidence?: EvaluationInput['evidence'] };

function evaluate(patch: Patch = {}) {
  const input = { ...baseInput(), ...patch.input };
  input.evidence = { ...input.evidence, ...patch.evidence };
  return evaluateService(toyDefinition(patch.def), input, 'en');
}

const rule = (id: string, expression: string, extra: Partial<ServiceDefinition['rules'][number]> = {}) => ({
  id,
  expression,
  legalBasis: { act: 'Toy Act', article: 'Article 9' },
  text: { kk: 'k', ru: 'r', en: `requires ${id}` },
  failText: { kk: 'k', ru: 'r', en: `failed ${id}` },
  ...extra,
});
const withRules = (...extra: ReturnType<typeof rule>[]) => [...toyDefinition().rules, ...extra];
const text = { kk: 'k', ru: 'r', en: 'e' };

describe('outcome semantics', () => {
  const LATE: Patch['input'] = { asOf: '2025-04-02' };
  const cases: [string, Patch, Outcome, string[], string[]][] = [
    // name, patch, outcome, failedRules, escalationReasons
    ['all rules pass', {}, 'ELIGIBLE', [], []],
    ['a rule fails', { evidence: { person: found(person(MOTHER, { deceased: true })) } }, 'INELIGIBLE', ['TY-01'], []],
    ['required evidence unavailable', { evidence: { person: unavailable() } }, 'INDETERMINATE', [], ['EVIDENCE_MISSING:person', 'RULE_INDETERMINATE:TY-01']],
    ['required evidence never fetched', { evidence: { person: undefined as never } }, 'INDETERMINATE', [], ['EVIDENCE_MISSING:person', 'RULE_INDETERMINATE:TY-01']],
    ['required evidence not found', { evidence: { person: notFound() } }, 'INDETERMINATE', [], ['EVIDENCE_MISSING:person', 'RULE_INDETERMINATE:TY-01']],
    ['a FAIL on complete inputs is decisive despite another rule being indeterminate', { evidence: { person: unavailable() }, input: LATE }, 'INELIGIBLE', ['TY-02'], []],
    [
      'onIndeterminate FAIL turns an undecidable rule into a denial',
      { def: { rules: [rule('TY-01', '!evidence.person.deceased', { onIndeterminate: 'FAIL' })] }, evidence: { person: unavailable() } },
      'INELIGIBLE',
      ['TY-01'],
      [],
    ],
    ['a run-time error is indeterminate', { def: { rules: withRules(rule('TY-03', 'evidence.person.shoeSize > 40')) } }, 'INDETERMINATE', [], ['RULE_INDETERMINATE:TY-03']],
    ['a non-boolean rule is indeterminate', { def: { rules: withRules(rule('TY-03', 'evidence.person.firstName')) } }, 'INDETERMINATE', [], ['RULE_INDETERMINATE:TY-03']],
    [
      'optional evidence NOT_FOUND is null and may decide',
      { def: { rules: withRules(rule('TY-03', 'evidence.bank != null')) }, evidence: { bank: notFound() } },
      'INELIGIBLE',
      ['TY-03'],
      [],
    ],
    [
      'optional evidence UNAVAILABLE is unknown, not absent',
      { def: { rules: withRules(rule('TY-03', 'evidence.bank != null')) }, evidence: { bank: unavailable() } },
      'INDETERMINATE',
      [],
      ['EVIDENCE_MISSING:bank', 'RULE_INDETERMINATE:TY-03'],
    ],
    [
      'reading all evidence at once depends on every key',
      { def: { rules: withRules(rule('TY-03', 'size(evidence) == 2')) }, evidence: { bank: unavailable() } },
      'INDETERMINATE',
      [],
      ['EVIDENCE_MISSING:bank', 'RULE_INDETERMINATE:TY-03'],
    ],
    [
      'a conflict between sources blocks even a denial',
      { def: { crossChecks: [{ id: 'SAME_DAY', expression: 'application.eventDate == "2025-02-28"', text }] }, input: LATE },
      'INDETERMINATE',
      [],
      ['EVIDENCE_CONFLICT:SAME_DAY'],
    ],
    [
      'an unverifiable cross-check blocks an approval',
      { def: { crossChecks: [{ id: 'ODD', expression: 'evidence.person.nothing == 1', text }] } },
      'INDETERMINATE',
      [],
      ['CHECK_INDETERMINATE:ODD'],
    ],
    [
      'an unverifiable cross-check does not block a denial',
      { def: { crossChecks: [{ id: 'ODD', expression: 'evidence.person.nothing == 1', text }] }, input: LATE },
      'INELIGIBLE',
      ['TY-02'],
      [],
    ],
    [
      'a failed derived value makes its readers indeterminate',
      { def: { derived: [{ name: 'ratio', expression: '1 / 0' }], rules: withRules(rule('TY-03', 'derived.ratio > 0')) } },
      'INDETERMINATE',
      [],
      ['RULE_INDETERMINATE:TY-03'],
    ],
    ['an amount that fails to compute', { def: { decision: { amount: 'evidence.person.salary * 1.0', monthly: false, currency: 'KZT' } } }, 'INDETERMINATE', [], ['AMOUNT_INDETERMINATE']],
    ['a negative amount', { def: { decision: { amount: '-5.0', monthly: false, currency: 'KZT' } } }, 'INDETERMINATE', [], ['AMOUNT_INDETERMINATE']],
    [
      'a non-integer period',
      { def: { decision: { amount: '100.0', monthly: true, periodMonths: '1.5', currency: 'KZT' } } },
      'INDETERMINATE',
      [],
      ['AMOUNT_INDETERMINATE'],
    ],
    [
      'no MCI for the legal-fact year',
      { input: { application: { eventDate: '2026-01-05' }, asOf: '2026-01-10' } },
      'INDETERMINATE',
      [],
      ['PARAMETER_MISSING:mci', 'AMOUNT_INDETERMINATE'],
    ],
    ['total above the four-eyes threshold', { def: { decision: { amount: '200.0 * params.mci', monthly: false, currency: 'KZT' } } }, 'ELIGIBLE', [], ['FOUR_EYES']],
    ['total equal to the threshold (at or above needs four eyes)', { def: { decision: { amount: '500000.0', monthly: false, currency: 'KZT' } } }, 'ELIGIBLE', [], ['FOUR_EYES']],
    ['total just below the threshold', { def: { decision: { amount: '499999.99', monthly: false, currency: 'KZT' } } }, 'ELIGIBLE', [], []],
  ];
  it.each(cases)('%s', (_name, patch, outcome, failedRules, reasons) => {
    const result = evaluate(patch);
    expect(result.outcome).toBe(outcome);
    expect(result.failedRules).toEqual(failedRules);
    expect(result.escalationReasons).toEqual(reasons);
    expect(result.requiresReview).toBe(reasons.length > 0);
  });
});

describe('rule results', () => {
  it('carry status, texts, legal basis, cause and the evidence they read', () => {
    const result = evaluate({ evidence: { person: unavailable() }, input: { asOf: '2025-04-02' } });
    expect(result.rules).toEqual([
      {
        id: 'TY-01',
        status: 'INDETERMINATE',
        text: 'Applicant alive',
        failText: null,
        legalBasis: { act: 'Toy Act', article: 'Article 1', verified: false },
        cause: { kind: 'EVIDENCE_MISSING', detail: 'person: UNAVAILABLE' },
        treatedAsFail: false,
        evidence: ['person'],
      },
      {
        id: 'TY-02',
        status: 'FAIL',
        text: 'Applied within a month',
        failText: 'Applied too late',
        legalBasis: { act: 'Toy Act', article: 'Article 2', clause: 'paragraph 1', verified: false },
        cause: null,
        treatedAsFail: false,
        evidence: [],
      },
    ]);
  });

  it('report run-time errors with the CEL error code', () => {
    const result = evaluate({ def: { rules: withRules(rule('TY-03', 'evidence.person.shoeSize > 40')) } });
    expect(result.rules[2]?.cause).toEqual({ kind: 'ERROR', detail: 'no_such_key: No such key: shoeSize' });
  });

  it('trace evidence read through derived values', () => {
    const def = { derived: [{ name: 'alive', expression: '!evidence.person.deceased' }], rules: [rule('TY-01', 'derived.alive')] };
    const result = evaluate({ def, evidence: { person: unavailable() } });
    expect(result.rules[0]).toMatchObject({ evidence: ['person'], cause: { kind: 'DERIVED_UNKNOWN' } });
  });

  it('give the applicant age and sex from the IIN', () => {
    const def = { rules: [rule('TY-01', 'applicant.age == 30 && applicant.sex == "F" && applicant.birthDate == "1994-05-17"')] };
    expect(evaluate({ def }).outcome).toBe('ELIGIBLE');
  });

  it('are written in the requested language', () => {
    const result = evaluateService(toyDefinition(), { ...baseInput(), asOf: '2025-05-01' }, 'ru');
    expect(result.rules[1]).toMatchObject({ text: 'Applied within a month (ru)', failText: 'Applied too late (ru)' });
    expect(result.lang).toBe('ru');
  });
});

describe('amounts and policy', () => {
  const amountCases: [string, Partial<ServiceDefinition['decision']>, object][] = [
    ['one-time', {}, { value: 39_320, computed: 39_320, limitedBy: null, total: 39_320, periodMonths: null }],
    ['capped', { cap: '30000.0' }, { value: 30_000, computed: 39_320, limitedBy: 'CAP' }],
    ['floored', { floor: '50000.0' }, { value: 50_000, limitedBy: 'FLOOR' }],
    ['the cap wins over the floor', { floor: '50000.0', cap: '45000.0' }, { value: 45_000, limitedBy: 'CAP' }],
    ['monthly over 6 months', { monthly: true, periodMonths: '6' }, { value: 39_320, periodMonths: 6, total: 235_920, monthly: true }],
    ['rounded half up to tiyn', { amount: '1000.005' }, { value: 1000.01 }],
    ['binary noise removed', { amount: '0.4 * 3932.0' }, { value: 1572.8 }],
  ];
  it.each(amountCases)('%s', (_name, decision, expected) => {
    const def = { decision: { amount: '10.0 * params.mci', monthly: false, currency: 'KZT' as const, ...decision } };
    expect(evaluate({ def }).amount).toMatchObject(expected);
  });

  const policyCases: [string, string, boolean, string | null][] = [
    ['condition holds', 'decision.amount > 30000.0', true, null],
    ['condition does not hold', 'decision.total > 100000.0', false, null],
    ['condition cannot be evaluated (fail-safe)', 'evidence.person.nothing', true, 'ERROR'],
    ['condition reads unavailable evidence (fail-safe)', 'evidence.bank.verified == false', true, 'EVIDENCE_MISSING'],
  ];
  it.each(policyCases)('policy: %s', (_name, expression, triggered, causeKind) => {
    const def = { escalation: { ...toyDefinition().escalation, conditions: [{ id: 'CHECK', expression, text }] } };
    const result = evaluate({ def, evidence: { bank: unavailable() } });
    expect(result.outcome).toBe('ELIGIBLE');
    expect(result.policy[0]).toMatchObject({ id: 'CHECK', triggered });
    expect(result.policy[0]?.cause?.kind ?? null).toBe(causeKind);
    expect(result.escalationReasons).toEqual(triggered ? ['POLICY:CHECK'] : []);
  });

  it('four-eyes applies at and above the threshold', () => {
    expect(needsFourEyes(toyDefinition(), 499_999.99)).toBe(false);
    expect(needsFourEyes(toyDefinition(), 500_000)).toBe(true);
    expect(needsFourEyes(toyDefinition(), 500_000.01)).toBe(true);
  });

  it('policy can send denials to review', () => {
    const def = { escalation: { ...toyDefinition().escalation, conditions: [{ id: 'REVIEW_DENIALS', expression: 'decision.outcome == "INELIGIBLE"', text }] } };
    const result = evaluate({ def, input: { asOf: '2025-06-01' } });
    expect(result).toMatchObject({ outcome: 'INELIGIBLE', requiresReview: true, escalationReasons: ['POLICY:REVIEW_DENIALS'] });
  });
});

describe('determinism', () => {
  it('gives the same plain-JSON result twice', () => {
    const a = evaluate();
    const b = evaluate();
    expect(a).toEqual(b);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.service.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('never leaks BigInt from CEL ints into the result', () => {
    const def = { derived: [{ name: 'n', expression: 'size([1, 2, 3])' }] };
    const result = evaluate({ def });
    expect(result.derived[0]?.value).toBe(3);
    expect(() => JSON.stringify(result)).not.toThrow();
  });
});

describe('resolveParameters', () => {
  const def = toyDefinition({
    parameters: [{ name: 'mci', values: [{ from: '2024-01-01', value: 3692 }, { from: '2025-01-01', to: '2025-12-31', value: 3932 }] }],
  });
  const cases: [string, number | null][] = [
    ['2023-12-31', null],
    ['2024-01-01', 3692],
    ['2024-12-31', 3692],
    ['2025-01-01', 3932],
    ['2025-12-31', 3932],
    ['2026-01-01', null],
  ];
  it.each(cases)('on %s → %s', (date, value) => {
    expect(resolveParameters(def, date).mci).toBe(value);
  });
});

describe('verification in the evaluation', () => {
  const checked = { citation: 'Toy Act, Article 1', url: 'https://adilet.zan.kz/rus/docs/toy', checkedOn: '2026-12-01' };
  const verifiedToy = (): Partial<ServiceDefinition> => {
    const def = toyDefinition();
    return {
      rules: [{ ...def.rules[0]!, legalBasis: { ...def.rules[0]!.legalBasis, verified: true, source: checked } }, def.rules[1]!],
      parameters: [{ name: 'mci', values: [{ from: '2025-01-01', to: '2025-12-31', value: 3932, verified: true, source: checked }] }],
    };
  };

  it('states verified on every rule and figure it used, and lists what is not verified', () => {
    const result = evaluate({ def: verifiedToy() });
    expect(result.rules.map((r) => [r.id, r.legalBasis.verified])).toEqual([['TY-01', true], ['TY-02', false]]);
    expect(result.rules[0]!.legalBasis.source).toEqual(checked);
    expect(result.parameters).toEqual([{ name: 'mci', value: 3932, from: '2025-01-01', verified: true, source: checked }]);
    expect(result.amount?.legalBasis).toBeNull();
    expect(result.unverified).toEqual(['rule:TY-02', 'decision']);
  });

  it('reads a definition that predates verification as unverified throughout', () => {
    const result = evaluate();
    expect(result.unverified).toEqual(['rule:TY-01', 'rule:TY-02', 'parameter:mci@2025-01-01', 'decision']);
  });

  it('does not list the amount formula when no amount was computed', () => {
    const result = evaluate({ def: verifiedToy(), input: { asOf: '2025-04-02' } });
    expect(result.outcome).toBe('INELIGIBLE');
    expect(result.unverified).toEqual(['rule:TY-02']);
  });

  it('lists nothing when everything it used is verified', () => {
    const def = verifiedToy();
    def.rules = def.rules!.map((r) => ({ ...r, legalBasis: { ...r.legalBasis, verified: true, source: checked } }));
    def.decision = { amount: '10.0 * params.mci', monthly: false, currency: 'KZT', legalBasis: { act: 'Toy Act', article: 'Article 3', verified: true, source: checked } };
    const result = evaluate({ def });
    expect(result.unverified).toEqual([]);
    expect(result.amount?.legalBasis).toMatchObject({ article: 'Article 3', verified: true });
  });
});
