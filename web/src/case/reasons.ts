/**
 * Why a case needs an officer, in words: the engine's reason codes (FOUR_EYES,
 * RULE_INDETERMINATE:BA-02, EVIDENCE_MISSING:bank, POLICY:<id>, OBJECTION_SUBMITTED, APPEAL,
 * PAYMENT_REJECTED:CLOSED_ACCOUNT, PERIOD:2026-03 …) with the rule, check, evidence or payer's
 * reason they name filled in when the caller has it.
 */
import type { Translate } from '../i18n/i18n.tsx';
import { hasMessage, type MessageKey } from '../i18n/messages.ts';

export interface ReasonContext {
  rules?: { ruleId: string; text: string }[];
  checks?: { id: string; text: string }[];
}

export function parseReason(reason: string): { kind: string; subject: string } {
  const at = reason.indexOf(':');
  return at < 0 ? { kind: reason, subject: '' } : { kind: reason.slice(0, at), subject: reason.slice(at + 1) };
}

export function describeReason(reason: string, t: Translate, form: 'long' | 'short', context: ReasonContext = {}): string {
  const { kind, subject } = parseReason(reason);
  const key = `${form === 'long' ? 'reason' : 'reasonShort'}.${kind}`;
  if (!hasMessage(key)) return reason;
  let detail = subject;
  if (kind === 'EVIDENCE_MISSING') detail = evidenceName(subject, t);
  if (kind === 'PAYMENT_REJECTED') detail = hasMessage(`rejection.${subject}`) ? t(`rejection.${subject}` as MessageKey) : subject;
  if (kind === 'PERIOD' && subject === 'ONCE') detail = t('period.ONCE');
  if (form === 'long' && kind === 'RULE_INDETERMINATE') {
    const rule = context.rules?.find((r) => r.ruleId === subject);
    if (rule) detail = `${subject} — ${rule.text}`;
  }
  if (form === 'long' && (kind === 'POLICY' || kind === 'EVIDENCE_CONFLICT' || kind === 'CHECK_INDETERMINATE')) {
    const check = context.checks?.find((c) => c.id === subject);
    if (check) detail = check.text;
  }
  return t(key, { detail });
}

export function evidenceName(key: string, t: Translate): string {
  const id = `evidenceKey.${key}`;
  return hasMessage(id) ? t(id) : key;
}
