/**
 * The preliminary-refusal SMS (workflows/case/hearing.ts; Administrative Procedural Code art. 73):
 * the grounds, how to state a position and until when. A platform text, not a service's: the
 * procedure is the same for every service, and published versions keep their own templates
 * untouched. Placeholders as in service templates (services/notifications.ts).
 */
import type { Lang } from '../services/definition.ts';

export const PRELIMINARY_REFUSAL_TEMPLATE: Record<Lang, string> = {
  kk: '{{caseId}} өтінімі ({{serviceTitle}}) бойынша алдын ала бас тарту шешімі: {{reasons}}. Қарсылықты egov.kz арқылы {{deadline}} дейін беруге болады, әйтпесе бас тарту түпкілікті болады.',
  ru: 'По заявке {{caseId}} ({{serviceTitle}}) предварительно решено отказать: {{reasons}}. Возражение можно подать на egov.kz до {{deadline}}, иначе отказ станет окончательным.',
  en: 'Application {{caseId}} ({{serviceTitle}}): a preliminary decision to refuse: {{reasons}}. You may object on egov.kz until {{deadline}}; otherwise the refusal becomes final.',
};

/**
 * Said after an automatic preliminary refusal (the AI law, No. 230-VIII): it was reached
 * automatically, and the human review it offers is the objection itself.
 */
export const PRELIMINARY_AUTOMATIC_NOTICE: Record<Lang, string> = {
  kk: 'Шешім автоматты түрде қабылданды; қарсылықты маман қарайды.',
  ru: 'Решение принято автоматически; возражение рассмотрит специалист.',
  en: 'Made automatically; an officer will consider an objection.',
};
