/**
 * Front-end credentials: engineers (the platform's operators) issue, approve and revoke API keys.
 * The key is shown once; only its hash is stored. A key for a client that already has keys, or
 * with a scope over citizens' cases, starts PENDING and authenticates nothing until a second
 * engineer approves it (lib/auth/api-keys.ts approvalReason). Every action is recorded in the
 * security audit stream.
 */
import { API_KEY_SCOPES, API_KEY_STATUSES, approvalReason, approveApiKey, createApiKey, revokeApiKey, type ApiKeyScope } from '../../lib/auth/api-keys.ts';
import type { ApiKey } from '../../generated/prisma/client.ts';
import { actorOf } from '../auth/caller.ts';
import { appendSecurityEntry } from '../auth/security-log.ts';
import { builder } from '../builder.ts';
import { InvalidState, NotFound, ValidationFailed } from '../errors.ts';
import { checkText, KEY_NAME } from './input-rules.ts';

const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  values: Object.fromEntries(API_KEY_SCOPES.map((s) => [s.replace(/[:-]/g, '_').toUpperCase(), { value: s }])) as Record<string, { value: ApiKeyScope }>,
});

const ApiKeyStatusEnum = builder.enumType('ApiKeyStatus', { values: API_KEY_STATUSES });

const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description: "A front-end system's credential (never its secret).",
  authScopes: { engineer: true },
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    clientId: t.exposeString('clientId', { description: 'Cases started with this key belong to this client.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], resolve: (k) => k.scopes as ApiKeyScope[] }),
    status: t.field({ type: ApiKeyStatusEnum, description: 'PENDING until a second engineer approves it; a pending key authenticates nothing.', resolve: (k) => k.status as never }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    approvedBy: t.exposeString('approvedBy', { nullable: true }),
    approvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.approvedAt }),
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
    description:
      'Issue an API key for a front-end system (engineers). A key for a client that already has keys, or with CASES_READ, CASES_WRITE or OFFERS_RESPOND, starts PENDING until another engineer calls approveApiKey.',
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
      const scopes = [...new Set(input.scopes)];
      const clientHasKeys = (await ctx.prisma.apiKey.count({ where: { clientId: input.clientId } })) > 0;
      const pendingBecause = approvalReason({ scopes, clientHasKeys });
      const actor = actorOf(ctx.caller);
      const { id, key } = await createApiKey(ctx.prisma, { name: (name as { value: string }).value, clientId: input.clientId, scopes, status: pendingBecause ? 'PENDING' : 'ACTIVE', createdBy: actor });
      await appendSecurityEntry(ctx.prisma, {
        actor,
        // A pending key is a request until a second engineer approves it (API_KEY_APPROVED).
        action: pendingBecause ? 'API_KEY_REQUESTED' : 'API_KEY_CREATED',
        details: { apiKeyId: id, clientId: input.clientId, scopes, status: pendingBecause ? 'PENDING' : 'ACTIVE', ...(pendingBecause ? { needsApprovalBecause: pendingBecause } : {}) },
      });
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

const ApproveApiKeyPayload = builder.objectRef<{ apiKey: ApiKey }>('ApproveApiKeyPayload').implement({
  authScopes: { engineer: true },
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }) }),
});

builder.mutationField('approveApiKey', (t) =>
  t.field({
    type: ApproveApiKeyPayload,
    description: 'Activate a PENDING API key (engineers other than the one who created it).',
    authScopes: { engineer: true },
    errors: { types: [NotFound, InvalidState] },
    args: { input: t.arg({ type: builder.inputType('ApproveApiKeyInput', { fields: (f) => ({ id: f.string({ required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const existing = await ctx.prisma.apiKey.findUnique({ where: { id: input.id } });
      if (!existing) throw new NotFound(ctx.lang, `no API key ${input.id}`);
      const approver = actorOf(ctx.caller);
      if (existing.createdBy === approver) {
        throw ctx.security.deny({ operation: 'Mutation.approveApiKey', reason: 'a key needs a second engineer: its creator may not approve it', target: { id: existing.id } });
      }
      if (existing.revokedAt) throw new InvalidState(ctx.lang, `API key ${existing.id} is revoked`);
      if (existing.status !== 'PENDING') throw new InvalidState(ctx.lang, `API key ${existing.id} is not pending (it is ${existing.status})`);
      if (!(await approveApiKey(ctx.prisma, existing.id, approver))) throw new InvalidState(ctx.lang, `API key ${existing.id} was approved or revoked meanwhile`);
      await appendSecurityEntry(ctx.prisma, {
        actor: approver,
        action: 'API_KEY_APPROVED',
        details: { apiKeyId: existing.id, clientId: existing.clientId, scopes: existing.scopes, createdBy: existing.createdBy },
      });
      return { apiKey: await ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: existing.id } }) };
    },
  }),
);

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: 'API keys, newest first (engineers); `status: PENDING` lists those awaiting a second approver.',
    authScopes: { engineer: true },
    args: { status: t.arg({ type: ApiKeyStatusEnum }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: async (_root, args, ctx) =>
      ctx.prisma.apiKey.findMany({
        where: args.status ? { status: args.status, revokedAt: null } : {},
        orderBy: { createdAt: 'desc' },
        take: Math.min(Math.max(args.first ?? 50, 1), 100),
      }),
  }),
);
