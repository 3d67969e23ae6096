/** Scalars and enums shared by several domains. */
import { GraphQLError, Kind, valueFromASTUntyped } from 'graphql';
import { CASE_ORIGINS, CASE_STATUSES, DECISION_OUTCOMES } from '../../workflows/messages.ts';
import { builder } from '../builder.ts';

/**
 * Strict dates (RFC 3339, as graphql-scalars reads them): a calendar date must exist (no
 * 2026-02-30, no 2026-13-01), and an instant must carry its zone (Z or ±hh:mm) — a zone-less time
 * would be read in the server's zone and mean a different instant on another machine.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value);
  if (!m || !isCalendarDate(m[1]!)) return null;
  const date = new Date(value.toUpperCase());
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateTimeError = () => new GraphQLError('DateTime: expected an RFC 3339 instant with a time zone, e.g. 2026-03-16T06:00:00Z', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
const dateError = () => new GraphQLError('Date: expected an existing calendar date, YYYY-MM-DD', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

builder.scalarType('DateTime', {
  description: 'An instant, RFC 3339 with time zone (e.g. 2026-03-16T06:00:00.000Z); dates that do not exist and zone-less times are refused.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => {
    const date = parseInstant(value);
    if (!date) throw dateTimeError();
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? parseInstant(ast.value) : null;
    if (!date) throw dateTimeError();
    return date;
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD, that exists (2026-02-30 is refused).',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || !isCalendarDate(value)) throw dateError();
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isCalendarDate(ast.value)) throw dateError();
    return ast.value;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const LanguageEnum = builder.enumType('Language', {
  description: 'kk (Kazakh), ru (Russian) or en (English).',
  values: { KK: { value: 'kk' }, RU: { value: 'ru' }, EN: { value: 'en' } } as const,
});

export const CaseStatusEnum = builder.enumType('CaseStatus', { values: CASE_STATUSES });

export const CaseOriginEnum = builder.enumType('CaseOrigin', {
  description: 'APPLICATION: a front-end submitted it; PROACTIVE: offered after a life event.',
  values: CASE_ORIGINS,
});

export const DecisionOutcomeEnum = builder.enumType('DecisionOutcome', { values: DECISION_OUTCOMES });
