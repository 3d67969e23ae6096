import { describe, expect, it } from 'vitest';
import { CelCompileError, compileExpression, roundMoney, toJson } from './cel.ts';
import { iin } from './testing/fixtures.ts';

const evaluate = (source: string, context: Record<string, unknown> = {}) => toJson(compileExpression(source).evaluate(context));

describe('CEL environment', () => {
  const cases: [string, Record<string, unknown>, unknown][] = [
    // mixed int/double arithmetic (registry numbers are doubles, literals ints)
    ['38 * params.mci', { params: { mci: 3932 } }, 149_416],
    ['params.mci * 38', { params: { mci: 3932 } }, 149_416],
    ['params.mci / 2', { params: { mci: 3932 } }, 1966],
    ['params.mci + 1', { params: { mci: 3932 } }, 3933],
    ['7 / 2', {}, 3], // int / int stays integer division, as in CEL
    // dates
    ['monthsBetween("2025-06-15", today)', { today: '2026-12-15' }, 18],
    ['yearsBetween(applicant.birthDate, today)', { applicant: { birthDate: '1994-05-17' }, today: '2025-05-16' }, 30],
    ['addMonths(legalFactDate, 12)', { legalFactDate: '2024-02-29' }, '2025-02-28'],
    ['addDays(legalFactDate, 10)', { legalFactDate: '2025-12-25' }, '2026-01-04'],
    ['daysBetween("2025-01-01", today)', { today: '2025-03-01' }, 59],
    ['monthOf(today)', { today: '2025-03-01' }, '2025-03'],
    ['today <= "2025-12-31"', { today: '2025-03-01' }, true],
    ['isDate("2025-02-29")', {}, false],
    ['inMonthWindow("2023-06", legalFactDate, 24)', { legalFactDate: '2025-06-15' }, true],
    // aggregates
    ['sum(evidence.xs.map(x, x.amount))', { evidence: { xs: [{ amount: 1.5 }, { amount: 2 }] } }, 3.5],
    ['sum([])', {}, 0],
    ['avg([2, 4])', {}, 3],
    ['size(distinct(["2025-01", "2025-01", "2025-02"]))', {}, 2],
    ['least(3, 2.5)', {}, 2.5],
    ['greatest(3, 2.5)', {}, 3],
    ['floor(2.7)', {}, 2],
    ['round2(1572.8000000000002)', {}, 1572.8],
    // built-in macros
    ['evidence.xs.filter(x, x > 1).size()', { evidence: { xs: [1, 2, 3] } }, 2],
    ['evidence.xs.all(x, x > 0)', { evidence: { xs: [1, 2, 3] } }, true],
    ['evidence.xs.exists(x, x == 2)', { evidence: { xs: [1, 2, 3] } }, true],
    ['has(evidence.birth)', { evidence: {} }, false],
    ['evidence.reason in ["LAYOFF", "LIQUIDATION"]', { evidence: { reason: 'LAYOFF' } }, true],
  ];
  it.each(cases)('%s', (source, context, expected) => {
    expect(evaluate(source, context)).toEqual(expected);
  });

  it('decodes the birth date from an IIN', () => {
    expect(evaluate('iinBirthDate(application.childIin)', { application: { childIin: iin('2025-03-10', 'F', 4) } })).toBe('2025-03-10');
    expect(() => evaluate('iinBirthDate("123456789012")')).toThrow(/iinBirthDate/);
  });

  const errors: [string, Record<string, unknown>, RegExp][] = [
    ['evidence.birth.motherIin', { evidence: { birth: null } }, /No such key/],
    ['avg([])', {}, /empty list/],
    ['monthsBetween("2025-02-30", today)', { today: '2025-03-01' }, /expected a date/],
    ['addMonths(today, 1.5)', { today: '2025-03-01' }, /whole number/],
    ['1 / 0', {}, /division by zero/],
  ];
  it.each(errors)('%s fails at run time', (source, context, message) => {
    expect(() => compileExpression(source).evaluate(context)).toThrow(message);
  });

  it('rejects what it cannot parse or type-check, before anything runs', () => {
    expect(() => compileExpression('1 +')).toThrow(CelCompileError);
    expect(() => compileExpression('foo.bar')).toThrow(/Unknown variable: foo/);
    expect(() => compileExpression('sum(1)')).toThrow(/no matching overload/);
  });
});

describe('expression references', () => {
  it('lists what an expression reads', () => {
    const { refs } = compileExpression(
      'evidence.birth.birthOrder > 1 && evidence["person"].deceased == false && derived.avg > params.mci && application.childIin != ""',
    );
    expect(refs).toMatchObject({
      evidence: ['birth', 'person'],
      derived: ['avg'],
      params: ['mci'],
      application: ['childIin'],
      wholeEvidence: false,
    });
  });

  it('sees through macros and notices whole-map reads', () => {
    expect(compileExpression('evidence.xs.filter(c, c.month > derived.start).size() > 0').refs).toMatchObject({ evidence: ['xs'], derived: ['start'] });
    expect(compileExpression('size(evidence) > 1').refs.wholeEvidence).toBe(true);
  });
});

describe('roundMoney', () => {
  const cases: [number, number][] = [
    [1572.8000000000002, 1572.8],
    [55_555.551, 55_555.55],
    [1000.005, 1000.01],
    [0.125, 0.13],
    [149_416, 149_416],
  ];
  it.each(cases)('%d → %d', (value, expected) => expect(roundMoney(value)).toBe(expected));
});
