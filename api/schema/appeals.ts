/**
 * Appeals against decisions: the citizen files one through their front-end (`fileAppeal`, within
 * the service's appeal period, once per decision), the department's appeal group lists them
 * (`appeals`), one of them claims the appeal's task (`claimTask`, as a case task) and decides it
 * (`resolveAppeal`: UPHOLD, or REPLACE with a new signed decision).
 * Adds `Case.appeals`, `Decision.supersededBy`, `Decision.replaces` and `Decision.appealPolicy`.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Appeal, Case } from '../../generated/prisma/client.ts';
import { resolveDeadline } from '../../lib/calendar/index.ts';
import { checkAmount, checkIdentifier, FREE_TEXT, type Checked, type TextRule } from '../../lib/input/index.ts';
import { appealPolicyOf, type AppealPolicy } from '../../services/appeal-policy.ts';
import type { appealWorkflow } from '../../workflows/appeal-workflow.ts';
import { APPEAL_RESOLUTIONS, APPEAL_STATUSES, appealIdOf, appealWorkflowId, resolveAppealUpdate, type DecisionOutcome } from '../../workflows/messages.ts';
import { appealMetadata } from '../../workflows/user-metadata.ts';
import { APPEAL_ROLE, holds } from '../../workflows/task-permissions.ts';
import { officerOf, type Caller } from '../auth/caller.ts';
import { freeTextForCaller } from '../auth/personal-data.ts';
import { canActForCitizen, canReadCase, inCandidateGroup, isEngineer, isSupervisorOf, workingDepartment } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { FourEyesViolation, InvalidState, NotFound, toGraphQL, ValidationFailed } from '../errors.ts';
import type { Lang } from '../i18n.ts';
import { parseId } from '../ids.ts';
import { temporalUnavailable } from '../temporal/failures.ts';
import { runOfficerUpdate } from '../temporal/updates.ts';
import { timingOf, TimingOverridesInput } from './case-action-kit.ts';
import { caseView, CaseRef } from './cases.ts';
import { LegalBasisRef } from './catalog.ts';
import { DecisionRef, type DecisionView } from './decisions.ts';
import { checkText, OFFICER_TEXT, optional, validMutationInput, validQueryArgs } from './input-rules.ts';
import { DecisionOutcomeEnum } from './scalars.ts';
import { taskViewById, TaskRef } from './tasks.ts';

/** The citizen's reason: free text, as an answer to a request for information is. */
export const APPEAL_REASON: TextRule = { ...FREE_TEXT, maxCodePoints: 2000, maxBytes: 8000 };
/** References to attached documents (content addresses or document ids), at most this many. */
export const MAX_APPEAL_DOCUMENTS = 10;

type AppealView = Appeal & { lang: Lang; caseRow: Case };
const appealView = (row: Appeal, caseRow: Case, lang: Lang): AppealView => ({ ...row, caseRow, lang });

const AppealStatusEnum = builder.enumType('AppealStatus', { description: 'OPEN until decided; UPHELD kept the decision, REPLACED issued a new one.', values: APPEAL_STATUSES });
const AppealResolutionEnum = builder.enumType('AppealResolution', { values: APPEAL_RESOLUTIONS });

const AppealPolicyRef = builder.objectRef<AppealPolicy>('AppealPolicy').implement({
  description: "A service's appeal period and review SLA, with whether they were confirmed in the law in force.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    period: t.exposeString('period', { description: "How long after the decision an appeal may be filed ('P90D', or 'N working days')." }),
    reviewSla: t.exposeString('reviewSla', { description: 'How long the appeal group has to decide.' }),
    verified: t.exposeBoolean('verified', { description: 'False: the figures are working values not (yet) confirmed in the law.' }),
    note: t.exposeString('note'),
    legalBasis: t.field({ type: LegalBasisRef, resolve: (p) => p.legalBasis }),
  }),
});

const decisionView = async (ctx: Context, id: string | null, caseRow: Case, lang: Lang): Promise<DecisionView | null> => {
  if (!id) return null;
  const row = await ctx.prisma.decision.findUnique({ where: { id } });
  return row ? { ...row, caseRow, lang } : null;
};

