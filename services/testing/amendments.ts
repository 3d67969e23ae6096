/**
 * Draft amendments of the birth allowance used by the what-if and replay tests: a higher MCI
 * multiplier for the 1st–3rd child, and optionally a new rule paying only into a verified bank
 * account (so some outcomes change, not just amounts).
 */
import { birthAllowanceV2 } from '../catalog/index.ts';
import type { Rule, ServiceDefinition } from '../definition.ts';
import { validateDefinition } from '../validate.ts';

export const VERIFIED_ACCOUNT_RULE: Rule = {
  id: 'BA-05',
  expression: 'evidence.bank != null && evidence.bank.verified',
  legalBasis: { act: birthAllowanceV2.rules[0]!.legalBasis.act, article: 'Article 191', clause: 'paragraph 5' },
  text: { kk: 'Төлем расталған банк шотына аударылады', ru: 'Выплата перечисляется на подтвержденный банковский счет', en: 'The allowance is paid into a verified bank account' },
  failText: { kk: 'Расталған банк шоты жоқ', ru: 'Нет подтвержденного банковского счета', en: 'There is no verified bank account' },
};

export function birthAllowanceAmendment(options: { version: number; multiplier?: number; verifiedAccountRule?: boolean }): ServiceDefinition {
  const d = structuredClone(birthAllowanceV2) as ServiceDefinition;
  d.version = options.version;
  d.derived = d.derived.map((x) => (x.name === 'mciMultiplier' ? { ...x, expression: x.expression.replace('40.0', `${(options.multiplier ?? 45).toFixed(1)}`) } : x));
  if (options.verifiedAccountRule) {
    d.rules = [...d.rules, VERIFIED_ACCOUNT_RULE];
    // The rule now decides what the policy condition used to send to an officer.
    d.escalation = { ...d.escalation, conditions: [] };
  }
  return validateDefinition(d);
}
