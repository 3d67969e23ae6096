import { describe, expect, it } from 'vitest';
import { birthAllowanceV3, childcareAllowanceV2, jobLossPaymentV2 } from './catalog/index.ts';
import { formatKzt, renderNotification } from './notifications.ts';
import { NotProactive, offerFromEvent, precheckOffer } from './proactive.ts';
import { FATHER, MOTHER, bank, birth, found, iin, notFound, person, unavailable } from './testing/fixtures.ts';

describe('formatKzt', () => {
  const cases: [number, 'kk' | 'ru' | 'en', string][] = [
    [149_416, 'ru', '149 416,00 ₸'],
    [22_648.32, 'kk', '22 648,32 ₸'],
    [1_080_000, 'en', 'KZT 1,080,000.00'],
    [0.5, 'ru', '0,50 ₸'],
  ];
  it.each(cases)('%d in %s → %s', (amount, lang, expected) => expect(formatKzt(amount, lang)).toBe(expected));
});

describe('renderNotification', () => {
  it('fills the title and the values in each language', () => {
    const values = { amount: formatKzt(149_416, 'ru'), caseId: 'C-1001' };
    expect(renderNotification(birthAllowanceV3, 'approved', 'ru', values)).toEqual({
      text: 'Ваше заявление на «Единовременное пособие на рождение ребенка» одобрено. Сумма выплаты: 149 416,00 ₸. Номер заявки: C-1001.',
      missing: [],
    });
    expect(renderNotification(birthAllowanceV3, 'approved', 'kk', values).text).toMatch(/^«Бала тууына байланысты біржолғы жәрдемақы» бойынша/);
  });

  it('reports missing values instead of failing', () => {
    expect(renderNotification(birthAllowanceV3, 'escalated', 'en', {}).missing).toEqual(['deadline', 'caseId']);
  });
});

describe('proactive offers', () => {
  const childIin = iin('2025-03-10', 'M', 7);
  const event = { childIin, motherIin: MOTHER, fatherIin: FATHER, birthDate: '2025-03-10' };

  it('finds the citizen to ask and fills the application from the life event', () => {
    expect(offerFromEvent(birthAllowanceV3, event)).toEqual({ subjectIin: MOTHER, application: { childIin } });
    expect(() => offerFromEvent(jobLossPaymentV2, event)).toThrow(NotProactive);
  });

  const input = (overrides: Record<string, ReturnType<typeof found>> = {}) => ({
    application: { childIin },
    applicant: { iin: MOTHER },
    asOf: '2025-03-11',
    evidence: { birth: found(birth(childIin, '2025-03-10')), person: found(person(MOTHER)), bank: found(bank(MOTHER)), ...overrides },
  });
  const cases: [string, Record<string, ReturnType<typeof found>>, boolean][] = [
    ['all pre-checks pass', {}, true],
    ['the mother is recorded deceased', { person: found(person(MOTHER, { deceased: true })) }, false],
    ['no birth record', { birth: notFound() }, false],
    ['population register down: offer anyway, the case re-checks', { person: unavailable() }, true],
  ];
  it.each(cases)('%s → offer %s', (_name, overrides, offer) => {
    expect(precheckOffer(birthAllowanceV3, input(overrides)).offer).toBe(offer);
  });

  it('estimates the amount for the offer text', () => {
    expect(precheckOffer(birthAllowanceV3, input()).estimatedAmount).toBe(149_416);
    expect(precheckOffer(birthAllowanceV3, input()).rules.map((r) => r.id)).toEqual(['BA-01', 'BA-02', 'BA-04']);
    expect(childcareAllowanceV2.proactive?.trigger).toBe('BIRTH_REGISTERED');
  });
});
