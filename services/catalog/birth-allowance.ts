/**
 * One-time birth allowance (единовременное пособие на рождение ребенка).
 *
 * v1 (2024-01-01 … 2025-12-31) uses the figures in force: 38 MCI for the 1st–3rd child and
 * 63 MCI for the 4th and later. v2 (from 2026-01-01) models an amendment raising the 1st–3rd
 * child allowance to 40 MCI — a FICTIONAL change of law, there to exercise versioning; the 4th+
 * figure is unchanged. The version is chosen by the child's birth date, not the request date.
 */
import type { ServiceDefinition } from '../definition.ts';
import {
  BIRTH_DATE_MATCHES_IIN,
  CHILD_IIN_FIELD,
  MCI,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE,
  STANDARD_NOTIFICATIONS,
  birthRegisteredRule,
  deepFreeze,
  groups,
  notDeceasedRule,
  parentOfChildRule,
} from './common.ts';

interface Variant {
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** MCI multipliers: [1st–3rd child, 4th and later]. */
  multipliers: [number, number];
}

function birthAllowance({ version, effectiveFrom, effectiveTo, multipliers: [first, fourth] }: Variant): ServiceDefinition {
  return {
    code: 'birth-allowance',
    version,
    effectiveFrom,
    effectiveTo,
    department: 'social-payments',
    title: {
      kk: 'Бала тууына байланысты біржолғы жәрдемақы',
      ru: 'Единовременное пособие на рождение ребенка',
      en: 'One-time birth allowance',
    },
    description: {
      kk: `Бала туған кезде ата-анасының біреуіне бір рет төленетін мемлекеттік жәрдемақы: бірінші – үшінші балаға ${first} АЕК, төртінші және одан кейінгі балаларға ${fourth} АЕК.`,
      ru: `Государственное пособие, выплачиваемое однократно одному из родителей при рождении ребенка: на первого – третьего ребенка ${first} МРП, на четвертого и последующих детей ${fourth} МРП.`,
      en: `A state allowance paid once to a parent on the birth of a child: ${first} MCI for the 1st to 3rd child, ${fourth} MCI for the 4th and later.`,
    },
    legalFact: { from: 'iinBirthDate', field: 'childIin' },
    input: [CHILD_IIN_FIELD],
    evidence: [
      // Optional so that "no birth record" is a decisive FAIL of BA-02 rather than a guess.
      { key: 'birth', query: 'civil.birth', params: { childIin: 'application.childIin' }, required: false },
      { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
      { key: 'bank', query: 'bank.account', params: { iin: 'applicant.iin' }, required: false },
    ],
    parameters: [MCI],
    derived: [
      { name: 'birthOrder', expression: 'evidence.birth.birthOrder', description: "Order of this birth among the mother's children" },
      { name: 'mciMultiplier', expression: `derived.birthOrder >= 4.0 ? ${fourth.toFixed(1)} : ${first.toFixed(1)}` },
    ],
    crossChecks: [BIRTH_DATE_MATCHES_IIN],
    rules: [
      parentOfChildRule('BA-01', 'Article 191, paragraph 1'),
      birthRegisteredRule('BA-02', 'Article 191, paragraph 2'),
      {
        id: 'BA-03',
        expression: 'today >= legalFactDate && today <= addMonths(legalFactDate, 12)',
        legalBasis: { act: SOCIAL_CODE, article: 'Article 193', clause: 'paragraph 3' },
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
      notDeceasedRule('BA-04', 'Article 191, paragraph 4'),
    ],
    decision: { amount: 'derived.mciMultiplier * params.mci', monthly: false, currency: 'KZT' },
    escalation: {
      ...groups('social-payments'),
      sla: 'P3D',
      supervisorSla: 'P2D',
      fourEyesThreshold: 500_000,
      conditions: [NO_VERIFIED_ACCOUNT],
      informationDeadline: 'P10D',
    },
    notifications: STANDARD_NOTIFICATIONS,
    proactive: {
      trigger: 'BIRTH_REGISTERED',
      subject: 'event.motherIin',
      application: { childIin: 'event.childIin' },
      consentWindow: 'PT72H',
      precheck: ['BA-01', 'BA-02', 'BA-04'],
    },
  };
}

export const birthAllowanceV1 = deepFreeze(birthAllowance({ version: 1, effectiveFrom: '2024-01-01', effectiveTo: '2025-12-31', multipliers: [38, 63] }));
export const birthAllowanceV2 = deepFreeze(birthAllowance({ version: 2, effectiveFrom: '2026-01-01', effectiveTo: null, multipliers: [40, 63] }));
