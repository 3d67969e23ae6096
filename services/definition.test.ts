import { describe, expect, it } from 'vitest';
import { catalog } from './catalog/index.ts';
import { DefinitionInvalid, checkDefinition, consentWindowMs, validateDefinition, type ServiceDefinition } from './definition.ts';
import { toyDefinition } from './testing/toy-definition.ts';

const text = { kk: 'k', ru: 'r', en: 'e' };
const problemsOf = (def: unknown) => {
  const result = checkDefinition(def);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('refusal grounds', () => {
  const base = toyDefinition();
  const ground = (code: string, rules: string[], legalBasis = base.rules[0]!.legalBasis) => ({ code, text, legalBasis, rules });

  it.each(catalog.map((d) => [`${d.code}@${d.version}`, d] as const))('%s maps every rule to one ground that cites that rule’s own basis', (_name, def) => {
    expect(def.refusalGrounds?.length).toBeGreaterThan(0);
    for (const rule of def.rules) {
      const grounds = def.refusalGrounds!.filter((g) => g.rules.includes(rule.id));
      expect(grounds, rule.id).toHaveLength(1);
      expect(grounds[0]!.legalBasis).toEqual(rule.legalBasis);
    }
  });

  it('refuses a rule that maps to no ground, a ground for no rule, a code twice and a basis the service does not cite', () => {
    const [first, ...rest] = base.rules.map((r) => r.id);
    const problems = problemsOf({
      ...base,
      refusalGrounds: [ground('A', [first!]), ground('A', ['XX-99']), ground('B', [], { act: 'Invented Act', article: 'art. 1', verified: false })],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'refusalGrounds: duplicate code A',
        'refusalGrounds[A].rules: no rule XX-99',
        expect.stringMatching(/^refusalGrounds\[B\]\.legalBasis: must be the legal basis of one of the rules/),
        ...rest.map((id) => `refusalGrounds: rule ${id} maps to no refusal ground`),
      ]),
    );
    expect(problemsOf({ ...base, refusalGrounds: [ground('A', base.rules.map((r) => r.id))] })).toEqual([]);
  });

  it('refuses a ground whose basis drops the verified flag of the rule it copies', () => {
    const rule = base.rules[0]!;
    const problems = problemsOf({ ...base, refusalGrounds: [ground('A', base.rules.map((r) => r.id), { ...rule.legalBasis, verified: !rule.legalBasis.verified })] });
    expect(problems.some((p) => p.startsWith('refusalGrounds[A].legalBasis'))).toBe(true);
  });
});

