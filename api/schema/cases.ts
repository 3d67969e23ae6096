/**
 * Cases: the Case node with its timeline and evidence, `case(id)` and the `cases` connection.
 * Tasks and decisions add their own fields to Case (api/schema/tasks.ts, decisions.ts).
 */
import { forCaller, seesPersonalData } from '../auth/personal-data.ts';
import type { Case, CaseEvent, Evidence } from '../../generated/prisma/client.ts';
import { isValidIin } from '../../lib/iin.ts';
import { canReadCase, visibleCases, workingDepartment } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError } from '../errors.ts';
import type { Lang } from '../i18n.ts';
import { parseId } from '../ids.ts';
import { keysetConnection, type SortKey } from '../pagination.ts';
import { checkIdentifier, ID_RULES, optional, validQueryArgs } from './input-rules.ts';
import { CaseOriginEnum, CaseStatusEnum, DecisionOutcomeEnum, LanguageEnum } from './scalars.ts';

export type CaseView = Case & { lang: Lang };
export const caseView = (row: Case, lang: Lang): CaseView => ({ ...row, lang });

export const CaseRef = builder.objectRef<CaseView>('Case');

/** The department of a case (batched): what decides whether its personal data is shown unmasked. */
async function departmentOf(ctx: Context, caseId: string): Promise<string | null> {
  return (await ctx.loaders.caseById.load(caseId))?.department ?? null;
}

const CaseEventRef = builder.objectRef<CaseEvent>('CaseEvent').implement({
  description: 'One step of the case, as the workflow recorded it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    type: t.exposeString('type', { description: 'EVIDENCE_REQUESTED, EVALUATED, TASK_OPENED, DECIDED …' }),
    status: t.field({ type: CaseStatusEnum, nullable: true, description: 'The status the case moved to, if it moved.', resolve: (e) => e.status as never }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    data: t.field({ type: 'JSON', nullable: true, description: 'Free text in it (a withdrawal reason) is withheld from callers who see personal data masked.', resolve: async (e, _args, ctx) => forCaller(ctx.caller, e.data, await departmentOf(ctx, e.caseId)) }),
  }),
});

const EvidenceStatusEnum = builder.enumType('EvidenceStatus', { values: ['FOUND', 'NOT_FOUND', 'UNAVAILABLE'] as const });

const EvidenceRef = builder.objectRef<Evidence>('Evidence').implement({
  description: "A registry's answer, with its provenance: which registry, which query, when, and its content hash.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    registry: t.exposeString('registry'),
    query: t.exposeString('query'),
    status: t.field({ type: EvidenceStatusEnum, resolve: (e) => e.status as never }),
    source: t.exposeString('source', { description: 'The answering system, as the registry named itself.' }),
    fetchedAt: t.field({ type: 'DateTime', resolve: (e) => e.fetchedAt }),
    contentHash: t.exposeString('contentHash', { description: 'sha256 of the canonical answer; the signed decision lists it.' }),
    data: t.field({ type: 'JSON', nullable: true, resolve: async (e, _args, ctx) => forCaller(ctx.caller, e.data, await departmentOf(ctx, e.caseId)) }),
  }),
});

builder.node(CaseRef, {
  description: 'A case: one application (or proactive offer) for one service, from intake to a signed decision.',
  id: { resolve: (c) => c.id },
  loadOne: async (id, ctx) => {
    const row = await ctx.loaders.caseById.load(id);
    return row ? caseView(row, ctx.lang) : null;
  },
  authScopes: (c, ctx) => canReadCase(ctx.caller, c),
  fields: (t) => ({
    caseId: t.exposeString('id', { description: 'The raw case id (also accepted wherever a case id is asked for).' }),
    serviceCode: t.exposeString('serviceCode'),
    serviceVersion: t.int({ nullable: true, description: 'The version pinned by the legal-fact date.', resolve: (c) => c.serviceVersion }),
    serviceTitle: t.string({ resolve: (c, _args, ctx) => serviceTitle(c, ctx) }),
    department: t.exposeString('department'),
    status: t.field({ type: CaseStatusEnum, resolve: (c) => c.status as never }),
    origin: t.field({ type: CaseOriginEnum, resolve: (c) => c.origin as never }),
    applicantIin: t.string({ resolve: (c, _args, ctx) => forCaller(ctx.caller, c.applicantIin, c.department) }),
    language: t.field({ type: LanguageEnum, description: "The citizen's language (notifications).", resolve: (c) => c.language as never }),
    legalFactDate: t.field({ type: 'Date', nullable: true, resolve: (c) => c.legalFactDate }),
    application: t.field({ type: 'JSON', nullable: true, resolve: (c, _args, ctx) => forCaller(ctx.caller, c.application, c.department) }),
    outcome: t.field({ type: DecisionOutcomeEnum, nullable: true, resolve: (c) => c.outcome as never }),
    amount: t.float({ nullable: true, description: 'KZT (monthly for monthly benefits).', resolve: (c) => (c.amount === null ? null : Number(c.amount)) }),
    offerExpiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.offerExpiresAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (c) => c.updatedAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.decidedAt }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.closedAt }),
    timeline: t.field({
      type: [CaseEventRef],
      resolve: (c, _args, ctx) => ctx.loaders.timelineByCaseId.load(c.id),
    }),
    evidence: t.field({
      type: [EvidenceRef],
      resolve: (c, _args, ctx) => ctx.loaders.evidenceByCaseId.load(c.id),
    }),
  }),
});

async function serviceTitle(c: CaseView, ctx: Context): Promise<string> {
  const def = c.definitionHash
    ? await ctx.catalog.byContentHash(c.definitionHash)
    : (await ctx.catalog.published()).filter((d) => d.code === c.serviceCode).at(-1);
  return def?.title[c.lang] ?? c.serviceCode;
}

