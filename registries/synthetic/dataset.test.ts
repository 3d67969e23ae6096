import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../lib/canonical-json.ts';
import { computeCheckDigit, parseIin } from '../../lib/iin.ts';
import { addDays, ageOn, daysBetween, monthOf, addMonthsToMonth } from './calendar.ts';
import {
  HORIZON_MONTHS,
  PERSONA_NAMES,
  bankAccountOf,
  birthRecordOf,
  childrenOf,
  disabilityOf,
  employmentOf,
  findPerson,
  generateDataset,
  getDataset,
  incomeOf,
  todayInKazakhstan,
  type SyntheticDataset,
} from './dataset.ts';
import { ibanCheckDigits } from './economics.ts';

const REF = '2025-06-15';
const ds = getDataset({ seed: 7, referenceDate: REF });

function snapshot(d: SyntheticDataset): string {
  const { persons, childrenByParent, births, inFullTimeEducation, employment, income, disability, bankAccounts, personas } = d;
  const m = (map: ReadonlyMap<string, unknown>) => [...map.entries()];
  return canonicalize({
    persons: m(persons),
    childrenByParent: m(childrenByParent),
    births: m(births),
    inFullTimeEducation: m(inFullTimeEducation),
    employment: m(employment),
    income: m(income),
    disability: m(disability),
    bankAccounts: m(bankAccounts),
    personas,
  });
}

describe('registered addresses', () => {
  const people = [...ds.persons.values()];

  it('everyone has one, and the same seed gives the same ones', () => {
    expect(people.every((x) => /^\d{16}$/.test(x.registeredAddress ?? ''))).toBe(true);
    const again = generateDataset({ seed: 7, referenceDate: REF });
    expect([...again.persons.values()].map((x) => x.registeredAddress)).toEqual(people.map((x) => x.registeredAddress));
  });

  it('a mother, her husband and the children who live at home share one; a divorced father and grown children who left do not', () => {
    let married = 0;
    let divorced = 0;
    let leftHome = 0;
    for (const mother of people.filter((x) => x.sex === 'F' && ds.childrenByParent.has(x.iin))) {
      const spouse = mother.spouseIin ? findPerson(ds, mother.spouseIin)! : null;
      if (spouse && mother.maritalStatus === 'MARRIED') {
        expect(spouse.registeredAddress).toBe(mother.registeredAddress);
        married++;
      }
      for (const c of childrenOf(ds, mother.iin)!) {
        const atHome = ageOn(c.birthDate, REF) < 18 || c.inFullTimeEducation;
        if (atHome) expect(c.registeredAddress, c.iin).toBe(mother.registeredAddress);
        else if (c.registeredAddress !== mother.registeredAddress) leftHome++;
        expect(c.registeredAddress).toBe(findPerson(ds, c.iin)!.registeredAddress);
      }
    }
    for (const father of people.filter((x) => x.sex === 'M' && x.maritalStatus === 'DIVORCED' && ds.childrenByParent.has(x.iin))) {
      const mother = findPerson(ds, birthRecordOf(ds, ds.childrenByParent.get(father.iin)![0]!)!.motherIin)!;
      expect(father.registeredAddress).not.toBe(mother.registeredAddress);
      divorced++;
    }
    expect([married, divorced, leftHome].every((n) => n > 10)).toBe(true);
  });
});

