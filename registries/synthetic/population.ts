/**
 * The population at large: households beyond the hand-built dataset (dataset.ts), sized for a
 * population sweep (100 000 persons and more) and generated lean — civil records only (persons,
 * children, births, registered addresses), from one seeded stream, with integer day arithmetic,
 * no economics — so 100 000 persons take well under a second. Employment, income and disability
 * registries hold nothing for them (NOT_FOUND / no disability); the bank registry answers a
 * verified account derived from the IIN, so a case opened for one of them can be paid.
 *
 * The same (seed, reference date, households) always gives the same persons. IINs never collide
 * with the dataset's: the generator skips any the dataset holds.
 */
import { makeIin } from '../../lib/iin.ts';
import type { BankAccountRecord, BirthRecord, IsoDate, Language, PersonRecord, Sex } from '../types.ts';
import { pickFirstName, pickSurname, surnameFor, type Ethnicity } from './names.ts';
import { createRng, hashString, type Rng } from './prng.ts';

export interface Population {
  readonly households: number;
  readonly persons: ReadonlyMap<string, PersonRecord>;
  /** Every IIN, sorted: the order a paged read walks. */
  readonly order: readonly string[];
  readonly childrenByParent: ReadonlyMap<string, readonly string[]>;
  readonly births: ReadonlyMap<string, BirthRecord>;
  readonly inFullTimeEducation: ReadonlyMap<string, boolean>;
}

