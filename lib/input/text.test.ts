import { describe, expect, it } from 'vitest';
import { collectProblems } from './problems.ts';
import { checkText, FREE_TEXT, PERSON_NAME, SHORT_TEXT, utf8ByteLength, type TextRule } from './text.ts';

const MB = 'a'.repeat(1024 * 1024);
const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';

type Row = [name: string, rule: TextRule, input: unknown, expected: string | { code: string; at?: number }];

const rows: Row[] = [
  // accepted, cleaned
  ['plain Kazakh', FREE_TEXT, 'Құжат тапсырылды', 'Құжат тапсырылды'],
  ['trimmed', SHORT_TEXT, '  Айгүл  ', 'Айгүл'],
  ['NFC: decomposed й composed', PERSON_NAME, 'и\u0306', 'й'],
  ['multi-line keeps LF and TAB', FREE_TEXT, 'line 1\n\tline 2', 'line 1\n\tline 2'],
  ['CRLF read as LF', FREE_TEXT, 'a\r\nb', 'a\nb'],
  ['SQL is only text', SHORT_TEXT, "x'); DROP TABLE cases; --", "x'); DROP TABLE cases; --"],
  ['CEL is only text', FREE_TEXT, 'double(applicant.iin) > 0 && evidence.person.lastName.startsWith("A")', 'double(applicant.iin) > 0 && evidence.person.lastName.startsWith("A")'],
  ['emoji without joiner', FREE_TEXT, 'рахмет 👍', 'рахмет 👍'],
  ['ZWJ inside an emoji sequence, free text', FREE_TEXT, `отбасы ${family}`, `отбасы ${family}`],
  ['ZWJ after VS16 emoji', FREE_TEXT, '\u2764\uFE0F\u200D\u{1F525}', '\u2764\uFE0F\u200D\u{1F525}'],
  ['non-breaking space inside', SHORT_TEXT, 'Нұр\u00A0Сұлтан', 'Нұр\u00A0Сұлтан'],
  ['empty allowed when the rule says so', { ...SHORT_TEXT, allowEmpty: true }, '   ', ''],

  // refused
  ['not a string', FREE_TEXT, 42, { code: 'NOT_A_STRING' }],
  ['null', FREE_TEXT, null, { code: 'NOT_A_STRING' }],
  ['empty after trim', SHORT_TEXT, ' \t'.replace('\t', ' '), { code: 'EMPTY' }],
  ['NUL', FREE_TEXT, 'abc\u0000def', { code: 'CONTROL_CHARACTER', at: 3 }],
  ['TAB in single-line', SHORT_TEXT, 'a\tb', { code: 'CONTROL_CHARACTER', at: 1 }],
  ['LF in single-line', SHORT_TEXT, 'a\nb', { code: 'CONTROL_CHARACTER', at: 1 }],
  ['lone CR', FREE_TEXT, 'a\rb', { code: 'CONTROL_CHARACTER', at: 1 }],
  ['DEL', FREE_TEXT, 'a\u007F', { code: 'CONTROL_CHARACTER', at: 1 }],
  ['C1 NEL', FREE_TEXT, 'a\u0085b', { code: 'CONTROL_CHARACTER', at: 1 }],
  ['escape sequence', FREE_TEXT, '\u001b[31mred', { code: 'CONTROL_CHARACTER', at: 0 }],
  ['line separator', FREE_TEXT, 'a\u2028b', { code: 'CONTROL_CHARACTER', at: 1 }],
  ['lone high surrogate', FREE_TEXT, 'ab\uD800', { code: 'MALFORMED_UNICODE', at: 2 }],
  ['lone low surrogate', SHORT_TEXT, '\uDC00x', { code: 'MALFORMED_UNICODE', at: 0 }],
  ['reversed surrogate pair', FREE_TEXT, '\uDE00\uD83D', { code: 'MALFORMED_UNICODE', at: 0 }],
  ['noncharacter U+FFFE', FREE_TEXT, 'a\uFFFE', { code: 'MALFORMED_UNICODE', at: 1 }],
  ['RTL override', FREE_TEXT, 'сумма 100\u202E000', { code: 'BIDI_CONTROL', at: 9 }],
  ['LTR embedding', FREE_TEXT, '\u202Ax', { code: 'BIDI_CONTROL', at: 0 }],
  ['RTL isolate', SHORT_TEXT, 'a\u2067b\u2069', { code: 'BIDI_CONTROL', at: 1 }],
  ['right-to-left mark', SHORT_TEXT, 'a\u200Fb', { code: 'BIDI_CONTROL', at: 1 }],
  ['zero-width space', PERSON_NAME, 'Ай\u200Bгүл', { code: 'INVISIBLE_CHARACTER', at: 2 }],
  ['ZWJ inside a name', PERSON_NAME, 'Ай\u200Dгүл', { code: 'INVISIBLE_CHARACTER', at: 2 }],
  ['ZWNJ inside a name', PERSON_NAME, 'Ай\u200Cгүл', { code: 'INVISIBLE_CHARACTER', at: 2 }],
  ['emoji ZWJ sequence in a name', PERSON_NAME, family, { code: 'INVISIBLE_CHARACTER', at: 1 }],
  ['ZWJ between letters in free text', FREE_TEXT, 'a\u200Db', { code: 'INVISIBLE_CHARACTER', at: 1 }],
  ['ZWJ after an emoji, before a letter', FREE_TEXT, '\u{1F468}\u200Dx', { code: 'INVISIBLE_CHARACTER', at: 1 }],
  ['BOM', SHORT_TEXT, '\uFEFFabc', { code: 'INVISIBLE_CHARACTER', at: 0 }],
  ['soft hyphen', PERSON_NAME, 'Ай\u00ADгүл', { code: 'INVISIBLE_CHARACTER', at: 2 }],
  ['word joiner', FREE_TEXT, 'a\u2060b', { code: 'INVISIBLE_CHARACTER', at: 1 }],
  ['tag character', FREE_TEXT, 'a\u{E0041}', { code: 'INVISIBLE_CHARACTER', at: 1 }],
  ['Hangul filler', PERSON_NAME, 'a\u3164', { code: 'INVISIBLE_CHARACTER', at: 1 }],
  ['variation selector supplement (hidden bytes)', FREE_TEXT, 'ok\u{E0100}\u{E0101}', { code: 'INVISIBLE_CHARACTER', at: 2 }],
  ['1 MB string', FREE_TEXT, MB, { code: 'TOO_LONG' }],
  ['1 MB of spaces around a word', SHORT_TEXT, ' '.repeat(1 << 20) + 'x', { code: 'TOO_LONG' }],
  ['one code point too many', { ...SHORT_TEXT, maxCodePoints: 5 }, 'абвгде', { code: 'TOO_LONG' }],
  ['bytes limit binds before code points', { multiline: false, maxCodePoints: 10, maxBytes: 10 }, 'ааааааа', { code: 'TOO_LONG' }],
];

