/**
 * Telling staff about their work: a new task in their group, their task overdue, a task escalated
 * to them. The case workflow's review (workflows/case/review.ts) asks; this activity finds the
 * group's active members in the staff directory, records the notification, hands it to the staff
 * notifier (lib/staff-notifier.ts: e-mail, or the log in development and tests) and records how
 * far it got.
 *
 * Idempotent per task, event and recipient group: the row is keyed by them and written before the
 * notifier is called; a retry finds it and sends only if the first try never finished (the e-mail
 * carries the same Message-ID, so a receiving system can tell the resend for what it is).
 */
import { createHash } from 'node:crypto';
import { createUnlessExists } from '../lib/db/unique.ts';
import { kzDeadline } from '../lib/kz-time.ts';
import type { StaffNotifier } from '../lib/staff-notifier.ts';
import type { StaffNotificationEvent } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';

export interface NotifyStaffInput {
  caseId: string;
  taskId: string;
  event: StaffNotificationEvent;
  /** The recipient group. */
  department: string;
  role: string;
  /** The escalation level the task is at (0 = the officer group). */
  level: number;
  /** When the task falls due (or fell due, for TASK_OVERDUE). */
  dueAt: string;
}

export const staffNotificationIdOf = (n: Pick<NotifyStaffInput, 'taskId' | 'event' | 'department' | 'role'>): string =>
  `snt_${createHash('sha256').update(`${n.taskId}\n${n.event}\n${n.department}\n${n.role}`).digest('hex').slice(0, 24)}`;

const WHAT: Record<StaffNotificationEvent, { en: string; ru: string }> = {
  TASK_OPENED: { en: 'A new task in your group', ru: 'Новая задача в вашей группе' },
  TASK_OVERDUE: { en: 'Your task is overdue', ru: 'Срок вашей задачи истёк' },
  TASK_ESCALATED: { en: 'A task was escalated to you', ru: 'Вам передана просроченная задача' },
};

/** The notice in Russian and English (staff work in both); ids and dates only, never the citizen's data. */
export function staffNoticeText(input: NotifyStaffInput, serviceCode: string): { subject: string; text: string } {
  const what = WHAT[input.event];
  const due = `${kzDeadline(input.dueAt)} (Astana)`;
  const subject = `Qyzmet: ${what.ru} / ${what.en} — ${input.taskId}`;
  const text = [
    `${what.ru}: ${input.taskId}, заявка ${input.caseId} (${serviceCode}). ${input.event === 'TASK_OVERDUE' ? 'Срок истёк' : 'Срок'}: ${due}.`,
    `${what.en}: ${input.taskId}, case ${input.caseId} (${serviceCode}). ${input.event === 'TASK_OVERDUE' ? 'It fell due' : 'Due'}: ${due}.`,
    `${input.department} / ${input.role}`,
  ].join('\n');
  return { subject, text };
}

export function createStaffNotificationActivities({ prisma, staffNotifier }: Pick<ActivityDeps, 'prisma'> & { staffNotifier: StaffNotifier }) {
  return {
    async notifyStaff(input: NotifyStaffInput): Promise<{ notificationId: string; status: string }> {
      const id = staffNotificationIdOf(input);
      const recorded = await prisma.staffNotification.findUnique({ where: { id }, select: { status: true } });
      if (recorded && recorded.status !== 'PENDING') return { notificationId: id, status: recorded.status };

      const members = await prisma.staffMember.findMany({
        where: { department: input.department, active: true, roles: { has: input.role } },
        select: { id: true, email: true },
        orderBy: { id: 'asc' },
        take: 500,
      });
      const serviceCode = (await prisma.case.findUnique({ where: { id: input.caseId }, select: { serviceCode: true } }))?.serviceCode ?? '';
      const { subject, text } = staffNoticeText(input, serviceCode);
      await createUnlessExists(() =>
        prisma.staffNotification.create({
          data: {
            id,
            caseId: input.caseId,
            taskId: input.taskId,
            event: input.event,
            department: input.department,
            role: input.role,
            level: input.level,
            recipients: members.map((m) => m.id),
            channel: staffNotifier.channel,
            subject,
            body: text,
            status: 'PENDING',
            dueAt: new Date(input.dueAt),
          },
        }),
      );
      const emails = members.flatMap((m) => (m.email ? [m.email] : []));
      // E-mail needs an address; the log records the notice whoever is in the group.
      const status =
        staffNotifier.channel === 'EMAIL' && emails.length === 0
          ? 'NO_RECIPIENT'
          : (await staffNotifier.send({ to: emails, subject, text, idempotencyKey: id })).status;
      await prisma.staffNotification.update({ where: { id }, data: { status, sentAt: status === 'NO_RECIPIENT' ? null : new Date() } });
      return { notificationId: id, status };
    },
  };
}