describe('the catalog', () => {
  it.each(catalog.map((d) => [`${d.code}@${d.version}`, d] as const))('%s is valid', (_name, def) => {
    expect(problemsOf(def)).toEqual([]);
  });

  it('validation returns the same JSON (no defaults filled in, so hashes do not depend on it)', () => {
    for (const def of catalog) expect(validateDefinition(JSON.parse(JSON.stringify(def)))).toEqual(def);
  });

  // Unverified must be said in the data, never left to a comment: every basis and figure states it.
  it.each(catalog.map((d) => [`${d.code}@${d.version}`, d] as const))('%s states verified on every legal basis and figure, with a source when verified', (_name, def) => {
    const bases = [...def.rules.map((r) => r.legalBasis), def.decision.legalBasis!];
    const values = def.parameters.flatMap((p) => p.values);
    for (const x of [...bases, ...values]) {
      expect(typeof x.verified).toBe('boolean');
      if (x.verified) expect(x.source?.url).toMatch(/^https:\/\//);
    }
    // No article number is cited that was not read in the act.
    for (const b of bases) if (!b.verified) expect(b.article).toBe('article not identified');
  });
});

describe('definition validation', () => {
  const rule = (id: string, expression: string) => ({
    id,
    expression,
    legalBasis: { act: 'Toy Act', article: 'Article 1' },
    text,
    failText: text,
  });
  const cases: [string, Partial<ServiceDefinition> | ((d: ServiceDefinition) => unknown), RegExp][] = [
    ['a CEL syntax error names the rule', { rules: [rule('TY-01', 'evidence.person.deceased ==')] }, /^rules\[TY-01\]: CEL: /],
    ['an unknown function names the rule', { rules: [rule('TY-02', 'monthsAgo(today) > 1')] }, /^rules\[TY-02\]: CEL: .*monthsAgo/],
    ['an unknown variable', { rules: [rule('TY-01', 'person.deceased')] }, /^rules\[TY-01\]: CEL: Unknown variable: person/],
    ['a rule that is not boolean', { rules: [rule('TY-01', '1 + 2')] }, /^rules\[TY-01\]: must evaluate to a bool, but its type is int/],
    ['mixed ternary branches', { rules: [rule('TY-01', 'today > "2025" ? 1 : 2.5')] }, /^rules\[TY-01\]: CEL: Ternary branches/],
    ['evidence that is not fetched', { rules: [rule('TY-01', 'evidence.birth.birthOrder > 1')] }, /^rules\[TY-01\]: reads evidence.birth, which the definition does not fetch/],
    ['a parameter that does not exist', { decision: { amount: 'params.mzp * 1.0', monthly: false, currency: 'KZT' } }, /^decision.amount: reads params.mzp/],
    ['an application field that does not exist', { rules: [rule('TY-01', 'application.childIin != ""')] }, /reads application.childIin, which is not an input field/],
    [
      'a derived value used before it is computed',
      { derived: [{ name: 'a', expression: 'derived.b + 1' }, { name: 'b', expression: '1' }] },
      /^derived\[a\]: reads derived.b, which is defined later/,
    ],
    ['decision outside policy conditions', { rules: [rule('TY-01', 'decision.amount > 0')] }, /`decision` is only available to escalation conditions/],
    ['duplicate rule ids', (d) => ({ ...d, rules: [...d.rules, d.rules[0]] }), /^rules: duplicate name TY-01/],
    ['a malformed rule id', { rules: [rule('rule one', 'true')] }, /^rules.0.id: expected a rule id like BA-01/],
    ['an unknown key (typo)', (d) => ({ ...d, escalaton: d.escalation }), /^\(root\): Unrecognized key: "escalaton"/],
    ['a padded title (validation never rewrites text)', { title: { kk: ' Ойыншық', ru: 'r', en: 'e' } }, /^title.kk: must not be blank or padded/],
    ['a bad code', { code: 'Birth Allowance' }, /^code: expected a kebab-case or snake_case code/],
    ['a bad date', { effectiveFrom: '2025-02-30' }, /^effectiveFrom: expected a calendar date/],
    ['effectiveTo before effectiveFrom', { effectiveTo: '2024-12-31' }, /^effectiveTo: is before effectiveFrom/],
    ['a month-based SLA', (d) => ({ ...d, escalation: { ...d.escalation, sla: 'P1M' } }), /^escalation.sla: expected an ISO-8601 duration/],
    ['the legal fact from a missing field', { legalFact: { from: 'field', field: 'jobLossDate' } }, /^legalFact.field: no input field jobLossDate/],
    ['a fallback legal fact that does not exist', { legalFact: { from: 'field', field: 'eventDate', otherwise: 'lossDate' } }, /^legalFact.otherwise: no input field lossDate/],
    ['the legal fact from an IIN field that is a date', { legalFact: { from: 'iinBirthDate', field: 'eventDate' } }, /eventDate must be of type iin/],
    [
      'a query parameter missing',
      { evidence: [{ key: 'person', query: 'income.monthly', params: { iin: 'applicant.iin' }, required: true }] },
      /income.monthly needs parameter months/,
    ],
    [
      'a query parameter from a missing field',
      { evidence: [{ key: 'person', query: 'civil.birth', params: { childIin: 'application.childIin' }, required: true }] },
      /evidence\[person\].params.childIin: no input field childIin/,
    ],
    ['a parameter not covering effectiveFrom', { parameters: [{ name: 'mci', values: [{ from: '2025-02-01', value: 1 }] }] }, /has no value on effectiveFrom 2025-01-01/],
    [
      'parameter values out of order',
      { parameters: [{ name: 'mci', values: [{ from: '2025-01-01', value: 1 }, { from: '2024-01-01', value: 2 }] }] },
      /ascending order/,
    ],
    ['a monthly benefit without a period', { decision: { amount: '1.0', monthly: true, currency: 'KZT' } }, /a monthly benefit needs periodMonths/],
    [
      'an unknown notification placeholder',
      (d) => ({ ...d, notifications: { ...d.notifications, approved: { ...text, ru: 'Сумма {{summa}}' } } }),
      /notifications.approved.ru: unknown placeholder \{\{summa\}\}/,
    ],
    [
      'a proactive pre-check of a missing rule',
      { proactive: { trigger: 'BIRTH_REGISTERED', subject: 'event.motherIin', application: { eventDate: 'event.birthDate' }, precheck: ['TY-09'] } },
      /proactive.precheck: no rule TY-09/,
    ],
    [
      'a legal basis marked verified without its source',
      { rules: [{ ...rule('TY-01', 'true'), legalBasis: { act: 'Toy Act', article: 'Article 1', verified: true } }] },
      /^rules\[TY-01\].legalBasis: verified needs the source it was verified in/,
    ],
    [
      'a figure marked verified without its source',
      { parameters: [{ name: 'mci', values: [{ from: '2025-01-01', value: 3932, verified: true }] }] },
      /^parameters\[mci\].values\[2025-01-01\]: verified needs the source/,
    ],
    ['a source without an address', { rules: [{ ...rule('TY-01', 'true'), legalBasis: { act: 'A', article: '1', source: { citation: 'c', url: 'adilet', checkedOn: '2026-12-01' } } }] }, /source.url/],
    ['superseding a later version', { supersedes: [1] }, /^supersedes: v1 is not an earlier version than v1/],
    [
      'a confirmation box that is not a required boolean',
      { input: [{ name: 'eventDate', type: 'date', required: true, label: text, mustBeTrue: true }] },
      /^input\[eventDate\]: mustBeTrue is for required boolean fields/,
    ],
    [
      'a proactive offer that cannot fill a required field',
      { proactive: { trigger: 'BIRTH_REGISTERED', subject: 'event.motherIin', application: {}, precheck: ['TY-01'] } },
      /required input eventDate is not filled from the event/,
    ],
    [
      'a declaration established by a field that is not a boolean',
      { proactive: { trigger: 'BIRTH_REGISTERED', subject: 'event.motherIin', application: {}, establishedBy: { eventDate: 'TY-01' }, precheck: ['TY-01'] } },
      /^proactive.establishedBy: eventDate is not a boolean input field/,
    ],
    [
      'a declaration established by a rule the pre-check does not run',
      (d) => ({
        ...d,
        input: [...d.input, { name: 'confirms', type: 'boolean', required: true, mustBeTrue: true, label: text }],
        proactive: { trigger: 'BIRTH_REGISTERED', subject: 'event.motherIin', application: { eventDate: 'event.birthDate' }, establishedBy: { confirms: 'TY-09' }, precheck: ['TY-01'] },
      }),
      /^proactive.establishedBy: confirms: rule TY-09 is not a pre-check rule/,
    ],
  ];
  it.each(cases)('reports %s', (_name, change, expected) => {
    const def = typeof change === 'function' ? change(toyDefinition()) : toyDefinition(change);
    const problems = problemsOf(def);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('reports every problem at once, with the service name', () => {
    const def = toyDefinition({ rules: [rule('TY-01', 'nope('), rule('TY-02', 'evidence.birth == null')] });
    try {
      validateDefinition(def);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionInvalid);
      const e = err as DefinitionInvalid;
      expect(e.service).toBe('toy-benefit@1');
      expect(e.problems.map((p) => p.path)).toEqual(['rules[TY-01]', 'rules[TY-02]']);
      expect(e.message).toMatch(/rules\[TY-01\]/);
    }
  });

  it('defaults the consent window to 72 hours', () => {
    const proactive = { trigger: 'BIRTH_REGISTERED' as const, subject: 'event.motherIin', application: { eventDate: 'event.birthDate' }, precheck: ['TY-01'] };
    expect(consentWindowMs(toyDefinition({ proactive }))).toBe(72 * 3600_000);
    expect(consentWindowMs(toyDefinition({ proactive: { ...proactive, consentWindow: 'P1D' } }))).toBe(24 * 3600_000);
  });
});
