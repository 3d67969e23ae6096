/**
 * The one rule for free text that people type: reasons, requests, objections, answers, names.
 *
 *   checkText(field, value, rule) → Checked<string>    the cleaned text, or one typed problem
 *   FREE_TEXT, SHORT_TEXT, PERSON_NAME                  the rules the API uses (or spread one and
 *                                                       change a limit: { ...SHORT_TEXT, maxCodePoints: 60 })
 *   utf8ByteLength(text)                                the byte measure used for limits
 *
 * Accepted text is well-formed Unicode, NFC-normalised and trimmed, within the rule's limits in
 * code points and in UTF-8 bytes (the database and canonical JSON see bytes; people see code
 * points). Refused, with the first offending position:
 * - MALFORMED_UNICODE: a lone UTF-16 surrogate (PostgreSQL jsonb and canonical JSON reject it, so
 *   it must never be accepted and then fail to persist) or a noncharacter (U+FFFE, U+FDD0…);
 * - CONTROL_CHARACTER: C0 (NUL…), DEL, C1 (NEL…), U+2028/U+2029; multi-line text allows LF and TAB
 *   only, and CRLF is read as LF first (browsers send textarea line breaks as CRLF);
 * - BIDI_CONTROL: the Unicode Bidi_Control set — overrides and embeddings U+202A–U+202E, isolates
 *   U+2066–U+2069, and the marks U+200E, U+200F, U+061C — which reorder what an officer reads
 *   ("Trojan Source"); Kazakh, Russian and English text never needs them;
 * - INVISIBLE_CHARACTER: other invisible format characters (Unicode category Cf: zero-width space,
 *   joiners, word joiner, BOM, soft hyphen, tags…), Hangul fillers, the combining grapheme joiner
 *   and the variation-selector supplement — each lets two texts that look identical differ.
 *
 * Zero-width joiners: refused in names and single-line text, because a name that looks like
 * "Айгүл" must be the same bytes as "Айгүл" (duplicate detection, search, registry matching), and
 * Kazakh, Russian and English spelling never uses ZWJ/ZWNJ. In multi-line free text a ZWJ is
 * allowed only between two emoji (👨‍👩‍👧), where it is how the emoji is spelt; anywhere else it is
 * INVISIBLE_CHARACTER.
 *
 * Not refused: SQL, CEL, HTML or any other syntax — it is only text here, stored with bound
 * parameters and never evaluated; escaping belongs to whatever renders it.
 *
 * Cost is bounded: input longer than 4 × the limit (+256) UTF-16 units is refused as TOO_LONG
 * before any scan, so a 1 MB string costs a length comparison.
 */
import { accept, codePointName, refuse, type Checked, type InputProblemCode } from './problems.ts';

export interface TextRule {
  /** Allow LF and TAB (reasons, objections); single-line fields refuse every control character. */
  multiline: boolean;
  maxCodePoints: number;
  maxBytes: number;
  /** Accept text that is empty after trimming (default: refused as EMPTY). */
  allowEmpty?: boolean;
  /** Allow ZWJ between two emoji (only meaningful for free text). */
  emojiSequences?: boolean;
}

/** Reasons, requests for information, objections, appeals: about two pages. */
export const FREE_TEXT: TextRule = { multiline: true, maxCodePoints: 4000, maxBytes: 12_000, emojiSequences: true };
/** One line: a document title, a search term, an API key's name. */
export const SHORT_TEXT: TextRule = { multiline: false, maxCodePoints: 200, maxBytes: 800 };
/** A person's name part; no joiners, no emoji sequences. */
export const PERSON_NAME: TextRule = { multiline: false, maxCodePoints: 100, maxBytes: 400 };

const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const INVISIBLE_LETTERS = new Set([0x034f, 0x115f, 0x1160, 0x3164, 0xffa0]);
const ZWJ = 0x200d;
const VS16 = 0xfe0f;
const FORMAT = /^\p{Cf}$/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;

export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function isNoncharacter(cp: number): boolean {
  return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
}

function isControl(cp: number, multiline: boolean): boolean {
  if (multiline && (cp === 0x0a || cp === 0x09)) return false;
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029;
}

function isEmojiBase(cp: number | undefined): boolean {
  if (cp === undefined) return false;
  return (cp >= 0x1f3fb && cp <= 0x1f3ff) || PICTOGRAPHIC.test(String.fromCodePoint(cp));
}

/** The ZWJ at `i` joins two emoji (the one before may carry VS16 or a skin-tone modifier). */
function joinsEmoji(cps: number[], i: number): boolean {
  let before = i - 1;
  if (cps[before] === VS16) before -= 1;
  return isEmojiBase(cps[before]) && isEmojiBase(cps[i + 1]);
}

function classify(cps: number[], i: number, rule: TextRule): InputProblemCode | null {
  const cp = cps[i]!;
  if (cp >= 0xd800 && cp <= 0xdfff) return 'MALFORMED_UNICODE';
  if (isNoncharacter(cp)) return 'MALFORMED_UNICODE';
  if (isControl(cp, rule.multiline)) return 'CONTROL_CHARACTER';
  if (BIDI_CONTROLS.has(cp)) return 'BIDI_CONTROL';
  if (cp === ZWJ && rule.emojiSequences && joinsEmoji(cps, i)) return null;
  if (INVISIBLE_LETTERS.has(cp) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'INVISIBLE_CHARACTER';
  if (cp >= 0x80 && FORMAT.test(String.fromCodePoint(cp))) return 'INVISIBLE_CHARACTER';
  return null;
}

const WHAT: Record<string, string> = {
  MALFORMED_UNICODE: 'is not well-formed Unicode',
  CONTROL_CHARACTER: 'is a control character',
  BIDI_CONTROL: 'is a bidirectional-text control that can reorder what readers see',
  INVISIBLE_CHARACTER: 'is an invisible character that can make different texts look identical',
};

export function checkText(field: string, value: unknown, rule: TextRule): Checked<string> {
  if (typeof value !== 'string') return refuse(field, 'NOT_A_STRING', `${field} must be text`);
  if (value.length > rule.maxCodePoints * 4 + 256) {
    return refuse(field, 'TOO_LONG', `${field} is longer than ${rule.maxCodePoints} characters`);
  }
  const raw = rule.multiline ? value.replace(/\r\n/g, '\n') : value;
  // Iterating a string yields code points, and a lone surrogate as its own item.
  const cps = Array.from(raw, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < cps.length; i++) {
    const code = classify(cps, i, rule);
    if (code) {
      const cp = cps[i]!;
      return refuse(field, code, `${field}: character ${i + 1} (${codePointName(cp)}) ${WHAT[code]}`, i);
    }
  }
  const text = raw.normalize('NFC').trim();
  if (!text && !rule.allowEmpty) return refuse(field, 'EMPTY', `${field} must not be empty`);
  let length = 0;
  for (const _ of text) length += 1;
  if (length > rule.maxCodePoints) {
    return refuse(field, 'TOO_LONG', `${field} has ${length} characters; at most ${rule.maxCodePoints} are allowed`);
  }
  const bytes = utf8ByteLength(text);
  if (bytes > rule.maxBytes) {
    return refuse(field, 'TOO_LONG', `${field} takes ${bytes} bytes in UTF-8; at most ${rule.maxBytes} are allowed`);
  }
  return accept(text);
}