export const AppealRef = builder.objectRef<AppealView>('Appeal').implement({
  description: "A citizen's appeal against a decision, decided by the department's appeal group.",
  authScopes: (a, ctx) => canReadCase(ctx.caller, a.caseRow),
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The appeal id (one per decision).' }),
    status: t.field({ type: AppealStatusEnum, resolve: (a) => a.status as never }),
    reason: t.string({ description: "The citizen's reason, as filed (withheld from callers who see personal data masked).", resolve: (a, _args, ctx) => freeTextForCaller(ctx.caller, a.reason, a.department)! }),
    documents: t.exposeStringList('documents', { description: 'References to the documents filed with it.' }),
    filedAt: t.field({ type: 'DateTime', resolve: (a) => a.filedAt }),
    periodEndsAt: t.field({ type: 'DateTime', description: "When the decision's appeal period ended (or ends).", resolve: (a) => a.periodEndsAt }),
    dueAt: t.field({ type: 'DateTime', nullable: true, description: 'When the appeal group must have decided (its review SLA).', resolve: (a) => a.dueAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.decidedAt }),
    decidedBy: t.string({ nullable: true, resolve: (a) => a.decidedBy }),
    outcome: t.field({ type: AppealResolutionEnum, nullable: true, description: 'UPHOLD or REPLACE; null while open.', resolve: (a) => a.resolution as never }),
    resolutionReason: t.string({ nullable: true, resolve: (a, _args, ctx) => freeTextForCaller(ctx.caller, a.resolutionReason, a.department) }),
    decision: t.field({ type: DecisionRef, description: 'The decision appealed against.', resolve: async (a, _args, ctx) => (await decisionView(ctx, a.decisionId, a.caseRow, a.lang))! }),
    newDecision: t.field({ type: DecisionRef, nullable: true, description: 'REPLACE: the decision issued in its place.', resolve: (a, _args, ctx) => decisionView(ctx, a.newDecisionId, a.caseRow, a.lang) }),
    task: t.field({ type: TaskRef, nullable: true, resolve: (a, _args, ctx) => taskViewById(ctx, a.taskId, a.lang) }),
    policy: t.field({ type: AppealPolicyRef, resolve: (a) => appealPolicyOf(a.caseRow.serviceCode) }),
    case: t.field({ type: CaseRef, resolve: (a) => caseView(a.caseRow, a.lang) }),
  }),
});

builder.objectFields(DecisionRef, (t) => ({
  supersededBy: t.field({ type: DecisionRef, nullable: true, description: 'The decision an appeal or a re-check of the entitlement issued in place of this one; null while it stands.', resolve: (d, _args, ctx) => decisionView(ctx, d.supersededBy, d.caseRow, d.lang) }),
  replaces: t.field({ type: DecisionRef, nullable: true, description: 'The decision this one replaced (after an appeal or a re-check).', resolve: (d, _args, ctx) => decisionView(ctx, d.replacesDecisionId, d.caseRow, d.lang) }),
  appealPolicy: t.field({ type: AppealPolicyRef, description: "The service's appeal period and review SLA.", resolve: (d) => appealPolicyOf(d.caseRow.serviceCode) }),
  appealPeriodEndsAt: t.field({ type: 'DateTime', description: 'Until when this decision may be appealed.', resolve: (d) => periodEndOf(d.caseRow.serviceCode, d.decidedAt) }),
}));

builder.objectField(CaseRef, 'appeals', (t) =>
  t.field({
    type: [AppealRef],
    description: "The appeals against the case's decisions, oldest first.",
    resolve: async (c, _args, ctx) => {
      const caseRow = (await ctx.loaders.caseById.load(c.id))!;
      const rows = await ctx.prisma.appeal.findMany({ where: { caseId: c.id }, orderBy: [{ filedAt: 'asc' }, { id: 'asc' }] });
      return rows.map((r) => appealView(r, caseRow, c.lang));
    },
  }),
);

function periodEndOf(serviceCode: string, decidedAt: Date): Date {
  return new Date(resolveDeadline(decidedAt, appealPolicyOf(serviceCode).period, { onMissingYear: 'estimate' }).dueMs);
}

