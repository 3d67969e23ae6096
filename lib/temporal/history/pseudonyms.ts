/**
 * Consistent pseudonyms for personal data in exported histories: the same input and key always
 * give the same output, so a scrubbed corpus keeps every equality the workflow relied on (the
 * same officer on two tasks, the same IIN in an event id and an activity input) and still
 * replays. Keyed HMAC, because IINs are few enough (~10⁸) to brute-force an unkeyed hash.
 */
import { createHmac } from 'node:crypto';
import { computeCheckDigit } from '../../iin.ts';

/**
 * The key used when none is given. It is public (it is in this file), so pseudonyms made with it
 * can be reversed by brute force: fine for the synthetic test corpus, not for production exports.
 */
export const PUBLIC_SCRUB_KEY = 'qyzmet-public-replay-corpus-key';

export class Pseudonyms {
  constructor(private readonly key: string = PUBLIC_SCRUB_KEY) {}

  private digest(kind: string, value: string): Buffer {
    return createHmac('sha256', this.key).update(`${kind}\u0000${value}`).digest();
  }

  /** A short, stable tag (hex). */
  tag(kind: string, value: string, length = 8): string {
    return this.digest(kind, value).toString('hex').slice(0, length);
  }

  /**
   * A valid-looking IIN (date, century/sex digit and check digit all valid) for a real one. The
   * century/sex digit is kept so the pseudonym stays plausible; the date and serial are new.
   */
  iin(iin: string): string {
    const d = this.digest('iin', iin);
    const centuryDigit = /^[1-6]$/.test(iin[6] ?? '') ? iin[6]! : String(3 + (d[0]! % 4));
    const yy = String(d.readUInt16BE(1) % 100).padStart(2, '0');
    const mm = String((d[3]! % 12) + 1).padStart(2, '0');
    const dd = String((d[4]! % 28) + 1).padStart(2, '0'); // 1–28 exists in every month
    for (let i = 0; i < 10_000; i++) {
      const serial = String((d.readUInt16BE(5) + i) % 10_000).padStart(4, '0');
      const first11 = `${yy}${mm}${dd}${centuryDigit}${serial}`;
      const check = computeCheckDigit(first11);
      const candidate = check === null ? null : `${first11}${check}`;
      if (candidate && candidate !== iin) return candidate;
    }
    throw new Error('no pseudonymous IIN could be formed'); // unreachable: 1 serial in 121 is unissuable
  }

  /** A Kazakh mobile number in E.164 (+77…), for any phone. */
  phone(phone: string): string {
    const digits = phone.replace(/\D/g, '');
    const n = this.digest('phone', digits).readUInt32BE(0) % 1_000_000_000;
    return `+77${String(n).padStart(9, '0')}`;
  }

  /** A staff member's (or any actor's) id. */
  actor(id: string): string {
    return `staff-${this.tag('actor', id)}`;
  }

  /** Free text (a reason, a request, an answer): only its identity survives. */
  text(text: string): string {
    return `[redacted ${this.tag('text', text, 6)}]`;
  }
}
