/**
 * Engineers operate the platform; they do not need to know whose case it is. For a caller whose
 * only role is engineer, personal data is masked wherever a case shows it: IINs (the first four
 * digits — birth year and month — stay, as in logs), phones, names and bank accounts. Officers,
 * supervisors and the front-end that started a case see it in full.
 */
import { maskDigits } from '../../lib/logger.ts';
import type { Caller } from './caller.ts';

const PERSONAL_KEYS = new Set(['firstName', 'lastName', 'patronymic', 'fullName', 'phone', 'iban']);
const PHONE = /\+7\d{6}(\d{4})/g;

export function seesPersonalData(caller: Caller): boolean {
  return caller.kind !== 'staff' || caller.roles.some((r) => r === 'officer' || r === 'supervisor');
}

export function maskText(text: string): string {
  return maskDigits(text).replace(PHONE, '+7******$1');
}

export function maskPersonalData(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, PERSONAL_KEYS.has(k) && typeof v === 'string' ? '***' : maskPersonalData(v)]));
  }
  return value;
}

/** The value as this caller may see it. */
export function forCaller<T>(caller: Caller, value: T): T {
  return seesPersonalData(caller) ? value : (maskPersonalData(value) as T);
}
