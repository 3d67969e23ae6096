/**
 * Limits on what one query may ask for (GraphQL Armor), with refusals that do not reveal the
 * limits, introspection off where configured, and the last step before a response: every error
 * gets a stable `extensions.code`, request-level messages in the caller's language.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, type ASTNode, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_PAGE } from '../pagination.ts';
import { negotiateLanguage, message, type Lang } from '../i18n.ts';

/** Generous for every query the API's own clients send (the deepest, cases → decision → rule → legal basis, is 8; one page of 100 cases with timeline and evidence costs about 8 300, the console's inbox of 100 tasks about 8 900), and two full pages in one query are over the cost limit. */
export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 10, maxTokens: 2000, maxCost: 12_000, maxDirectives: 10 } as const;

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
    // The cost is ours (queryCost below): Armor's counts `first: 100` but not `first: $n`.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}

/** Armor's cost model (objects 2, scalars 1, ×1.5 per level, × the page size), with page sizes read from variables too. */
const COST = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 };

export function queryCost(context: Pick<ValidationContext, 'getFragment'>, root: ASTNode, variables: Record<string, unknown>, defaults: Record<string, number>): number {
  const seen = new Map<string, number>();
  const pageSize = (node: ASTNode): number => {
    if (node.kind !== Kind.FIELD || !node.arguments) return 1;
    let size = 1;
    for (const arg of node.arguments) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      const v = arg.value;
      const n = v.kind === Kind.INT ? Number(v.value) : v.kind === Kind.VARIABLE ? Number(variables[v.name.value] ?? defaults[v.name.value] ?? 1) : 1;
      // A page over the limit is refused by the connection itself (BAD_REQUEST, 400); its cost is the largest page.
      if (Number.isFinite(n)) size = Math.max(size, Math.min(n, MAX_PAGE));
    }
    return size;
  };
  const cost = (node: ASTNode, depth: number): number => {
    if (node.kind === Kind.OPERATION_DEFINITION) return node.selectionSet.selections.reduce((sum, child) => sum + cost(child, depth + 1), 0);
    // Meta fields (__typename, which clients such as urql add to every selection) cost nothing.
    if (node.kind === Kind.FIELD && node.name.value.startsWith('__')) return 0;
    // A fragment costs what its fields would cost written in place: a spread or an inline
    // fragment is no level of nesting (the parent already weighs its children).
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      if (seen.has(name)) return seen.get(name)!;
      seen.set(name, 0);
      const fragment = context.getFragment(name);
      const inner = fragment ? fragment.selectionSet.selections.reduce((sum, child) => sum + cost(child, depth), 0) : 0;
      seen.set(name, inner);
      return inner;
    }
    if (node.kind === Kind.INLINE_FRAGMENT) return node.selectionSet.selections.reduce((sum, child) => sum + cost(child, depth), 0);
    if ('selectionSet' in node && node.selectionSet) {
      let total = COST.objectCost;
      for (const child of node.selectionSet.selections) total += COST.depthCostFactor * cost(child, depth + 1);
      return total * pageSize(node);
    }
    return COST.scalarCost;
  };
  return cost(root, 0);
}

/** The cost of the operation a request executes, its variables (and their defaults) included. */
export function operationCost(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!operation) return 0;
  const defaults: Record<string, number> = {};
  for (const d of operation.variableDefinitions ?? []) if (d.defaultValue?.kind === Kind.INT) defaults[d.variable.name.value] = Number(d.defaultValue.value);
  return queryCost({ getFragment: (name) => fragments.get(name) }, operation, variables, defaults);
}

/**
 * The cost limit, checked when the operation is about to run: only then are its variables known
 * (validation results are cached per document, whatever the variables).
 */
export function costLimit(): Plugin {
  const check = (args: { document: DocumentNode; operationName?: string | null; variableValues?: unknown }) => {
    const variables = args.variableValues && typeof args.variableValues === 'object' ? (args.variableValues as Record<string, unknown>) : {};
    if (operationCost(args.document, args.operationName, variables) <= QUERY_LIMITS.maxCost) return null;
    const error = new GraphQLError('The query is too large or too complex.');
    tooComplex(null, error);
    return { errors: [error] };
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
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