describe('checkText', () => {
  it.each(rows)('%s', (_name, rule, input, expected) => {
    const r = checkText('reason', input, rule);
    if (typeof expected === 'string') {
      expect(r).toEqual({ ok: true, value: expected });
    } else {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problem.field).toBe('reason');
      expect(r.problem.code).toBe(expected.code);
      if (expected.at !== undefined) expect(r.problem.at).toBe(expected.at);
    }
  });

  it('never echoes the offending input in its message', () => {
    const attack = 'evil\u202Etxt.exe';
    const r = checkText('name', attack, SHORT_TEXT);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).not.toContain('\u202E');
      expect(r.problem.message).toContain('U+202E');
    }
  });

  it('counts code points, not UTF-16 units, against the limit', () => {
    const rule = { multiline: false, maxCodePoints: 3, maxBytes: 100 };
    expect(checkText('t', '\u{1F600}\u{1F600}\u{1F600}', rule).ok).toBe(true); // 6 UTF-16 units, 3 code points
    expect(checkText('t', '\u{1F600}'.repeat(4), rule).ok).toBe(false);
  });

  it('measures length after NFC and trimming', () => {
    const rule = { multiline: false, maxCodePoints: 3, maxBytes: 100 };
    expect(checkText('t', '  и\u0306и\u0306и\u0306  ', rule)).toEqual({ ok: true, value: 'ййй' });
  });

  it('refuses a 1 MB string without scanning it', () => {
    const huge = '\u0000'.repeat(2 * 1024 * 1024);
    const r = checkText('reason', huge, FREE_TEXT);
    expect(r.ok || r.problem.code).toBe('TOO_LONG'); // length first: not CONTROL_CHARACTER
  });

  it('collects one problem per field', () => {
    const r = collectProblems({
      reason: checkText('reason', 'ok', FREE_TEXT),
      request: checkText('request', 'bad\u0000', FREE_TEXT),
      name: checkText('name', 'x\u202E', PERSON_NAME),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.field, p.code])).toEqual([['request', 'CONTROL_CHARACTER'], ['name', 'BIDI_CONTROL']]);
  });
});

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['ә', 2],
    ['€', 3],
    ['\u{1F600}', 4],
  ])('%j → %i', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
