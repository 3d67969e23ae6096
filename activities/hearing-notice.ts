/**
 * The preliminary-refusal SMS (workflows/case/hearing.ts; Administrative Procedural Code art. 73):
 * the grounds, how to state a position and until when. A platform text, not a service's: the
 * procedure is the same for every service, and published versions keep their own templates
 * untouched. Placeholders as in service templates (services/notifications.ts).
 */
import type { Lang } from '../services/definition.ts';

export const PRELIMINARY_REFUSAL_TEMPLATE: Record<Lang, string> = {
  kk: '{{firstName}}, {{caseId}} өтінімі ({{serviceTitle}}) бойынша бас тарту туралы алдын ала шешім шығарылды. Негіздері: {{reasons}}. Өз ұстанымыңызды (қарсылықты) egov.kz арқылы {{deadline}} дейін білдіре аласыз; әйтпесе бас тарту түпкілікті болады.',
  ru: '{{firstName}}, по заявке {{caseId}} ({{serviceTitle}}) принято предварительное решение об отказе. Основания: {{reasons}}. Вы можете изложить свою позицию (возражение) на egov.kz до {{deadline}}; иначе отказ станет окончательным.',
  en: '{{firstName}}, a preliminary decision to refuse application {{caseId}} ({{serviceTitle}}) was made. Grounds: {{reasons}}. You may state your position (an objection) on egov.kz until {{deadline}}; otherwise the refusal becomes final.',
};

/**
 * Said after an automatic preliminary refusal (the AI law, No. 230-VIII): it was reached
 * automatically, and the human review it offers is the objection itself.
 */
export const PRELIMINARY_AUTOMATIC_NOTICE: Record<Lang, string> = {
  kk: 'Алдын ала шешім автоматты түрде қабылданды; қарсылығыңызды маман қарайды.',
  ru: 'Предварительное решение принято автоматически; ваше возражение рассмотрит специалист.',
  en: 'This preliminary decision was made automatically; an officer will consider your objection.',
};
