import { describe, expect, it } from 'vitest';
import { checkIdentifier, type IdentifierRule } from './identifier.ts';

type Row = [name: string, input: unknown, rule: IdentifierRule, code: string | null, at?: number];

const rows: Row[] = [
  ['uuid client request id', '3f1c9a2e-7b4d-4c1e-9f0a-2b6d8e4c1a7f', {}, null],
  ['channel', 'sms', { maxLength: 32 }, null],
  ['answer key', 'bank.iban', {}, null],
  ['event id with colon', 'civil-registry:birth:2026-11-30:0007', {}, null],
  ['not a string', 7, {}, 'NOT_A_STRING'],
  ['empty', '', {}, 'EMPTY'],
  ['too long', 'a'.repeat(129), {}, 'TOO_LONG'],
  ['1 MB', 'a'.repeat(1 << 20), {}, 'TOO_LONG'],
  ['custom limit', 'sms-gateway-1', { maxLength: 8 }, 'TOO_LONG'],
  ['space', 'abc def', {}, 'INVALID_IDENTIFIER', 3],
  ['leading space (not trimmed)', ' abc', {}, 'INVALID_IDENTIFIER', 0],
  ['leading dash', '-abc', {}, 'INVALID_IDENTIFIER', 0],
  ['NUL', 'abc\u0000', {}, 'INVALID_IDENTIFIER', 3],
  ['lone surrogate', 'ab\uD800', {}, 'INVALID_IDENTIFIER', 2],
  ['Cyrillic look-alike а', 'smа', {}, 'INVALID_IDENTIFIER', 2],
  ['RTL override', 'id\u202Etxt', {}, 'INVALID_IDENTIFIER', 2],
  ['slash', 'a/b', {}, 'INVALID_IDENTIFIER', 1],
  ['SQL', "a';--", {}, 'INVALID_IDENTIFIER', 1],
  ['an IIN inside an event id', 'birth-900101300123-1', { noIin: true }, 'LOOKS_LIKE_IIN', 6],
  ['11 digits are not an IIN', 'birth-90010130012', { noIin: true }, null],
];

describe('checkIdentifier', () => {
  it.each(rows)('%s', (_name, input, rule, code, at) => {
    const r = checkIdentifier('eventId', input, rule);
    if (code === null) {
      expect(r).toEqual({ ok: true, value: input });
      return;
    }
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ field: 'eventId', code });
    if (at !== undefined) expect(r.problem.at).toBe(at);
    expect(r.problem.message).not.toMatch(/[\u0000\u202E\uD800]/);
  });
});
