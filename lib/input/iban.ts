/**
 * A Kazakhstan IBAN as a citizen types it for a payment: `KZ`, two check digits, a three-digit
 * bank code and a 13-character account (20 characters, ISO 13616), checked by the ISO 7064
 * mod-97 rule, so a mistyped digit is refused before any bank is asked about it. Spaces between
 * groups (as printed on a bank statement) are accepted and removed; letters are upper-cased.
 *
 *   checkKzIban('answers.iban', 'KZ86 125K ZT50 0410 0100') → { ok: true, value: 'KZ86125KZT5004100100' }
 *
 * Pure and sandbox-safe: the case workflow's Update validator calls it too.
 */
import { accept, refuse, type Checked } from './problems.ts';

const KZ_IBAN = /^KZ\d{2}\d{3}[0-9A-Z]{13}$/;

/** The ISO 7064 mod-97 remainder of an IBAN (country and check digits moved to the end). */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const digits = c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

export function checkKzIban(field: string, value: unknown): Checked<string> {
  if (typeof value !== 'string') return refuse(field, 'NOT_A_STRING', `${field} must be an IBAN`);
  // Bounded before normalising: a 2 000-character answer is not an IBAN with spaces.
  if (value.length > 40) return refuse(field, 'INVALID_IBAN', `${field} is not a Kazakhstan IBAN (KZ and 18 characters)`);
  const iban = value.replace(/ /g, '').toUpperCase();
  if (!KZ_IBAN.test(iban)) return refuse(field, 'INVALID_IBAN', `${field} is not a Kazakhstan IBAN (KZ, 2 check digits, a 3-digit bank code and 13 characters)`);
  if (ibanMod97(iban) !== 1) return refuse(field, 'IBAN_CHECKSUM', `${field} fails the IBAN check digits (mod 97): a character is mistyped`);
  return accept(iban);
}
