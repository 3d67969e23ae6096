/**
 * Filling a definition's notification templates. Placeholders are checked when the definition is
 * validated, so here a missing value is reported back (and rendered empty) rather than thrown: a
 * notification must never block a case that has already been decided.
 */
import { NOTIFICATION_PLACEHOLDERS, type Lang, type NotificationEvent, type ServiceDefinition } from './definition.ts';
import type { AmountResult } from './result.ts';

export type Placeholder = (typeof NOTIFICATION_PLACEHOLDERS)[number];
export type NotificationValues = Partial<Record<Placeholder, string | number>>;

/** 149416 → "149 416,00 ₸" (kk, ru) or "KZT 149,416.00" (en); plain spaces survive any SMS gateway. */
export function formatKzt(amount: number, lang: Lang): string {
  const [whole, fraction] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  const sign = amount < 0 ? '-' : '';
  if (lang === 'en') return `KZT ${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${fraction} ₸`;
}

/**
 * The amount an offer quotes, from its pre-check: the payment (a month's, for monthly benefits);
 * when the pre-check could not compute one, a sentence saying when it will be.
 */
export function offerAmountText(amount: Pick<AmountResult, 'value' | 'monthly'> | null | undefined, lang: Lang): string {
  if (!amount) return OFFER_AMOUNT_LATER[lang];
  const value = formatKzt(amount.value, lang);
  if (!amount.monthly) return value;
  return lang === 'kk' ? `айына ${value}` : lang === 'ru' ? `${value} в месяц` : `${value} a month`;
}

const OFFER_AMOUNT_LATER: Record<Lang, string> = {
  kk: 'мөлшері тағайындау кезінде есептеледі',
  ru: 'размер будет рассчитан при назначении',
  en: 'the amount is set when it is granted',
};

export function renderTemplate(template: string, values: NotificationValues): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) {
      missing.push(name);
      return '';
    }
    return String(value);
  });
  return { text, missing: [...new Set(missing)] };
}

/** `serviceTitle` defaults to the definition's title in that language. */
export function renderNotification(
  def: ServiceDefinition,
  event: NotificationEvent,
  lang: Lang,
  values: NotificationValues,
): { text: string; missing: string[] } {
  return renderTemplate(def.notifications[event][lang], { serviceTitle: def.title[lang], ...values });
}
