/**
 * Officer actions: claim, release, reassign and resolve a task. Each checks the caller against
 * the task in the read model first — a refusal is audited and never reaches the workflow, so it
 * leaves no event in its history — then sends the workflow Update and waits for its answer.
 * An appeal's task is claimed and released the same way, in its appeal workflow; it is decided
 * with resolveAppeal (appeals.ts) and not reassigned.
 */
import type { Task } from '../../generated/prisma/client.ts';
import { claimTaskUpdate, isAppealTask, isRecheckTask, reassignTaskUpdate, releaseTaskUpdate, RESOLVE_ACTIONS, resolveTaskUpdate, type Officer, type ResolveAction } from '../../workflows/messages.ts';
import { canClaim, canReassign, canRelease, canResolve, type TaskAccessFacts } from '../auth/policy.ts';
import { officerOf as staffOfficer, type Caller } from '../auth/caller.ts';
import { checkIdentifier } from '../../lib/input/index.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { FourEyesViolation, InvalidState, NotFound, ValidationFailed } from '../errors.ts';
import { parseId } from '../ids.ts';
import { assigneeProblem } from '../staff/directory.ts';
import { runOfficerUpdate } from '../temporal/updates.ts';
import { caseView, CaseRef } from './cases.ts';
import { DecisionRef, type DecisionView } from './decisions.ts';
import { taskView, taskViewById, TaskRef, type TaskView } from './tasks.ts';
import { checkAmount } from '../../lib/input/index.ts';
import { checkText, OFFICER_TEXT, optional, validMutationInput } from './input-rules.ts';

const TASK_ERRORS = [NotFound, InvalidState, ValidationFailed, FourEyesViolation];
const DECIDERS = { $any: { officer: true, supervisor: true } } as const;
/** Claiming and releasing: the deciders, and the appeal group (whose tasks are its appeals'; taskFor checks the group). */
const HOLDERS = { $any: { officer: true, supervisor: true, appealOfficer: true } } as const;

function officerOf(caller: Caller): Officer {
  if (caller.kind !== 'staff') throw new Error('officer actions need a staff caller');
  return staffOfficer(caller);
}

async function taskFor(ctx: Context, id: string, operation: string, allowed: (caller: Caller, task: TaskAccessFacts) => boolean, rule: string): Promise<Task> {
  const taskId = parseId(id, 'Task');
  const row = taskId ? await ctx.prisma.task.findUnique({ where: { id: taskId } }) : null;
  if (!row) throw new NotFound(ctx.lang, `no task ${id}`);
  if (!allowed(ctx.caller, row)) throw ctx.security.deny({ operation, reason: `${rule} (task of ${row.department}/${row.role})`, target: { taskId: row.id, caseId: row.caseId } });
  return row;
}

/** The workflow a task's Updates go to: its appeal's for an APPEAL task, its re-check's for a RECHECK_OBJECTION task, else its case's. */
const targetOf = (operation: string, task: Task) => ({ operation, caseId: task.caseId, taskId: task.id, ...(isAppealTask(task) || isRecheckTask(task) ? { workflowId: task.workflowId } : {}) });

function notForAppeals(ctx: Context, task: Task, what: string): void {
  if (isAppealTask(task)) throw new InvalidState(ctx.lang, `task ${task.id} is an appeal's: ${what}`);
}

/** A re-check's objection is decided by any officer of its group with resolveTask: it is not held. */
function notForRechecks(ctx: Context, task: Task): void {
  if (isRecheckTask(task)) throw new InvalidState(ctx.lang, `task ${task.id} is a re-check objection: any officer of its group decides it with resolveTask`);
}

const reload = async (ctx: Context, id: string) => taskView(await ctx.prisma.task.findUniqueOrThrow({ where: { id } }), ctx.lang);

const TaskPayload = builder.objectRef<{ task: TaskView }>('TaskPayload').implement({
  description: 'The task after the action, as the workflow left it.',
  authScopes: { authenticated: true },
  fields: (t) => ({ task: t.field({ type: TaskRef, resolve: (p) => p.task }) }),
});

const TaskIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ taskId: t.id({ required: true, description: 'Global or raw task id.' }) }) });

builder.mutationField('claimTask', (t) =>
  t.field({
    type: TaskPayload,
    description: 'Take an open task of your candidate group.',
    authScopes: HOLDERS,
    errors: { types: TASK_ERRORS },
    args: { input: t.arg({ type: TaskIdInput('ClaimTaskInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const task = await taskFor(ctx, input.taskId, 'Mutation.claimTask', canClaim, 'only its candidate group or a supervisor of its department may claim it');
      notForRechecks(ctx, task);
      await runOfficerUpdate(ctx, targetOf('Mutation.claimTask', task), claimTaskUpdate, officerOf(ctx.caller), { taskId: task.id });
      return { task: await reload(ctx, task.id) };
    },
  }),
);

builder.mutationField('releaseTask', (t) =>
  t.field({
    type: TaskPayload,
    description: 'Put a claimed task back in the group inbox (its holder or a supervisor).',
    authScopes: HOLDERS,
    errors: { types: TASK_ERRORS },
    args: { input: t.arg({ type: TaskIdInput('ReleaseTaskInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const task = await taskFor(ctx, input.taskId, 'Mutation.releaseTask', canRelease, 'only its holder or a supervisor of its department may release it');
      notForRechecks(ctx, task);
      await runOfficerUpdate(ctx, targetOf('Mutation.releaseTask', task), releaseTaskUpdate, officerOf(ctx.caller), { taskId: task.id });
      return { task: await reload(ctx, task.id) };
    },
  }),
);

const ReassignTaskInput = builder.inputType('ReassignTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    assignee: t.string({ required: true, description: "The officer id (token subject) to give the task to: an active member of the staff directory in the task's group (`staff`)." }),
  }),
});

builder.mutationField('reassignTask', (t) =>
  t.field({
    type: TaskPayload,
    description: 'Give a task to another officer (supervisors of its department).',
    authScopes: { supervisor: true },
    errors: { types: TASK_ERRORS },
    args: { input: t.arg({ type: ReassignTaskInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const task = await taskFor(ctx, input.taskId, 'Mutation.reassignTask', canReassign, 'only a supervisor of its department may reassign it');
      notForAppeals(ctx, task, 'its holder or a supervisor releases it and another appeal officer claims it');
      notForRechecks(ctx, task);
      const checked = checkIdentifier('assignee', input.assignee, { noIin: true });
      if (!checked.ok) {
        ctx.security.refuseInput('Mutation.reassignTask', [checked.problem]);
        throw new ValidationFailed(ctx.lang, `assignee must be an officer id: ${checked.problem.message}`, [checked.problem]);
      }
      const assignee = checked.value;
      const problem = await assigneeProblem(ctx.prisma, assignee, task);
      if (problem) {
        ctx.security.refuseInput('Mutation.reassignTask', [problem]);
        throw new ValidationFailed(ctx.lang, problem.message, [problem]);
      }
      await runOfficerUpdate(ctx, { operation: 'Mutation.reassignTask', caseId: task.caseId, taskId: task.id }, reassignTaskUpdate, officerOf(ctx.caller), { taskId: task.id, assignee });
      return { task: await reload(ctx, task.id) };
    },
  }),
);

const ResolveActionEnum = builder.enumType('ResolveAction', { values: RESOLVE_ACTIONS });

const ResolveTaskInput = builder.inputType('ResolveTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    action: t.field({ type: ResolveActionEnum, required: true }),
    reason: t.string({ required: true, description: 'Why; at least 3 characters. Recorded in the audit log and the signed decision.' }),
    request: t.string({ description: 'With REQUEST_INFORMATION: what the citizen must provide.' }),
    amount: t.float({ description: 'With APPROVE: a corrected amount (KZT); by default the computed one.' }),
    grounds: t.stringList({ description: "With DENY (required there): the codes of the service's refusal grounds the refusal rests on (`Service.refusalGrounds`)." }),
  }),
});

/**
 * The Update's answer, and the ids to read the rest by: each field reads only what it shows, when
 * the query selects it, all of them at once (case, decision, second review in parallel). They
 * are read after the Update returned, so they show what it did (the projection happens before
 * the workflow answers). The case and task rows come through the request's loaders (cleared of
 * anything read before the Update), the case read once for the case field and the decision's.
 */
interface ResolveShape {
  action: ResolveAction;
  taskId: string;
  caseId: string;
  decisionId: string | null;
  secondReviewTaskId: string | null;
}

const caseRowOf = async (ctx: Context, caseId: string) => {
  const row = await ctx.loaders.caseById.load(caseId);
  if (!row) throw new Error(`case ${caseId} of a resolved task is gone from the read model`);
  return row;
};
const taskRowOf = async (ctx: Context, taskId: string) => {
  const row = await ctx.loaders.taskById.load(taskId);
  if (!row) throw new Error(`task ${taskId} of a resolution is gone from the read model`);
  return row;
};

const ResolveTaskPayload = builder.objectRef<ResolveShape>('ResolveTaskPayload').implement({
  description: "The workflow's answer: the decision it issued, or the second review a large amount now needs.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    action: t.field({ type: ResolveActionEnum, resolve: (p) => p.action }),
    task: t.field({ type: TaskRef, resolve: async (p, _args, ctx) => taskView(await taskRowOf(ctx, p.taskId), ctx.lang) }),
    case: t.field({ type: CaseRef, resolve: async (p, _args, ctx) => caseView(await caseRowOf(ctx, p.caseId), ctx.lang) }),
    decision: t.field({
      type: DecisionRef,
      nullable: true,
      resolve: async (p, _args, ctx): Promise<DecisionView | null> => {
        if (!p.decisionId) return null;
        const [decision, caseRow] = await Promise.all([ctx.prisma.decision.findUnique({ where: { id: p.decisionId } }), caseRowOf(ctx, p.caseId)]);
        return decision ? { ...decision, caseRow, lang: ctx.lang } : null;
      },
    }),
    secondReviewTask: t.field({ type: TaskRef, nullable: true, resolve: (p, _args, ctx) => taskViewById(ctx, p.secondReviewTaskId, ctx.lang) }),
  }),
});

