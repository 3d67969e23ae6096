/**
 * The decision SMS: a refusal lists its grounds' texts in the citizen's language (never an empty
 * «Причина: .»), and an automatic decision says so and how to ask for a review by an officer —
 * within the SMS budget.
 */
import { describe, expect, it } from 'vitest';
import { PRELIMINARY_AUTOMATIC_NOTICE, PRELIMINARY_REFUSAL_TEMPLATE } from '../activities/hearing-notice.ts';
import { AUTOMATIC_DECISION_NOTICE, refusalReasons } from '../activities/notifications.ts';
import type { DecisionGround } from '../activities/decision-record.ts';
import { catalog } from '../services/catalog/index.ts';
import { renderNotification, renderTemplate } from '../services/notifications.ts';
import { smsSegments } from '../services/offer-sms.ts';

/** A decision SMS stays within six segments (402 Cyrillic characters). */
const DECISION_SMS_MAX_SEGMENTS = 6;

const groundsOf = (code: string): DecisionGround[] =>
  catalog.flatMap((d) => d.refusalGrounds ?? []).filter((g) => g.code === code).slice(0, 1).map((g) => ({ code: g.code, text: g.text, legalBasis: g.legalBasis }));

describe('the refusal SMS', () => {
  const def = catalog.find((d) => d.code === 'birth-allowance')!;
  const grounds = groundsOf('NOT_PARENT_OF_CHILD');

  it.each(['kk', 'ru'] as const)('lists the grounds in %s, says an automatic decision was automatic, and fits the budget', (lang) => {
    const reasons = refusalReasons(lang, grounds, ['ignored: the grounds are signed']);
    expect(reasons).toBe(grounds[0]!.text[lang]);
    const { text, missing } = renderNotification(def, 'denied', lang, { caseId: 'case-0123456789abcdef', reasons });
    expect(missing).toEqual([]);
    const sms = `${text} ${AUTOMATIC_DECISION_NOTICE[lang]}`;
    expect(sms).toContain(grounds[0]!.text[lang]);
    expect(sms).not.toMatch(/: \./);
    expect(sms).toContain('egov.kz');
    expect(smsSegments(sms)).toBeLessThanOrEqual(DECISION_SMS_MAX_SEGMENTS);
  });

  it('falls back to the failed rules’ texts for records signed without grounds', () => {
    expect(refusalReasons('ru', [], ['first', 'second'])).toBe('first; second');
  });

  it('names the review an automatic decision can ask for, in every language', () => {
    expect(AUTOMATIC_DECISION_NOTICE.kk).toMatch(/автоматты/);
    expect(AUTOMATIC_DECISION_NOTICE.ru).toMatch(/автоматически.*специалистом/);
    expect(AUTOMATIC_DECISION_NOTICE.en).toMatch(/automatically.*officer/);
  });
});

describe('the preliminary-refusal SMS', () => {
  const def = catalog.find((d) => d.code === 'birth-allowance')!;
  const grounds = groundsOf('NOT_PARENT_OF_CHILD');

  it.each(['kk', 'ru', 'en'] as const)('in %s: the grounds, how to object and until when, that it was automatic — within the budget', (lang) => {
    const values = { serviceTitle: def.title[lang], caseId: 'case-0123456789abcdef', reasons: refusalReasons(lang, grounds, []), deadline: '30.03.2026 24:00' };
    const { text, missing } = renderTemplate(PRELIMINARY_REFUSAL_TEMPLATE[lang], values);
    expect(missing).toEqual([]);
    const sms = `${text} ${PRELIMINARY_AUTOMATIC_NOTICE[lang]}`;
    expect(sms).toContain(grounds[0]!.text[lang]);
    expect(sms).toContain('egov.kz');
    expect(sms).toContain('30.03.2026 24:00');
    expect(smsSegments(sms)).toBeLessThanOrEqual(DECISION_SMS_MAX_SEGMENTS);
  });
});