describe('determinism', () => {
  it('gives identical data for the same seed and reference date', () => {
    const a = generateDataset({ seed: 7, referenceDate: REF });
    const b = generateDataset({ seed: 7, referenceDate: REF });
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(a)).toBe(snapshot(ds));
  });

  it('gives different data for another seed or reference date', () => {
    const other = generateDataset({ seed: 8, referenceDate: REF });
    expect(other.personas.newbornMother.iin).not.toBe(ds.personas.newbornMother.iin);
    const later = generateDataset({ seed: 7, referenceDate: '2025-09-01' });
    expect(later.persons.get(later.personas.newbornMother.childIin!)!.birthDate).toBe(addDays('2025-09-01', -10));
  });

  it('keeps persona IINs when only the size of the random bulk changes', () => {
    const bigger = generateDataset({ seed: 7, referenceDate: REF, households: 500 });
    expect(bigger.persons.size).toBeGreaterThan(ds.persons.size);
    expect(bigger.personas).toEqual(ds.personas);
  });

  it('caches per (seed, reference date)', () => {
    expect(getDataset({ seed: 7, referenceDate: REF })).toBe(ds);
    expect(getDataset({ seed: 7, referenceDate: '2025-06-16' })).not.toBe(ds);
  });

  it('defaults the reference date to today in Kazakhstan (UTC+5)', () => {
    expect(todayInKazakhstan(new Date('2025-06-14T18:59:59Z'))).toBe('2025-06-14');
    expect(todayInKazakhstan(new Date('2025-06-14T19:00:00Z'))).toBe('2025-06-15');
  });
});

