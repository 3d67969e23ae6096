import { describe, expect, it } from 'vitest';
import { checkKzIban } from './iban.ts';

describe('checkKzIban', () => {
  /** A real-looking KZ IBAN whose check digits (86) were computed by ISO 7064 mod 97. */
  const valid = 'KZ86125KZT5004100100';

  it('accepts a KZ IBAN with its check digits, normalising spaces and case', () => {
    expect(checkKzIban('iban', valid)).toEqual({ ok: true, value: valid });
    const spaced = valid.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
    expect(checkKzIban('iban', spaced)).toEqual({ ok: true, value: valid });
  });

  it('refuses a mistyped character by the mod-97 check', () => {
    const typo = valid.slice(0, 10) + (valid[10] === '0' ? '1' : '0') + valid.slice(11);
    expect(checkKzIban('answers.iban', typo)).toMatchObject({ ok: false, problem: { field: 'answers.iban', code: 'IBAN_CHECKSUM' } });
  });

  it.each([
    ['another country', 'DE89370400440532013000'],
    ['too short', 'KZ86125KZT500410010'],
    ['a letter in the bank code', 'KZ86A25KZT5004100100'],
    ['not a string', 42],
    ['very long text', 'KZ'.repeat(100)],
  ])('refuses %s', (_name, value) => {
    const r = checkKzIban('iban', value);
    expect(r.ok).toBe(false);
  });
});
