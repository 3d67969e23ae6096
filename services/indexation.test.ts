import { describe, expect, it } from 'vitest';
import { childcareAllowanceV4, jobLossPaymentV4 } from './catalog/index.ts';
import { MCI } from './catalog/common.ts';
import type { ServiceDefinition } from './definition.ts';
import { amountReadsMci, indexedPeriodAmount, mciOn } from './indexation.ts';

/** A later version of the childcare allowance with a hypothetical 2027 MCI — a fixture, not law. */
const withMci2027 = (value: number): ServiceDefinition => ({
  ...childcareAllowanceV4,
  version: 99,
  parameters: childcareAllowanceV4.parameters.map((p) => (p.name === 'mci' ? { ...p, values: [...MCI.values, { from: '2027-01-01', to: '2027-12-31', value, verified: false }] } : p)),
});

/** What the stored evaluation of an uninsured mother of a 2nd child born in 2025 holds. */
const evaluation = {
  params: { mci: 3932, mzp: 85000, replacementRate: 0.4, incomeCapMzp: 7 },
  derived: [
    { name: 'insured', value: false, status: 'OK' as const, cause: null },
    { name: 'averageIncome', value: 0, status: 'OK' as const, cause: null },
    { name: 'stateAllowanceMci', value: 6.81, status: 'OK' as const, cause: null },
    { name: 'paymentMonths', value: 18, status: 'OK' as const, cause: null },
  ],
  legalFactDate: '2025-09-10',
  asOf: '2026-03-16',
};
const decidedAmount = 26776.92; // 6.81 × 3 932

describe('indexation of a benefit defined in MCI', () => {
  it('pays each period at the MCI of its year, by the multiplier that decided', () => {
    const at = (onDate: string) => indexedPeriodAmount({ decided: childcareAllowanceV4, later: [], evaluation, decidedAmount, onDate });
    expect(at('2025-12-01')).toMatchObject({ value: 26776.92, indexation: { status: 'INDEXED', year: 2025, value: 3932 } });
    expect(at('2026-01-01')).toMatchObject({ value: 29453.25, indexation: { status: 'INDEXED', year: 2026, value: 4325, from: '2026-01-01', verified: true } });
    expect(at('2026-01-01')!.indexation.source!.citation).toMatch(/239-VIII/);
  });

  it('never invents an MCI: a year the catalog lacks is paid at the last one in force, PROVISIONAL', () => {
    const r = indexedPeriodAmount({ decided: childcareAllowanceV4, later: [], evaluation, decidedAmount, onDate: '2027-02-01' });
    expect(r).toMatchObject({ value: 29453.25, indexation: { status: 'PROVISIONAL', year: 2026, value: 4325 } });
    expect(r!.indexation.note).toMatch(/no MCI in force on 2027-02-01/);
  });

  it('a later version that carries the year indexes it (fixture MCI)', () => {
    const r = indexedPeriodAmount({ decided: childcareAllowanceV4, later: [withMci2027(4600)], evaluation, decidedAmount, onDate: '2027-02-01' });
    expect(r).toMatchObject({ value: 31326, indexation: { status: 'INDEXED', year: 2027, value: 4600, serviceVersion: 99 } });
    expect(mciOn([childcareAllowanceV4], '2023-06-01')).toBeNull();
  });

  it('leaves an amount the formula does not give back, and a benefit not defined in MCI, as decided', () => {
    expect(indexedPeriodAmount({ decided: childcareAllowanceV4, later: [], evaluation, decidedAmount: 30000, onDate: '2026-01-01' })).toBeNull();
    expect(amountReadsMci(jobLossPaymentV4)).toBe(false);
    expect(amountReadsMci(childcareAllowanceV4)).toBe(true);
  });
});
