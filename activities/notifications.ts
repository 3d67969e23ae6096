/**
 * Telling the citizen, in their own language, by SMS to the phone linked to their eGov account.
 * The message is rendered from the service's templates, handed to the gateway with the step's
 * idempotency key, then recorded: a retry after a crash between the two sends again with the same
 * key, which the gateway answers without a second message, and a recorded one is never resent.
 */
import { createHash } from 'node:crypto';
import { kzDeadline } from '../lib/kz-time.ts';
import { RegistryError } from '../registries/types.ts';
import type { Lang } from '../services/definition.ts';
import { formatKzt, offerAmountText, renderNotification, renderTemplate } from '../services/notifications.ts';
import { groundsOf } from './decisions.ts';
import { PRELIMINARY_AUTOMATIC_NOTICE, PRELIMINARY_REFUSAL_TEMPLATE } from './hearing-notice.ts';
import type { EvaluationResult } from '../services/rules.ts';
import { createUnlessExists } from '../lib/db/unique.ts';
import { loadCaseRow } from './case-row.ts';
import { recordCaseOfferBundle } from './offer-bundles.ts';
import type { ActivityDeps } from './deps.ts';
import type { NotifyInput } from './types.ts';
import type { DecisionGround, DecisionRecord } from './decision-record.ts';

/** Why a refusal because another case holds the entitlement was refused, in the citizen's words. */
const DUPLICATE_REASON: Record<Lang, (caseId: string) => string> = {
  kk: (caseId) => `бұл төлем ${caseId} өтінімі бойынша тағайындалған, ол бір рет төленеді`,
  ru: (caseId) => `эта выплата уже назначена по заявке ${caseId} и выплачивается один раз`,
  en: (caseId) => `this benefit was already granted in application ${caseId} and is paid once`,
};

/**
 * Said after every automatic decision (the AI law, No. 230-VIII: a citizen is told a decision was
 * made automatically and can have a person look at it): made automatically, and how to ask for a
 * review by an officer. Short, so the decision still fits the SMS budget.
 */
export const AUTOMATIC_DECISION_NOTICE: Record<Lang, string> = {
  kk: 'Шешім автоматты түрде қабылданды. Маманның қарауын egov.kz арқылы өтініш нөмірін көрсетіп сұрауға болады.',
  ru: 'Решение принято автоматически. Пересмотр специалистом можно запросить на egov.kz, указав номер заявки.',
  en: 'This decision was made automatically. You can ask for a review by an officer on egov.kz, quoting the case number.',
};

/** What a decision's SMS quotes from its signed record (activities/decision-record.ts). */
interface SignedFacts {
  automatic: boolean;
  grounds: DecisionGround[];
  /** The case holding the entitlement a refusal names, if it is such a refusal. */
  duplicateOf: string | null;
}

async function signedFactsOf(prisma: ActivityDeps['prisma'], caseId: string): Promise<SignedFacts | null> {
  const decision = await prisma.decision.findFirst({ where: { caseId, supersededBy: null }, select: { record: true } });
  if (!decision) return null;
  const record = JSON.parse(decision.record) as Pick<DecisionRecord, 'decidedBy' | 'grounds' | 'entitlement'>;
  return { automatic: record.decidedBy.kind === 'SYSTEM', grounds: record.grounds ?? [], duplicateOf: record.entitlement?.grantedIn?.caseId ?? null };
}

/** The reasons a refusal SMS lists: its signed grounds, else (older records) the failed rules' texts. */
export function refusalReasons(lang: Lang, grounds: readonly DecisionGround[], failedRuleTexts: readonly string[]): string {
  return (grounds.length ? grounds.map((g) => g.text[lang]) : failedRuleTexts).join('; ');
}

/** The ground codes a preliminary refusal's notification names (comma-separated), if any. */
function namedGrounds(value: unknown): string[] | undefined {
  return typeof value === 'string' && value ? value.split(',') : undefined;
}

