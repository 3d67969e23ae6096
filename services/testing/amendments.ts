/**
 * Birth-allowance definitions that are not law, for tests only:
 *  - `legacyBirthAllowance(1 | 2)`: the versions the catalog published before version 3, exactly
 *    as they were (same JSON, same content hash as in a database that holds them). v2 is the
 *    invented amendment — 40 MCI for the 1st–3rd child from 2026 — that was never law; v3
 *    supersedes both.
 *  - `birthAllowanceAmendment`: a draft amendment of the live version for the what-if and replay
 *    tests: another MCI multiplier for the 1st–3rd child (45 by default), and optionally a new
 *    rule paying only into a verified bank account (so some outcomes change, not just amounts).
 */
import { birthAllowanceV3, birthAllowanceV4 } from '../catalog/index.ts';
import {
  BIRTH_DATE_MATCHES_IIN,
  CHILD_IIN_FIELD,
  MCI,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE,
  STANDARD_NOTIFICATIONS,
  birthRegisteredRule,
  groups,
  notDeceasedRule,
  parentOfChildRule,
} from '../catalog/common.ts';
import type { Rule, ServiceDefinition } from '../definition.ts';
import { validateDefinition } from '../validate.ts';

export const VERIFIED_ACCOUNT_RULE: Rule = {
  id: 'BA-05',
  expression: 'evidence.bank != null && evidence.bank.verified',
  // A made-up article for a made-up rule: unverified, as everything here.
  legalBasis: { act: SOCIAL_CODE, article: 'Article 191', clause: 'paragraph 5', verified: false },
  text: { kk: 'Төлем расталған банк шотына аударылады', ru: 'Выплата перечисляется на подтвержденный банковский счет', en: 'The allowance is paid into a verified bank account' },
  failText: { kk: 'Расталған банк шоты жоқ', ru: 'Нет подтвержденного банковского счета', en: 'There is no verified bank account' },
};

export function birthAllowanceAmendment(options: { version: number; multiplier?: number; verifiedAccountRule?: boolean }): ServiceDefinition {
  const d = structuredClone(birthAllowanceV4) as ServiceDefinition;
  d.version = options.version;
  delete d.supersedes;
  d.parameters = d.parameters.map((p) =>
    p.name === 'mciFirstToThird' ? { ...p, values: [{ from: '2024-01-01', value: options.multiplier ?? 45, verified: false }] } : p,
  );
  if (options.verifiedAccountRule) {
    d.rules = [...d.rules, VERIFIED_ACCOUNT_RULE];
    d.refusalGrounds = [...(d.refusalGrounds ?? []), { code: 'NO_VERIFIED_ACCOUNT', text: VERIFIED_ACCOUNT_RULE.failText, legalBasis: VERIFIED_ACCOUNT_RULE.legalBasis, rules: [VERIFIED_ACCOUNT_RULE.id] }];
    // The rule now decides what the policy condition used to send to an officer.
    d.escalation = { ...d.escalation, conditions: [] };
  }
  return validateDefinition(d);
}

/** The definitions published as birth-allowance v1 (2024–2025, 38/63 MCI) and v2 (from 2026, the invented 40/63 MCI). */
export function legacyBirthAllowance(version: 1 | 2): ServiceDefinition {
  const [first, fourth] = version === 1 ? [38, 63] : [40, 63];
  const article = (a: string) => ({ act: SOCIAL_CODE, article: a });
  return validateDefinition({
    code: 'birth-allowance',
    version,
    effectiveFrom: version === 1 ? '2024-01-01' : '2026-01-01',
    effectiveTo: version === 1 ? '2025-12-31' : null,
    department: 'social-payments',
    title: birthAllowanceV3.title,
    description: {
      kk: `Бала туған кезде ата-анасының біреуіне бір рет төленетін мемлекеттік жәрдемақы: бірінші – үшінші балаға ${first} АЕК, төртінші және одан кейінгі балаларға ${fourth} АЕК.`,
      ru: `Государственное пособие, выплачиваемое однократно одному из родителей при рождении ребенка: на первого – третьего ребенка ${first} МРП, на четвертого и последующих детей ${fourth} МРП.`,
      en: `A state allowance paid once to a parent on the birth of a child: ${first} MCI for the 1st to 3rd child, ${fourth} MCI for the 4th and later.`,
    },
    legalFact: { from: 'iinBirthDate', field: 'childIin' },
    input: [CHILD_IIN_FIELD],
    evidence: birthAllowanceV3.evidence,
    parameters: [{ ...MCI, values: MCI.values.map(({ from, to, value }) => ({ from, to, value })) }],
    derived: [
      { name: 'birthOrder', expression: 'evidence.birth.birthOrder', description: "Order of this birth among the mother's children" },
      { name: 'mciMultiplier', expression: `derived.birthOrder >= 4.0 ? ${fourth.toFixed(1)} : ${first.toFixed(1)}` },
    ],
    crossChecks: [BIRTH_DATE_MATCHES_IIN],
    rules: [
      parentOfChildRule('BA-01', article('Article 191, paragraph 1')),
      birthRegisteredRule('BA-02', article('Article 191, paragraph 2')),
      { ...birthAllowanceV3.rules[2]!, legalBasis: { act: SOCIAL_CODE, article: 'Article 193', clause: 'paragraph 3' } },
      notDeceasedRule('BA-04', article('Article 191, paragraph 4')),
    ],
    decision: { amount: 'derived.mciMultiplier * params.mci', monthly: false, currency: 'KZT' },
    escalation: { ...groups('social-payments'), sla: 'P3D', supervisorSla: 'P2D', fourEyesThreshold: 500_000, conditions: [NO_VERIFIED_ACCOUNT], informationDeadline: 'P10D' },
    notifications: STANDARD_NOTIFICATIONS,
    proactive: birthAllowanceV3.proactive,
  });
}
