/**
 * The stricter rule for identifiers a client chooses: client request ids, event ids, channels,
 * answer keys, service codes. They become workflow ids, database keys and log fields, so they are
 * plain ASCII with no room for look-alikes:
 *
 *   checkIdentifier(field, value, { maxLength?, noIin? }) → Checked<string>
 *
 * Letters, digits and `-_.:`, starting with a letter or digit, 1–maxLength (default 128)
 * characters. Nothing is trimmed or normalised — an id is compared byte for byte, so " a" and "a"
 * must not both be accepted as the same id. `noIin` refuses any run of 12 digits (an IIN) for ids
 * that end up in workflow ids, search attributes or logs, where personal data must not go.
 */
import { accept, codePointName, refuse, type Checked } from './problems.ts';

export interface IdentifierRule {
  maxLength?: number;
  /** Refuse a run of 12 digits, the shape of an IIN (LOOKS_LIKE_IIN). */
  noIin?: boolean;
}

export const IDENTIFIER_MAX_LENGTH = 128;
const ALLOWED = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const ALLOWED_CHAR = /[A-Za-z0-9._:-]/;

export function checkIdentifier(field: string, value: unknown, rule: IdentifierRule = {}): Checked<string> {
  const maxLength = rule.maxLength ?? IDENTIFIER_MAX_LENGTH;
  if (typeof value !== 'string') return refuse(field, 'NOT_A_STRING', `${field} must be a string identifier`);
  if (value.length === 0) return refuse(field, 'EMPTY', `${field} must not be empty`);
  if (value.length > maxLength) return refuse(field, 'TOO_LONG', `${field} is longer than ${maxLength} characters`);
  if (!ALLOWED.test(value)) {
    const chars = Array.from(value);
    const at = /[A-Za-z0-9]/.test(chars[0]!) ? chars.findIndex((c) => !ALLOWED_CHAR.test(c)) : 0;
    return refuse(
      field,
      'INVALID_IDENTIFIER',
      `${field}: character ${at + 1} (${codePointName(chars[at]!.codePointAt(0)!)}) is not allowed; ` +
        'use ASCII letters, digits and - _ . : (starting with a letter or digit)',
      at,
    );
  }
  if (rule.noIin) {
    const m = /\d{12}/.exec(value);
    if (m) return refuse(field, 'LOOKS_LIKE_IIN', `${field} must not contain personal data (12 digits in a row look like an IIN)`, m.index);
  }
  return accept(value);
}
