/**
 * Front-end credentials: engineers (the platform's operators) issue and revoke API keys. The key
 * is shown once; only its hash is stored. Both actions are recorded in the security audit stream.
 */
import { API_KEY_SCOPES, createApiKey, revokeApiKey, type ApiKeyScope } from '../../lib/auth/api-keys.ts';
import type { ApiKey } from '../../generated/prisma/client.ts';
import { actorOf } from '../auth/caller.ts';
import { appendSecurityEntry } from '../auth/security-log.ts';
import { builder } from '../builder.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { checkText, KEY_NAME } from './input-rules.ts';

const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  values: Object.fromEntries(API_KEY_SCOPES.map((s) => [s.replace(/[:-]/g, '_').toUpperCase(), { value: s }])) as Record<string, { value: ApiKeyScope }>,
});

const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description: "A front-end system's credential (never its secret).",
  authScopes: { engineer: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    clientId: t.exposeString('clientId', { description: 'Cases started with this key belong to this client.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], resolve: (k) => k.scopes as ApiKeyScope[] }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who uses it, e.g. "eGov mobile".' }),
    clientId: t.string({ required: true, description: 'The front-end system, e.g. egov-mobile; keys of one client share its cases.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], required: true }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ apiKey: ApiKey; key: string }>('CreateApiKeyPayload').implement({
  authScopes: { engineer: true },
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    key: t.exposeString('key', { description: 'The secret, shown this once: send it as X-Api-Key.' }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    description: 'Issue an API key for a front-end system (engineers).',
    authScopes: { engineer: true },
    errors: { types: [ValidationFailed] },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const problems: { field: string; code: string; message: string }[] = [];
      const name = checkText('name', input.name, KEY_NAME);
      if (!name.ok) problems.push(name.problem);
      if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(input.clientId)) problems.push({ field: 'clientId', code: 'format', message: 'lowercase letters, digits and -' });
      if (input.scopes.length === 0) problems.push({ field: 'scopes', code: 'required', message: 'at least one scope' });
      if (problems.length) ctx.security.refuseInput('Mutation.createApiKey', problems);
      if (problems.length) throw new ValidationFailed(ctx.lang, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
      const { id, key } = await createApiKey(ctx.prisma, { name: (name as { value: string }).value, clientId: input.clientId, scopes: [...new Set(input.scopes)] });
      await appendSecurityEntry(ctx.prisma, { actor: actorOf(ctx.caller), action: 'API_KEY_CREATED', details: { apiKeyId: id, clientId: input.clientId, scopes: input.scopes } });
      return { apiKey: await ctx.prisma.apiKey.findUniqueOrThrow({ where: { id } }), key };
    },
  }),
);

const RevokeApiKeyPayload = builder.objectRef<{ apiKey: ApiKey }>('RevokeApiKeyPayload').implement({
  authScopes: { engineer: true },
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }) }),
});

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: RevokeApiKeyPayload,
    description: 'Revoke an API key at once (engineers); its requests get UNAUTHENTICATED with reason REVOKED.',
    authScopes: { engineer: true },
    errors: { types: [NotFound] },
    args: { input: t.arg({ type: builder.inputType('RevokeApiKeyInput', { fields: (f) => ({ id: f.string({ required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const existing = await ctx.prisma.apiKey.findUnique({ where: { id: input.id } });
      if (!existing) throw new NotFound(ctx.lang, `no API key ${input.id}`);
      if (!existing.revokedAt) {
        await revokeApiKey(ctx.prisma, existing.id);
        await appendSecurityEntry(ctx.prisma, { actor: actorOf(ctx.caller), action: 'API_KEY_REVOKED', details: { apiKeyId: existing.id, clientId: existing.clientId } });
      }
      return { apiKey: await ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: existing.id } }) };
    },
  }),
);
