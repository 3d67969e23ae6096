import { describe, expect, it } from 'vitest';
import { payerOf } from './payers.ts';

describe('payerOf', () => {
  it('budget allowances go to the State Corporation, social payments to the Fund', () => {
    expect(payerOf('birth-allowance', [])).toBe('STATE_CORPORATION');
    expect(payerOf('large-family-allowance', [])).toBe('STATE_CORPORATION');
    expect(payerOf('job-loss-payment', [])).toBe('SOCIAL_INSURANCE_FUND');
  });
  it('childcare by its tier: insured → the Fund, uninsured → the budget', () => {
    expect(payerOf('childcare-allowance', [{ name: 'insured', value: true }])).toBe('SOCIAL_INSURANCE_FUND');
    expect(payerOf('childcare-allowance', [{ name: 'insured', value: false }])).toBe('STATE_CORPORATION');
  });
  it('an unknown service has no payer', () => {
    expect(payerOf('no-such-service', [])).toBeNull();
  });
});
