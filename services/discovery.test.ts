import { describe, expect, it } from 'vitest';
import type { ChildRecord, PersonRecord } from '../registries/types.ts';
import { DISCOVERABLE, discoverFamilies, sweepOfferCaseId } from './discovery.ts';

const ASOF = '2026-03-16';
const service = DISCOVERABLE['large-family-allowance']!;
const HOME = '9000000000000001';

function person(iin: string, over: Partial<PersonRecord> = {}): PersonRecord {
  return { iin, lastName: 'Т', firstName: 'Т', patronymic: null, birthDate: '1985-01-01', sex: 'F', phone: '+77000000000', language: 'kk', maritalStatus: 'MARRIED', spouseIin: null, region: 'Алматы', registeredAddress: HOME, deceased: false, ...over };
}
const child = (iin: string, birthDate: string, over: Partial<ChildRecord> = {}): ChildRecord => ({ iin, fullName: 'Т', birthDate, birthOrder: 1, inFullTimeEducation: false, registeredAddress: HOME, ...over });
const four = [child('k1', '2010-05-01'), child('k2', '2012-05-01'), child('k3', '2015-05-01'), child('k4', '2019-05-01')];

describe('discovering families entitled to the large-family allowance', () => {
  it('finds four children under 18 registered with the parent, with the children as the keys and a case id of the family', () => {
    const [f] = discoverFamilies(service, [{ ...person('m1'), children: four }], ASOF);
    expect(f).toEqual({ applicantIin: 'm1', keys: ['k1', 'k2', 'k3', 'k4'], caseId: sweepOfferCaseId('large-family-allowance', ['k4', 'k3', 'k2', 'k1']), application: { confirmsCohabitation: true } });
  });

  it('counts an 18-year-old only in full-time education, and no child registered elsewhere', () => {
    const grown = [child('k0', '2007-01-01'), ...four.slice(1)];
    expect(discoverFamilies(service, [{ ...person('m1'), children: grown }], ASOF)).toEqual([]);
    const student = [child('k0', '2007-01-01', { inFullTimeEducation: true }), ...four.slice(1)];
    expect(discoverFamilies(service, [{ ...person('m1'), children: student }], ASOF)).toHaveLength(1);
    const away = [...four.slice(0, 3), child('k4', '2019-05-01', { registeredAddress: '9000000000000002' })];
    expect(discoverFamilies(service, [{ ...person('m1'), children: away }], ASOF)).toEqual([]);
  });

  it('offers a family once: a married father defers to his wife, the deceased are never offered', () => {
    const father = { ...person('f1', { sex: 'M', spouseIin: 'm1' }), children: four };
    const mother = { ...person('m1', { spouseIin: 'f1' }), children: four };
    expect(discoverFamilies(service, [father, mother], ASOF).map((f) => f.applicantIin)).toEqual(['m1']);
    const widower = { ...person('f2', { sex: 'M', maritalStatus: 'WIDOWED', spouseIin: 'm2' }), children: four };
    expect(discoverFamilies(service, [widower, { ...person('m2', { deceased: true }), children: four }], ASOF).map((f) => f.applicantIin)).toEqual(['f2']);
  });
});
