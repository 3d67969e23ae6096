/**
 * The staff directory as supervisors see it: the colleagues of their department a task may be
 * given to (`reassignTask` refuses anyone else). Officers' ids and names are staff data, not a
 * citizen's; a supervisor sees only their own department.
 */
import type { StaffMember } from '../../generated/prisma/client.ts';
import { workingDepartment } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import { checkIdentifier, validQueryArgs } from './input-rules.ts';

const StaffMemberRef = builder.objectRef<StaffMember>('StaffMember').implement({
  description: 'A member of staff in the directory.',
  authScopes: { supervisor: true },
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The token subject: what reassignTask takes as assignee.' }),
    department: t.exposeString('department', { nullable: true }),
    roles: t.exposeStringList('roles'),
    displayName: t.exposeString('displayName', { nullable: true }),
  }),
});

builder.queryField('staff', (t) =>
  t.field({
    type: [StaffMemberRef],
    description: "The active members of the caller's department (supervisors), by id; a role narrows it, e.g. those who can take an officer task.",
    authScopes: { supervisor: true },
    args: { role: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const department = workingDepartment(ctx.caller);
      if (!department) return [];
      if (args.role != null) validQueryArgs(ctx, 'Query.staff', { role: checkIdentifier('role', args.role, {}) });
      return ctx.prisma.staffMember.findMany({
        where: { department, active: true, ...(args.role ? { roles: { has: args.role } } : {}) },
        orderBy: { id: 'asc' },
        take: 500,
      });
    },
  }),
);
