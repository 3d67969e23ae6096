/** Scalars and enums shared by several domains. */
import { GraphQLError, Kind, valueFromASTUntyped } from 'graphql';
import { CASE_ORIGINS, CASE_STATUSES, DECISION_OUTCOMES } from '../../workflows/messages.ts';
import { builder } from '../builder.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with time zone (e.g. 2026-03-16T06:00:00.000Z).',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (Number.isNaN(date.getTime()) || !/T|\d{4}-\d{2}-\d{2}$/.test(String(value))) throw new GraphQLError('DateTime: expected an ISO 8601 instant');
    return date;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime: expected a string');
    const date = new Date(ast.value);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime: expected an ISO 8601 instant');
    return date;
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || !ISO_DATE.test(value)) throw new GraphQLError('Date: expected YYYY-MM-DD');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !ISO_DATE.test(ast.value)) throw new GraphQLError('Date: expected YYYY-MM-DD');
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
