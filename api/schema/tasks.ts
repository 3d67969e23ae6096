/**
 * The officer inbox: Task nodes, `tasks(filter)` and `Case.openTasks`. The officer actions on
 * tasks are in task-actions.ts.
 */
import type { Task } from '../../generated/prisma/client.ts';
import { isLiveTask, LIVE_TASK_STATUSES, TASK_KINDS, TASK_STATUSES } from '../../workflows/messages.ts';
import { canReadTask, isSupervisorOf, workingDepartment } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../i18n.ts';
import { keysetConnection, type SortKey } from '../pagination.ts';
import { caseView, CaseRef } from './cases.ts';
import { LanguageEnum } from './scalars.ts';

export type TaskView = Task & { lang: Lang };
export const taskView = (row: Task, lang: Lang): TaskView => ({ ...row, lang });

/** A task by id through the request's loader; null for no id or no row. */
export async function taskViewById(ctx: Context, id: string | null, lang: Lang): Promise<TaskView | null> {
  const row = id ? await ctx.loaders.taskById.load(id) : null;
  return row ? taskView(row, lang) : null;
}

const isOverdue = (t: Task, now: Date) => isLiveTask(t) && t.dueAt < now;

export const TaskStatusEnum = builder.enumType('TaskStatus', { values: TASK_STATUSES });
export const TaskKindEnum = builder.enumType('TaskKind', {
  description: 'REVIEW, or SECOND_REVIEW: the four-eyes approval by a different officer.',
  values: TASK_KINDS,
});

export const TaskRef = builder.objectRef<TaskView>('Task');

builder.node(TaskRef, {
  description: "A piece of officer work on a case, in a department's inbox.",
  id: { resolve: (t) => t.id },
  loadOne: (id, ctx) => taskViewById(ctx, id, ctx.lang),
  authScopes: (task, ctx) => canReadTask(ctx.caller, task),
  fields: (t) => ({
    taskId: t.exposeString('id', { description: 'The raw task id (also accepted wherever a task id is asked for).' }),
    kind: t.field({ type: TaskKindEnum, resolve: (task) => task.kind as never }),
    status: t.field({ type: TaskStatusEnum, resolve: (task) => task.status as never }),
    department: t.exposeString('department'),
    role: t.exposeString('role', { description: 'Who may take it: officer; supervisor, then head, as the escalation chain moves it after SLA breaches.' }),
    assignee: t.string({ nullable: true, resolve: (task) => task.assignee }),
    reasons: t.stringList({ description: 'Why a human must look: FOUR_EYES, RULE_INDETERMINATE:BA-02, EVIDENCE_MISSING:birth …', resolve: (task) => task.reasons as string[] }),
    priority: t.exposeInt('priority'),
    dueAt: t.field({ type: 'DateTime', resolve: (task) => task.dueAt }),
    overdue: t.boolean({ resolve: (task, _args, ctx) => isOverdue(task, new Date()) }),
    escalated: t.exposeBoolean('escalated', { description: "An SLA passed and the escalation chain moved the task up (to the supervisors, then the head of department): `role` says whose it is now." }),
    firstReviewer: t.string({ nullable: true, description: 'On a SECOND_REVIEW: who approved first (and may not approve again).', resolve: (task) => task.firstReviewer }),
    createdAt: t.field({ type: 'DateTime', resolve: (task) => task.createdAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (task) => task.completedAt }),
    case: t.field({
      type: CaseRef,
      resolve: async (task, _args, ctx) => caseView((await ctx.loaders.caseById.load(task.caseId))!, task.lang),
    }),
  }),
});

builder.objectField(CaseRef, 'openTasks', (t) =>
  t.field({
    type: [TaskRef],
    description: 'Open and claimed officer tasks (staff only).',
    authScopes: { $any: { officer: true, supervisor: true, engineer: true } },
    resolve: async (c, _args, ctx) => (await ctx.loaders.openTasksByCaseId.load(c.id)).map((row) => taskView(row, c.lang)),
  }),
);

const TaskFilterEnum = builder.enumType('TaskFilter', {
  values: {
    MINE: { description: 'Claimed by me.' },
    MY_GROUPS: { description: 'Open (unclaimed) tasks I may claim: my department and role; every role for a supervisor.' },
    OVERDUE: { description: 'Open or claimed tasks of my groups past their due time.' },
    ESCALATED_TO_ME: { description: "Open or claimed tasks whose SLA passed below and that the escalation chain handed to my role in my department (a supervisor's, a head of department's)." },
  } as const,
});

type InboxFilter = 'MINE' | 'MY_GROUPS' | 'OVERDUE' | 'ESCALATED_TO_ME';

function inboxWhere(ctx: Context, filter: InboxFilter, department: string): Record<string, unknown> {
  const caller = ctx.caller as Extract<Context['caller'], { kind: 'staff' }>;
  const groups = isSupervisorOf(caller, department) ? { department } : { department, role: { in: caller.roles } };
  if (filter === 'MINE') return { department, assignee: caller.sub, status: 'CLAIMED' };
  if (filter === 'MY_GROUPS') return { ...groups, status: 'OPEN' };
  if (filter === 'ESCALATED_TO_ME') return { department, role: { in: caller.roles }, escalated: true, status: { in: [...LIVE_TASK_STATUSES] } };
  return { ...groups, status: { in: [...LIVE_TASK_STATUSES] }, dueAt: { lt: new Date() } };
}

const INBOX_ORDER: SortKey<Task>[] = [
  { field: 'dueAt', direction: 'asc', kind: 'date', value: (t) => t.dueAt },
  { field: 'priority', direction: 'desc', kind: 'number', value: (t) => t.priority },
  { field: 'id', direction: 'asc', kind: 'string', value: (t) => t.id },
];

builder.queryField('tasks', (t) =>
  t.connection(
    {
      type: TaskRef,
      description: "The caller's inbox, soonest due first, then by priority.",
      authScopes: { $any: { officer: true, supervisor: true } },
      args: {
        filter: t.arg({ type: TaskFilterEnum, required: false, defaultValue: 'MY_GROUPS' }),
        lang: t.arg({ type: LanguageEnum, required: false }),
      },
      resolve: async (_root, args, ctx) => {
        const department = workingDepartment(ctx.caller)!;
        const where = inboxWhere(ctx, args.filter ?? 'MY_GROUPS', department);
        const lang = args.lang ?? ctx.lang;
        return keysetConnection(args, INBOX_ORDER, async (page) =>
          (await ctx.prisma.task.findMany({ where: { AND: [where, page.where] }, orderBy: page.orderBy, take: page.take })).map((r) => taskView(r, lang)),
        );
      },
    },
    { name: 'TaskConnection' },
    { name: 'TaskEdge' },
  ),
);