/**
 * The input rule (lib/input) before anything is signed or sent: the same rule the workflow's
 * validator applies, answered here with every problem at once. Text the rule refuses (a lone
 * surrogate, NUL) could not even be signed — canonical JSON rejects it.
 */
function checkResolution(
  ctx: Context,
  input: { reason: string; action: ResolveAction; request?: string | null; amount?: number | null; grounds?: readonly string[] | null },
  allowedGrounds: readonly string[] | null,
): { reason: string; request?: string; amount?: number; grounds?: string[] } {
  const checked = validMutationInput(ctx, 'Mutation.resolveTask', {
    reason: checkText('reason', input.reason, OFFICER_TEXT),
    request: optional(input.request, (v) => checkText('request', v, OFFICER_TEXT)),
    amount: optional(input.amount, (v) => checkAmount('amount', v)),
  });
  const problems = [];
  if (checked.reason.length < 3) problems.push({ field: 'reason', code: 'too_short', message: 'at least 3 characters' });
  if (input.action === 'REQUEST_INFORMATION' && !checked.request) problems.push({ field: 'request', code: 'required', message: 'say what information is requested' });
  if (checked.amount !== undefined && input.action !== 'APPROVE') problems.push({ field: 'amount', code: 'unexpected', message: 'only with APPROVE' });
  const grounds = input.grounds ?? [];
  if (grounds.length && input.action !== 'DENY') problems.push({ field: 'grounds', code: 'unexpected', message: 'only with DENY' });
  else if (input.action === 'DENY') problems.push(...groundProblems(grounds, allowedGrounds));
  if (problems.length) {
    ctx.security.refuseInput('Mutation.resolveTask', problems);
    throw new ValidationFailed(ctx.lang, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  return {
    reason: checked.reason,
    ...(checked.request !== undefined ? { request: checked.request } : {}),
    ...(checked.amount !== undefined ? { amount: checked.amount.amount } : {}),
    ...(grounds.length ? { grounds: [...grounds] } : {}),
  };
}

/**
 * A refusal names at least one ground from the closed list of the version the case is pinned to
 * (the workflow's validator checks it again). A version published before grounds has no list.
 */
function groundProblems(grounds: readonly string[], allowed: readonly string[] | null): { field: string; code: string; message: string }[] {
  if (new Set(grounds).size !== grounds.length) return [{ field: 'grounds', code: 'duplicate', message: 'a ground is named twice' }];
  if (!allowed) return grounds.length ? [{ field: 'grounds', code: 'unexpected', message: 'the service version of this case declares no refusal grounds' }] : [];
  if (!grounds.length) return [{ field: 'grounds', code: 'required', message: `a refusal must name at least one ground: ${allowed.join(', ')}` }];
  const unknown = grounds.filter((g) => !allowed.includes(g));
  // Only well-formed codes are echoed: whatever else was sent stays out of the message and the audit.
  const named = unknown.filter((g) => /^[A-Z][A-Z0-9_]{0,59}$/.test(g)).slice(0, 5);
  return unknown.length ? [{ field: 'grounds', code: 'unknown', message: `not a refusal ground of this service${named.length ? `: ${named.join(', ')}` : ''} (grounds: ${allowed.join(', ')})` }] : [];
}

/**
 * The refusal-ground codes of the version a task's case is pinned to; null when it declares none
 * (or is not yet pinned). Found by the task id, so that it is read beside the task itself.
 */
async function refusalGroundsOfTask(ctx: Context, taskId: string): Promise<string[] | null> {
  const row = await ctx.prisma.case.findFirst({ where: { tasks: { some: { id: taskId } } }, select: { definitionHash: true } });
  if (!row?.definitionHash) return null;
  const def = await ctx.catalog.byContentHash(row.definitionHash);
  return def.refusalGrounds?.map((g) => g.code) ?? null;
}

builder.mutationField('resolveTask', (t) =>
  t.field({
    type: ResolveTaskPayload,
    description: 'Approve, deny or request information; waits for the workflow to accept and act on it.',
    authScopes: DECIDERS,
    errors: { types: TASK_ERRORS },
    args: { input: t.arg({ type: ResolveTaskInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // A refusal's grounds are read beside the task, not after it; nothing is used before the task is checked.
      const rawTaskId = input.action === 'DENY' ? parseId(input.taskId, 'Task') : null;
      const grounds = rawTaskId ? refusalGroundsOfTask(ctx, rawTaskId) : null;
      grounds?.catch(() => {}); // awaited below; unobserved only when the task check throws first
      const task = await taskFor(ctx, input.taskId, 'Mutation.resolveTask', canResolve, 'only its candidate group or a supervisor of its department may resolve it');
      notForAppeals(ctx, task, 'decide it with resolveAppeal');
      const checked = checkResolution(ctx, input, grounds ? await grounds : null);
      const result = await runOfficerUpdate(ctx, targetOf('Mutation.resolveTask', task), resolveTaskUpdate, officerOf(ctx.caller), {
        taskId: task.id,
        action: input.action,
        ...checked,
      });
      // What an earlier mutation of the same document loaded is from before this Update.
      for (const loader of [ctx.loaders.caseById, ctx.loaders.decisionByCaseId, ctx.loaders.openTasksByCaseId]) loader.clear(task.caseId);
      ctx.loaders.taskById.clear(task.id);
      if (result.secondReviewTaskId) ctx.loaders.taskById.clear(result.secondReviewTaskId);
      return { action: input.action, taskId: task.id, caseId: task.caseId, decisionId: result.decision?.decisionId ?? null, secondReviewTaskId: result.secondReviewTaskId };
    },
  }),
);
