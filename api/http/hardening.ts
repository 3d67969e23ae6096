/**
 * Limits on what one query may ask for (GraphQL Armor), with refusals that do not reveal the
 * limits, introspection off where configured, and the last step before a response: every error
 * gets a stable `extensions.code`, request-level messages in the caller's language.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { negotiateLanguage, message, type Lang } from '../i18n.ts';

/** Generous for every query the API's own clients send (the deepest, cases → decision → rule → legal basis, is 8). */
export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 10, maxTokens: 2000, maxCost: 5000, maxDirectives: 10 } as const;

/** Armor's refusals carry no code; they get ours, and 400 like other invalid queries. */
const tooComplex = (_ctx: unknown, error: GraphQLError) => {
  Object.assign(error.extensions as Record<string, unknown>, { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } });
};

export function armorPlugin(): Plugin {
  const common = { exposeLimits: false, errorMessage: 'The query is too large or too complex.', onReject: [tooComplex] };
  return EnvelopArmorPlugin({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ...common },
    maxAliases: { n: QUERY_LIMITS.maxAliases, ...common },
    maxTokens: { n: QUERY_LIMITS.maxTokens, ...common },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...common },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, ...common },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}

export function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/** Codes graphql-yoga gives malformed requests; clients get one: BAD_REQUEST. */
const GRAPHQL_REQUEST_CODES = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT'];

type WireError = { message: string; path?: unknown; extensions?: Record<string, unknown> };

/** Stable codes for errors GraphQL itself raises (syntax, validation, variables) and a localised message for request-level ones. */
export function normaliseError(error: WireError, lang: Lang): WireError {
  const extensions = { ...error.extensions };
  let text = error.message;
  if (typeof extensions.code === 'string' && GRAPHQL_REQUEST_CODES.includes(extensions.code)) delete extensions.code;
  if (!extensions.code) {
    // No path: the request itself is wrong (syntax, unknown field, bad variables).
    extensions.code = error.path === undefined ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (extensions.code === 'BAD_REQUEST') extensions.detail = error.message.replace(/^Syntax Error: /, '');
  }
  if (extensions.code === 'BAD_REQUEST' && !extensions.detail) extensions.detail = error.message;
  if (extensions.code === 'BAD_REQUEST') text = message(lang, 'BAD_REQUEST');
  if (extensions.code === 'QUERY_TOO_COMPLEX') text = message(lang, 'QUERY_TOO_COMPLEX');
  if (extensions.code === 'INTERNAL_SERVER_ERROR') text = message(lang, 'INTERNAL_SERVER_ERROR');
  if (error instanceof GraphQLError) return new GraphQLError(text, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions });
  return { ...error, message: text, extensions };
}

function normaliseResult(result: ExecutionResult, lang: Lang): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => normaliseError(e as WireError, lang) as GraphQLError) };
}

export function errorCodes(defaultLang: Lang): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      const lang = negotiateLanguage(request.headers.get('accept-language'), defaultLang);
      if (Array.isArray(result)) setResult(result.map((r) => normaliseResult(r, lang)));
      // A stream (subscription) is left as it is: wrapping it would delay its cancellation
      // until the next event; its errors arise before it starts and arrive as a plain result.
      else if (!(Symbol.asyncIterator in result)) setResult(normaliseResult(result as ExecutionResult, lang));
    },
  };
}
