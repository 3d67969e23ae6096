/**
 * The API's languages: kk, ru, en, chosen per request from a `lang` argument, else the
 * Accept-Language header, else API_DEFAULT_LANGUAGE. Service and rule texts come from the
 * catalog (every definition carries all three); the API's own messages are here.
 */
import type { Lang } from '../services/definition.ts';

export type { Lang };
export const API_LANGUAGES: readonly Lang[] = ['kk', 'ru', 'en'];

/** Picks the best supported language from an Accept-Language header (RFC 9110 q-values). */
export function negotiateLanguage(header: string | null | undefined, fallback: Lang): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { primary: tag.split('-')[0]!, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    // "kz" is the country code, but people send it for Kazakh.
    const primary = r.primary === 'kz' ? 'kk' : r.primary;
    if ((API_LANGUAGES as readonly string[]).includes(primary)) return primary as Lang;
  }
  return fallback;
}

const MESSAGES = {
  UNAUTHENTICATED: {
    kk: 'Аутентификация қажет: API кілтін (X-Api-Key) немесе қызметкер токенін (Authorization: Bearer …) жіберіңіз.',
    ru: 'Требуется аутентификация: передайте API-ключ (X-Api-Key) или токен сотрудника (Authorization: Bearer …).',
    en: 'Authentication is required: send an API key (X-Api-Key) or a staff token (Authorization: Bearer …).',
  },
  TOKEN_EXPIRED: { kk: 'Токеннің мерзімі өтіп кеткен.', ru: 'Срок действия токена истёк.', en: 'The token has expired.' },
  TOKEN_INVALID: { kk: 'Токен жарамсыз.', ru: 'Токен недействителен.', en: 'The token is not valid.' },
  API_KEY_REVOKED: { kk: 'API кілті кері қайтарылған.', ru: 'API-ключ отозван.', en: 'The API key has been revoked.' },
  API_KEY_INVALID: { kk: 'API кілті жарамсыз.', ru: 'API-ключ недействителен.', en: 'The API key is not valid.' },
  CREDENTIALS_AMBIGUOUS: {
    kk: 'Бір ғана тіркелгі деректерін жіберіңіз: API кілті немесе токен.',
    ru: 'Передайте одни учётные данные: API-ключ или токен.',
    en: 'Send one credential: an API key or a token, not both.',
  },
  FORBIDDEN: { kk: 'Бұл әрекетке құқығыңыз жоқ.', ru: 'У вас нет прав на это действие.', en: 'You are not allowed to do this.' },
  RATE_LIMITED: { kk: 'Сұраулар тым көп; кейінірек қайталаңыз.', ru: 'Слишком много запросов; повторите позже.', en: 'Too many requests; retry later.' },
  PAYLOAD_TOO_LARGE: { kk: 'Сұрау денесі тым үлкен.', ru: 'Тело запроса слишком велико.', en: 'The request body is too large.' },
  MALFORMED_JSON: { kk: 'Сұрау денесі дұрыс JSON емес.', ru: 'Тело запроса не является корректным JSON.', en: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: {
    kk: 'Сұрауды application/json ретінде жіберіңіз.',
    ru: 'Отправьте запрос как application/json.',
    en: 'Send the request as application/json.',
  },
  BAD_REQUEST: { kk: 'Сұрау дұрыс GraphQL сұрауы емес.', ru: 'Запрос не является корректным запросом GraphQL.', en: 'The request is not a valid GraphQL request.' },
  QUERY_TOO_COMPLEX: { kk: 'Сұрау тым үлкен немесе күрделі.', ru: 'Запрос слишком большой или сложный.', en: 'The query is too large or too complex.' },
  PERSISTED_QUERY_NOT_FOUND: {
    kk: 'Бұл хэшпен сақталған құжат жоқ; құжаттың өзін (query) жіберіңіз.',
    ru: 'Сохранённого документа с таким хешем нет; отправьте сам документ (query).',
    en: 'No persisted document has this hash; send the document itself (query).',
  },
  DOCUMENT_NOT_TRUSTED: {
    kk: 'API кілтімен тек сенімді құжаттар қабылданады (хэші немесе дәл мәтіні бойынша).',
    ru: 'С API-ключом принимаются только доверенные документы (по хешу или в точном тексте).',
    en: 'With an API key only trusted documents are accepted (by hash, or in their exact text).',
  },
  NOT_FOUND: { kk: 'Табылмады.', ru: 'Не найдено.', en: 'Not found.' },
  VALIDATION_FAILED: { kk: 'Енгізілген деректер жарамсыз.', ru: 'Входные данные некорректны.', en: 'The input is not valid.' },
  INVALID_IIN: { kk: 'ЖСН жарамсыз.', ru: 'ИИН некорректен.', en: 'The IIN is not valid.' },
  SERVICE_NOT_FOUND: { kk: 'Мұндай қызмет жоқ.', ru: 'Такой услуги нет.', en: 'No such service.' },
  NO_EFFECTIVE_VERSION: {
    kk: 'Бұл күнге қызметтің қолданыстағы нұсқасы жоқ.',
    ru: 'На эту дату у услуги нет действующей версии.',
    en: 'The service has no version in force on that date.',
  },
  IDEMPOTENCY_CONFLICT: {
    kk: 'Бұл сұрау идентификаторы басқа сұрау үшін қолданылған.',
    ru: 'Этот идентификатор запроса уже использован для другого запроса.',
    en: 'This request id was already used for a different request.',
  },
  DUPLICATE_ENTITLEMENT: {
    kk: 'Бұл төлем басқа іс бойынша тағайындалған; бір құқық бір рет төленеді.',
    ru: 'Эта выплата уже назначена по другому делу; одно право оплачивается один раз.',
    en: 'This benefit was already granted in another case; an entitlement is paid once.',
  },
  INVALID_STATE: {
    kk: 'Іс бұл әрекетке мүмкіндік бермейтін күйде.',
    ru: 'Состояние дела не позволяет это действие.',
    en: 'The case is not in a state that allows this.',
  },
  FOUR_EYES: {
    kk: 'Төрт көз қағидасы: екінші мақұлдауды басқа қызметкер беруі тиіс.',
    ru: 'Принцип четырёх глаз: второе одобрение должен дать другой сотрудник.',
    en: 'Four-eyes rule: the second approval must come from a different officer.',
  },
  VERSION_NOT_FOUND: {
    kk: 'Қызметтің мұндай нұсқасы жоқ (жарияланған да, жоба да емес).',
    ru: 'У услуги нет такой версии (ни опубликованной, ни черновика).',
    en: 'The service has no such version (published or draft).',
  },
  SERVICE_MISMATCH: {
    kk: 'Бұл нұсқа басқа қызметке арналған.',
    ru: 'Эта версия относится к другой услуге.',
    en: 'This version belongs to another service.',
  },
  UNAVAILABLE: {
    kk: 'Істер қозғалтқышы қазір қолжетімсіз; сол сұрауды қайталаңыз.',
    ru: 'Движок дел сейчас недоступен; повторите тот же запрос.',
    en: 'The case engine is unavailable right now; retry the same request.',
  },
  INTERNAL_SERVER_ERROR: { kk: 'Күтпеген қате.', ru: 'Непредвиденная ошибка.', en: 'Unexpected error.' },
} satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function message(lang: Lang, key: MessageKey): string {
  return MESSAGES[key][lang];
}