/** Loads a case by global or raw id for a query: NOT_FOUND, or an audited FORBIDDEN. */
export async function readableCase(ctx: Context, id: string, operation: string): Promise<Case> {
  const caseId = parseId(id, 'Case');
  const row = caseId ? await ctx.loaders.caseById.load(caseId) : null;
  if (!row) throw apiError(ctx.lang, 'NOT_FOUND', { detail: `no case ${id}` });
  if (!canReadCase(ctx.caller, row)) throw ctx.security.deny({ operation, reason: 'the case is outside what the caller may see', target: { caseId: row.id } });
  return row;
}

builder.queryField('case', (t) =>
  t.field({
    type: CaseRef,
    nullable: true,
    description: 'One case by id (global or raw). NOT_FOUND when it does not exist, FORBIDDEN when it is not yours to see.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }), lang: t.arg({ type: LanguageEnum, required: false }) },
    resolve: async (_root, args, ctx) => caseView(await readableCase(ctx, args.id, 'Query.case'), args.lang ?? ctx.lang),
  }),
);

const CaseFilter = builder.inputType('CaseFilter', {
  fields: (t) => ({
    service: t.string({ description: 'Service code, e.g. birth-allowance.' }),
    status: t.field({ type: [CaseStatusEnum] }),
    department: t.string({ description: 'Officers and supervisors may name only their own department.' }),
    applicantIin: t.string(),
    origin: t.field({ type: CaseOriginEnum }),
    createdFrom: t.field({ type: 'DateTime', description: 'Inclusive.' }),
    createdTo: t.field({ type: 'DateTime', description: 'Exclusive.' }),
  }),
});

const CaseOrderEnum = builder.enumType('CaseOrder', { values: ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'UPDATED_AT_DESC', 'UPDATED_AT_ASC'] as const });

function sortKeys(order: string): SortKey<Case>[] {
  const field = order.startsWith('UPDATED') ? 'updatedAt' : 'createdAt';
  const direction = order.endsWith('ASC') ? 'asc' : 'desc';
  return [
    { field, direction, kind: 'date', value: (c) => c[field] },
    { field: 'id', direction, kind: 'string', value: (c) => c.id },
  ];
}

builder.queryField('cases', (t) =>
  t.connection(
    {
      type: CaseRef,
      description: 'The cases the caller may see, filtered, sorted and paginated (Relay cursors).',
      authScopes: { authenticated: true },
      args: {
        filter: t.arg({ type: CaseFilter, required: false }),
        orderBy: t.arg({ type: CaseOrderEnum, required: false, defaultValue: 'CREATED_AT_DESC' }),
        lang: t.arg({ type: LanguageEnum, required: false }),
      },
      resolve: async (_root, args, ctx) => {
        const scope = visibleCases(ctx.caller);
        if (!scope) throw ctx.security.deny({ operation: 'Query.cases', reason: 'the caller may list no cases' });
        const filter = args.filter ?? {};
        validQueryArgs(ctx, 'Query.cases', {
          service: optional(filter.service, (v) => checkIdentifier('filter.service', v, ID_RULES.serviceCode)),
          department: optional(filter.department, (v) => checkIdentifier('filter.department', v, ID_RULES.department)),
        });
        const own = workingDepartment(ctx.caller);
        if (filter.department && own && filter.department !== own) {
          throw ctx.security.deny({ operation: 'Query.cases', reason: `department ${filter.department} is not the caller's`, target: { department: filter.department } });
        }
        if (filter.applicantIin && !isValidIin(filter.applicantIin)) throw apiError(ctx.lang, 'VALIDATION_FAILED', { detail: 'filter.applicantIin is not a valid IIN' });
        // Searching by IIN would tell an engineer whose cases exist even with IINs masked.
        if (filter.applicantIin && ctx.caller.kind !== 'frontend' && !(own && seesPersonalData(ctx.caller, own))) throw ctx.security.deny({ operation: 'Query.cases', reason: 'filtering by applicant IIN needs an officer or supervisor role' });
        const where = {
          AND: [
            scope,
            filter.service ? { serviceCode: filter.service } : {},
            filter.status?.length ? { status: { in: filter.status } } : {},
            filter.department ? { department: filter.department } : {},
            // Within the department whose personal data the caller sees (an engineer role adds none).
            filter.applicantIin ? { applicantIin: filter.applicantIin, ...(ctx.caller.kind === 'staff' ? { department: own } : {}) } : {},
            filter.origin ? { origin: filter.origin } : {},
            filter.createdFrom || filter.createdTo ? { createdAt: { gte: filter.createdFrom ?? undefined, lt: filter.createdTo ?? undefined } } : {},
          ],
        };
        const lang = args.lang ?? ctx.lang;
        const connection = await keysetConnection(args, sortKeys(args.orderBy ?? 'CREATED_AT_DESC'), async (page) => {
          const rows = await ctx.prisma.case.findMany({ where: { AND: [where, page.where] }, orderBy: page.orderBy, take: page.take });
          return rows.map((r) => caseView(r, lang));
        });
        return { ...connection, totalCount: () => ctx.prisma.case.count({ where }) };
      },
    },
    {
      name: 'CaseConnection',
      fields: (c) => ({
        // Counted only when asked for: the resolver hands over the query, not the number.
        totalCount: c.int({ description: 'Cases matching the filter (all pages).', resolve: (conn) => (conn as { totalCount?: () => Promise<number> }).totalCount!() }),
      }),
    },
    { name: 'CaseEdge' },
  ),
);
