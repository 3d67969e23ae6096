/**
 * A deterministic synthetic population for the simulated registries: the same (seed, reference
 * date) always gives the same people, families, contributions and accounts. "Recent" events
 * (newborns, job losses) are placed relative to the reference date, so a demo run today has
 * babies born last week.
 */
import type {
  BankAccountHolder,
  BankAccountRecord,
  BirthRecord,
  ChildRecord,
  PopulationPage,
  DisabilityRecord,
  EmploymentRecord,
  IncomeRecord,
  IsoDate,
  PersonRecord,
  RegistryName,
} from '../types.ts';
import { kzDate } from '../../lib/kz-time.ts';
import { DatasetBuilder } from './builder.ts';
import { addMonthsToMonth, monthOf, parseIsoDate } from './calendar.ts';
import { buildEconomics } from './economics.ts';
import { addRandomHouseholds } from './families.ts';
import { addPersonas, type Personas } from './personas.ts';
import { createRng } from './prng.ts';
import { generatePopulation, populationBankAccount, type Population } from './population.ts';

export { PERSONA_NAMES, type Persona, type PersonaName, type Personas } from './personas.ts';
export { HORIZON_MONTHS } from './economics.ts';

export const DEFAULT_SEED = 2025;
/** About 1 300 people with the personas' households. */
export const DEFAULT_HOUSEHOLDS = 420;

export interface DatasetOptions {
  seed?: number | string;
  /** Defaults to today in Kazakhstan (UTC+5). */
  referenceDate?: IsoDate;
  households?: number;
  /** Households of the population at large (population.ts) beside the dataset's: 0 by default. */
  populationHouseholds?: number;
}

export interface SyntheticDataset {
  readonly seed: number | string;
  readonly referenceDate: IsoDate;
  readonly persons: ReadonlyMap<string, PersonRecord>;
  /** Each parent's children, oldest first. */
  readonly childrenByParent: ReadonlyMap<string, readonly string[]>;
  readonly births: ReadonlyMap<string, BirthRecord>;
  readonly inFullTimeEducation: ReadonlyMap<string, boolean>;
  readonly employment: ReadonlyMap<string, EmploymentRecord>;
  /** The full 60-month horizon, newest first; incomeOf() cuts the window a query asks for. */
  readonly income: ReadonlyMap<string, IncomeRecord>;
  /** Only people with a disability; everyone else answers with group null. */
  readonly disability: ReadonlyMap<string, DisabilityRecord>;
  readonly bankAccounts: ReadonlyMap<string, BankAccountRecord>;
  /** Subjects whose records one registry cannot serve (a node down): it answers UNAVAILABLE for them. */
  readonly unreachable: ReadonlyMap<string, readonly RegistryName[]>;
  readonly personas: Personas;
  /** The population at large: civil records only, looked up after the dataset's own. */
  readonly population: Population;
  /** The dataset's own IINs, sorted (the population's are in population.order). */
  readonly order: readonly string[];
}

/** Today's date in Kazakhstan, which has been on UTC+5 throughout since March 2024. */
export function todayInKazakhstan(now: Date = new Date()): IsoDate {
  return kzDate(now);
}

export function generateDataset(options: DatasetOptions = {}): SyntheticDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  const referenceDate = options.referenceDate ?? todayInKazakhstan();
  parseIsoDate(referenceDate);
  const root = createRng(`${seed}|${referenceDate}`);
  const b = new DatasetBuilder(root.fork('personas'), referenceDate);
  // Personas first, from their own stream, so their IINs do not move when the bulk's size changes.
  const personas = addPersonas(b);
  b.rng = root.fork('households');
  addRandomHouseholds(b, options.households ?? DEFAULT_HOUSEHOLDS);
  b.finish();
  buildEconomics(b);
  return {
    seed,
    referenceDate,
    persons: b.persons,
    childrenByParent: b.childrenByParent,
    births: b.births,
    inFullTimeEducation: b.inFullTimeEducation,
    employment: b.employment,
    income: b.income,
    disability: b.disability,
    bankAccounts: b.bankAccounts,
    unreachable: b.unreachable,
    personas,
    population: generatePopulation({ seed, referenceDate, households: options.populationHouseholds ?? 0, taken: b.persons }),
    order: [...b.persons.keys()].sort(),
  };
}

const cache = new Map<string, SyntheticDataset>();
const CACHE_LIMIT = 8;

