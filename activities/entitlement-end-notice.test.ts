import { describe, expect, it } from 'vitest';
import { formatKzt } from '../services/notifications.ts';
import { renderEntitlementEndSms } from './entitlement-end-notice.ts';

const values = { caseId: 'c123', serviceTitle: 'T', paidPeriods: 17, total: 1_234_567.5, lastPeriod: '2028-05' };

describe('the final notification of an entitlement', () => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    it(`${lang}: says the payment is over, with the periods and the total, and the last period when ended`, () => {
      const completed = renderEntitlementEndSms('COMPLETED', lang, values);
      const ended = renderEntitlementEndSms('ENDED', lang, values);
      for (const text of [completed, ended]) {
        expect(text).toContain('c123 (T)');
        expect(text).toContain(' 17 ');
        expect(text).toContain(formatKzt(1_234_567.5, lang));
      }
      expect(ended).toContain('2028-05');
      expect(completed).not.toEqual(ended);
      expect(renderEntitlementEndSms('ENDED', lang, { ...values, lastPeriod: null })).not.toContain('null');
    });
  }
});
