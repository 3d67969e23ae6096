/**
 * What staff were told about tasks (activities/staff-notifications.ts): `staffNotifications`, the
 * caller's — those sent to a group the caller belongs to (their department and one of their
 * roles), newest first. Each says how far it got: SENT (e-mail accepted), LOGGED (development:
 * only logged), NO_RECIPIENT (nobody in the group had an address), PENDING (being sent).
 */
import type { StaffNotification } from '../../generated/prisma/client.ts';
import { STAFF_NOTIFICATION_EVENTS } from '../../workflows/messages.ts';
import { workingDepartment } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { keysetConnection, type SortKey } from '../pagination.ts';

const StaffNotificationEventEnum = builder.enumType('StaffNotificationEvent', {
  description: 'TASK_OPENED: a new task in the group; TASK_OVERDUE: the group’s task passed its due time; TASK_ESCALATED: the escalation chain handed a task to the group.',
  values: STAFF_NOTIFICATION_EVENTS,
});

const StaffNotificationRef = builder.objectRef<StaffNotification>('StaffNotification').implement({
  description: 'A notification to a staff group about a task.',
  authScopes: { $any: { officer: true, supervisor: true } },
  fields: (t) => ({
    id: t.exposeString('id'),
    event: t.field({ type: StaffNotificationEventEnum, resolve: (n) => n.event as never }),
    taskId: t.exposeString('taskId'),
    caseId: t.exposeString('caseId'),
    department: t.exposeString('department'),
    role: t.exposeString('role', { description: 'The recipient group’s role: officer, supervisor, head.' }),
    level: t.exposeInt('level', { description: 'The escalation level the task was at (0 = the officer group).' }),
    recipients: t.exposeStringList('recipients', { description: 'The active members of the group it went to (staff ids).' }),
    channel: t.exposeString('channel', { description: 'EMAIL or LOG.' }),
    status: t.exposeString('status', { description: 'SENT, LOGGED, NO_RECIPIENT or PENDING.' }),
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    dueAt: t.field({ type: 'DateTime', resolve: (n) => n.dueAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (n) => n.createdAt }),
    sentAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => n.sentAt }),
  }),
});

/** The caller's groups: their department, any of their roles (the same rule sends them). */
function callerGroups(ctx: Context): Record<string, unknown> | null {
  const department = workingDepartment(ctx.caller);
  if (!department || ctx.caller.kind !== 'staff') return null;
  return { department, role: { in: [...ctx.caller.roles] } };
}

const NEWEST_FIRST: SortKey<StaffNotification>[] = [
  { field: 'createdAt', direction: 'desc', kind: 'date', value: (n) => n.createdAt },
  { field: 'id', direction: 'asc', kind: 'string', value: (n) => n.id },
];

builder.queryField('staffNotifications', (t) =>
  t.connection(
    {
      type: StaffNotificationRef,
      description: 'Notifications sent to my groups (my department, my roles) about tasks, newest first.',
      authScopes: { $any: { officer: true, supervisor: true } },
      resolve: async (_root, args, ctx) => {
        const where = callerGroups(ctx);
        return keysetConnection(args, NEWEST_FIRST, async (page) =>
          where ? ctx.prisma.staffNotification.findMany({ where: { AND: [where, page.where] }, orderBy: page.orderBy, take: page.take }) : [],
        );
      },
    },
    { name: 'StaffNotificationConnection' },
    { name: 'StaffNotificationEdge' },
  ),
);
