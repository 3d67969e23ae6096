/**
 * The last word of a monthly entitlement to the citizen: the payment is over — the granted period
 * ran out, or the entitlement was ended (a life event, the applicant's request, a re-check) — with
 * what was instructed for payment in all. One SMS per entitlement, in the applicant's language,
 * whatever retries or replays do (keyed by the entitlement).
 */
import type { Lang } from '../services/definition.ts';
import { formatKzt } from '../services/notifications.ts';
import type { DecisionRecord } from './decision-record.ts';
import { smsToApplicant } from './applicant-sms.ts';
import type { ActivityDeps } from './deps.ts';

export interface EntitlementEndValues {
  caseId: string;
  serviceTitle: string;
  /** Periods instructed for payment (suspended ones not counted). */
  paidPeriods: number;
  total: number;
  /** The last period recorded (YYYY-MM), null when none was. */
  lastPeriod: string | null;
}

export type EntitlementEndKind = 'COMPLETED' | 'ENDED';

const TEMPLATES: Record<EntitlementEndKind, Record<Lang, (v: EntitlementEndValues) => string>> = {
  COMPLETED: {
    kk: (v) => `${v.caseId} (${v.serviceTitle}): тағайындау мерзімі аяқталды, төлемдер аяқталды. Барлығы ${v.paidPeriods} кезең үшін: ${formatKzt(v.total, 'kk')}.`,
    ru: (v) => `${v.caseId} (${v.serviceTitle}): срок назначения истёк, выплаты завершены. Всего за ${v.paidPeriods} период(ов): ${formatKzt(v.total, 'ru')}.`,
    en: (v) => `${v.caseId} (${v.serviceTitle}): the granted period has ended and the payments are complete. In total for ${v.paidPeriods} period(s): ${formatKzt(v.total, 'en')}.`,
  },
  ENDED: {
    kk: (v) => `${v.caseId} (${v.serviceTitle}): төлем тоқтатылды${v.lastPeriod ? `, соңғы кезең — ${v.lastPeriod}` : ''}. Барлығы ${v.paidPeriods} кезең үшін: ${formatKzt(v.total, 'kk')}.`,
    ru: (v) => `${v.caseId} (${v.serviceTitle}): выплата прекращена${v.lastPeriod ? `, последний период — ${v.lastPeriod}` : ''}. Всего за ${v.paidPeriods} период(ов): ${formatKzt(v.total, 'ru')}.`,
    en: (v) => `${v.caseId} (${v.serviceTitle}): the payment has ended${v.lastPeriod ? `; the last period is ${v.lastPeriod}` : ''}. In total for ${v.paidPeriods} period(s): ${formatKzt(v.total, 'en')}.`,
  },
};

export function renderEntitlementEndSms(kind: EntitlementEndKind, lang: Lang, values: EntitlementEndValues): string {
  return TEMPLATES[kind][lang](values);
}

export function createEntitlementEndNoticeActivities(deps: Pick<ActivityDeps, 'prisma' | 'registries' | 'sms' | 'catalog'>) {
  const { prisma, catalog } = deps;
  return {
    /** Tells the applicant a monthly entitlement is over; one-time benefits and live entitlements get nothing. */
    async notifyEntitlementEnd({ entitlementId }: { entitlementId: string }): Promise<{ sent: boolean }> {
      const schedule = await prisma.entitlementSchedule.findUniqueOrThrow({ where: { id: entitlementId } });
      if (!schedule.monthly || (schedule.status !== 'COMPLETED' && schedule.status !== 'ENDED')) return { sent: false };
      // Revoked by a refusal on appeal: the appeal's own SMS told the citizen, and nothing was due.
      if (await prisma.entitlementChange.count({ where: { entitlementId, kind: 'REVOKED' } })) return { sent: false };
      const decision = await prisma.decision.findUniqueOrThrow({ where: { id: schedule.decisionId }, select: { record: true } });
      const record = JSON.parse(decision.record) as DecisionRecord;
      const def = await catalog.byContentHash(record.service.contentHash);
      const periods = await prisma.entitlementPeriod.findMany({ where: { entitlementId }, orderBy: { seq: 'asc' }, select: { period: true, amount: true, status: true } });
      const instructed = periods.filter((p) => p.status !== 'SUSPENDED' && p.status !== 'REJECTED');
      const total = instructed.reduce((sum, p) => sum + Number(p.amount), 0);
      const values = { caseId: schedule.caseId, paidPeriods: instructed.length, total: Math.round(total * 100) / 100, lastPeriod: periods.at(-1)?.period ?? null };
      const kind = schedule.status as EntitlementEndKind;
      await smsToApplicant(deps, { caseId: schedule.caseId, idempotencyKey: `${entitlementId}:sms:end`, template: `entitlement-${kind.toLowerCase()}` }, (lang) =>
        renderEntitlementEndSms(kind, lang, { ...values, serviceTitle: def.title[lang] }),
      );
      return { sent: true };
    },
  };
}
