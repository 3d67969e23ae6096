/**
 * Kazakhstan IIN (individual identification number): 12 digits.
 *   1–6  birth date YYMMDD
 *   7    century and sex: 1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s; odd = male, even = female
 *   8–11 serial
 *   12   check digit (the same scheme serves BINs, the legal-entity numbers)
 */
import { createHash, createHmac } from 'node:crypto';

export type IinSex = 'M' | 'F';
export type IinCentury = 1800 | 1900 | 2000;

export type IinParseResult =
  | { ok: true; iin: string; birthDate: string; sex: IinSex; century: IinCentury }
  | { ok: false; reason: 'FORMAT' | 'CHECKSUM' | 'DATE' | 'CENTURY'; message: string };

const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

const CENTURY_BY_DIGIT: Record<string, IinCentury> = { '1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000 };

/**
 * The check digit for the first 11 digits of an IIN or BIN, or null when no valid number can end
 * them (both weighted sums give 10): such numbers are never issued.
 */
export function computeCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) throw new RangeError(`expected 11 digits, got "${first11}"`);
  const digits = [...first11].map(Number);
  const weighted = (weights: readonly number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  const first = weighted(FIRST_PASS_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_PASS_WEIGHTS);
  return second === 10 ? null : second;
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; Date.UTC handles leap years (1900 no, 2000 yes).
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= lastDay;
}

/**
 * Strict: exactly 12 ASCII digits, no trimming — callers that accept user input trim first, so a
 * stray space never becomes a different person's number.
 */
export function parseIin(input: unknown): IinParseResult {
  if (typeof input !== 'string' || !/^\d{12}$/.test(input)) {
    return { ok: false, reason: 'FORMAT', message: 'an IIN is exactly 12 digits' };
  }
  const centuryDigit = input[6]!;
  const century = CENTURY_BY_DIGIT[centuryDigit];
  if (century === undefined) {
    return { ok: false, reason: 'CENTURY', message: `digit 7 must be 1–6 (century and sex), got ${centuryDigit}` };
  }
  const year = century + Number(input.slice(0, 2));
  const month = Number(input.slice(2, 4));
  const day = Number(input.slice(4, 6));
  if (!isValidCalendarDate(year, month, day)) {
    return { ok: false, reason: 'DATE', message: `digits 1–6 are not a calendar date (${year}-${input.slice(2, 4)}-${input.slice(4, 6)})` };
  }
  const expected = computeCheckDigit(input.slice(0, 11));
  if (expected === null || expected !== Number(input[11])) {
    return {
      ok: false,
      reason: 'CHECKSUM',
      message: expected === null ? 'the first 11 digits admit no check digit (never issued)' : 'check digit does not match',
    };
  }
  return {
    ok: true,
    iin: input,
    birthDate: `${year}-${input.slice(2, 4)}-${input.slice(4, 6)}`,
    sex: Number(centuryDigit) % 2 === 1 ? 'M' : 'F',
    century,
  };
}

export function isValidIin(input: unknown): input is string {
  return parseIin(input).ok;
}

export interface MakeIinOptions {
  /**
   * What to do when the serial gives 11 digits that admit no check digit (about 1 in 121):
   * 'throw' (default) raises a RangeError; 'next' tries the following serials, so generators can
   * ask for "serial n or the next issuable one".
   */
  onUnissuable?: 'throw' | 'next';
}

/** Builds the IIN for a birth date (YYYY-MM-DD, 1800–2099), sex and serial (0–9999). */
export function makeIin(birthDate: string, sex: IinSex, serial: number, options: MakeIinOptions = {}): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) throw new RangeError(`birth date must be YYYY-MM-DD, got "${birthDate}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidCalendarDate(year, month, day)) throw new RangeError(`not a calendar date: ${birthDate}`);
  if (year < 1800 || year > 2099) throw new RangeError(`IINs cover births in 1800–2099, got ${year}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) throw new RangeError(`serial must be an integer 0–9999, got ${serial}`);
  const centuryIndex = Math.floor(year / 100) - 18; // 0, 1, 2
  const centuryDigit = centuryIndex * 2 + (sex === 'M' ? 1 : 2);
  const prefix = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${centuryDigit}`;
  for (let s = serial; s <= 9999; s++) {
    const first11 = prefix + String(s).padStart(4, '0');
    const check = computeCheckDigit(first11);
    if (check !== null) return first11 + check;
    if (options.onUnissuable !== 'next') {
      throw new RangeError(`serial ${serial} gives an unissuable IIN for ${birthDate}/${sex}`);
    }
  }
  throw new RangeError(`no issuable serial at or after ${serial} for ${birthDate}/${sex}`);
}

/** For logs: keeps the birth year and month and the last two digits, e.g. 8501******23. */
export function maskIin(iin: string): string {
  if (!/^\d{12}$/.test(iin)) return '*'.repeat(Math.min(iin.length, 12));
  return `${iin.slice(0, 4)}******${iin.slice(10)}`;
}

/**
 * A stable pseudonym (64 hex) for an IIN, for places that must not hold the number itself, such
 * as Temporal search attributes. Without a secret salt it only hides the number from a casual
 * reader: IINs are few enough (~10⁸ plausible) to brute-force an unkeyed hash, so deployments
 * pass a secret salt, which makes it an HMAC.
 */
export function iinDigest(iin: string, salt?: string): string {
  if (salt !== undefined && salt !== '') return createHmac('sha256', salt).update(iin, 'utf8').digest('hex');
  return createHash('sha256').update(`qyzmet:iin:${iin}`, 'utf8').digest('hex');
}
