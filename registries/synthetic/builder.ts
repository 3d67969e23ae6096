/**
 * The mutable workspace the generator fills: people, family links and birth records, plus the
 * per-person economic plans that economics.ts turns into registry records at the end.
 */
import { makeIin } from '../../lib/iin.ts';
import type { BankAccountRecord, BirthRecord, DisabilityRecord, EmploymentRecord, IncomeRecord, IsoDate, Language, PersonRecord, RegistryName, Sex } from '../types.ts';
import { addDays, ageOn, dateMs } from './calendar.ts';
import { patronymicFrom, pickFirstName, pickPatronymicStyle, surnameFor, type Ethnicity, type PatronymicStyle } from './names.ts';
import type { Rng } from './prng.ts';

/** How a person's employment and income registry records are to be generated. */
export type WorkPlan =
  | { kind: 'steady'; income: number; startMonthsAgo?: number; /** No gap between jobs. */ continuous?: boolean }
  | { kind: 'jobLoss'; income: number; lossDate: IsoDate; reason: NonNullable<EmploymentRecord['jobLossReason']>; contributionMonths: number }
  | { kind: 'selfEmployed'; income: number }
  /** Employed now, but only the last `months` months carry contributions (a recent first job). */
  | { kind: 'sparse'; income: number; months: number }
  | { kind: 'never' }
  | { kind: 'retired' }
  | { kind: 'deceased'; income: number; deathDate: IsoDate }
  /** The employment registry has no record (NOT_FOUND); the tax side may still report income. */
  | { kind: 'noRecord'; income?: number };

export type BankPlan = 'verified' | 'unverified' | 'none';
export type DisabilityPlan = { group: 1 | 2 | 3 | null; childDisability: boolean; validUntil: IsoDate | null };

export interface HouseholdStyle {
  ethnicity: Ethnicity;
  region: string;
  language: Language;
}

export interface NewPerson {
  sex: Sex;
  birthDate: IsoDate;
  surname: string;
  fatherFirstName?: string | null;
  /** Siblings share it; drawn per person otherwise. */
  patronymicStyle?: PatronymicStyle;
  style: HouseholdStyle;
  /** A minor's eGov-linked phone is the guardian's: parents act for their children. */
  phone?: string;
  language?: Language;
  maritalStatus?: PersonRecord['maritalStatus'];
  deceased?: boolean;
  /** The household's registered address; a new one of their own otherwise. */
  address?: string;
}

export class DatasetBuilder {
  readonly persons = new Map<string, PersonRecord>();
  readonly childrenByParent = new Map<string, string[]>();
  readonly births = new Map<string, BirthRecord>();
  readonly inFullTimeEducation = new Map<string, boolean>();
  readonly workPlans = new Map<string, WorkPlan>();
  readonly bankPlans = new Map<string, BankPlan>();
  readonly disabilityPlans = new Map<string, DisabilityPlan>();
  /** Members of persona households: exempt from random disabilities, and banked unless a plan says otherwise. */
  readonly scripted = new Set<string>();
  /** Records held on a registry node that is down: that registry never answers for the subject. */
  readonly unreachable = new Map<string, RegistryName[]>();

  readonly employment = new Map<string, EmploymentRecord>();
  readonly income = new Map<string, IncomeRecord>();
  readonly disability = new Map<string, DisabilityRecord>();
  readonly bankAccounts = new Map<string, BankAccountRecord>();

  private readonly usedPhones = new Set<string>();
  private readonly familyPatronymicStyle = new Map<string, PatronymicStyle>();
  private actNumberSeq = 0;
  private addressSeq = 0;

  constructor(
    public rng: Rng,
    readonly referenceDate: IsoDate,
  ) {}

  ageOf(iin: string): number {
    return ageOn(this.person(iin).birthDate, this.referenceDate);
  }

  person(iin: string): PersonRecord {
    const p = this.persons.get(iin);
    if (!p) throw new Error(`synthetic dataset: no person ${iin}`);
    return p;
  }

  private newIin(birthDate: IsoDate, sex: Sex): string {
    for (;;) {
      const iin = makeIin(birthDate, sex, this.rng.int(0, 9999), { onUnissuable: 'next' });
      if (!this.persons.has(iin)) return iin;
    }
  }

  newPhone(): string {
    const operators = ['700', '701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778'];
    for (;;) {
      const phone = `+7${this.rng.pick(operators)}${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}`;
      if (!this.usedPhones.has(phone)) {
        this.usedPhones.add(phone);
        return phone;
      }
    }
  }

  /**
   * A new address code (16 digits, shaped like the address register's РКА). Numbered in order
   * rather than drawn, so giving people addresses moves no random draw of the rest of the dataset.
   */
  newAddress(): string {
    return String(1_000_000_000_000_000 + ++this.addressSeq);
  }

