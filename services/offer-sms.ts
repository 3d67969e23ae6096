/**
 * The texts of a proactive offer by SMS from 1414: ONE message per life event listing every
 * service the family is entitled to with the amount its pre-check estimated, answered with one
 * reply ("1" agrees to all, "2" refuses all), and the short replies to the citizen's answer.
 *
 * Cyrillic does not fit the GSM 7-bit alphabet, so these messages travel as UCS-2: 70 characters
 * in a single segment, 67 per segment once concatenated. The offer is kept within
 * OFFER_SMS_MAX_SEGMENTS; service names are short labels here, not the definitions' full titles.
 */
import { kzDate } from '../lib/kz-time.ts';
import type { Lang } from './definition.ts';

/** At most this many segments for an offer; beyond it the amounts are left out (the cases still carry them). */
export const OFFER_SMS_MAX_SEGMENTS = 3;

/** The answer a reply text gives: "1" agrees, "2" refuses, anything else asks for help. */
export type OfferAnswer = 'YES' | 'NO' | 'UNKNOWN';

export function parseOfferAnswer(text: string): OfferAnswer {
  const t = text.normalize('NFKC').trim().replace(/[.!\s]+$/u, '');
  if (t === '1') return 'YES';
  if (t === '2') return 'NO';
  return 'UNKNOWN';
}

/** Short labels for an SMS; a service without one is named by its full title. */
const SHORT_TITLE: Record<string, Record<Lang, string>> = {
  'birth-allowance': { kk: 'туу жәрдемақысы', ru: 'пособие на рождение', en: 'birth allowance' },
  'childcare-allowance': { kk: 'бала күтімі', ru: 'уход за ребенком', en: 'childcare' },
  'large-family-allowance': { kk: 'көп балалы', ru: 'многодетным', en: 'large family' },
  'job-loss-payment': { kk: 'жұмыстан айрылу', ru: 'потеря работы', en: 'job loss' },
};

export interface OfferItemText {
  serviceCode: string;
  /** The estimated payment (a month's for monthly benefits); null when the pre-check could not compute it. */
  amount: number | null;
  monthly: boolean;
  /** The definition's title, used when there is no short label. */
  title?: string;
}

/** 164350 → "164 350 ₸", 27195.45 → "27 195,45 ₸": kopecks only when there are any. */
export function smsKzt(amount: number): string {
  const fixed = amount.toFixed(2);
  const [whole, fraction] = fixed.split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction === '00' ? `${grouped} ₸` : `${grouped},${fraction} ₸`;
}

const PER_MONTH: Record<Lang, string> = { kk: '/ай', ru: '/мес', en: '/mo' };
const AMOUNT_LATER: Record<Lang, string> = { kk: 'сомасы кейін', ru: 'сумма позже', en: 'amount later' };

/** "05.12" — the last day to answer, in Kazakhstan's time. */
const dayMonth = (at: Date | string): string => {
  const [, m, d] = kzDate(at).split('-');
  return `${d}.${m}`;
};

const OFFER: Record<Lang, (items: string, until: string) => string> = {
  kk: (items, until) => `Сізге тиесілі: ${items}. Келісім: 1, бас тарту: 2, ${until} дейін`,
  ru: (items, until) => `Вам положено: ${items}. Согласие: 1, отказ: 2, до ${until}`,
  en: (items, until) => `You are entitled to: ${items}. Reply 1 to agree, 2 to refuse, by ${until}`,
};

function itemText(item: OfferItemText, lang: Lang, withAmount: boolean): string {
  const name = SHORT_TITLE[item.serviceCode]?.[lang] ?? item.title ?? item.serviceCode;
  if (!withAmount) return name;
  const amount = item.amount === null ? AMOUNT_LATER[lang] : `${smsKzt(item.amount)}${item.monthly ? PER_MONTH[lang] : ''}`;
  return `${name} ${amount}`;
}

/** The one offer SMS for a life event and its segment count. */
export function renderOfferSms(items: OfferItemText[], lang: Lang, expiresAt: Date | string): { text: string; segments: number } {
  const until = dayMonth(expiresAt);
  for (const withAmount of [true, false]) {
    const text = OFFER[lang](items.map((i) => itemText(i, lang, withAmount)).join('; '), until);
    const segments = smsSegments(text);
    if (segments <= OFFER_SMS_MAX_SEGMENTS || !withAmount) return { text, segments };
  }
  throw new Error('unreachable');
}

export type OfferReply = 'ACCEPTED' | 'REFUSED' | 'HELP' | 'NO_OPEN_OFFER' | 'EXPIRED';

const REPLY: Record<OfferReply, Record<Lang, (until: string) => string>> = {
  ACCEPTED: {
    kk: () => 'Келісім қабылданды: өтінімдер ресімделді, шешім SMS арқылы келеді.',
    ru: () => 'Согласие принято: заявки оформлены, решение придет по SMS.',
    en: () => 'Consent received: the applications are filed; the decision comes by SMS.',
  },
  REFUSED: {
    kk: (until) => `Сіз бас тарттыңыз. Ойыңыз өзгерсе, ${until} дейін 1 деп жауап беріңіз.`,
    ru: (until) => `Вы отказались. Если передумаете, ответьте 1 до ${until}.`,
    en: (until) => `You refused. If you change your mind, reply 1 by ${until}.`,
  },
  HELP: {
    kk: (until) => `Келісу үшін 1, бас тарту үшін 2 деп жауап беріңіз, ${until} дейін.`,
    ru: (until) => `Ответьте 1, чтобы согласиться, или 2, чтобы отказаться, до ${until}.`,
    en: (until) => `Reply 1 to agree or 2 to refuse, by ${until}.`,
  },
  NO_OPEN_OFFER: {
    kk: () => 'Рақмет! Қазір жауап күтетін ұсыныс жоқ. Анықтама: 1414.',
    ru: () => 'Спасибо! Сейчас нет предложений, ждущих ответа. Справки: 1414.',
    en: () => 'Thank you! No offer is waiting for an answer now. Help: 1414.',
  },
  EXPIRED: {
    kk: () => 'Ұсынысқа жауап беру мерзімі өтті. Өтінішті egov.kz арқылы беруге болады.',
    ru: () => 'Срок ответа на предложение истек. Подать заявление можно на egov.kz.',
    en: () => 'The offer has expired. You can still apply on egov.kz.',
  },
};

export function renderOfferReply(kind: OfferReply, lang: Lang, expiresAt?: Date | string | null): { text: string; segments: number } {
  const text = REPLY[kind][lang](expiresAt ? dayMonth(expiresAt) : '');
  return { text, segments: smsSegments(text) };
}

// The GSM 03.38 default alphabet and its extension table (each extension character takes two septets).
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/**
 * How many SMS segments a text takes: GSM 7-bit when every character is in the default alphabet
 * (160 septets single, 153 per concatenated segment), else UCS-2 (70 UTF-16 units single, 67 per
 * segment concatenated) — any Cyrillic letter, or «₸», makes the whole message UCS-2.
 */
export function smsSegments(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENSION.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = text.length; // UTF-16 code units: a character outside the BMP takes two
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
