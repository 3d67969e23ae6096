import { describe, expect, it } from 'vitest';
import { OFFER_SMS_MAX_SEGMENTS, parseOfferAnswer, renderOfferReply, renderOfferSms, smsKzt, smsSegments, type OfferReply } from './offer-sms.ts';

// 2026 figures (MCI 4,325): birth allowance 38 / 63 MCI; state childcare 7.85 / 8.90 MCI for the
// 3rd / 4th+ child; the social payment at its cap (40 % × 7 × 85,000); large family of 4: 16.03 MCI.
const UNTIL = '2026-12-04T19:00:00Z'; // 5 December in Kazakhstan (UTC+5)
const third = [
  { serviceCode: 'birth-allowance', amount: 164_350, monthly: false },
  { serviceCode: 'childcare-allowance', amount: 33_951.25, monthly: true },
];
const fourthInsured = [
  { serviceCode: 'birth-allowance', amount: 272_475, monthly: false },
  { serviceCode: 'childcare-allowance', amount: 238_000, monthly: true },
  { serviceCode: 'large-family-allowance', amount: 69_329.75, monthly: true },
];

describe('smsSegments', () => {
  const cases: [string, string, number][] = [
    ['160 GSM characters', 'a'.repeat(160), 1],
    ['161 GSM characters', 'a'.repeat(161), 2],
    ['an extension character counts twice', '€'.repeat(80), 1],
    ['70 Cyrillic characters', 'д'.repeat(70), 1],
    ['71 Cyrillic characters: two segments of 67', 'д'.repeat(71), 2],
    ['134 Cyrillic characters', 'д'.repeat(134), 2],
    ['135 Cyrillic characters', 'д'.repeat(135), 3],
    ['one tenge sign makes Latin text UCS-2', `${'a'.repeat(70)}₸`, 2],
  ];
  it.each(cases)('%s', (_, text, segments) => expect(smsSegments(text)).toBe(segments));
});

describe('the offer SMS', () => {
  it('lists each service with its amount, in Russian and Kazakh, within the segment budget', () => {
    const ru = renderOfferSms(third, 'ru', UNTIL);
    expect(ru.text).toBe('Вам положено: пособие на рождение 164 350 ₸; уход за ребенком 33 951,25 ₸/мес. Согласие: 1, отказ: 2, до 05.12');
    expect(ru).toMatchObject({ segments: 2 });
    const kk = renderOfferSms(fourthInsured, 'kk', UNTIL);
    expect(kk.text).toBe('Сізге тиесілі: туу жәрдемақысы 272 475 ₸; бала күтімі 238 000 ₸/ай; көп балалы 69 329,75 ₸/ай. Келісім: 1, бас тарту: 2, 05.12 дейін');
    for (const items of [third, fourthInsured]) {
      for (const lang of ['kk', 'ru', 'en'] as const) {
        const sms = renderOfferSms(items, lang, UNTIL);
        expect(sms.segments, `${lang}: ${sms.text}`).toBeLessThanOrEqual(OFFER_SMS_MAX_SEGMENTS);
        expect(sms.segments).toBe(smsSegments(sms.text));
        for (const i of items) expect(sms.text).toContain(smsKzt(i.amount));
      }
    }
  });

  it('says the amount comes later when the pre-check could not compute it', () => {
    expect(renderOfferSms([{ serviceCode: 'childcare-allowance', amount: null, monthly: false }], 'ru', UNTIL).text).toContain('уход за ребенком сумма позже');
  });

  it('leaves the amounts out rather than exceed the budget', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ serviceCode: `service-${i}`, title: 'Единовременное пособие на рождение ребенка', amount: 1_000_000.55, monthly: true }));
    const sms = renderOfferSms(many, 'ru', UNTIL);
    expect(sms.text).not.toContain('₸');
    expect(sms.segments).toBe(smsSegments(sms.text));
  });

  it('answers every reply within one or two segments', () => {
    for (const kind of ['ACCEPTED', 'REFUSED', 'HELP', 'NO_OPEN_OFFER', 'EXPIRED'] as OfferReply[]) {
      for (const lang of ['kk', 'ru'] as const) expect(renderOfferReply(kind, lang, UNTIL).segments, `${kind} ${lang}`).toBeLessThanOrEqual(2);
    }
    expect(renderOfferReply('REFUSED', 'ru', UNTIL).text).toBe('Вы отказались. Если передумаете, ответьте 1 до 05.12.');
  });
});

describe('parseOfferAnswer', () => {
  const cases: [string, string][] = [
    ['1', 'YES'],
    [' 1 ', 'YES'],
    ['1.', 'YES'],
    ['１', 'YES'], // a full-width digit from some keyboards
    ['2', 'NO'],
    ['2\n', 'NO'],
    ['12', 'UNKNOWN'],
    ['да', 'UNKNOWN'],
    ['', 'UNKNOWN'],
  ];
  it.each(cases)('%j → %s', (text, answer) => expect(parseOfferAnswer(text)).toBe(answer));
});