  addPerson(spec: NewPerson): PersonRecord {
    const rng = this.rng;
    const birthYear = Number(spec.birthDate.slice(0, 4));
    const firstName = pickFirstName(rng, spec.style.ethnicity, spec.sex);
    const fatherFirstName = spec.fatherFirstName === undefined ? pickFirstName(rng, spec.style.ethnicity, 'M') : spec.fatherFirstName;
    const person: PersonRecord = {
      iin: this.newIin(spec.birthDate, spec.sex),
      lastName: surnameFor(spec.surname, spec.sex),
      firstName,
      patronymic: fatherFirstName === null ? null : patronymicFrom(fatherFirstName, spec.sex, spec.patronymicStyle ?? pickPatronymicStyle(rng, birthYear)),
      birthDate: spec.birthDate,
      sex: spec.sex,
      phone: spec.phone ?? this.newPhone(),
      // One in ten prefers another language than the household's.
      language: spec.language ?? (rng.chance(0.1) ? rng.pick(['kk', 'ru', 'en'] as const) : spec.style.language),
      maritalStatus: spec.maritalStatus ?? 'SINGLE',
      spouseIin: null,
      region: spec.style.region,
      registeredAddress: spec.address ?? this.newAddress(),
      deceased: spec.deceased ?? false,
    };
    this.persons.set(person.iin, person);
    return person;
  }

  /** Links spouses. For a widowed person spouseIin names the late spouse, who stays MARRIED to them. */
  marry(a: PersonRecord, b: PersonRecord): void {
    a.spouseIin = b.iin;
    b.spouseIin = a.iin;
    a.maritalStatus = b.deceased ? 'WIDOWED' : 'MARRIED';
    b.maritalStatus = a.deceased ? 'WIDOWED' : 'MARRIED';
  }

  /**
   * Registers a birth: the child is listed under both parents, and the civil registry's birth
   * record names the mother (`recordedMother` overrides it, for conflicting-evidence cases).
   */
  addChild(mother: PersonRecord, father: PersonRecord | null, style: HouseholdStyle, birthDate: IsoDate, recordedMother?: PersonRecord): PersonRecord {
    const sex: Sex = this.rng.chance(0.51) ? 'M' : 'F';
    const surname = father ? father.lastName : mother.lastName.replace(/а$/, '');
    const minor = ageOn(birthDate, this.referenceDate) < 16;
    const styleKey = father?.iin ?? mother.iin;
    const patronymicStyle = this.familyPatronymicStyle.get(styleKey) ?? pickPatronymicStyle(this.rng, Number(birthDate.slice(0, 4)));
    this.familyPatronymicStyle.set(styleKey, patronymicStyle);
    const child = this.addPerson({
      sex,
      birthDate,
      surname,
      fatherFirstName: father ? father.firstName : this.rng.chance(0.5) ? null : undefined,
      style,
      patronymicStyle,
      phone: minor ? mother.phone : undefined,
      language: minor ? mother.language : undefined,
      address: mother.registeredAddress ?? undefined,
    });
    for (const parent of [mother, father]) {
      if (!parent) continue;
      const list = this.childrenByParent.get(parent.iin) ?? [];
      list.push(child.iin);
      this.childrenByParent.set(parent.iin, list);
    }
    const registeredAt = addDays(birthDate, this.rng.int(1, 10));
    this.births.set(child.iin, {
      childIin: child.iin,
      birthDate,
      motherIin: (recordedMother ?? mother).iin,
      fatherIin: father?.iin ?? null,
      actNumber: `АЗ-${birthDate.slice(0, 4)}-${String(++this.actNumberSeq).padStart(6, '0')}`,
      registeredAt: dateMs(registeredAt) > dateMs(this.referenceDate) ? this.referenceDate : registeredAt,
      birthOrder: 0, // set in finish(), once all of the mother's children are known
    });
    return child;
  }

  /** Orders every parent's children by birth and derives birth orders, schooling and where grown children live. */
  finish(): void {
    const byBirth = (a: string, b: string) => dateMs(this.person(a).birthDate) - dateMs(this.person(b).birthDate);
    for (const list of this.childrenByParent.values()) list.sort(byBirth);
    // Birth order counts the children listed under the household's mother, even when the birth
    // record itself names another woman (the conflicting-evidence persona).
    const siblingsOf = new Map<string, string[]>();
    for (const [parent, kids] of this.childrenByParent) {
      if (this.person(parent).sex === 'F') for (const kid of kids) siblingsOf.set(kid, kids);
    }
    for (const record of this.births.values()) {
      const siblings = siblingsOf.get(record.childIin) ?? [record.childIin];
      record.birthOrder = siblings.indexOf(record.childIin) + 1;
    }
    for (const iin of this.births.keys()) {
      if (this.inFullTimeEducation.has(iin)) continue;
      const age = this.ageOf(iin);
      this.inFullTimeEducation.set(iin, age >= 7 && age < 18 ? true : age >= 18 && age <= 23 ? this.rng.chance(0.55) : false);
    }
    // Grown children who no longer study have a home of their own; students and minors stay registered with the family.
    for (const iin of this.births.keys()) {
      if (this.ageOf(iin) >= 18 && !this.inFullTimeEducation.get(iin)) this.person(iin).registeredAddress = this.newAddress();
    }
  }
}
