/**
 * Who sees a case's personal data unmasked: the front-end that may read the case, and officers
 * and supervisors of the case's own department. Everyone else who may read it — engineers, and a
 * token that is officer in one department and engineer everywhere — sees it masked:
 *  - IINs keep at most the birth year (`90**********`): with the birth month, day and sex, which a
 *    case often shows, the remaining digits were few enough to recover an IIN by trying them;
 *  - phones keep their last four digits; names and bank accounts are `***`;
 *  - free text people typed or systems quoted — withdrawal reasons, officers' reasons and
 *    requests, citizens' answers, registry error messages — is withheld whole (`[withheld]`), since
 *    free text can carry anything (a name, an address, a diagnosis) and no pattern finds it all.
 */
import type { Caller } from './caller.ts';

const PERSONAL_KEYS = new Set(['firstName', 'lastName', 'patronymic', 'fullName', 'phone', 'iban', 'address', 'recipient']);
/** Keys whose string values are free text. */
const FREE_TEXT_KEYS = new Set(['reason', 'request', 'answers', 'note', 'comment', 'objection', 'message', 'error', 'failure', 'body']);
const IIN_RUN = /(?<!\d)(\d{2})\d{10}(?!\d)/g;
const PHONE = /\+7\d{6}(\d{4})/g;
export const WITHHELD = '[withheld]';

/**
 * Whether the caller sees the personal data of a case of `department` unmasked. Roles do not add
 * up: an engineer role widens what a token may read, never what it reads unmasked. Where the
 * department is not known (`undefined`), only a pure officer or supervisor token sees it.
 */
export function seesPersonalData(caller: Caller, department: string | null | undefined): boolean {
  if (caller.kind === 'frontend') return true;
  if (caller.kind !== 'staff' || !caller.department) return false;
  const decides = caller.roles.some((r) => r === 'officer' || r === 'supervisor' || r === 'head' || r === 'appeal-officer');
  if (department === undefined) return decides && !caller.roles.includes('engineer');
  return decides && caller.department === department;
}

/** IINs (birth year kept) and phones (last four kept) inside a text. */
export function maskText(text: string): string {
  return text.replace(IIN_RUN, '$1**********').replace(PHONE, '+7******$1');
}

function withhold(value: unknown): unknown {
  if (typeof value === 'string') return WITHHELD;
  if (Array.isArray(value)) return value.map(withhold);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).map((k) => [k, withhold((value as Record<string, unknown>)[k])]));
  return value;
}

export function maskPersonalData(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, PERSONAL_KEYS.has(k) && typeof v === 'string' ? '***' : FREE_TEXT_KEYS.has(k) ? withhold(v) : maskPersonalData(v)]),
    );
  }
  return value;
}

/** The value as this caller may see it, for a case of `department`. */
export function forCaller<T>(caller: Caller, value: T, department?: string | null): T {
  return seesPersonalData(caller, department) ? value : (maskPersonalData(value) as T);
}

/** A free text (a reason, a message) as this caller may see it: whole, or withheld. */
export function freeTextForCaller(caller: Caller, text: string | null, department: string | null): string | null {
  if (text === null) return null;
  return seesPersonalData(caller, department) ? text : WITHHELD;
}