describe.each([
  ['seed 7, mid-June', ds],
  ['seed 1, leap day', getDataset({ seed: 1, referenceDate: '2024-02-29' })],
  ['seed "demo", new year', getDataset({ seed: 'demo', referenceDate: '2026-01-01' })],
])('validity (%s)', (_label, d) => {
  const persons = [...d.persons.values()];
  const ref = d.referenceDate;

  it('has at least 1 000 people, each with a valid IIN that encodes their birth date and sex', () => {
    expect(persons.length).toBeGreaterThanOrEqual(1000);
    for (const p of persons) {
      const parsed = parseIin(p.iin);
      expect(parsed, p.iin).toMatchObject({ ok: true, birthDate: p.birthDate, sex: p.sex });
      expect(daysBetween(p.birthDate, ref)).toBeGreaterThan(0);
    }
  });

  it('gives adults their own E.164 mobile numbers; children under 16 share their mother’s', () => {
    const adultPhones = new Set<string>();
    for (const p of persons) {
      expect(p.phone).toMatch(/^\+77\d{9}$/);
      if (ageOn(p.birthDate, ref) >= 16) {
        expect(adultPhones.has(p.phone), p.phone).toBe(false);
        adultPhones.add(p.phone);
      }
    }
    for (const birth of d.births.values()) {
      if (ageOn(birth.birthDate, ref) < 16) {
        const parents = [...d.childrenByParent].filter(([, kids]) => kids.includes(birth.childIin)).map(([parent]) => d.persons.get(parent)!);
        const mother = parents.find((p) => p.sex === 'F')!;
        expect(d.persons.get(birth.childIin)!.phone).toBe(mother.phone);
      }
    }
  });

  it('mixes kk, ru and en speakers, and Kazakh and Russian names', () => {
    const langs = new Set(persons.map((p) => p.language));
    expect([...langs].sort()).toEqual(['en', 'kk', 'ru']);
    expect(persons.some((p) => /(ов|ев|ин)а?$/.test(p.lastName))).toBe(true);
    expect(persons.some((p) => /(ұлы|қызы)$/.test(p.patronymic ?? ''))).toBe(true);
  });

  it('links spouses both ways; a widowed person points at a deceased spouse', () => {
    for (const p of persons) {
      if (p.maritalStatus === 'MARRIED' || p.maritalStatus === 'WIDOWED') {
        const spouse = d.persons.get(p.spouseIin!);
        expect(spouse, `${p.iin} spouse`).toBeDefined();
        expect(spouse!.spouseIin).toBe(p.iin);
        expect(spouse!.sex).not.toBe(p.sex);
        if (p.maritalStatus === 'WIDOWED') expect(spouse!.deceased).toBe(true);
        if (p.maritalStatus === 'MARRIED' && !p.deceased) expect(spouse!.maritalStatus === 'MARRIED' || spouse!.deceased).toBe(true);
      } else {
        expect(p.spouseIin).toBeNull();
      }
    }
  });

  it('keeps family links consistent: children exist, are younger than their parents, ordered by birth', () => {
    let conflicts = 0;
    for (const [parentIin, kids] of d.childrenByParent) {
      const parent = d.persons.get(parentIin)!;
      const records = childrenOf(d, parentIin)!;
      expect(records.map((c) => c.iin)).toEqual(kids);
      records.forEach((child, i) => {
        expect(child.birthOrder).toBe(i + 1);
        if (i > 0) expect(child.birthDate >= records[i - 1]!.birthDate).toBe(true);
        expect(ageOn(parent.birthDate, child.birthDate)).toBeGreaterThanOrEqual(17);
        const birth = birthRecordOf(d, child.iin)!;
        expect(birth.birthDate).toBe(child.birthDate);
        expect(parseIin(child.iin)).toMatchObject({ birthDate: birth.birthDate });
        if (parent.sex === 'F' && birth.motherIin !== parentIin) conflicts++;
        if (parent.sex === 'M') expect(birth.fatherIin).toBe(parentIin);
      });
    }
    // Exactly one planted conflict: the conflictingBirthRecord persona.
    expect(conflicts).toBe(1);
  });

  it('registers births after they happen and never after the reference date, with birth orders', () => {
    for (const birth of d.births.values()) {
      expect(daysBetween(birth.birthDate, birth.registeredAt)).toBeGreaterThanOrEqual(0);
      expect(daysBetween(birth.registeredAt, ref)).toBeGreaterThanOrEqual(0);
      expect(birth.birthOrder).toBeGreaterThanOrEqual(1);
      expect(birth.actNumber).toMatch(/^АЗ-\d{4}-\d{6}$/);
    }
    const recent = [...d.births.values()].filter((b) => daysBetween(b.birthDate, ref) <= 56);
    expect(recent.length).toBeGreaterThanOrEqual(10);
  });

  it('has large families (4+ children under 18) beyond the persona', () => {
    const large = [...d.childrenByParent].filter(([parent, kids]) => d.persons.get(parent)!.sex === 'F' && kids.filter((k) => ageOn(d.persons.get(k)!.birthDate, ref) < 18).length >= 4);
    expect(large.length).toBeGreaterThanOrEqual(4);
  });

  it('writes employment histories of up to 60 months, newest first, from valid employer BINs', () => {
    const horizonStart = addMonthsToMonth(monthOf(ref), -HORIZON_MONTHS);
    const statuses = new Set<string>();
    // Collected rather than asserted one by one: there are tens of thousands of contribution months.
    const problems: string[] = [];
    for (const e of d.employment.values()) {
      statuses.add(e.status);
      if (e.contributions.length > HORIZON_MONTHS) problems.push(`${e.iin}: ${e.contributions.length} months`);
      e.contributions.forEach((c, i) => {
        if (!(c.amount > 0)) problems.push(`${e.iin} ${c.month}: amount ${c.amount}`);
        if (c.month < horizonStart || c.month >= monthOf(ref)) problems.push(`${e.iin} ${c.month}: outside the horizon`);
        if (i > 0 && c.month >= e.contributions[i - 1]!.month) problems.push(`${e.iin} ${c.month}: not newest first`);
        if (computeCheckDigit(c.employerBin.slice(0, 11)) !== Number(c.employerBin[11])) problems.push(`${e.iin}: bad BIN ${c.employerBin}`);
      });
      if (e.status === 'UNEMPLOYED' && e.jobLossDate) {
        if (e.jobLossReason === null) problems.push(`${e.iin}: job loss without reason`);
        if (daysBetween(e.jobLossDate, ref) < 0) problems.push(`${e.iin}: job loss in the future`);
        if (e.contributions.some((c) => c.month >= monthOf(e.jobLossDate!))) problems.push(`${e.iin}: contributions after the job loss`);
      }
      if (e.status === 'NEVER_EMPLOYED' && e.contributions.length) problems.push(`${e.iin}: never employed with contributions`);
    }
    expect(problems).toEqual([]);
    expect([...statuses].sort()).toEqual(['EMPLOYED', 'NEVER_EMPLOYED', 'SELF_EMPLOYED', 'UNEMPLOYED']);
    const incomes = [...d.employment.values()].filter((e) => e.status === 'EMPLOYED').map((e) => e.contributions[0]?.amount ?? 0);
    expect(new Set(incomes).size).toBeGreaterThan(incomes.length / 2);
  });

  it('includes recent job losses with varied reasons, and people with few contribution months', () => {
    const recentLosses = [...d.employment.values()].filter((e) => e.jobLossDate && daysBetween(e.jobLossDate, ref) <= 90);
    expect(recentLosses.length).toBeGreaterThanOrEqual(5);
    expect(new Set(recentLosses.map((e) => e.jobLossReason)).size).toBeGreaterThanOrEqual(3);
    expect([...d.employment.values()].filter((e) => e.contributions.length > 0 && e.contributions.length < 6).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps income aligned with contributions over the whole horizon', () => {
    for (const [iin, e] of d.employment) {
      const income = d.income.get(iin)!;
      expect(income.monthly).toHaveLength(HORIZON_MONTHS);
      const paid = new Set(income.monthly.filter((m) => m.amount > 0).map((m) => m.month));
      expect(e.contributions.every((c) => paid.has(c.month))).toBe(true);
    }
  });

  it('issues KZ IBANs with valid check digits; some accounts are unverified', () => {
    const accounts = [...d.bankAccounts.values()];
    for (const a of accounts) {
      expect(a.iban).toMatch(/^KZ\d{2}\d{3}[0-9A-Z]{13}$/);
      expect(ibanCheckDigits('KZ', a.iban.slice(4))).toBe(a.iban.slice(2, 4));
      expect(ageOn(d.persons.get(a.iin)!.birthDate, ref)).toBeGreaterThanOrEqual(18);
    }
    expect(accounts.some((a) => !a.verified)).toBe(true);
    expect(accounts.filter((a) => !a.verified).length).toBeLessThan(accounts.length / 5);
  });

  it('has a few disability records, for adults by group and for children as child disability', () => {
    const records = [...d.disability.values()];
    expect(records.length).toBeGreaterThanOrEqual(5);
    expect(records.length).toBeLessThan(persons.length / 10);
    for (const r of records) {
      const adult = ageOn(d.persons.get(r.iin)!.birthDate, ref) >= 18;
      if (r.childDisability) expect(r.group).toBeNull();
      else expect([1, 2, 3]).toContain(r.group);
      if (!adult) expect(r.childDisability).toBe(true);
    }
  });
});

describe('lookups', () => {
  it('answers undefined for unknown people', () => {
    const unknown = '850105300126';
    expect(findPerson(ds, unknown)).toBeUndefined();
    expect(childrenOf(ds, unknown)).toBeUndefined();
    expect(birthRecordOf(ds, unknown)).toBeUndefined();
    expect(employmentOf(ds, unknown)).toBeUndefined();
    expect(incomeOf(ds, unknown, 12, REF)).toBeUndefined();
    expect(disabilityOf(ds, unknown)).toBeUndefined();
    expect(bankAccountOf(ds, unknown)).toBeUndefined();
  });

  it('answers known people without children with an empty list, and without a disability with group null', () => {
    const single = ds.personas.neverEmployed.iin;
    expect(childrenOf(ds, single)).toEqual([]);
    expect(disabilityOf(ds, single)).toEqual({ iin: single, group: null, childDisability: false, validUntil: null });
  });

  it('cuts the income window at the month before asOf, newest first, within the horizon', () => {
    const iin = ds.personas.steadyEmployee.iin;
    const window = incomeOf(ds, iin, 24, REF)!;
    expect(window.monthly).toHaveLength(24);
    expect(window.monthly[0]!.month).toBe('2025-05');
    expect(window.monthly[23]!.month).toBe('2023-06');
    expect(incomeOf(ds, iin, 6, '2025-03-10')!.monthly.map((m) => m.month)).toEqual(['2025-02', '2025-01', '2024-12', '2024-11', '2024-10', '2024-09']);
    // Months after the data's horizon are unknown, not zero.
    expect(incomeOf(ds, iin, 3, '2025-08-01')!.monthly.map((m) => m.month)).toEqual(['2025-05']);
  });
});

describe('personas', () => {
  const p = ds.personas;
  const person = (iin: string) => findPerson(ds, iin)!;
  const ageInDays = (iin: string) => daysBetween(person(iin).birthDate, REF);

  it('names every persona with an existing, living person unless it says otherwise', () => {
    expect(Object.keys(p).sort()).toEqual([...PERSONA_NAMES].sort());
    for (const name of PERSONA_NAMES) {
      const persona = p[name];
      expect(findPerson(ds, persona.iin), name).toBeDefined();
      expect(person(persona.iin).deceased).toBe(name === 'deceased');
      for (const child of [persona.childIin, ...(persona.childIins ?? [])].filter(Boolean)) {
        expect(childrenOf(ds, persona.iin)!.map((c) => c.iin)).toContain(child);
      }
    }
  });

  it('newbornMother: third child born 10 days ago, married, employed for 60 months, verified account', () => {
    const kids = childrenOf(ds, p.newbornMother.iin)!;
    expect(kids.at(-1)).toMatchObject({ iin: p.newbornMother.childIin, birthOrder: 3 });
    expect(ageInDays(p.newbornMother.childIin!)).toBe(10);
    expect(birthRecordOf(ds, p.newbornMother.childIin!)).toMatchObject({ motherIin: p.newbornMother.iin, fatherIin: p.newbornMother.spouseIin, birthOrder: 3 });
    expect(person(p.newbornMother.iin)).toMatchObject({ sex: 'F', maritalStatus: 'MARRIED', spouseIin: p.newbornMother.spouseIin });
    expect(employmentOf(ds, p.newbornMother.iin)).toMatchObject({ status: 'EMPLOYED' });
    expect(employmentOf(ds, p.newbornMother.iin)!.contributions).toHaveLength(60);
    expect(bankAccountOf(ds, p.newbornMother.iin)!.verified).toBe(true);
  });

  it('fourthChildMother and twinsMother', () => {
    expect(birthRecordOf(ds, p.fourthChildMother.childIin!)!.birthOrder).toBe(4);
    expect(ageInDays(p.fourthChildMother.childIin!)).toBe(21);
    const [a, b] = p.twinsMother.childIins!;
    expect(person(a!).birthDate).toBe(person(b!).birthDate);
    expect(a).not.toBe(b);
    expect([birthRecordOf(ds, a!)!.birthOrder, birthRecordOf(ds, b!)!.birthOrder]).toEqual([2, 3]);
  });

  it('singleMotherNewborn: no father on record, few contributions', () => {
    expect(birthRecordOf(ds, p.singleMotherNewborn.childIin!)!.fatherIin).toBeNull();
    expect(person(p.singleMotherNewborn.iin).spouseIin).toBeNull();
    expect(employmentOf(ds, p.singleMotherNewborn.iin)!.contributions).toHaveLength(8);
  });

  it('highIncomeParent earns far above childcareParent', () => {
    const avg = (iin: string) => incomeOf(ds, iin, 12, REF)!.monthly.reduce((s, m) => s + m.amount, 0) / 12;
    expect(avg(p.highIncomeParent.iin)).toBeGreaterThan(2_000_000);
    expect(avg(p.childcareParent.iin)).toBeLessThan(400_000);
    expect(ageInDays(p.childcareParent.childIin!)).toBe(270);
  });

  it('largeFamilyParent has five children under 18; largeFamilyWithStudent three and a student', () => {
    const kids = childrenOf(ds, p.largeFamilyParent.iin)!;
    expect(kids.filter((c) => ageOn(c.birthDate, REF) < 18)).toHaveLength(5);
    const withStudent = childrenOf(ds, p.largeFamilyWithStudent.iin)!;
    expect(withStudent.filter((c) => ageOn(c.birthDate, REF) < 18)).toHaveLength(3);
    expect(withStudent.filter((c) => ageOn(c.birthDate, REF) >= 18 && c.inFullTimeEducation)).toHaveLength(1);
  });

  it('large families live together by the register: every child who counts shares the mother’s registered address', () => {
    for (const persona of [p.largeFamilyParent, p.largeFamilyWithStudent]) {
      const home = findPerson(ds, persona.iin)!.registeredAddress;
      expect(home).toMatch(/^\d{16}$/);
      const counted = childrenOf(ds, persona.iin)!.filter((c) => ageOn(c.birthDate, REF) < 18 || c.inFullTimeEducation);
      expect(counted.every((c) => c.registeredAddress === home)).toBe(true);
      expect(findPerson(ds, persona.spouseIin ?? persona.iin)!.registeredAddress).toBe(home);
    }
  });

  it('job losses: laid off, few months, misconduct', () => {
    expect(employmentOf(ds, p.recentlyLaidOff.iin)).toMatchObject({ status: 'UNEMPLOYED', jobLossDate: addDays(REF, -20), jobLossReason: 'LAYOFF' });
    expect(employmentOf(ds, p.recentlyLaidOff.iin)!.contributions).toHaveLength(48);
    expect(employmentOf(ds, p.fewContributions.iin)).toMatchObject({ status: 'UNEMPLOYED', jobLossReason: 'CONTRACT_END' });
    expect(employmentOf(ds, p.fewContributions.iin)!.contributions).toHaveLength(4);
    expect(employmentOf(ds, p.dismissedForMisconduct.iin)).toMatchObject({ status: 'UNEMPLOYED', jobLossReason: 'MISCONDUCT' });
  });

  it('notFoundEmployment has income but no employment record', () => {
    expect(employmentOf(ds, p.notFoundEmployment.iin)).toBeUndefined();
    expect(incomeOf(ds, p.notFoundEmployment.iin, 12, REF)!.monthly.every((m) => m.amount > 0)).toBe(true);
  });

  it('conflictingBirthRecord: the birth record names another woman as the mother', () => {
    const record = birthRecordOf(ds, p.conflictingBirthRecord.childIin!)!;
    expect(record.motherIin).toBe(p.conflictingBirthRecord.relatedIin);
    expect(record.motherIin).not.toBe(p.conflictingBirthRecord.iin);
    expect(person(record.motherIin).sex).toBe('F');
    expect(childrenOf(ds, record.motherIin)).toEqual([]);
  });

  it('deceased and widowedParent', () => {
    expect(person(p.deceased.iin)).toMatchObject({ deceased: true, spouseIin: p.widowedParent.iin });
    expect(person(p.widowedParent.iin)).toMatchObject({ maritalStatus: 'WIDOWED', spouseIin: p.deceased.iin });
    expect(p.widowedParent.childIins!.every((c) => ageOn(person(c).birthDate, REF) < 18)).toBe(true);
    expect(bankAccountOf(ds, p.deceased.iin)).toBeUndefined();
  });

  it('disability personas', () => {
    expect(disabilityOf(ds, p.parentOfDisabledChild.childIin!)).toMatchObject({ childDisability: true, group: null });
    expect(disabilityOf(ds, p.parentOfDisabledChild.iin)!.group).toBeNull();
    expect(disabilityOf(ds, p.disabledAdult.iin)).toMatchObject({ group: 2, childDisability: false, validUntil: '2026-06-15' });
  });

  it('bank personas', () => {
    expect(bankAccountOf(ds, p.unverifiedBankAccount.iin)!.verified).toBe(false);
    expect(bankAccountOf(ds, p.noBankAccount.iin)).toBeUndefined();
  });

  it('selfEmployed, neverEmployed, steadyEmployee', () => {
    const self = employmentOf(ds, p.selfEmployed.iin)!;
    expect(self.status).toBe('SELF_EMPLOYED');
    expect(self.contributions.every((c) => c.employerBin === p.selfEmployed.iin)).toBe(true);
    expect(employmentOf(ds, p.neverEmployed.iin)).toMatchObject({ status: 'NEVER_EMPLOYED', contributions: [] });
    const steady = employmentOf(ds, p.steadyEmployee.iin)!;
    expect(steady.status).toBe('EMPLOYED');
    expect(steady.contributions).toHaveLength(60);
    expect(new Set(steady.contributions.map((c) => c.employerBin)).size).toBe(1);
  });
});
