/**
 * Scripted households whose circumstances are guaranteed on every seed and reference date, so
 * tests and demos can name a subject ("a mother whose baby was born 10 days ago") instead of
 * hard-coding an IIN. Their names and IINs still come from the seed.
 */
import type { PersonRecord } from '../types.ts';
import type { DatasetBuilder } from './builder.ts';
import { addDays, addYears } from './calendar.ts';
import { addFamily, addSingleAdult, type Family, type FamilyPlan } from './families.ts';

export interface Persona {
  iin: string;
  description: string;
  /** The child the persona is about (the newborn, the disabled child …). */
  childIin?: string;
  childIins?: string[];
  spouseIin?: string;
  /** Another person the case hinges on: the late spouse, the other mother on a birth record. */
  relatedIin?: string;
}

export const PERSONA_NAMES = [
  'newbornMother',
  'fourthChildMother',
  'twinsMother',
  'singleMotherNewborn',
  'highIncomeParent',
  'childcareParent',
  'largeFamilyParent',
  'largeFamilyWithStudent',
  'recentlyLaidOff',
  'fewContributions',
  'dismissedForMisconduct',
  'notFoundEmployment',
  'conflictingBirthRecord',
  'deceased',
  'widowedParent',
  'parentOfDisabledChild',
  'disabledAdult',
  'unverifiedBankAccount',
  'noBankAccount',
  'selfEmployed',
  'neverEmployed',
  'steadyEmployee',
  'employmentNodeDown',
] as const;

export type PersonaName = (typeof PERSONA_NAMES)[number];
export type Personas = Readonly<Record<PersonaName, Readonly<Persona>>>;