// ── the appeal group's list ─────────────────────────────────────────────────────────────────
const AppealFilterEnum = builder.enumType('AppealFilter', { values: ['OPEN', 'ALL'] as const });

builder.queryField('appeals', (t) =>
  t.field({
    type: [AppealRef],
    description: "The appeals of the caller's department, soonest due first (appeal group, supervisors; engineers see all).",
    authScopes: { authenticated: true },
    args: {
      filter: t.arg({ type: AppealFilterEnum, required: false, defaultValue: 'OPEN' }),
      first: t.arg.int({ required: false, defaultValue: 50, description: 'At most 100.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > 100) validQueryArgs(ctx, 'Query.appeals', { first: { ok: false, problem: { field: 'first', code: 'TOO_LARGE', message: 'first must be between 1 and 100' } } });
      const department = workingDepartment(ctx.caller);
      if (!department && !isEngineer(ctx.caller)) throw ctx.security.deny({ operation: 'Query.appeals', reason: "appeals are listed for their department's staff" });
      const rows = await ctx.prisma.appeal.findMany({
        where: { ...(department ? { department } : {}), ...(args.filter === 'ALL' ? {} : { status: 'OPEN' }) },
        orderBy: [{ dueAt: 'asc' }, { filedAt: 'asc' }, { id: 'asc' }],
        take: first,
        include: { case: true },
      });
      return rows.map(({ case: caseRow, ...row }) => appealView(row, caseRow, ctx.lang));
    },
  }),
);

// ── filing ──────────────────────────────────────────────────────────────────────────────────
const FileAppealInput = builder.inputType('FileAppealInput', {
  fields: (t) => ({
    decisionId: t.id({ required: true, description: 'Global or raw decision id.' }),
    reason: t.string({ required: true, description: 'Why the citizen disagrees (at most 2 000 characters).' }),
    documents: t.stringList({ description: `References to attached documents (at most ${MAX_APPEAL_DOCUMENTS}).` }),
    timing: t.field({ type: TimingOverridesInput, description: 'Tests and demos: slaMs shortens the review SLA; periodMs paces the entitlement an approval on appeal starts.' }),
  }),
});

const FileAppealPayload = builder.objectRef<{ appeal: AppealView; created: boolean }>('FileAppealPayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    appeal: t.field({ type: AppealRef, resolve: (p) => p.appeal }),
    created: t.exposeBoolean('created', { description: 'False when this decision had already been appealed: the existing appeal.' }),
  }),
});

function checkDocuments(value: readonly string[] | null | undefined): Checked<string[]> {
  const list = value ?? [];
  if (list.length > MAX_APPEAL_DOCUMENTS) return { ok: false, problem: { field: 'documents', code: 'TOO_LONG', message: `at most ${MAX_APPEAL_DOCUMENTS} documents` } };
  const out: string[] = [];
  for (const d of list) {
    const c = checkIdentifier('documents', d, { maxLength: 200, noIin: true });
    if (!c.ok) return c;
    out.push(c.value);
  }
  return { ok: true, value: out };
}

