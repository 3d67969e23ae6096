/**
 * The API's two kinds of failure, as an officer sees them: a typed error in a mutation's union
 * (code, message in the officer's language, and for validation the fields), or a request-level
 * GraphQL error with `extensions.code` (FORBIDDEN, UNAUTHENTICATED, RATE_LIMITED …), whose
 * message the API has also localised. Network failures have no message from the API: the
 * console says what happened in the officer's language.
 */
import type { CombinedError } from '@urql/core';

export interface ShownError {
  code: string;
  message: string;
  detail?: string | null;
  fields?: { field: string; code: string; message: string }[];
}

export function errorCode(error: CombinedError): string | null {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/** A request-level error as one shown error; `networkMessage` is the console's own text. */
export function fromCombined(error: CombinedError, networkMessage: string): ShownError {
  if (error.networkError && !error.graphQLErrors.length) return { code: 'NETWORK', message: networkMessage };
  const first = error.graphQLErrors[0];
  return { code: String(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), message: first?.message ?? error.message, detail: (first?.extensions?.detail as string | undefined) ?? null };
}

interface UnionMember {
  __typename: string;
  code?: string;
  message?: string;
  detail?: string | null;
  fields?: { field: string; code: string; message: string }[];
}

/** The typed error a mutation returned, if it returned one (a member with a `code`). */
export function fromUnion(result: UnionMember | null | undefined): ShownError | null {
  if (!result || typeof result.code !== 'string') return null;
  return { code: result.code, message: result.message ?? result.code, detail: result.detail ?? null, fields: result.fields };
}