const DAY_MS = 86_400_000;
const dayOf = (iso: IsoDate): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Whole years from `birthDay` to `onDay` (both epoch days). */
function yearsBetween(birth: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

const REGIONS = ['Алматы', 'Астана', 'Шымкент', 'Туркестанская область', 'Алматинская область', 'Карагандинская область', 'Актюбинская область', 'Жамбылская область'];
const OPERATORS = ['700', '701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778'];

/**
 * Generates `households` households after the dataset's people (`taken`: IINs already issued).
 * Household mix: couples with 0–7 children (about one in ten with four or more), single mothers,
 * single adults and elderly couples.
 */
export function generatePopulation(options: { seed: number | string; referenceDate: IsoDate; households: number; taken?: ReadonlySet<string> | ReadonlyMap<string, unknown> }): Population {
  const { referenceDate, households } = options;
  const rng = createRng(`${options.seed}|${referenceDate}|population`);
  const ref = dayOf(referenceDate);
  const persons = new Map<string, PersonRecord>();
  const childrenByParent = new Map<string, string[]>();
  const births = new Map<string, BirthRecord>();
  const inFullTimeEducation = new Map<string, boolean>();
  const taken = options.taken;
  let addressSeq = 0;
  let actSeq = 0;
  // Addresses and phones numbered in a range of their own, so they never meet the dataset's.
  const newAddress = () => String(9_000_000_000_000_000 + ++addressSeq);
  const phoneBase = hashString(`${options.seed}|phones`) % 1_000_000;

  const addPerson = (sex: Sex, birthDay: number, surname: string, ethnicity: Ethnicity, region: string, language: Language, address: string): PersonRecord => {
    const birthDate = isoOf(birthDay);
    let iin = '';
    // A serial too near 9999 may have no issuable number after it: draw again, as for a taken one.
    do {
      try {
        iin = makeIin(birthDate, sex, rng.int(0, 9999), { onUnissuable: 'next' });
      } catch {
        iin = '';
      }
    } while (!iin || persons.has(iin) || taken?.has(iin));
    const n = persons.size;
    const person: PersonRecord = {
      iin,
      lastName: surnameFor(surname, sex),
      firstName: pickFirstName(rng, ethnicity, sex),
      patronymic: null,
      birthDate,
      sex,
      phone: `+7${OPERATORS[n % OPERATORS.length]}${String((phoneBase + n * 7919) % 10_000_000).padStart(7, '0')}`,
      language,
      maritalStatus: 'SINGLE',
      spouseIin: null,
      region,
      registeredAddress: address,
      deceased: false,
    };
    persons.set(iin, person);
    return person;
  };

  const ageDays = (r: Rng, minYears: number, maxYears: number) => ref - Math.floor((minYears + r.next() * (maxYears - minYears + 1)) * 365.25);

  for (let h = 0; h < households; h++) {
    const ethnicity: Ethnicity = rng.chance(0.75) ? 'kazakh' : 'russian';
    const language: Language = ethnicity === 'kazakh' ? (rng.chance(0.65) ? 'kk' : 'ru') : 'ru';
    const region = rng.pick(REGIONS);
    const surname = pickSurname(rng, ethnicity);
    const address = newAddress();
    const kind = rng.weighted([['couple', 0.62], ['singleMother', 0.08], ['singleAdult', 0.18], ['elderlyCouple', 0.12]] as const);
    if (kind === 'singleAdult') {
      addPerson(rng.chance(0.5) ? 'M' : 'F', ageDays(rng, 18, 60), surname, ethnicity, region, language, address);
      continue;
    }
    const elderly = kind === 'elderlyCouple';
    const motherBirth = elderly ? ageDays(rng, 63, 85) : ageDays(rng, 20, 55);
    const mother = addPerson('F', motherBirth, surname, ethnicity, region, language, address);
    let father: PersonRecord | null = null;
    if (kind !== 'singleMother') {
      father = addPerson('M', motherBirth - rng.int(0, 6 * 365), surname, ethnicity, region, language, address);
      mother.spouseIin = father.iin;
      father.spouseIin = mother.iin;
      mother.maritalStatus = father.maritalStatus = 'MARRIED';
    }
    if (elderly) continue;
    const wanted = kind === 'singleMother' ? rng.int(1, 3) : rng.weighted([[0, 0.1], [1, 0.2], [2, 0.27], [3, 0.22], [4, 0.12], [5, 0.05], [6, 0.03], [7, 0.01]] as const);
    const kids: string[] = [];
    let next = motherBirth + Math.round(rng.int(19, 30) * 365.25);
    for (let k = 0; k < wanted && next < ref && next < motherBirth + 45 * 365; k++) {
      const childBirth = isoOf(next);
      const age = yearsBetween(childBirth, referenceDate);
      const studying = age >= 7 && age < 18 ? true : age >= 18 && age <= 23 ? rng.chance(0.55) : false;
      // Grown children who no longer study have a home of their own.
      const child = addPerson(rng.chance(0.5) ? 'M' : 'F', next, surname, ethnicity, region, language, age >= 18 && !studying ? newAddress() : address);
      child.phone = mother.phone; // a minor's eGov-linked phone is the guardian's
      // One 17-year-old in five has left full-time education (a trade, a job): from 18 the child no
      // longer counts for a large family. Drawn from the IIN, not the stream, so nobody else moves.
      inFullTimeEducation.set(child.iin, age === 17 && hashString(`${child.iin}|left-school`) % 5 === 0 ? false : studying);
      kids.push(child.iin);
      births.set(child.iin, {
        childIin: child.iin,
        birthDate: child.birthDate,
        motherIin: mother.iin,
        fatherIin: father?.iin ?? null,
        actNumber: `P${String(++actSeq).padStart(9, '0')}`,
        registeredAt: isoOf(next + rng.int(1, 10)),
        birthOrder: kids.length,
      });
      next += rng.int(400, 1500);
    }
    if (kids.length) {
      childrenByParent.set(mother.iin, kids);
      if (father) childrenByParent.set(father.iin, [...kids]);
    }
  }
  return { households, persons, order: [...persons.keys()].sort(), childrenByParent, births, inFullTimeEducation };
}

/** The bank registry's answer for a population person: a verified account derived from the IIN. */
export function populationBankAccount(iin: string): BankAccountRecord {
  return { iin, iban: `KZ${String(hashString(`iban|${iin}`) % 100).padStart(2, '0')}722${iin.slice(0, 13).padEnd(13, '0')}`, bankBic: 'CASPKZKA', verified: true };
}