/** generateDataset, memoised per (seed, reference date, size). Treat the result as read-only. */
export function getDataset(options: DatasetOptions = {}): SyntheticDataset {
  const key = `${options.seed ?? DEFAULT_SEED}|${options.referenceDate ?? todayInKazakhstan()}|${options.households ?? DEFAULT_HOUSEHOLDS}|${options.populationHouseholds ?? 0}`;
  let dataset = cache.get(key);
  if (!dataset) {
    dataset = generateDataset(options);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, dataset);
  }
  return dataset;
}

// Lookups: undefined means the registry has no record (the simulator answers NOT_FOUND).

export function findPerson(ds: SyntheticDataset, iin: string): PersonRecord | undefined {
  return ds.persons.get(iin) ?? ds.population.persons.get(iin);
}

export function findPersons(ds: SyntheticDataset, predicate: (p: PersonRecord) => boolean): PersonRecord[] {
  return [...ds.persons.values()].filter(predicate);
}

export function fullName(p: Pick<PersonRecord, 'lastName' | 'firstName' | 'patronymic'>): string {
  return [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');
}

export function childrenOf(ds: SyntheticDataset, parentIin: string): ChildRecord[] | undefined {
  const [persons, children, education] = ds.persons.has(parentIin)
    ? [ds.persons, ds.childrenByParent, ds.inFullTimeEducation]
    : [ds.population.persons, ds.population.childrenByParent, ds.population.inFullTimeEducation];
  if (!persons.has(parentIin)) return undefined;
  return (children.get(parentIin) ?? []).map((iin, i) => {
    const child = persons.get(iin)!;
    return {
      iin,
      fullName: fullName(child),
      birthDate: child.birthDate,
      birthOrder: i + 1,
      inFullTimeEducation: education.get(iin) ?? false,
      registeredAddress: child.registeredAddress,
    };
  });
}

/** The first index in sorted `iins` past `cursor` (0 for no cursor). */
function after(iins: readonly string[], cursor: string | null): number {
  if (cursor === null) return 0;
  let lo = 0;
  let hi = iins.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (iins[mid]! <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One page of the civil registry's population extract: up to `limit` persons with IINs after
 * `cursor`, in IIN order, each with the children listed under them; nextCursor null on the last.
 */
export function populationPage(ds: SyntheticDataset, cursor: string | null, limit: number): PopulationPage {
  const own = ds.order;
  const pop = ds.population.order;
  let i = after(own, cursor);
  let j = after(pop, cursor);
  const persons: PopulationPage['persons'] = [];
  while (persons.length < limit && (i < own.length || j < pop.length)) {
    const iin = j >= pop.length || (i < own.length && own[i]! < pop[j]!) ? own[i++]! : pop[j++]!;
    persons.push({ ...findPerson(ds, iin)!, children: childrenOf(ds, iin) ?? [] });
  }
  const more = i < own.length || j < pop.length;
  return { persons, nextCursor: more ? persons.at(-1)!.iin : null };
}

export function birthRecordOf(ds: SyntheticDataset, childIin: string): BirthRecord | undefined {
  return ds.births.get(childIin) ?? ds.population.births.get(childIin);
}

export function employmentOf(ds: SyntheticDataset, iin: string): EmploymentRecord | undefined {
  return ds.employment.get(iin);
}

/**
 * The `months` whole months before `asOf`'s month, newest first; months outside the registry's
 * horizon are left out rather than reported as zero income.
 */
export function incomeOf(ds: SyntheticDataset, iin: string, months: number, asOf: IsoDate): IncomeRecord | undefined {
  const record = ds.income.get(iin);
  if (!record) return undefined;
  const newest = addMonthsToMonth(monthOf(asOf), -1);
  const oldest = addMonthsToMonth(monthOf(asOf), -months);
  return { iin, monthly: record.monthly.filter((m) => m.month >= oldest && m.month <= newest) };
}

export function disabilityOf(ds: SyntheticDataset, iin: string): DisabilityRecord | undefined {
  if (!findPerson(ds, iin)) return undefined;
  return ds.disability.get(iin) ?? { iin, group: null, childDisability: false, validUntil: null };
}

/**
 * The bank's answer about an IBAN: the account on file for someone in the dataset (verified or
 * not — the account exists at its bank either way), open; an IBAN nobody holds is not found.
 */
export function accountHolderOf(ds: SyntheticDataset, iban: string): BankAccountHolder | undefined {
  for (const account of ds.bankAccounts.values()) {
    if (account.iban === iban) return { iban, iin: account.iin, bankBic: account.bankBic, open: true };
  }
  return undefined;
}

export function bankAccountOf(ds: SyntheticDataset, iin: string): BankAccountRecord | undefined {
  return ds.bankAccounts.get(iin) ?? (ds.population.persons.has(iin) ? populationBankAccount(iin) : undefined);
}
