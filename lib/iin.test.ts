import { describe, expect, it } from 'vitest';
import { computeCheckDigit, iinDigest, isValidIin, makeIin, maskIin, parseIin } from './iin.ts';

// Check digits below were worked out by hand / with an independent script, e.g.
// 85010530012·: 8·1+5·2+0·3+1·4+0·5+5·6+3·7+0·8+0·9+1·10+2·11 = 105 ≡ 6 (mod 11).
// 01010160001·: first pass 65 ≡ 10, second pass (weights 3..11,1,2) 74 ≡ 8.
describe('parseIin: valid numbers', () => {
  it.each([
    { iin: '850105300126', birthDate: '1985-01-05', sex: 'M', century: 1900, pass: 'first' },
    { iin: '901225401237', birthDate: '1990-12-25', sex: 'F', century: 1900, pass: 'first' },
    { iin: '000229504566', birthDate: '2000-02-29', sex: 'M', century: 2000, pass: 'first (leap day in 2000)' },
    { iin: '950712356787', birthDate: '1995-07-12', sex: 'M', century: 1900, pass: 'first' },
    { iin: '780302400118', birthDate: '1978-03-02', sex: 'F', century: 1900, pass: 'first' },
    { iin: '190528600057', birthDate: '2019-05-28', sex: 'F', century: 2000, pass: 'first' },
    { iin: '010101600018', birthDate: '2001-01-01', sex: 'F', century: 2000, pass: 'second' },
    { iin: '850105300804', birthDate: '1985-01-05', sex: 'M', century: 1900, pass: 'second' },
    { iin: '080315600704', birthDate: '2008-03-15', sex: 'F', century: 2000, pass: 'second' },
  ])('$iin → $birthDate $sex ($pass pass)', ({ iin, birthDate, sex, century }) => {
    expect(parseIin(iin)).toEqual({ ok: true, iin, birthDate, sex, century });
    expect(isValidIin(iin)).toBe(true);
  });

  it('maps century digits 1/2 to the 1800s', () => {
    const iin = makeIin('1899-12-31', 'F', 17);
    expect(iin[6]).toBe('2');
    expect(parseIin(iin)).toMatchObject({ ok: true, birthDate: '1899-12-31', century: 1800, sex: 'F' });
  });
});

describe('parseIin: invalid numbers', () => {
  it.each([
    { input: '85010530012', reason: 'FORMAT', why: '11 digits' },
    { input: '8501053001266', reason: 'FORMAT', why: '13 digits' },
    { input: '85010530012a', reason: 'FORMAT', why: 'a letter' },
    { input: ' 850105300126', reason: 'FORMAT', why: 'leading space is not trimmed' },
    { input: '８５０１０５３００１２６', reason: 'FORMAT', why: 'full-width digits' },
    { input: 850105300126, reason: 'FORMAT', why: 'a number, not a string' },
    { input: null, reason: 'FORMAT', why: 'null' },
    { input: '850105000126', reason: 'CENTURY', why: 'century digit 0' },
    { input: '850105700126', reason: 'CENTURY', why: 'century digit 7' },
    { input: '850105800126', reason: 'CENTURY', why: 'century digit 8' },
    { input: '850105900126', reason: 'CENTURY', why: 'century digit 9' },
    { input: '850230300126', reason: 'DATE', why: 'February 30' },
    { input: '850229300126', reason: 'DATE', why: 'February 29 in 1985' },
    { input: '000229300126', reason: 'DATE', why: 'February 29 in 1900 (not a leap year)' },
    { input: '851305300126', reason: 'DATE', why: 'month 13' },
    { input: '850100300126', reason: 'DATE', why: 'day 0' },
    { input: '850431300126', reason: 'DATE', why: 'April 31' },
    { input: '850105300127', reason: 'CHECKSUM', why: 'check digit off by one' },
    { input: '850105301026', reason: 'CHECKSUM', why: 'two serial digits swapped' },
    { input: '010101600010', reason: 'CHECKSUM', why: 'first-pass result used where the second pass applies' },
    { input: '850105300830', reason: 'CHECKSUM', why: 'both passes give 10 (never issued)' },
  ])('$why → $reason', ({ input, reason }) => {
    const result = parseIin(input);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok ? '' : result.message).not.toBe('');
    expect(isValidIin(input)).toBe(false);
  });
});

describe('computeCheckDigit', () => {
  it('returns null when both passes give 10', () => {
    expect(computeCheckDigit('85010530083')).toBeNull();
    expect(computeCheckDigit('08031560073')).toBeNull();
  });

  it('rejects anything but 11 digits', () => {
    expect(() => computeCheckDigit('123')).toThrow(RangeError);
  });
});

describe('makeIin', () => {
  it.each([
    ['1985-01-05', 'M', 12, '850105300126'],
    ['2001-01-01', 'F', 1, '010101600018'],
    ['2008-03-15', 'F', 70, '080315600704'],
  ] as const)('%s %s serial %i → %s', (birthDate, sex, serial, expected) => {
    expect(makeIin(birthDate, sex, serial)).toBe(expected);
  });

  it('round-trips through parseIin for every century and sex', () => {
    for (const birthDate of ['1850-06-01', '1969-12-31', '2024-02-29']) {
      for (const sex of ['M', 'F'] as const) {
        for (let serial = 0; serial < 200; serial++) {
          const iin = makeIin(birthDate, sex, serial, { onUnissuable: 'next' });
          expect(parseIin(iin)).toMatchObject({ ok: true, birthDate, sex });
        }
      }
    }
  });

  it('throws on an unissuable serial by default, and skips to the next serial on request', () => {
    expect(() => makeIin('1985-01-05', 'M', 83)).toThrow(/unissuable/);
    expect(makeIin('1985-01-05', 'M', 83, { onUnissuable: 'next' })).toBe(makeIin('1985-01-05', 'M', 84));
  });

  it.each([
    ['1985-02-30', 'M', 1],
    ['85-01-05', 'M', 1],
    ['1799-12-31', 'M', 1],
    ['2100-01-01', 'F', 1],
    ['1985-01-05', 'M', 10000],
    ['1985-01-05', 'M', -1],
    ['1985-01-05', 'M', 1.5],
  ] as const)('rejects %s %s serial %s', (birthDate, sex, serial) => {
    expect(() => makeIin(birthDate, sex, serial)).toThrow(RangeError);
  });
});

describe('maskIin', () => {
  it('keeps birth year, month and the last two digits', () => {
    expect(maskIin('850105300126')).toBe('8501******26');
  });

  it('masks malformed input entirely instead of echoing it', () => {
    expect(maskIin('85010530012')).toBe('***********');
    expect(maskIin('hello')).not.toContain('h');
  });
});

describe('iinDigest', () => {
  it('is stable, 64 hex characters and does not contain the IIN', () => {
    const digest = iinDigest('850105300126');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(iinDigest('850105300126')).toBe(digest);
    expect(digest).not.toContain('850105300126');
  });

  it('differs between IINs and between salts', () => {
    const a = iinDigest('850105300126');
    expect(iinDigest('901225401237')).not.toBe(a);
    expect(iinDigest('850105300126', 'secret-1')).not.toBe(a);
    expect(iinDigest('850105300126', 'secret-1')).not.toBe(iinDigest('850105300126', 'secret-2'));
    expect(iinDigest('850105300126', 'secret-1')).toBe(iinDigest('850105300126', 'secret-1'));
  });
});
