/**
 * Small literal registry answers for the catalog's tests, shaped exactly as registries/types.ts
 * says (the `satisfies` clauses keep them honest when the contract changes). Independent of the
 * synthetic dataset on purpose: each test states the few facts it depends on.
 */
import { makeIin } from '../../lib/iin.ts';
import type {
  BankAccountRecord,
  BirthRecord,
  ChildRecord,
  ContributionMonth,
  EmploymentRecord,
  IncomeRecord,
  PersonRecord,
} from '../../registries/types.ts';
import { addMonthsToMonth } from '../../lib/dates.ts';
import type { EvidenceItem } from '../result.ts';

export const iin = (birthDate: string, sex: 'M' | 'F', serial = 1): string => makeIin(birthDate, sex, serial, { onUnissuable: 'next' });

/** The family's address of permanent registration (address register code). */
export const HOME = '1000000000000001';
export const ELSEWHERE = '1000000000000002';

export const MOTHER = iin('1994-05-17', 'F', 11);
export const FATHER = iin('1992-11-02', 'M', 12);
export const STRANGER = iin('1980-01-20', 'M', 13);

export const found = (data: unknown): EvidenceItem => ({ status: 'FOUND', data });
export const notFound = (): EvidenceItem => ({ status: 'NOT_FOUND' });
export const unavailable = (): EvidenceItem => ({ status: 'UNAVAILABLE' });

export function person(iinValue: string, overrides: Partial<PersonRecord> = {}): PersonRecord {
  return {
    iin: iinValue,
    lastName: 'Серікова',
    firstName: 'Айгерім',
    patronymic: 'Нұрланқызы',
    birthDate: '1994-05-17',
    sex: 'F',
    phone: '+77011234567',
    language: 'kk',
    maritalStatus: 'MARRIED',
    spouseIin: FATHER,
    region: 'Astana',
    registeredAddress: HOME,
    deceased: false,
    ...overrides,
  } satisfies PersonRecord;
}

export function birth(childIin: string, birthDate: string, overrides: Partial<BirthRecord> = {}): BirthRecord {
  return {
    childIin,
    birthDate,
    motherIin: MOTHER,
    fatherIin: FATHER,
    actNumber: '0123-2025',
    registeredAt: birthDate,
    birthOrder: 1,
    ...overrides,
  } satisfies BirthRecord;
}

export function bank(iinValue: string, verified = true): BankAccountRecord {
  return { iin: iinValue, iban: 'KZ86125KZT5004100100', bankBic: 'HSBKKZKX', verified } satisfies BankAccountRecord;
}

/** `count` consecutive months ending with `newest` (YYYY-MM), newest first, as registries list them. */
export function months(newest: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonthsToMonth(newest, -i));
}

export function contributions(monthList: string[], amount = 35_000): ContributionMonth[] {
  return monthList.map((month) => ({ month, amount, employerBin: '990340005977' }));
}

export function employment(iinValue: string, overrides: Partial<EmploymentRecord> = {}): EmploymentRecord {
  return {
    iin: iinValue,
    status: 'EMPLOYED',
    lastEmployerBin: '990340005977',
    jobLossDate: null,
    jobLossReason: null,
    contributions: [],
    ...overrides,
  } satisfies EmploymentRecord;
}

export function income(iinValue: string, entries: { month: string; amount: number }[]): IncomeRecord {
  return { iin: iinValue, monthly: entries } satisfies IncomeRecord;
}

export function flatIncome(iinValue: string, monthList: string[], amount: number): IncomeRecord {
  return income(iinValue, monthList.map((month) => ({ month, amount })));
}

export function child(birthDate: string, overrides: Partial<ChildRecord> = {}): ChildRecord {
  return {
    iin: iin(birthDate, 'M', 21),
    fullName: 'Серіков Нұрсұлтан',
    birthDate,
    birthOrder: 1,
    inFullTimeEducation: false,
    registeredAddress: HOME,
    ...overrides,
  } satisfies ChildRecord;
}
