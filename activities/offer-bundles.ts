/**
 * One offer per life event: once every proactive case of the event has run its pre-check, the
 * cases offered become one bundle — one SMS to the parent listing every service with the amount
 * its pre-check estimated, answered once (api/http/sms-inbound.ts). The bundle row is the record
 * of what was offered, to whom, in which words, and of the consent and its proof.
 *
 * The recipient is the cases' applicant: the parent the civil registry's birth record names as the
 * child's caregiver, which is the mother (services/catalog/common.ts, offeredOnBirth).
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.ts';
import { createUnlessExists } from '../lib/db/unique.ts';
import { RegistryError } from '../registries/types.ts';
import { LANGUAGES, type Lang } from '../services/definition.ts';
import { renderOfferReply, renderOfferSms, smsSegments, type OfferItemText } from '../services/offer-sms.ts';
import type { EvaluationResult } from '../services/rules.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';

export const offerBundleId = (eventId: string): string => `ob_${createHash('sha256').update(`offer-bundle|${eventId}`).digest('hex').slice(0, 24)}`;
/** The bundle of one case offered on its own (a population sweep's offer): its SMS is answered like a birth's. */
export const caseOfferBundleId = (caseId: string): string => `ob_${createHash('sha256').update(`offer-bundle-of-case|${caseId}`).digest('hex').slice(0, 24)}`;

/** What the bundle's `items` column holds, one per case the consent opens. */
export interface OfferBundleItem {
  caseId: string;
  serviceCode: string;
  amount: number | null;
  monthly: boolean;
}

export interface SendOfferBundleResult {
  bundleId: string;
  /** How long the consent window still runs; null when nothing was offered. */
  expiresInMs: number | null;
}

const asLang = (value: unknown): Lang => (LANGUAGES as readonly unknown[]).includes(value) ? (value as Lang) : 'kk';

