/**
 * The typed GraphQL tag: documents are checked against the committed schema.graphql at compile
 * time (gql.tada reads web/src/graphql-env.d.ts, generated from it by `npm run console:types`).
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; Date: string; JSON: unknown; ID: string };
  disableMasking: true;
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';

/** The API's Language enum for a console language. */
export const apiLang = (lang: 'kk' | 'ru' | 'en') => lang.toUpperCase() as 'KK' | 'RU' | 'EN';
