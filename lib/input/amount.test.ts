import { describe, expect, it } from 'vitest';
import { checkAmount, MAX_AMOUNT } from './amount.ts';

describe('checkAmount', () => {
  it.each([
    [0, 0],
    [-0, 0],
    [0.01, 1],
    [0.1, 10],
    [85_000, 8_500_000],
    [123.45, 12_345],
    [MAX_AMOUNT, 99_999_999_999_999],
    ['1500.50', 150_050],
    ['0007', 700],
  ])('accepts %j (%i tiyn)', (input, minorUnits) => {
    const r = checkAmount('amount', input);
    expect(r).toEqual({ ok: true, value: { amount: minorUnits / 100, minorUnits } });
  });

  it.each([
    [0.005, 'TOO_MANY_DECIMALS'],
    [0.1 + 0.2, 'TOO_MANY_DECIMALS'],
    [1e-7, 'TOO_MANY_DECIMALS'],
    ['0.005', 'TOO_MANY_DECIMALS'],
    [-1, 'NEGATIVE'],
    [-0.01, 'NEGATIVE'],
    ['-5', 'NEGATIVE'],
    [1e12, 'TOO_LARGE'],
    [999_999_999_999.991, 'TOO_LARGE'],
    [1234.567, 'TOO_MANY_DECIMALS'],
    [1_000_000_000_000, 'TOO_LARGE'],
    ['1000000000000', 'TOO_LARGE'],
    [1e21, 'TOO_LARGE'],
    [Number.NaN, 'NOT_A_NUMBER'],
    [Number.POSITIVE_INFINITY, 'NOT_A_NUMBER'],
    ['12,5', 'NOT_A_NUMBER'],
    ['1e3', 'NOT_A_NUMBER'],
    ['', 'NOT_A_NUMBER'],
    [' 5', 'NOT_A_NUMBER'],
    [null, 'NOT_A_NUMBER'],
    [{ amount: 5 }, 'NOT_A_NUMBER'],
    [true, 'NOT_A_NUMBER'],
  ])('refuses %j as %s', (input, code) => {
    const r = checkAmount('amount', input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ field: 'amount', code });
  });

  it('honours a lower maximum (e.g. a four-eyes threshold)', () => {
    expect(checkAmount('amount', 500_000, { max: 500_000 }).ok).toBe(true);
    const r = checkAmount('amount', 500_000.01, { max: 500_000 });
    expect(r.ok || r.problem.code).toBe('TOO_LARGE');
  });
});
