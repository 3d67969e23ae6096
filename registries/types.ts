/**
 * The interagency gateway's contract: every registry query Qyzmet can make, with its parameters
 * and result. Implementations: the embedded simulation (registries/simulated.ts) and the HTTP
 * connector for real deployments (registries/http-client.ts).
 */

export type Language = 'kk' | 'ru' | 'en';
export type Sex = 'M' | 'F';
export type IsoDate = string; // YYYY-MM-DD
export type IsoMonth = string; // YYYY-MM

export type RegistryName = 'civil' | 'employment' | 'income' | 'disability' | 'bank';
export const REGISTRY_NAMES = ['civil', 'employment', 'income', 'disability', 'bank'] as const satisfies readonly RegistryName[];

export interface PersonRecord {
  iin: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: IsoDate;
  sex: Sex;
  /** The phone linked to the citizen's eGov account, E.164. */
  phone: string;
  language: Language;
  maritalStatus: 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';
  spouseIin: string | null;
  region: string;
  /**
   * The address of permanent registration, as its code in the address register (РКА, 16 digits);
   * people registered at one address live together as far as the state knows. null: none on record.
   */
  registeredAddress: string | null;
  deceased: boolean;
}

export interface ChildRecord {
  iin: string;
  fullName: string;
  birthDate: IsoDate;
  /** 1 for the first child of this parent, 2 for the second … */
  birthOrder: number;
  inFullTimeEducation: boolean;
  /** The child's own address of permanent registration (see PersonRecord). */
  registeredAddress: string | null;
}

export interface BirthRecord {
  childIin: string;
  birthDate: IsoDate;
  motherIin: string;
  fatherIin: string | null;
  actNumber: string;
  registeredAt: IsoDate;
  /** Order of this birth among the mother's children. */
  birthOrder: number;
}

export interface ContributionMonth {
  month: IsoMonth;
  amount: number; // KZT
  employerBin: string;
}

export interface EmploymentRecord {
  iin: string;
  status: 'EMPLOYED' | 'UNEMPLOYED' | 'SELF_EMPLOYED' | 'NEVER_EMPLOYED';
  lastEmployerBin: string | null;
  jobLossDate: IsoDate | null;
  jobLossReason: 'LAYOFF' | 'LIQUIDATION' | 'CONTRACT_END' | 'OWN_WISH' | 'MISCONDUCT' | null;
  /** Social contributions, newest first, up to 60 months back. */
  contributions: ContributionMonth[];
}

export interface IncomeRecord {
  iin: string;
  /** Monthly income subject to social contributions, newest first. */
  monthly: { month: IsoMonth; amount: number }[];
}

export interface DisabilityRecord {
  iin: string;
  /** null when the person has no disability record. */
  group: 1 | 2 | 3 | null;
  childDisability: boolean;
  validUntil: IsoDate | null;
}

export interface BankAccountRecord {
  iin: string;
  iban: string;
  bankBic: string;
  verified: boolean;
}

/** The bank's answer about one IBAN: whose account it is and whether it can receive payments. */
export interface BankAccountHolder {
  iban: string;
  /** The account holder's IIN. */
  iin: string;
  bankBic: string;
  /** Open and able to receive a payment. */
  open: boolean;
}

/** One page of the civil registry's population extract (a bulk read for population sweeps). */
export interface PopulationPage {
  /** In IIN order, each with the children the registry lists under them. */
  persons: (PersonRecord & { children: ChildRecord[] })[];
  /** The IIN to read after; null when this is the last page. */
  nextCursor: string | null;
}

/** Every query the gateway answers: name → [parameters, result]. */
export interface RegistryQueries {
  'civil.person': [{ iin: string }, PersonRecord];
  'civil.children': [{ iin: string }, ChildRecord[]];
  'civil.birth': [{ childIin: string }, BirthRecord];
  'civil.population': [{ cursor: string | null; limit: number }, PopulationPage];
  'employment.history': [{ iin: string }, EmploymentRecord];
  'income.monthly': [{ iin: string; months: number; asOf: IsoDate }, IncomeRecord];
  'disability.status': [{ iin: string }, DisabilityRecord];
  'bank.account': [{ iin: string }, BankAccountRecord];
  /** Who holds an account, asked by its IBAN (a citizen's answer to a request for information). */
  'bank.accountByIban': [{ iban: string }, BankAccountHolder];
}

export type QueryName = keyof RegistryQueries;
export type QueryParams<Q extends QueryName> = RegistryQueries[Q][0];
export type QueryResult<Q extends QueryName> = RegistryQueries[Q][1];

export const QUERY_NAMES = [
  'civil.person',
  'civil.children',
  'civil.birth',
  'civil.population',
  'employment.history',
  'income.monthly',
  'disability.status',
  'bank.account',
  'bank.accountByIban',
] as const satisfies readonly QueryName[];

export function registryOf(query: QueryName): RegistryName {
  return query.split('.')[0] as RegistryName;
}

export interface QueryOptions {
  /** Aborts the call (activity cancellation, timeouts). */
  signal?: AbortSignal;
}

/** Where an answer came from: the provenance stored with each piece of evidence. */
export interface RegistryAnswer<T> {
  data: T;
  /** Registry's own name for the source system, e.g. "sim:civil" or "https://gbdfl.example.kz". */
  source: string;
  fetchedAt: string; // ISO timestamp
}

export interface RegistryClient {
  query<Q extends QueryName>(query: Q, params: QueryParams<Q>, options?: QueryOptions): Promise<RegistryAnswer<QueryResult<Q>>>;
}

/** Typed registry failures. Not-found is final; the others may succeed on retry. */
export type RegistryErrorKind = 'NOT_FOUND' | 'UNAVAILABLE' | 'TIMEOUT' | 'BAD_REQUEST';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    readonly query: QueryName,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
  get retryable(): boolean {
    return this.kind === 'UNAVAILABLE' || this.kind === 'TIMEOUT';
  }
}
