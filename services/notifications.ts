/**
 * Filling a definition's notification templates. Placeholders are checked when the definition is
 * validated, so here a missing value is reported back (and rendered empty) rather than thrown: a
 * notification must never block a case that has already been decided.
 */
import { NOTIFICATION_PLACEHOLDERS, type Lang, type NotificationEvent, type ServiceDefinition } from './definition.ts';

export type Placeholder = (typeof NOTIFICATION_PLACEHOLDERS)[number];
export type NotificationValues = Partial<Record<Placeholder, string | number>>;

/** 149416 → "149 416,00 ₸" (kk, ru) or "KZT 149,416.00" (en); plain spaces survive any SMS gateway. */
export function formatKzt(amount: number, lang: Lang): string {
  const [whole, fraction] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  const sign = amount < 0 ? '-' : '';
  if (lang === 'en') return `KZT ${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${fraction} ₸`;
}

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
