/**
 * The staff directory (StaffMember): who a task may be given to. A reassignment names a colleague
 * by id; the directory says whether that id is a member of staff, still active, and in the task's
 * candidate group (its department and role, or a supervisor of its department) — the same rule
 * that decides who may claim a task (workflows/task-permissions.ts). Roles: officer, supervisor,
 * head (the head of a department: the last level of a task's escalation chain, overseeing the
 * department as its supervisors do) and engineer. An e-mail address, when given, is where staff
 * notifications about tasks reach the member (activities/staff-notifications.ts).
 */
import { z } from 'zod';
import { STAFF_ROLES } from '../../lib/auth/tokens.ts';
import type { PrismaClient } from '../../lib/db/client.ts';
import { checkIdentifier } from '../../lib/input/index.ts';
import type { FieldProblem } from '../../lib/errors.ts';
import { inCandidateGroup, type TaskGroup } from '../../workflows/task-permissions.ts';

export interface StaffEntry {
  id: string;
  department: string | null;
  roles: string[];
  displayName?: string | null;
  email?: string | null;
}

/** Why `assignee` may not be given the task, or null when they may. */
export async function assigneeProblem(prisma: PrismaClient, assignee: string, task: TaskGroup): Promise<FieldProblem | null> {
  const member = await prisma.staffMember.findUnique({ where: { id: assignee } });
  if (!member) return { field: 'assignee', code: 'unknown_staff', message: `${assignee} is not in the staff directory` };
  if (!member.active) return { field: 'assignee', code: 'inactive_staff', message: `${assignee} is no longer active in the staff directory` };
  if (!inCandidateGroup({ id: member.id, department: member.department, roles: member.roles }, task)) {
    return { field: 'assignee', code: 'not_in_group', message: `${assignee} cannot take a task of ${task.department}/${task.role}` };
  }
  return null;
}

/**
 * Makes the directory hold exactly `entries`: each is inserted or updated and made active; with
 * `deactivateOthers`, members missing from the list are deactivated (never deleted: tasks and
 * audit entries name them). Idempotent: running it twice changes nothing the second time.
 */
export async function syncStaff(prisma: PrismaClient, entries: readonly StaffEntry[], options: { deactivateOthers: boolean }): Promise<{ upserted: number; deactivated: number }> {
  return prisma.$transaction(async (tx) => {
    for (const e of entries) {
      const data = { department: e.department, roles: [...e.roles], displayName: e.displayName ?? null, email: e.email ?? null, active: true };
      await tx.staffMember.upsert({ where: { id: e.id }, create: { id: e.id, ...data }, update: data });
    }
    const deactivated = options.deactivateOthers
      ? (await tx.staffMember.updateMany({ where: { id: { notIn: entries.map((e) => e.id) }, active: true }, data: { active: false } })).count
      : 0;
    return { upserted: entries.length, deactivated };
  });
}

/** A staff export: `[{ id, department, roles, displayName? }]`, ids well-formed and unique. */
const identifier = z.string().superRefine((v, ctx) => {
  const c = checkIdentifier('id', v, { noIin: true });
  if (!c.ok) ctx.addIssue({ code: 'custom', message: c.problem.message });
});

const staffFile = z
  .array(
    z.object({
      id: identifier,
      department: identifier.nullable(),
      roles: z.array(z.enum(STAFF_ROLES)).min(1),
      displayName: z.string().min(1).max(200).regex(/^[^\p{Cc}\p{Cf}]+$/u, 'no control or format characters').optional(),
      email: z.string().max(254).regex(/^[^\s@<>,;]+@[^\s@<>,;]+$/, 'an e-mail address').optional(),
    }),
  )
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, m] of list.entries()) {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `${m.id} appears twice` });
      seen.add(m.id);
      if (m.department === null && !m.roles.every((r) => r === 'engineer')) ctx.addIssue({ code: 'custom', path: [i, 'department'], message: 'officers, supervisors and heads belong to a department' });
    }
  });

export function parseStaffFile(data: unknown): { ok: true; entries: StaffEntry[] } | { ok: false; problems: string[] } {
  const parsed = staffFile.safeParse(data);
  return parsed.success ? { ok: true, entries: parsed.data } : { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
