/**
 * What the citizen was told: `Case.notifications`, the SMS the case sent (activities/notifications.ts
 * and activities/appeal-sms.ts record each one as it leaves), oldest first. An officer deciding an
 * objection reads the notice the hearing began with, and a front-end shows the citizen their own
 * messages. The text quotes the case (grounds, amounts, deadlines, the first name): whole for those
 * who see the case's personal data, withheld from everyone else; the phone is never shown.
 */
import type { Notification } from '../../generated/prisma/client.ts';
import { freeTextForCaller } from '../auth/personal-data.ts';
import { builder } from '../builder.ts';
import { CaseRef } from './cases.ts';
import { LanguageEnum } from './scalars.ts';

type NotificationView = Notification & { department: string };

const CitizenNotificationRef = builder.objectRef<NotificationView>('CitizenNotification').implement({
  description: 'A message sent to the citizen about the case.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    template: t.exposeString('template', { description: 'What it says: preliminaryRefusal, denied, approved, informationRequested, appeal-filed …' }),
    channel: t.exposeString('channel', { description: 'SMS.' }),
    language: t.field({ type: LanguageEnum, description: 'The language it was written in.', resolve: (n) => n.language as never }),
    body: t.string({ nullable: true, description: 'The text sent (withheld from callers who see the case masked).', resolve: (n, _a, ctx) => freeTextForCaller(ctx.caller, n.body, n.department) }),
    status: t.exposeString('status', { description: 'SENT (the gateway took it), LOGGED (development: only logged) or NO_RECIPIENT (no phone on record).' }),
    sentAt: t.field({ type: 'DateTime', resolve: (n) => n.createdAt }),
  }),
});

builder.objectField(CaseRef, 'notifications', (t) =>
  t.field({
    type: [CitizenNotificationRef],
    description: 'The messages sent to the citizen about the case, oldest first.',
    resolve: async (c, _args, ctx) => {
      const rows = await ctx.prisma.notification.findMany({ where: { caseId: c.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return rows.map((n) => ({ ...n, department: c.department }));
    },
  }),
);