async function startAppealWorkflow(ctx: Context, appeal: Appeal, timing: { slaMs?: number; periodMs?: number } | undefined): Promise<void> {
  const overrides = { ...(timing?.slaMs !== undefined ? { slaMs: timing.slaMs } : {}), ...(timing?.periodMs !== undefined ? { periodMs: timing.periodMs } : {}) };
  try {
    await ctx.temporal.workflow.start<typeof appealWorkflow>('appealWorkflow', {
      workflowId: appeal.workflowId,
      taskQueue: ctx.taskQueue,
      args: [{ appealId: appeal.id, ...(Object.keys(overrides).length ? { timing: overrides } : {}) }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...appealMetadata({ appealId: appeal.id, caseId: appeal.caseId, department: appeal.department }),
    });
  } catch (e) {
    // Decided and closed already: the appeal stands as recorded.
    if (e instanceof WorkflowExecutionAlreadyStartedError) return;
    // The appeal is recorded; a repeated filing starts its workflow.
    const unavailable = temporalUnavailable(e);
    if (unavailable) throw toGraphQL(ctx.lang, unavailable);
    throw e;
  }
}

builder.mutationField('fileAppeal', (t) =>
  t.field({
    type: FileAppealPayload,
    description: "The citizen appeals a decision on their case, within the service's appeal period. Idempotent: one appeal per decision.",
    authScopes: { apiKey: ['cases:write', 'offers:respond'] },
    errors: { types: [NotFound, InvalidState, ValidationFailed] },
    args: { input: t.arg({ type: FileAppealInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const checked = validMutationInput(ctx, 'Mutation.fileAppeal', {
        reason: checkText('reason', input.reason, APPEAL_REASON),
        documents: checkDocuments(input.documents),
      });
      if (checked.reason.trim().length < 3) {
        const problem = { field: 'reason', code: 'TOO_SHORT', message: 'at least 3 characters' };
        ctx.security.refuseInput('Mutation.fileAppeal', [problem]);
        throw new ValidationFailed(ctx.lang, 'reason: at least 3 characters', [problem]);
      }
      const timing = timingOf(ctx, input.timing);
      const decisionId = parseId(input.decisionId, 'Decision');
      const decision = decisionId ? await ctx.prisma.decision.findUnique({ where: { id: decisionId }, include: { case: true } }) : null;
      if (!decision) throw new NotFound(ctx.lang, `no decision ${input.decisionId}`);
      const caseRow = decision.case;
      if (!canActForCitizen(ctx.caller, caseRow)) throw ctx.security.deny({ operation: 'Mutation.fileAppeal', reason: 'the decision is not on a case this client may act on', target: { caseId: caseRow.id } });

      const appealId = appealIdOf(decision.id);
      const existing = await ctx.prisma.appeal.findUnique({ where: { id: appealId } });
      if (existing) {
        if (existing.status === 'OPEN') await startAppealWorkflow(ctx, existing, timing);
        return { appeal: appealView(existing, caseRow, ctx.lang), created: false };
      }
      if (decision.supersededBy) throw new InvalidState(ctx.lang, `decision ${decision.id} was replaced by ${decision.supersededBy}: appeal that one`);
      const now = ctx.appealClock();
      const periodEndsAt = periodEndOf(caseRow.serviceCode, decision.decidedAt);
      if (now.getTime() > periodEndsAt.getTime()) {
        const policy = appealPolicyOf(caseRow.serviceCode);
        throw new InvalidState(ctx.lang, `the appeal period of decision ${decision.id} (${policy.period}${policy.verified ? '' : ', unverified'}) ended at ${periodEndsAt.toISOString()}`);
      }
      let created = true;
      try {
        await ctx.prisma.appeal.create({
          data: {
            id: appealId,
            caseId: caseRow.id,
            decisionId: decision.id,
            workflowId: appealWorkflowId(appealId),
            department: caseRow.department,
            status: 'OPEN',
            reason: checked.reason,
            documents: checked.documents,
            clientId: ctx.caller.kind === 'frontend' ? ctx.caller.clientId : null,
            filedAt: now,
            periodEndsAt,
          },
        });
      } catch (e) {
        // A concurrent filing of the same decision won: its appeal is the one.
        if ((e as { code?: string }).code !== 'P2002') throw e;
        created = false;
      }
      const appeal = await ctx.prisma.appeal.findUniqueOrThrow({ where: { id: appealId } });
      await startAppealWorkflow(ctx, appeal, timing);
      return { appeal: appealView(appeal, caseRow, ctx.lang), created };
    },
  }),
);

// ── deciding ────────────────────────────────────────────────────────────────────────────────
const ResolveAppealInput = builder.inputType('ResolveAppealInput', {
  fields: (t) => ({
    appealId: t.id({ required: true }),
    resolution: t.field({ type: AppealResolutionEnum, required: true }),
    reason: t.string({ required: true, description: 'Why; at least 3 characters. Recorded in the audit log (and, on REPLACE, the signed decision).' }),
    outcome: t.field({ type: DecisionOutcomeEnum, description: 'REPLACE: the new decision.' }),
    amount: t.float({ description: 'REPLACE with APPROVED: the amount (KZT); by default what the rules computed.' }),
    grounds: t.stringList({ description: "REPLACE with DENIED (required there): the service's refusal grounds." }),
  }),
});

const ResolveAppealPayload = builder.objectRef<{ appeal: AppealView; decision: DecisionView; replaced: DecisionView | null }>('ResolveAppealPayload').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    appeal: t.field({ type: AppealRef, resolve: (p) => p.appeal }),
    decision: t.field({ type: DecisionRef, description: 'The decision that stands after the appeal.', resolve: (p) => p.decision }),
    replaced: t.field({ type: DecisionRef, nullable: true, description: 'REPLACE: the decision replaced (now superseded).', resolve: (p) => p.replaced }),
  }),
});

