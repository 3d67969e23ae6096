/**
 * The Pothos schema builder: types, plugins and their configuration only (the schema lives in
 * api/schema/). Scope-auth comes first so its checks wrap every other plugin's resolvers.
 */
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { ApiKeyScope } from '../lib/auth/api-keys.ts';
import { denialOf, scopesOf } from './auth/scopes.ts';
import type { Context } from './context.ts';

export interface AuthScopes {
  /** Any verified caller. */
  authenticated: boolean;
  /** A front-end system whose API key holds this scope (or one of these). */
  apiKey: ApiKeyScope | ApiKeyScope[];
  officer: boolean;
  supervisor: boolean;
  /** A member of a department's appeal group (workflows/task-permissions.ts APPEAL_ROLE). */
  appealOfficer: boolean;
  engineer: boolean;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, ErrorsPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => scopesOf(ctx.caller),
    // Type scopes run once where the object is returned, so a denied object is one error (and
    // one audit entry), not one per selected field.
    runScopesOnType: true,
    authorizeOnSubscribe: true,
    unauthorizedError: (parent, ctx, info, result) => denialOf(parent, ctx, info, result.message),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { authScopes: { authenticated: true }, description: 'Any object by its global id, if the caller may see it.' },
    nodesQueryOptions: false,
    nodeTypeOptions: { description: 'An object with a global id (Relay).' },
    pageInfoTypeOptions: { authScopes: { authenticated: true } },
    defaultConnectionTypeOptions: { authScopes: { authenticated: true } },
    defaultEdgeTypeOptions: { authScopes: { authenticated: true } },
  },
  errors: {
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result` },
  },
});
