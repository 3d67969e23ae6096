/**
 * What the citizen is told about a re-check of their entitlement, in their language: the
 * preliminary decision to lower or end the payment (its grounds, how to object and until when —
 * Administrative Procedural Code art. 73, like a preliminary refusal), and the decision signed
 * after the hearing. Platform texts: the procedure is the same for every service.
 */
import { kzDeadline } from '../lib/kz-time.ts';
import type { Lang } from '../services/definition.ts';
import { formatKzt } from '../services/notifications.ts';
import { PRELIMINARY_AUTOMATIC_NOTICE } from './hearing-notice.ts';

export type RecheckSmsKind = 'preliminary' | 'recalculated' | 'ended' | 'kept';

export interface RecheckSmsValues {
  caseId: string;
  serviceTitle: string;
  /** The grounds, already in the citizen's language. */
  reasons: string;
  /** preliminary: the end of the hearing window (ISO instant). */
  until?: string;
  /** The amount from the next period (null: the payment ends). */
  amount?: number | null;
}

const change = (lang: Lang, amount: number | null | undefined): string =>
  amount == null
    ? { kk: 'төлемді тоқтату', ru: 'прекратить выплату', en: 'to end the payment' }[lang]
    : { kk: `келесі кезеңнен бастап төлемді ${formatKzt(amount, 'kk')} мөлшерінде төлеу`, ru: `со следующего периода выплачивать ${formatKzt(amount, 'ru')}`, en: `to pay ${formatKzt(amount, 'en')} from the next period` }[lang];

const TEMPLATES: Record<RecheckSmsKind, Record<Lang, (v: RecheckSmsValues) => string>> = {
  preliminary: {
    kk: (v) => `${v.caseId} (${v.serviceTitle}) бойынша қайта тексеру: алдын ала шешім — ${change('kk', v.amount)}. Негіздеме: ${v.reasons}. Қарсылықты egov.kz арқылы ${kzDeadline(v.until!)} дейін беруге болады, әйтпесе шешім түпкілікті болады.`,
    ru: (v) => `Перепроверка по ${v.caseId} (${v.serviceTitle}): предварительно решено ${change('ru', v.amount)}. Основания: ${v.reasons}. Возражение можно подать на egov.kz до ${kzDeadline(v.until!)}, иначе решение станет окончательным.`,
    en: (v) => `Re-check of ${v.caseId} (${v.serviceTitle}): a preliminary decision ${change('en', v.amount)}. Grounds: ${v.reasons}. You may object on egov.kz until ${kzDeadline(v.until!)}; otherwise the decision becomes final.`,
  },
  recalculated: {
    kk: (v) => `${v.caseId} (${v.serviceTitle}): жаңа шешім қабылданды, келесі кезеңнен бастап ${formatKzt(v.amount!, 'kk')} төленеді. Негіздеме: ${v.reasons}.`,
    ru: (v) => `${v.caseId} (${v.serviceTitle}): принято новое решение, со следующего периода выплачивается ${formatKzt(v.amount!, 'ru')}. Основания: ${v.reasons}.`,
    en: (v) => `${v.caseId} (${v.serviceTitle}): a new decision: ${formatKzt(v.amount!, 'en')} is paid from the next period. Grounds: ${v.reasons}.`,
  },
  ended: {
    kk: (v) => `${v.caseId} (${v.serviceTitle}): жаңа шешім қабылданды, төлем тоқтатылды. Негіздеме: ${v.reasons}.`,
    ru: (v) => `${v.caseId} (${v.serviceTitle}): принято новое решение, выплата прекращена. Основания: ${v.reasons}.`,
    en: (v) => `${v.caseId} (${v.serviceTitle}): a new decision: the payment ends. Grounds: ${v.reasons}.`,
  },
  kept: {
    kk: (v) => `${v.caseId} (${v.serviceTitle}): қарсылығыңыз қаралды, төлем бұрынғыдай жалғасады.`,
    ru: (v) => `${v.caseId} (${v.serviceTitle}): ваше возражение рассмотрено, выплата продолжается как прежде.`,
    en: (v) => `${v.caseId} (${v.serviceTitle}): your objection was considered; the payment continues as before.`,
  },
};

export function renderRecheckSms(kind: RecheckSmsKind, lang: Lang, values: RecheckSmsValues): string {
  const text = TEMPLATES[kind][lang](values);
  // A re-check's preliminary decision is reached automatically (the AI law, No. 230-VIII): said, with the human review the objection offers.
  return kind === 'preliminary' ? `${text} ${PRELIMINARY_AUTOMATIC_NOTICE[lang]}` : text;
}