export function addPersonas(b: DatasetBuilder): Personas {
  const ref = b.referenceDate;
  const daysAgo = (days: number) => addDays(ref, -days);
  const yearsAgo = (years: number, extraDays = 30) => addDays(addYears(ref, -years), -extraDays);

  const family = (plan: FamilyPlan): Family => {
    const f = addFamily(b, plan);
    for (const p of [f.mother, f.father, ...f.children]) if (p) b.scripted.add(p.iin);
    return f;
  };
  const single = (sex: 'M' | 'F', age: number): PersonRecord => {
    const p = addSingleAdult(b, sex, age);
    b.scripted.add(p.iin);
    return p;
  };
  const steady = (income: number) => ({ kind: 'steady', income, startMonthsAgo: 60, continuous: true }) as const;

  const newborn = family({ motherAge: 29, father: { age: 32 }, childBirthDates: [yearsAgo(6), yearsAgo(3), daysAgo(10)] });
  b.workPlans.set(newborn.mother.iin, steady(380_000));

  const fourth = family({ motherAge: 35, father: { age: 37 }, childBirthDates: [yearsAgo(12), yearsAgo(9), yearsAgo(5), daysAgo(21)] });
  b.workPlans.set(fourth.mother.iin, steady(260_000));

  const twins = family({ motherAge: 27, father: { age: 28 }, childBirthDates: [yearsAgo(4), daysAgo(14), daysAgo(14)] });
  b.workPlans.set(twins.mother.iin, steady(310_000));

  const singleMother = family({ motherAge: 24, father: null, childBirthDates: [daysAgo(8)] });
  b.workPlans.set(singleMother.mother.iin, { kind: 'sparse', income: 150_000, months: 8 });

  const highIncome = family({ motherAge: 33, father: { age: 36 }, childBirthDates: [yearsAgo(5), daysAgo(95)] });
  b.workPlans.set(highIncome.mother.iin, steady(2_800_000));

  const childcare = family({ motherAge: 30, father: { age: 31 }, childBirthDates: [daysAgo(270)] });
  b.workPlans.set(childcare.mother.iin, steady(300_000));

  const large = family({ motherAge: 38, father: { age: 40 }, childBirthDates: [yearsAgo(16), yearsAgo(14), yearsAgo(11), yearsAgo(8), yearsAgo(4)] });
  b.workPlans.set(large.mother.iin, { kind: 'never' });
  b.workPlans.set(large.father!.iin, steady(330_000));

  const withStudent = family({ motherAge: 44, father: { age: 46 }, childBirthDates: [yearsAgo(20), yearsAgo(16), yearsAgo(12), yearsAgo(7)] });
  b.inFullTimeEducation.set(withStudent.children[0]!.iin, true);
  b.workPlans.set(withStudent.children[0]!.iin, { kind: 'never' });
  b.workPlans.set(withStudent.mother.iin, steady(240_000));

  const laidOff = family({ motherAge: 38, father: { age: 41 }, childBirthDates: [yearsAgo(12), yearsAgo(7)] });
  b.workPlans.set(laidOff.father!.iin, { kind: 'jobLoss', income: 420_000, lossDate: daysAgo(20), reason: 'LAYOFF', contributionMonths: 48 });

  const fewMonths = single('F', 26);
  b.workPlans.set(fewMonths.iin, { kind: 'jobLoss', income: 180_000, lossDate: daysAgo(15), reason: 'CONTRACT_END', contributionMonths: 4 });

  const misconduct = single('M', 35);
  b.workPlans.set(misconduct.iin, { kind: 'jobLoss', income: 350_000, lossDate: daysAgo(30), reason: 'MISCONDUCT', contributionMonths: 36 });

  const notFound = family({ motherAge: 30, father: { age: 33 }, childBirthDates: [daysAgo(60)] });
  b.workPlans.set(notFound.mother.iin, { kind: 'noRecord', income: 270_000 });

  const otherMother = single('F', 28);
  const conflicting = family({ motherAge: 31, father: { age: 34 }, childBirthDates: [yearsAgo(5)] });
  const disputedChild = b.addChild(conflicting.mother, conflicting.father, conflicting.style, daysAgo(40), otherMother);
  b.scripted.add(disputedChild.iin);
  b.workPlans.set(conflicting.mother.iin, steady(290_000));

  const widowed = family({ motherAge: 36, father: { age: 39, status: 'deceased' }, childBirthDates: [yearsAgo(9), yearsAgo(6)] });
  const lateHusband = widowed.father!;
  b.workPlans.set(lateHusband.iin, { kind: 'deceased', income: 350_000, deathDate: daysAgo(240) });
  b.workPlans.set(widowed.mother.iin, steady(220_000));

  const disabledChildFamily = family({ motherAge: 37, father: { age: 40 }, childBirthDates: [yearsAgo(10), yearsAgo(3)] });
  const disabledChild = disabledChildFamily.children[0]!;
  b.disabilityPlans.set(disabledChild.iin, { group: null, childDisability: true, validUntil: addYears(disabledChild.birthDate, 18) });

  const disabled = single('M', 45);
  b.disabilityPlans.set(disabled.iin, { group: 2, childDisability: false, validUntil: addYears(ref, 1) });
  b.workPlans.set(disabled.iin, { kind: 'never' });

  const unverified = family({ motherAge: 26, father: { age: 29 }, childBirthDates: [daysAgo(12)] });
  b.workPlans.set(unverified.mother.iin, steady(230_000));
  b.bankPlans.set(unverified.mother.iin, 'unverified');

  const unbanked = family({ motherAge: 32, father: { age: 35 }, childBirthDates: [yearsAgo(4), daysAgo(50)] });
  b.workPlans.set(unbanked.mother.iin, steady(270_000));
  b.bankPlans.set(unbanked.mother.iin, 'none');

  const selfEmployed = single('M', 38);
  b.workPlans.set(selfEmployed.iin, { kind: 'selfEmployed', income: 250_000 });

  const neverEmployed = single('F', 22);
  b.workPlans.set(neverEmployed.iin, { kind: 'never' });

  const steadyFamily = family({ motherAge: 43, father: { age: 45 }, childBirthDates: [yearsAgo(17), yearsAgo(13)] });
  b.workPlans.set(steadyFamily.father!.iin, steady(500_000));

  // Created last, so adding it moved no earlier persona.
  const nodeDown = single('M', 41);
  b.workPlans.set(nodeDown.iin, { kind: 'jobLoss', income: 380_000, lossDate: daysAgo(25), reason: 'LAYOFF', contributionMonths: 40 });
  b.unreachable.set(nodeDown.iin, ['employment']);

  const last = (f: Family) => f.children.at(-1)!.iin;
  const personas: Record<PersonaName, Persona> = {
    newbornMother: {
      iin: newborn.mother.iin,
      childIin: last(newborn),
      spouseIin: newborn.father!.iin,
      description: 'Married, employed for 5 years; her third child was born 10 days ago.',
    },
    fourthChildMother: {
      iin: fourth.mother.iin,
      childIin: last(fourth),
      spouseIin: fourth.father!.iin,
      description: 'Her fourth child was born 21 days ago (the higher birth allowance from the 4th child; a large family).',
    },
    twinsMother: {
      iin: twins.mother.iin,
      childIins: twins.children.slice(1).map((c) => c.iin),
      spouseIin: twins.father!.iin,
      description: 'Twins born 14 days ago, her second and third children.',
    },
    singleMotherNewborn: {
      iin: singleMother.mother.iin,
      childIin: last(singleMother),
      description: 'Unmarried, no father on the birth record; first child born 8 days ago; only 8 months of contributions.',
    },
    highIncomeParent: {
      iin: highIncome.mother.iin,
      childIin: last(highIncome),
      description: 'Earns about 2 800 000 KZT a month, above the contribution cap; second child born 95 days ago.',
    },
    childcareParent: {
      iin: childcare.mother.iin,
      childIin: last(childcare),
      description: 'First child about 9 months old; steady average income for 5 years (the childcare allowance baseline).',
    },
    largeFamilyParent: {
      iin: large.mother.iin,
      childIins: large.children.map((c) => c.iin),
      spouseIin: large.father!.iin,
      description: 'Five children under 18; she has never been employed, her husband works.',
    },
    largeFamilyWithStudent: {
      iin: withStudent.mother.iin,
      childIins: withStudent.children.map((c) => c.iin),
      description: 'Three children under 18 and a 20-year-old in full-time education.',
    },
    recentlyLaidOff: {
      iin: laidOff.father!.iin,
      spouseIin: laidOff.mother.iin,
      description: 'Laid off 20 days ago after 48 months of contributions at about 420 000 KZT a month.',
    },
    fewContributions: { iin: fewMonths.iin, description: 'Contract ended 15 days ago after only 4 months of contributions.' },
    dismissedForMisconduct: { iin: misconduct.iin, description: 'Dismissed for misconduct 30 days ago after 36 months of contributions.' },
    notFoundEmployment: {
      iin: notFound.mother.iin,
      childIin: last(notFound),
      description: 'Mother of a 2-month-old; the employment registry has no record of her (NOT_FOUND), the income registry does.',
    },
    conflictingBirthRecord: {
      iin: conflicting.mother.iin,
      childIin: disputedChild.iin,
      relatedIin: otherMother.iin,
      description: 'Lists a 40-day-old child whose birth record names another woman (relatedIin) as the mother.',
    },
    deceased: { iin: lateHusband.iin, spouseIin: widowed.mother.iin, description: 'Died about 8 months ago; his record resolves with deceased: true.' },
    widowedParent: {
      iin: widowed.mother.iin,
      relatedIin: lateHusband.iin,
      childIins: widowed.children.map((c) => c.iin),
      description: 'Widow with two minor children; relatedIin is her late husband (loss of breadwinner).',
    },
    parentOfDisabledChild: {
      iin: disabledChildFamily.mother.iin,
      childIin: disabledChild.iin,
      description: 'Her 10-year-old has a child disability record.',
    },
    disabledAdult: { iin: disabled.iin, description: 'Disability group 2, valid for another year; never employed.' },
    unverifiedBankAccount: {
      iin: unverified.mother.iin,
      childIin: last(unverified),
      description: 'First child born 12 days ago; her bank account is not verified.',
    },
    noBankAccount: {
      iin: unbanked.mother.iin,
      childIin: last(unbanked),
      description: 'Second child born 50 days ago; the bank registry has no account for her (NOT_FOUND).',
    },
    selfEmployed: { iin: selfEmployed.iin, description: 'Self-employed, with declared income and some months without contributions.' },
    neverEmployed: { iin: neverEmployed.iin, description: '22 years old, never employed.' },
    steadyEmployee: {
      iin: steadyFamily.father!.iin,
      spouseIin: steadyFamily.mother.iin,
      description: 'Employed for 5 years at about 500 000 KZT a month; two teenage children.',
    },
    employmentNodeDown: {
      iin: nodeDown.iin,
      description: 'Laid off 25 days ago; his employment record sits on a registry node that is down, so the employment registry never answers for him.',
    },
  };
  return personas;
}
