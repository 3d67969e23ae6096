import { describe, expect, it } from 'vitest';
import { renderRecheckSms } from './recheck-sms.ts';

describe('re-check SMS', () => {
  const values = { caseId: 'c1', serviceTitle: 'Large-family allowance', reasons: '4 children count on 2026-12-31', until: '2026-12-08T19:00:00Z', amount: 69_329.75 };
  it.each(['kk', 'ru', 'en'] as const)('the preliminary decision in %s names the grounds, the new amount, the deadline and that it was automatic', (lang) => {
    const text = renderRecheckSms('preliminary', lang, values);
    expect(text).toContain('4 children count');
    expect(text).toMatch(/69[\s\u00a0,]?329/);
    expect(text).toContain('egov.kz');
    expect(text).toMatch(/автомат|automatically/);
  });
  it('an end says the payment ends', () => {
    expect(renderRecheckSms('preliminary', 'en', { ...values, amount: null })).toContain('to end the payment');
    expect(renderRecheckSms('ended', 'ru', { ...values, amount: null })).toContain('выплата прекращена');
  });
});