export function createOfferBundleActivities({ prisma, registries, sms, catalog }: Pick<ActivityDeps, 'prisma' | 'registries' | 'sms' | 'catalog'>) {
  return {
    /** Creates the event's bundle from the cases offered and sends its one SMS; once per event, however often it runs. */
    async sendOfferBundle({ eventId, caseIds }: { eventId: string; caseIds: string[] }): Promise<SendOfferBundleResult> {
      const bundleId = offerBundleId(eventId);
      const existing = await prisma.offerBundle.findUnique({ where: { id: bundleId }, select: { expiresAt: true } });
      if (existing) return { bundleId, expiresInMs: existing.expiresAt ? Math.max(existing.expiresAt.getTime() - Date.now(), 0) : null };

      const rows = await prisma.case.findMany({ where: { id: { in: caseIds }, lifeEventId: eventId, status: 'OFFERED' }, orderBy: { serviceCode: 'asc' } });
      if (rows.length === 0) {
        const event = await prisma.lifeEvent.findUnique({ where: { eventId }, select: { subjectIin: true } });
        if (!event) throw finalFailure('VALIDATION_FAILED', `life event ${eventId} not found`);
        await createUnlessExists(() =>
          prisma.offerBundle.create({
            data: { id: bundleId, lifeEventId: eventId, recipientIin: event.subjectIin, language: 'kk', items: [], body: '', segments: 0, smsStatus: 'NOT_SENT', status: 'EMPTY' },
          }),
        );
        return { bundleId, expiresInMs: null };
      }
      const recipientIin = rows[0]!.applicantIin;
      let phone: string | null = null;
      let lang = asLang(rows[0]!.language);
      try {
        const person = (await registries.query('civil.person', { iin: recipientIin })).data;
        phone = person.phone;
        lang = asLang(person.language);
      } catch (e) {
        if (!(e instanceof RegistryError) || e.kind !== 'NOT_FOUND') throw e; // retried by Temporal
      }
      const items: OfferBundleItem[] = [];
      const texts: OfferItemText[] = [];
      for (const row of rows) {
        const precheck = await prisma.evaluation.findFirst({ where: { caseId: row.id, purpose: 'PRECHECK' }, orderBy: { createdAt: 'desc' } });
        const amount = (precheck?.result as unknown as EvaluationResult | undefined)?.amount ?? null;
        const def = row.definitionHash ? await catalog.byContentHash(row.definitionHash) : null;
        items.push({ caseId: row.id, serviceCode: row.serviceCode, amount: amount?.value ?? null, monthly: amount?.monthly ?? false });
        texts.push({ serviceCode: row.serviceCode, amount: amount?.value ?? null, monthly: amount?.monthly ?? false, title: def?.title[lang] });
      }
      const expiresAt = new Date(Math.max(...rows.map((r) => r.offerExpiresAt?.getTime() ?? Date.now())));
      const { text, segments } = renderOfferSms(texts, lang, expiresAt);
      // Sent first, then recorded: a retry after a crash between the two sends again with the same
      // idempotency key, which the gateway answers without a second message.
      const sent = phone ? await sms.send({ to: phone, text, idempotencyKey: `${bundleId}:offer` }) : null;
      await createUnlessExists(() =>
        prisma.offerBundle.create({
          data: {
            id: bundleId,
            lifeEventId: eventId,
            recipientIin,
            recipientPhone: phone,
            language: lang,
            items: items as unknown as Prisma.InputJsonValue,
            body: text,
            segments,
            smsStatus: sent ? (sent.status ?? 'SENT') : 'NO_RECIPIENT',
            status: 'OPEN',
            expiresAt,
          },
        }),
      );
      return { bundleId, expiresInMs: Math.max(expiresAt.getTime() - Date.now(), 0) };
    },

    /** The window has passed: an unanswered bundle expires, with one SMS saying so. */
    async closeOfferBundle({ bundleId }: { bundleId: string }): Promise<{ status: string }> {
      const bundle = await prisma.offerBundle.findUnique({ where: { id: bundleId } });
      if (!bundle) throw finalFailure('VALIDATION_FAILED', `offer bundle ${bundleId} not found`);
      if (bundle.status !== 'OPEN') return { status: bundle.status };
      if (bundle.recipientPhone) {
        const { text } = renderOfferReply('EXPIRED', asLang(bundle.language));
        await sms.send({ to: bundle.recipientPhone, text, idempotencyKey: `${bundleId}:expired` });
      }
      await prisma.offerBundle.updateMany({ where: { id: bundleId, status: 'OPEN' }, data: { status: 'EXPIRED' } });
      return { status: 'EXPIRED' };
    },
  };
}

/**
 * Records the offer SMS a case sent on its own (activities/notifications.ts, template `offer`) as a
 * bundle of that one case, so the citizen's "1" or "2" to 1414 reaches it through the same inbound
 * adapter (api/http/sms-inbound.ts) as a birth's one offer, with the message id as the proof.
 * Once per case, however often it runs.
 */
export async function recordCaseOfferBundle(
  prisma: ActivityDeps['prisma'],
  offer: { caseId: string; serviceCode: string; recipientIin: string; recipientPhone: string | null; language: Lang; body: string; smsStatus: string; expiresAt: Date; amount: { value: number; monthly?: boolean } | null },
): Promise<string> {
  const id = caseOfferBundleId(offer.caseId);
  const items: OfferBundleItem[] = [{ caseId: offer.caseId, serviceCode: offer.serviceCode, amount: offer.amount?.value ?? null, monthly: offer.amount?.monthly ?? false }];
  await createUnlessExists(() =>
    prisma.offerBundle.create({
      data: {
        id,
        lifeEventId: null,
        recipientIin: offer.recipientIin,
        recipientPhone: offer.recipientPhone,
        language: offer.language,
        items: items as unknown as Prisma.InputJsonValue,
        body: offer.body,
        segments: smsSegments(offer.body),
        smsStatus: offer.smsStatus,
        status: 'OPEN',
        expiresAt: offer.expiresAt,
      },
    }),
  );
  return id;
}
