/**
 * One-time birth allowance (единовременное пособие на рождение ребенка).
 *
 * 38 MCI for the 1st–3rd child and 63 MCI for the 4th and later, at the MCI of the birth year:
 * the figures of the Social Code in 2024, 2025 and 2026 (SOURCES.md). The version is chosen by
 * the child's birth date, not the request date.
 *
 * Version 3 corrects the catalog's earlier versions and supersedes both: v1 (2024–2025, the right
 * figures but no sources) and v2 (from 2026, an invented 40 MCI amendment that was never law — it
 * now lives only in services/testing/amendments.ts). Their published rows stay for the decisions
 * signed under them; no new case is decided by them.
 */
import type { ServiceDefinition } from '../definition.ts';
import type { EntitlementDeclaration } from '../entitlements.ts';
import {
  BIRTH_DATE_MATCHES_IIN,
  CHILD_IIN_FIELD,
  MCI,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE_UNSOURCED,
  SOURCES,
  STANDARD_NOTIFICATIONS,
  birthRegisteredRule,
  deepFreeze,
  figure,
  groups,
  notDeceasedRule,
  offeredOnBirth,
  parentOfChildRule,
  socialCodeBasis,
  withAnswerSubstitutes,
  withRefusalGrounds,
  IBAN_FOR_BANK_ACCOUNT,
} from './common.ts';

export const birthAllowanceV3 = deepFreeze<ServiceDefinition>({
  code: 'birth-allowance',
  version: 3,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  supersedes: [1, 2],
  department: 'social-payments',
  title: {
    kk: 'Бала тууына байланысты біржолғы жәрдемақы',
    ru: 'Единовременное пособие на рождение ребенка',
    en: 'One-time birth allowance',
  },
  description: {
    kk: 'Бала туған кезде ата-анасының біреуіне бір рет төленетін мемлекеттік жәрдемақы: бірінші – үшінші балаға 38 АЕК, төртінші және одан кейінгі балаларға 63 АЕК.',
    ru: 'Государственное пособие, выплачиваемое однократно одному из родителей при рождении ребенка: на первого – третьего ребенка 38 МРП, на четвертого и последующих детей 63 МРП.',
    en: 'A state allowance paid once to a parent on the birth of a child: 38 MCI for the 1st to 3rd child, 63 MCI for the 4th and later.',
  },
  legalFact: { from: 'iinBirthDate', field: 'childIin' },
  input: [CHILD_IIN_FIELD],
  evidence: [
    // Optional so that "no birth record" is a decisive FAIL of BA-02 rather than a guess.
    { key: 'birth', query: 'civil.birth', params: { childIin: 'application.childIin' }, required: false },
    { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
    { key: 'bank', query: 'bank.account', params: { iin: 'applicant.iin' }, required: false },
  ],
  parameters: [
    MCI,
    figure('mciFirstToThird', 'Allowance for the 1st–3rd child, in MCI', 38, SOURCES.birthAllowance2026),
    figure('mciFourthOn', 'Allowance for the 4th and later child, in MCI', 63, SOURCES.birthAllowance2026),
  ],
  derived: [
    { name: 'birthOrder', expression: 'evidence.birth.birthOrder', description: "Order of this birth among the mother's children" },
    { name: 'mciMultiplier', expression: 'derived.birthOrder >= 4.0 ? params.mciFourthOn : params.mciFirstToThird' },
  ],
  crossChecks: [BIRTH_DATE_MATCHES_IIN],
  rules: [
    parentOfChildRule(
      'BA-01',
      socialCodeBasis(SOURCES.birthAllowanceRecipients, 'paid for a child born to (adopted by, in the guardianship of) the applicant; that this means a parent on the birth record is the catalog’s reading, adoption and guardianship are not modelled'),
    ),
    birthRegisteredRule('BA-02', socialCodeBasis(SOURCES.birthAllowance2026, 'the allowance is assigned after the birth is registered')),
    {
      id: 'BA-03',
      expression: 'today >= legalFactDate && today <= addMonths(legalFactDate, 12)',
      // No source states this deadline for the allowance under the Social Code.
      legalBasis: SOCIAL_CODE_UNSOURCED,
      text: {
        kk: 'Өтініш бала туған күннен бастап 12 ай ішінде берілді',
        ru: 'Заявление подано в течение 12 месяцев со дня рождения ребенка',
        en: "The application is made within 12 months of the child's birth",
      },
      failText: {
        kk: 'Өтініш беру мерзімі өтіп кетті: бала туғаннан бері 12 айдан астам уақыт өтті',
        ru: 'Срок обращения истек: со дня рождения ребенка прошло более 12 месяцев',
        en: "The deadline has passed: more than 12 months have elapsed since the child's birth",
      },
    },
    notDeceasedRule('BA-04', SOCIAL_CODE_UNSOURCED),
  ],
  decision: {
    amount: 'derived.mciMultiplier * params.mci',
    monthly: false,
    currency: 'KZT',
    legalBasis: socialCodeBasis(SOURCES.birthAllowance2026, '38 MCI for the 1st–3rd child, 63 MCI from the 4th, at the MCI of the year'),
  },
  escalation: {
    ...groups('social-payments'),
    sla: 'P3D',
    supervisorSla: 'P2D',
    fourEyesThreshold: 500_000,
    conditions: [NO_VERIFIED_ACCOUNT],
    informationDeadline: 'P10D',
  },
  notifications: STANDARD_NOTIFICATIONS,
  proactive: offeredOnBirth(['BA-01', 'BA-02', 'BA-04']),
});

/** Version 4: v3 with its closed list of refusal grounds (the grounds an officer's DENY names). */
export const birthAllowanceV4 = withRefusalGrounds(birthAllowanceV3, 4, {
  'BA-01': 'NOT_PARENT_OF_CHILD',
  'BA-02': 'BIRTH_NOT_REGISTERED',
  'BA-03': 'APPLICATION_DEADLINE_PASSED',
  'BA-04': 'APPLICANT_DECEASED',
});

/** Version 5: v4, and an IBAN given when asked, confirmed by the bank, stands in for the bank account. */
export const birthAllowanceV5 = withAnswerSubstitutes(birthAllowanceV4, 5, [IBAN_FOR_BANK_ACCOUNT]);

/** What one grant covers (services/entitlements.ts): the same for every version of the service. */
export const birthAllowanceEntitlement: EntitlementDeclaration = Object.freeze({
  scope: 'birth-allowance',
  keys: '[application.childIin]',
  holds: 'FOREVER',
  description: 'One child: the allowance is paid once, to one parent.',
});