function staffOf(ctx: Context, operation: string, caller: Caller) {
  if (caller.kind !== 'staff') throw ctx.security.deny({ operation, reason: "appeals are decided by the department's appeal group" });
  return caller;
}

builder.mutationField('resolveAppeal', (t) =>
  t.field({
    type: ResolveAppealPayload,
    description: 'The appeal group upholds the decision or replaces it with a new signed decision: the officer holding the appeal task (claimTask), or a supervisor of the department; never the officer who made it.',
    authScopes: { authenticated: true },
    errors: { types: [NotFound, InvalidState, ValidationFailed, FourEyesViolation] },
    args: { input: t.arg({ type: ResolveAppealInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const operation = 'Mutation.resolveAppeal';
      const caller = staffOf(ctx, operation, ctx.caller);
      const checked = validMutationInput(ctx, operation, {
        appealId: checkIdentifier('appealId', input.appealId, { maxLength: 200 }),
        reason: checkText('reason', input.reason, OFFICER_TEXT),
        amount: optional(input.amount, (v) => checkAmount('amount', v)),
      });
      const appeal = await ctx.prisma.appeal.findUnique({ where: { id: checked.appealId }, include: { case: true } });
      if (!appeal) throw new NotFound(ctx.lang, `no appeal ${input.appealId}`);
      if (!inCandidateGroup(caller, { department: appeal.department, role: APPEAL_ROLE, status: 'OPEN', assignee: null })) {
        throw ctx.security.deny({ operation, reason: `only the appeal group of ${appeal.department} (or its supervisors) may decide it`, target: { caseId: appeal.caseId } });
      }
      const decision = await ctx.prisma.decision.findUniqueOrThrow({ where: { id: appeal.decisionId } });
      if (decision.decidedBy === caller.sub) throw new FourEyesViolation(ctx.lang, `four-eyes rule: ${caller.sub} made the decision under appeal and cannot decide the appeal`);
      // The appeal's holder decides it (claimTask on its task), or a supervisor of the department, as on case tasks.
      const task = appeal.taskId ? await ctx.prisma.task.findUnique({ where: { id: appeal.taskId } }) : null;
      if (task && appeal.status === 'OPEN' && !holds({ id: caller.sub }, task) && !isSupervisorOf(caller, appeal.department)) {
        throw new InvalidState(ctx.lang, task.assignee ? `task ${task.id} of appeal ${appeal.id} is claimed by another officer` : `claim task ${task.id} before deciding appeal ${appeal.id}`);
      }
      const result = await runOfficerUpdate(ctx, { operation, caseId: appeal.caseId, workflowId: appeal.workflowId }, resolveAppealUpdate, officerOf(caller), {
        appealId: appeal.id,
        resolution: input.resolution,
        reason: checked.reason,
        ...(input.outcome ? { outcome: input.outcome as DecisionOutcome } : {}),
        ...(checked.amount !== undefined ? { amount: checked.amount.amount } : {}),
        ...(input.grounds ? { grounds: [...input.grounds] } : {}),
      });
      const caseRow = await ctx.prisma.case.findUniqueOrThrow({ where: { id: appeal.caseId } });
      const reloaded = await ctx.prisma.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
      return {
        appeal: appealView(reloaded, caseRow, ctx.lang),
        decision: (await decisionView(ctx, result.decision.decisionId, caseRow, ctx.lang))!,
        replaced: await decisionView(ctx, result.replacedDecisionId, caseRow, ctx.lang),
      };
    },
  }),
);
