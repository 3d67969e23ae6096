/**
 * Minimal shape checks on both sides of the gateway: parameters before a query is answered, and
 * answers before they are trusted as evidence. Deliberately shallow — enough to catch a wrong
 * endpoint, a proxy's HTML error page or an answer about the wrong person, not a full schema.
 */
import { isValidCalendarDate, parseIin } from '../lib/iin.ts';
import { QUERY_NAMES, type QueryName } from './types.ts';

/** Contributions and incomes are kept for five years. */
export const MAX_INCOME_MONTHS = 60;
/** The largest page of the population extract one call may ask for. */
export const MAX_POPULATION_PAGE = 5_000;

function isIsoDate(value: unknown): boolean {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return !!m && isValidCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isQueryName(value: unknown): value is QueryName {
  return typeof value === 'string' && (QUERY_NAMES as readonly string[]).includes(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function iinProblem(value: unknown, field: string): string | null {
  const parsed = parseIin(value);
  return parsed.ok ? null : `${field}: ${parsed.message}`;
}

/** A message saying what is wrong with the parameters, or null when they are fine. */
export function paramsProblem(query: QueryName, params: unknown): string | null {
  if (!isObject(params)) return 'parameters must be a JSON object';
  switch (query) {
    case 'civil.birth':
      return iinProblem(params.childIin, 'childIin');
    case 'civil.population': {
      const { limit, cursor } = params;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_POPULATION_PAGE) return `limit: must be an integer from 1 to ${MAX_POPULATION_PAGE}`;
      return cursor === null ? null : iinProblem(cursor, 'cursor');
    }
    case 'income.monthly': {
      const months = params.months;
      if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > MAX_INCOME_MONTHS) {
        return `months: must be an integer from 1 to ${MAX_INCOME_MONTHS}`;
      }
      if (!isIsoDate(params.asOf)) return 'asOf: must be a date, YYYY-MM-DD';
      return iinProblem(params.iin, 'iin');
    }
    case 'bank.accountByIban':
      return typeof params.iban === 'string' && /^KZ\d{2}[0-9A-Z]{16}$/.test(params.iban) ? null : 'iban: must be a Kazakhstan IBAN';
    default:
      return iinProblem(params.iin, 'iin');
  }
}

/** A message saying why an answer cannot be the answer to this query, or null when it can. */
export function resultProblem(query: QueryName, params: Record<string, unknown>, data: unknown): string | null {
  if (query === 'civil.children') {
    if (!Array.isArray(data)) return 'expected a list of children';
    return data.every((c) => isObject(c) && typeof c.iin === 'string' && typeof c.birthDate === 'string') ? null : 'a child lacks iin or birthDate';
  }
  if (!isObject(data)) return 'expected a JSON object';
  if (query === 'civil.population') {
    if (!Array.isArray(data.persons) || !(data.nextCursor === null || typeof data.nextCursor === 'string')) return 'expected persons and nextCursor';
    return data.persons.every((p) => isObject(p) && typeof p.iin === 'string' && Array.isArray(p.children)) ? null : 'a person lacks iin or children';
  }
  if (query === 'bank.accountByIban') {
    if (data.iban !== params.iban) return `the answer is about iban ${String(data.iban)}, not the one asked for`;
    return typeof data.iin === 'string' && typeof data.open === 'boolean' ? null : 'an account holder record lacks iin or open';
  }
  const subjectField = query === 'civil.birth' ? 'childIin' : 'iin';
  if (data[subjectField] !== params[subjectField]) return `the answer is about ${subjectField} ${String(data[subjectField])}, not the one asked for`;
  switch (query) {
    case 'civil.person':
      return typeof data.birthDate === 'string' && typeof data.lastName === 'string' ? null : 'a person lacks birthDate or lastName';
    case 'civil.birth':
      return typeof data.motherIin === 'string' && typeof data.birthDate === 'string' ? null : 'a birth record lacks motherIin or birthDate';
    case 'employment.history':
      return typeof data.status === 'string' && Array.isArray(data.contributions) ? null : 'an employment record lacks status or contributions';
    case 'income.monthly':
      return Array.isArray(data.monthly) ? null : 'an income record lacks monthly';
    case 'disability.status':
      return 'group' in data ? null : 'a disability record lacks group';
    case 'bank.account':
      return typeof data.iban === 'string' ? null : 'a bank record lacks iban';
  }
}
