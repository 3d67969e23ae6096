/** Households of the synthetic population: the random bulk, and addFamily for scripted ones. */
import type { IsoDate, Language, PersonRecord, Sex } from '../types.ts';
import type { DatasetBuilder, HouseholdStyle } from './builder.ts';
import { addDays, addYears, daysBetween, randomDateBetween } from './calendar.ts';
import { REGION_WEIGHTS, pickSurname, type Ethnicity } from './names.ts';
import type { Rng } from './prng.ts';

export function randomStyle(rng: Rng): HouseholdStyle {
  const ethnicity: Ethnicity = rng.chance(0.75) ? 'kazakh' : 'russian';
  const language: Language =
    ethnicity === 'kazakh'
      ? rng.weighted([['kk', 0.62], ['ru', 0.32], ['en', 0.06]] as const)
      : rng.weighted([['ru', 0.9], ['kk', 0.05], ['en', 0.05]] as const);
  return { ethnicity, region: rng.weighted(REGION_WEIGHTS), language };
}

/** A birth date that makes the person exactly `age` years old on `referenceDate`. */
export function birthDateForAge(rng: Rng, referenceDate: IsoDate, age: number): IsoDate {
  return randomDateBetween(rng.next, addDays(addYears(referenceDate, -(age + 1)), 1), addYears(referenceDate, -age));
}

/** Up to `count` births spaced 15 months to 5 years apart, from the mother's twenties, none after yesterday. */
export function randomChildBirthDates(rng: Rng, motherBirthDate: IsoDate, count: number, referenceDate: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  let next = addDays(motherBirthDate, Math.round(rng.int(19, 31) * 365.25) + rng.int(0, 364));
  const lastPossible = addDays(referenceDate, -1);
  const menopause = addYears(motherBirthDate, 45);
  while (dates.length < count && daysBetween(next, lastPossible) >= 0 && daysBetween(next, menopause) >= 0) {
    dates.push(next);
    next = addDays(next, rng.int(450, 1800));
  }
  return dates;
}

export interface FamilyPlan {
  style?: HouseholdStyle;
  motherAge: number;
  /** When the children's dates were planned from it; otherwise drawn from motherAge. */
  motherBirthDate?: IsoDate;
  /** null: no father recorded. */
  father: { age: number; status?: 'married' | 'divorced' | 'deceased' } | null;
  /** Oldest first; equal dates make twins. */
  childBirthDates: IsoDate[];
  /** For a single mother with no father recorded. */
  motherStatus?: PersonRecord['maritalStatus'];
}

export interface Family {
  style: HouseholdStyle;
  mother: PersonRecord;
  father: PersonRecord | null;
  children: PersonRecord[];
}

export function addFamily(b: DatasetBuilder, plan: FamilyPlan): Family {
  const rng = b.rng;
  const style = plan.style ?? randomStyle(rng);
  const surname = pickSurname(rng, style.ethnicity);
  const mother = b.addPerson({
    sex: 'F',
    birthDate: plan.motherBirthDate ?? birthDateForAge(rng, b.referenceDate, plan.motherAge),
    // Kazakh wives often keep their own surname.
    surname: style.ethnicity === 'kazakh' && rng.chance(0.3) ? pickSurname(rng, style.ethnicity) : surname,
    style,
    maritalStatus: plan.motherStatus,
  });
  let father: PersonRecord | null = null;
  if (plan.father) {
    const status = plan.father.status ?? 'married';
    father = b.addPerson({
      sex: 'M',
      birthDate: birthDateForAge(rng, b.referenceDate, plan.father.age),
      surname,
      // A divorced father lives elsewhere.
      style: status === 'divorced' ? { ...style, region: rng.weighted(REGION_WEIGHTS) } : style,
      deceased: status === 'deceased',
      address: status === 'divorced' ? undefined : (mother.registeredAddress ?? undefined),
    });
    if (status === 'divorced') {
      mother.maritalStatus = 'DIVORCED';
      father.maritalStatus = 'DIVORCED';
    } else {
      b.marry(mother, father);
    }
  }
  const children = plan.childBirthDates.map((date) => b.addChild(mother, father, style, date));
  return { style, mother, father, children };
}

export function addSingleAdult(b: DatasetBuilder, sex: Sex, age: number, status: PersonRecord['maritalStatus'] = 'SINGLE'): PersonRecord {
  const style = randomStyle(b.rng);
  return b.addPerson({ sex, birthDate: birthDateForAge(b.rng, b.referenceDate, age), surname: pickSurname(b.rng, style.ethnicity), style, maritalStatus: status });
}

/** The random bulk: the mix of household kinds roughly follows Kazakhstan's (many young families). */
export function addRandomHouseholds(b: DatasetBuilder, count: number): void {
  const rng = b.rng;
  const ref = b.referenceDate;
  for (let h = 0; h < count; h++) {
    const kind = rng.weighted([
      ['couple', 0.6],
      ['singleMother', 0.07],
      ['divorced', 0.06],
      ['singleAdult', 0.15],
      ['elderlyCouple', 0.07],
      ['widowedElder', 0.05],
    ] as const);
    switch (kind) {
      case 'couple': {
        const motherAge = rng.weighted([[rng.int(20, 29), 0.35], [rng.int(30, 39), 0.35], [rng.int(40, 49), 0.2], [rng.int(50, 58), 0.1]] as const);
        const kids = rng.weighted([[0, 0.12], [1, 0.22], [2, 0.3], [3, 0.2], [4, 0.1], [5, 0.04], [6, 0.02]] as const);
        const motherBirth = birthDateForAge(rng, ref, motherAge);
        const dates = randomChildBirthDates(rng, motherBirth, kids, ref);
        // A few recent births, so proactive birth offers have subjects on any reference date.
        const lastBirth = dates.at(-1);
        if (motherAge <= 40 && rng.chance(0.05) && (!lastBirth || daysBetween(lastBirth, ref) > 300)) {
          dates.push(addDays(ref, -rng.int(3, 56)));
        }
        addFamily(b, { motherAge, motherBirthDate: motherBirth, father: { age: motherAge + rng.int(0, 6) }, childBirthDates: dates });
        break;
      }
      case 'singleMother': {
        const motherAge = rng.int(19, 45);
        const motherBirth = birthDateForAge(rng, ref, motherAge);
        addFamily(b, { motherAge, motherBirthDate: motherBirth, father: null, childBirthDates: randomChildBirthDates(rng, motherBirth, rng.int(1, 3), ref) });
        break;
      }
      case 'divorced': {
        const motherAge = rng.int(25, 50);
        const motherBirth = birthDateForAge(rng, ref, motherAge);
        addFamily(b, {
          motherAge,
          motherBirthDate: motherBirth,
          father: { age: motherAge + rng.int(0, 5), status: 'divorced' },
          childBirthDates: randomChildBirthDates(rng, motherBirth, rng.int(1, 3), ref),
        });
        break;
      }
      case 'singleAdult':
        addSingleAdult(b, rng.chance(0.5) ? 'M' : 'F', rng.int(18, 60), rng.chance(0.15) ? 'DIVORCED' : 'SINGLE');
        break;
      case 'elderlyCouple':
        addFamily(b, { motherAge: rng.int(63, 82), father: { age: rng.int(65, 85) }, childBirthDates: [] });
        break;
      case 'widowedElder':
        addFamily(b, { motherAge: rng.int(65, 88), father: { age: rng.int(67, 90), status: 'deceased' }, childBirthDates: [] });
        break;
    }
  }
}
