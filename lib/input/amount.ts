/**
 * The money rule: an amount in tenge as the `Decimal(14,2)` columns store it.
 *
 *   checkAmount(field, value, { max? }) → Checked<{ amount: number; minorUnits: number }>
 *
 * A finite number (or a plain decimal string, for clients that avoid binary floats), ≥ 0, with at
 * most two decimals and at most 999 999 999 999.99. Nothing is rounded: 0.005 is refused as
 * TOO_MANY_DECIMALS rather than becoming 0.01, because a signed decision must carry exactly the
 * amount the database stores. The decimals are counted on the number's shortest round-trip form
 * (what JSON carried), so 0.1 passes and 0.30000000000000004 does not. `minorUnits` is the exact
 * amount in tiyn (hundredths), an integer well inside 2^53.
 */
import { accept, refuse, type Checked } from './problems.ts';

/** The largest value a Decimal(14,2) column holds. */
export const MAX_AMOUNT = 999_999_999_999.99;
const MAX_MINOR_UNITS = 99_999_999_999_999;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export interface Amount {
  amount: number;
  /** Hundredths of a tenge (tiyn). */
  minorUnits: number;
}

export function checkAmount(field: string, value: unknown, rule: { max?: number } = {}): Checked<Amount> {
  const max = rule.max ?? MAX_AMOUNT;
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return refuse(field, 'NOT_A_NUMBER', `${field} must be a finite number`);
    if (value < 0) return refuse(field, 'NEGATIVE', `${field} must not be negative`);
    if (value > max) return refuse(field, 'TOO_LARGE', `${field} must be at most ${max}`);
    text = String(value === 0 ? 0 : value); // -0 → "0"
  } else if (typeof value === 'string' && value.length <= 32) {
    text = value;
    if (/^-\d/.test(text)) return refuse(field, 'NEGATIVE', `${field} must not be negative`);
  } else {
    return refuse(field, 'NOT_A_NUMBER', `${field} must be a number`);
  }
  // String(1e-7) is "1e-7": exponent forms only arise for values with too many decimals (or
  // values above the maximum, refused already).
  const m = DECIMAL.exec(text);
  if (!m) {
    return /^\d+(\.\d+)?e-\d+$/i.test(text)
      ? refuse(field, 'TOO_MANY_DECIMALS', `${field} may have at most two decimals`)
      : refuse(field, 'NOT_A_NUMBER', `${field} must be a plain decimal number`);
  }
  const [, whole, fraction = ''] = m;
  if (fraction.length > 2) return refuse(field, 'TOO_MANY_DECIMALS', `${field} may have at most two decimals`);
  if (whole!.replace(/^0+(?=\d)/, '').length > 12) return refuse(field, 'TOO_LARGE', `${field} must be at most ${max}`);
  const minorUnits = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (minorUnits > Math.min(MAX_MINOR_UNITS, Math.round(max * 100))) return refuse(field, 'TOO_LARGE', `${field} must be at most ${max}`);
  return accept({ amount: minorUnits / 100, minorUnits });
}
