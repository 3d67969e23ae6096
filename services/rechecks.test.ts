import { describe, expect, it } from 'vitest';
import { largeFamilyAllowanceRechecks } from './catalog/large-family-allowance.ts';
import { compareRecheck, planRechecks } from './rechecks.ts';

describe('planRechecks (large family)', () => {
  const grant = { from: '2026-03-16', months: 12 };
  const child = (iin: string, birthDate: string, inFullTimeEducation = false) => ({ iin, birthDate, inFullTimeEducation });

  it('plans the 18th birthday inside the grant, in date order, and nothing outside it', () => {
    const children = [child('a', '2008-07-01'), child('b', '2008-05-10'), child('c', '2010-01-01'), child('d', '2007-01-01')];
    expect(planRechecks(largeFamilyAllowanceRechecks, grant, { children })).toEqual([
      { key: 'CHILD_TURNS_18-2026-05-10', trigger: 'MILESTONE', asOf: '2026-05-10' },
      { key: 'CHILD_TURNS_18-2026-07-01', trigger: 'MILESTONE', asOf: '2026-07-01' },
    ]);
  });

  it('plans the 23rd birthday only for a child in full-time education; one re-check per day; the 12-month re-check falls after a 12-month grant', () => {
    const children = [child('s', '2003-09-01', true), child('n', '2003-10-01'), child('t1', '2008-12-24'), child('t2', '2008-12-24')];
    expect(planRechecks(largeFamilyAllowanceRechecks, grant, { children }).map((r) => r.key)).toEqual(['STUDENT_TURNS_23-2026-09-01', 'CHILD_TURNS_18-2026-12-24']);
    expect(planRechecks(largeFamilyAllowanceRechecks, { from: '2026-03-16', months: 24 }, { children: [] })).toEqual([{ key: 'PERIODIC-1', trigger: 'PERIODIC', asOf: '2027-03-16' }]);
  });

  it('compares by amount: same, higher, lower, ineligible', () => {
    expect(compareRecheck(86_673, true, 86_673)).toBe('SAME');
    expect(compareRecheck(69_329.75, true, 86_673)).toBe('HIGHER');
    expect(compareRecheck(86_673, true, 69_329.75)).toBe('LOWER');
    expect(compareRecheck(86_673, false, null)).toBe('INELIGIBLE');
  });
});
