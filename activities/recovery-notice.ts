/**
 * The citizen is told of an overpayment to recover: one SMS per recovery event — an approval
 * replaced by a refusal (ENTITLEMENT_REVOKED), an amount lowered on appeal (ENTITLEMENT_CORRECTED),
 * PROVISIONAL periods indexed downward (ENTITLEMENT_REINDEXED) — not one per period. It states the
 * total of the event's RECOVERY instructions and the decision the recovery follows from, in the
 * applicant's language, with nothing personal beyond what the other entitlement SMS carry (the case
 * number, the service, an amount). The catalog names no legal basis for recovering an overpayment
 * (activities/entitlement-revocation.ts: `recovery: { legalBasis: null, verified: false }`), so the
 * message cites none.
 *
 * The events are read from their signed records in the case's audit chain, after the recovery is
 * committed and delivered: the SMS comes last, so a gateway that fails holds nothing of the money
 * back (Temporal retries this activity; each event's SMS is keyed by its record, so a retry, a
 * second signal or a later call sends nothing twice — activities/applicant-sms.ts).
 */
import { Prisma } from '../generated/prisma/client.ts';
import type { Lang } from '../services/definition.ts';
import { formatKzt } from '../services/notifications.ts';
import { caseAuditStream } from '../workflows/messages.ts';
import { smsToApplicant } from './applicant-sms.ts';
import type { DecisionRecord } from './decision-record.ts';
import type { ActivityDeps } from './deps.ts';

/** What caused the recovery: a refusal on appeal, a lower amount on appeal, a lower MCI. */
export type RecoveryCause = 'REFUSED' | 'LOWERED' | 'REINDEXED';

export interface RecoverySmsValues {
  caseId: string;
  serviceTitle: string;
  /** The decision the recovery follows from (REINDEXED: the standing decision, recalculated). */
  decisionId: string;
  /** In all, for every period of the event. */
  total: number;
  /** REINDEXED: the MCI year(s) the periods were recalculated at. */
  mciYears?: number[];
}

const AUDIT_ACTIONS: Record<string, RecoveryCause> = { ENTITLEMENT_REVOKED: 'REFUSED', ENTITLEMENT_CORRECTED: 'LOWERED', ENTITLEMENT_REINDEXED: 'REINDEXED' };

const years = (v: RecoverySmsValues) => (v.mciYears ?? []).join(', ');

/** What happened, then the amount: the same closing sentence for every cause. */
const CAUSE: Record<RecoveryCause, Record<Lang, (v: RecoverySmsValues) => string>> = {
  REFUSED: {
    kk: (v) => `шағым бойынша ${v.decisionId} шешімімен төлем тағайындаудан бас тартылды`,
    ru: (v) => `решением ${v.decisionId} по жалобе в назначении выплаты отказано`,
    en: (v) => `decision ${v.decisionId} on appeal refused the benefit`,
  },
  LOWERED: {
    kk: (v) => `шағым бойынша ${v.decisionId} шешімімен төлем мөлшері азайтылды`,
    ru: (v) => `решением ${v.decisionId} по жалобе размер выплаты уменьшен`,
    en: (v) => `decision ${v.decisionId} on appeal lowered the benefit`,
  },
  REINDEXED: {
    kk: (v) => `${v.decisionId} шешімі бойынша төлем ${years(v)} жылғы АЕК бойынша қайта есептелді`,
    ru: (v) => `выплата по решению ${v.decisionId} пересчитана по МРП ${years(v)} года`,
    en: (v) => `the payment under decision ${v.decisionId} was recalculated at the MCI of ${years(v)}`,
  },
};

const TO_RECOVER: Record<Lang, (v: RecoverySmsValues) => string> = {
  kk: (v) => `Артық төленген сома қайтарылуға жатады: ${formatKzt(v.total, 'kk')}.`,
  ru: (v) => `Излишне выплаченная сумма подлежит возврату: ${formatKzt(v.total, 'ru')}.`,
  en: (v) => `The overpayment is to be recovered: ${formatKzt(v.total, 'en')}.`,
};

export function renderRecoverySms(cause: RecoveryCause, lang: Lang, v: RecoverySmsValues): string {
  return `${v.caseId} (${v.serviceTitle}): ${CAUSE[cause][lang](v)}. ${TO_RECOVER[lang](v)}`;
}

/** The idempotency key of an event's SMS: its signed record's audit key. */
export const recoverySmsKey = (auditKey: string): string => `${auditKey}:sms:recovery`;

interface SignedCorrections {
  entitlementId?: string;
  decisionId?: string;
  recoveries?: { kind: string; idempotencyKey: string }[];
  corrections?: { kind: string; idempotencyKey: string; mci?: { year: number } }[];
}

export function createRecoveryNoticeActivities(deps: Pick<ActivityDeps, 'prisma' | 'registries' | 'sms' | 'catalog'>) {
  const { prisma, catalog } = deps;
  return {
    /**
     * One SMS for each recovery event of the entitlement (each keyed by its record: one told already is not sent again).
     * `events`: the recovery events found.
     * Called after the event's instructions were dispatched; an event with no RECOVERY sends nothing.
     */
    async notifyRecoveries({ entitlementId }: { entitlementId: string }): Promise<{ events: number }> {
      const schedule = await prisma.entitlementSchedule.findUniqueOrThrow({ where: { id: entitlementId }, select: { caseId: true } });
      const { caseId } = schedule;
      const entries = await prisma.auditEntry.findMany({
        where: { stream: caseAuditStream(caseId), action: { in: Object.keys(AUDIT_ACTIONS) } },
        orderBy: { seq: 'asc' },
        select: { idempotencyKey: true, action: true, details: true },
      });
      let events = 0;
      for (const entry of entries) {
        const record = (entry.details as { record?: SignedCorrections } | null)?.record;
        if (!record || record.entitlementId !== entitlementId || !record.decisionId) continue;
        const listed: { kind: string; idempotencyKey: string; mci?: { year: number } }[] = [...(record.recoveries ?? []), ...(record.corrections ?? [])].filter((c) => c.kind === 'RECOVERY');
        if (!listed.length) continue;
        // The money record, not the signed summary, says what is to be recovered.
        const instructions = await prisma.paymentInstruction.findMany({ where: { idempotencyKey: { in: listed.map((c) => c.idempotencyKey) }, kind: 'RECOVERY' }, select: { amount: true } });
        const total = instructions.reduce((sum, i) => sum.plus(i.amount), new Prisma.Decimal(0));
        if (!total.greaterThan(0)) continue;
        const cause = AUDIT_ACTIONS[entry.action]!;
        const mciYears = cause === 'REINDEXED' ? [...new Set(listed.flatMap((c) => (c.mci ? [c.mci.year] : [])))].sort() : undefined;
        const decision = await prisma.decision.findUniqueOrThrow({ where: { id: record.decisionId }, select: { record: true } });
        const def = await catalog.byContentHash((JSON.parse(decision.record) as DecisionRecord).service.contentHash);
        const values = { caseId, decisionId: record.decisionId, total: total.toNumber(), ...(mciYears ? { mciYears } : {}) };
        await smsToApplicant(deps, { caseId, idempotencyKey: recoverySmsKey(entry.idempotencyKey), template: 'payment-recovery' }, (lang) =>
          renderRecoverySms(cause, lang, { ...values, serviceTitle: def.title[lang] }),
        );
        events++;
      }
      return { events };
    },
  };
}