export function createNotificationActivities({ prisma, registries, catalog, sms }: Pick<ActivityDeps, 'prisma' | 'registries' | 'catalog' | 'sms'>) {
  return {
    async notifyCitizen(input: NotifyInput): Promise<{ notificationId: string }> {
      const id = `ntf_${createHash('sha256').update(input.idempotencyKey).digest('hex').slice(0, 24)}`;
      if (await prisma.notification.findUnique({ where: { id }, select: { id: true } })) return { notificationId: id };

      const row = await loadCaseRow(prisma, input.caseId);
      const def = await catalog.byContentHash(row.definitionHash!);
      let phone: string | null = null;
      let firstName = '';
      let lang = row.language as Lang;
      try {
        const person = (await registries.query('civil.person', { iin: row.applicantIin })).data;
        phone = person.phone;
        firstName = person.firstName;
        // The applicant's explicit choice wins; otherwise the language the register holds. The
        // case keeps the choice (language, languageChosen), the notification the language used.
        if (!row.languageChosen) lang = person.language;
      } catch (e) {
        if (!(e instanceof RegistryError) || e.kind !== 'NOT_FOUND') throw e; // retried by Temporal
      }
      // Only decisions quote the rules (reasons, months granted); other messages need no evaluation.
      // An offer quotes the amount its pre-check computed.
      const decision = input.template === 'approved' || input.template === 'denied';
      const preliminary = input.template === 'preliminaryRefusal';
      const offer = input.template === 'offer';
      const purpose = decision || preliminary ? 'DECISION' : offer ? 'PRECHECK' : null;
      const latest = purpose ? await prisma.evaluation.findFirst({ where: { caseId: input.caseId, purpose }, orderBy: { createdAt: 'desc' } }) : null;
      const result = latest?.result as unknown as EvaluationResult | undefined;
      // The failed rules' texts in the citizen's language, which may differ from the case's.
      const failedRuleTexts = (result?.rules ?? [])
        .filter((r) => r.status === 'FAIL')
        .map((r) => def.rules.find((d) => d.id === r.id)?.failText?.[lang] ?? r.failText ?? r.text);
      const signed = decision ? await signedFactsOf(prisma, input.caseId) : null;
      // A preliminary refusal is not signed yet: its grounds are the officer's, or its failed rules'.
      const preliminaryGrounds = preliminary ? groundsOf(def, (result?.rules ?? []).filter((r) => r.status === 'FAIL').map((r) => r.id), namedGrounds(input.vars?.grounds)) : [];
      const reasons = refusalReasons(lang, signed?.grounds ?? preliminaryGrounds, failedRuleTexts);
      const refusedAsDuplicate = input.template === 'denied' ? (signed?.duplicateOf ?? null) : null;
      const render = (values: Parameters<typeof renderNotification>[3]) =>
        preliminary ? renderTemplate(PRELIMINARY_REFUSAL_TEMPLATE[lang], { serviceTitle: def.title[lang], ...values }) : renderNotification(def, input.template as Exclude<NotifyInput['template'], 'preliminaryRefusal'>, lang, values);
      const { text: rendered } = render({
        caseId: input.caseId,
        firstName,
        amount: typeof input.vars?.amount === 'number' ? formatKzt(input.vars.amount, lang) : offer ? offerAmountText(result?.amount, lang) : '',
        periodMonths: result?.amount?.periodMonths ? String(result.amount.periodMonths) : '',
        reasons: reasons || (refusedAsDuplicate ? DUPLICATE_REASON[lang](refusedAsDuplicate) : ''),
        reason: typeof input.vars?.request === 'string' ? input.vars.request : '',
        deadline: typeof input.vars?.until === 'string' ? kzDeadline(input.vars.until) : '',
      });
      const automaticNotice = signed?.automatic ? AUTOMATIC_DECISION_NOTICE[lang] : preliminary && input.vars?.automatic === 1 ? PRELIMINARY_AUTOMATIC_NOTICE[lang] : null;
      const body = automaticNotice ? `${rendered} ${automaticNotice}` : rendered;

      // Sent first, then recorded: a retry after a crash between the two sends again with the same
      // idempotency key, which the gateway answers without a second message.
      const sent = phone ? await sms.send({ to: phone, text: body, idempotencyKey: input.idempotencyKey }) : null;
      // An offer made on its own (not part of a life event's one offer) is answered by SMS too:
      // recorded before the notification, whose row ends a retry early.
      if (offer) {
        const until = row.offerExpiresAt ?? (typeof input.vars?.until === 'string' ? new Date(input.vars.until) : null);
        if (until) {
          await recordCaseOfferBundle(prisma, {
            caseId: input.caseId,
            serviceCode: row.serviceCode,
            recipientIin: row.applicantIin,
            recipientPhone: phone,
            language: lang,
            body,
            smsStatus: sent ? (sent.status ?? 'SENT') : 'NO_RECIPIENT',
            expiresAt: until,
            amount: result?.amount ?? null,
          });
        }
      }
      await createUnlessExists(() =>
        prisma.notification.create({
          data: { id, caseId: input.caseId, idempotencyKey: input.idempotencyKey, channel: 'SMS', recipient: phone ?? '', language: lang, template: input.template, body, status: sent ? (sent.status ?? 'SENT') : 'NO_RECIPIENT' },
        }),
      );
      return { notificationId: id };
    },
  };
}
