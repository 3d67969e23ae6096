/**
 * Who pays a granted benefit (DOMAIN.md: the State Corporation «Government for Citizens» pays budget
 * allowances, the State Social Insurance Fund social payments). The childcare service has both
 * tiers: the insured parent's social payment (the Fund) and the state allowance (the budget),
 * told apart by the evaluation's `insured` value; a version without it (v1) granted only the
 * social payment.
 */
import type { Payer } from '../lib/payer/vocabulary.ts';

const BY_SERVICE: Record<string, Payer | 'BY_TIER'> = {
  'birth-allowance': 'STATE_CORPORATION',
  'large-family-allowance': 'STATE_CORPORATION',
  'job-loss-payment': 'SOCIAL_INSURANCE_FUND',
  'childcare-allowance': 'BY_TIER',
};

export function payerOf(serviceCode: string, derived: { name: string; value: unknown }[]): Payer | null {
  const payer = BY_SERVICE[serviceCode];
  if (payer !== 'BY_TIER') return payer ?? null;
  const insured = derived.find((d) => d.name === 'insured')?.value;
  return insured === false ? 'STATE_CORPORATION' : 'SOCIAL_INSURANCE_FUND';
}
