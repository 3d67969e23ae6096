/**
 * Childcare until the child is 18 months old, in its two tiers (one service: one entitlement per
 * child, one offer on a birth):
 *  - the insured parent's SOCIAL PAYMENT from the State Social Insurance Fund (социальная выплата
 *    на случай потери дохода в связи с уходом за ребенком по достижении им возраста полутора
 *    лет): 40% of the average monthly income over the 24 months before the birth month (the sum
 *    divided by 24, so months without income lower the average), at least the state allowance
 *    for the same birth order, at most 40% of 7 minimum wages (238 000 KZT at 85 000);
 *  - for a parent outside social insurance, the STATE CHILDCARE ALLOWANCE from the budget
 *    (пособие по уходу за ребенком до достижения им возраста полутора лет): 5.76 / 6.81 / 7.85 /
 *    8.90 MCI for the 1st / 2nd / 3rd / 4th and later child.
 * The tier follows the contributions of the 24 months before the birth (6 months or more:
 * insured — a threshold no source confirmed, so it is unverified in the data). Monthly from the
 * birth; the application must come before the child is 18 months old; months granted: 18 up to
 * the age of 12 months, then 30 − age in months (at most 12 months back — unverified).
 *
 * Version 2 supersedes v1, which denied an uninsured parent outright (CC-04) instead of paying the
 * state allowance, and cited placeholder articles.
 */
import type { ServiceDefinition } from '../definition.ts';
import type { EmploymentEventRules } from '../employment-events.ts';
import type { EntitlementDeclaration } from '../entitlements.ts';
import {
  BIRTH_DATE_MATCHES_IIN,
  CHILD_IIN_FIELD,
  INCOME_CAP_MZP,
  MCI,
  MINIMUM_WAGE,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE,
  ARTICLE_NOT_IDENTIFIED,
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
  withRefusalGrounds,
  withAnswerSubstitutes,
  IBAN_FOR_BANK_ACCOUNT,
} from './common.ts';

const careMci = (name: string, order: string, value: number) => figure(name, `State childcare allowance for the ${order} child, in MCI`, value, SOURCES.careAllowance2026);

export const childcareAllowanceV2 = deepFreeze<ServiceDefinition>({
  code: 'childcare-allowance',
  version: 2,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  supersedes: [1],
  department: 'social-payments',
  title: {
    kk: 'Бала бір жарым жасқа толғанға дейін оның күтіміне байланысты жәрдемақы және әлеуметтік төлем',
    ru: 'Пособие и социальная выплата по уходу за ребенком до достижения им полутора лет',
    en: 'Childcare allowance and payment until the child is 18 months old',
  },
  description: {
    kk: 'Бала бір жарым жасқа толғанға дейін ай сайын төленеді. Міндетті әлеуметтік сақтандыру жүйесіне қатысушыға – бала туғанға дейінгі 24 айдағы орташа айлық табыстың 40 пайызы (мемлекеттік жәрдемақыдан кем емес, 7 ең төменгі жалақының 40 пайызынан аспайды), қатыспайтын ата-анаға – бала туу кезегіне қарай 5,76 – 8,90 АЕК мемлекеттік жәрдемақы.',
    ru: 'Выплачивается ежемесячно до достижения ребенком полутора лет. Участнику системы обязательного социального страхования — 40 процентов среднемесячного дохода за 24 месяца до рождения ребенка (не меньше государственного пособия и не больше 40 процентов от 7 минимальных заработных плат), родителю вне системы — государственное пособие от 5,76 до 8,90 МРП в зависимости от очередности рождения.',
    en: 'Paid monthly until the child is 18 months old. A parent in the social insurance system receives 40% of the average monthly income over the 24 months before the birth (at least the state allowance, at most 40% of 7 minimum wages); a parent outside it receives the state allowance of 5.76 to 8.90 MCI by birth order.',
  },
  legalFact: { from: 'iinBirthDate', field: 'childIin' },
  input: [CHILD_IIN_FIELD],
  evidence: [
    { key: 'birth', query: 'civil.birth', params: { childIin: 'application.childIin' }, required: false },
    { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
    { key: 'income', query: 'income.monthly', params: { iin: 'applicant.iin', months: { literal: 24 }, asOf: 'legalFactDate' }, required: true },
    { key: 'employment', query: 'employment.history', params: { iin: 'applicant.iin' }, required: true },
    { key: 'bank', query: 'bank.account', params: { iin: 'applicant.iin' }, required: false },
  ],
  parameters: [
    MCI,
    MINIMUM_WAGE,
    figure('replacementRate', 'Share of the average monthly income paid as the social payment', 0.4, SOURCES.childcareSocialPayment),
    INCOME_CAP_MZP,
    figure(
      'insuredFromContributionMonths',
      'Months with social contributions, of the 24 before the birth, from which the parent is paid the social payment rather than the state allowance',
      6,
      { ...SOURCES.childcareSocialPayment, note: 'no source states the participation a parent needs for the social payment; 6 of 24 months is carried over unverified' },
      false,
    ),
    careMci('careMciFirst', '1st', 5.76),
    careMci('careMciSecond', '2nd', 6.81),
    careMci('careMciThird', '3rd', 7.85),
    careMci('careMciFourthOn', '4th and later', 8.9),
  ],
  derived: [
    { name: 'childAgeMonths', expression: 'monthsBetween(legalFactDate, today)', description: 'Age of the child on the application date' },
    {
      name: 'contributionMonths',
      expression: 'size(distinct(evidence.employment.contributions.filter(c, inMonthWindow(c.month, legalFactDate, 24)).map(c, c.month)))',
      description: 'Months with social contributions among the 24 before the birth month',
    },
    { name: 'insured', expression: 'derived.contributionMonths >= params.insuredFromContributionMonths', description: 'Paid the social payment (true) or the state allowance (false)' },
    { name: 'tier', expression: 'derived.insured ? "SOCIAL_PAYMENT" : "STATE_ALLOWANCE"' },
    {
      name: 'averageIncome',
      expression: 'sum(evidence.income.monthly.filter(m, inMonthWindow(m.month, legalFactDate, 24)).map(m, m.amount)) / 24.0',
      description: 'Average monthly income over the 24 whole months before the birth month',
    },
    {
      name: 'stateAllowanceMci',
      expression:
        'evidence.birth.birthOrder >= 4.0 ? params.careMciFourthOn : (evidence.birth.birthOrder == 3.0 ? params.careMciThird : (evidence.birth.birthOrder == 2.0 ? params.careMciSecond : params.careMciFirst))',
      description: 'State childcare allowance for this birth order, in MCI (the uninsured tier, and the floor of the social payment)',
    },
    { name: 'paymentMonths', expression: 'derived.childAgeMonths <= 12.0 ? 18.0 : 30.0 - derived.childAgeMonths' },
  ],
  crossChecks: [BIRTH_DATE_MATCHES_IIN],
  rules: [
    parentOfChildRule('CC-01', socialCodeBasis(SOURCES.childcareSocialPayment, 'paid to a parent (mother or father) caring for the child, as https://www.enbek.gov.kz/en/taxonomy/term/760?page=1 put it under the earlier law')),
    birthRegisteredRule('CC-02', socialCodeBasis(SOURCES.childcareSocialPayment, 'the right arises from the birth date on the birth record')),
    {
      id: 'CC-03',
      expression: 'today >= legalFactDate && derived.childAgeMonths < 18.0',
      legalBasis: socialCodeBasis(SOURCES.childcareSocialPayment, 'the application must be made no later than 18 months after the birth'),
      text: {
        kk: 'Өтініш берілген күні бала бір жарым жасқа (18 ай) толмаған',
        ru: 'На дату обращения ребенку не исполнилось полутора лет (18 месяцев)',
        en: 'The child is under 18 months old on the application date',
      },
      failText: {
        kk: 'Өтініш берілген күні бала бір жарым жасқа толған',
        ru: 'На дату обращения ребенку уже исполнилось полтора года',
        en: 'The child had reached 18 months by the application date',
      },
    },
    notDeceasedRule('CC-05', SOCIAL_CODE_UNSOURCED),
  ],
  decision: {
    amount: 'derived.insured ? params.replacementRate * derived.averageIncome : derived.stateAllowanceMci * params.mci',
    cap: 'params.replacementRate * params.incomeCapMzp * params.mzp',
    floor: 'derived.stateAllowanceMci * params.mci',
    monthly: true,
    periodMonths: 'derived.paymentMonths',
    currency: 'KZT',
    legalBasis: socialCodeBasis(
      SOURCES.childcareSocialPayment,
      'social payment: 40% of the 24-month average income, floor the state allowance, cap 40% of 7 minimum wages; state allowance for the uninsured: 5.76–8.90 MCI by birth order (news.mail.ru/society/69783566); the months granted after 12 months of age are not confirmed',
    ),
  },
  escalation: {
    ...groups('social-payments'),
    sla: 'P3D',
    supervisorSla: 'P2D',
    // Measured on the total granted (monthly × months): the cap alone gives 4 284 000 over 18 months.
    fourEyesThreshold: 3_000_000,
    conditions: [NO_VERIFIED_ACCOUNT],
    informationDeadline: 'P10D',
  },
  notifications: STANDARD_NOTIFICATIONS,
  proactive: offeredOnBirth(['CC-01', 'CC-02', 'CC-05']),
});

/** Version 3: v2 with its closed list of refusal grounds (the grounds an officer's DENY names). */
export const childcareAllowanceV3 = withRefusalGrounds(childcareAllowanceV2, 3, {
  'CC-01': 'NOT_PARENT_OF_CHILD',
  'CC-02': 'BIRTH_NOT_REGISTERED',
  'CC-03': 'CHILD_OVER_AGE_LIMIT',
  'CC-05': 'APPLICANT_DECEASED',
});

/** Version 4: v3, and an IBAN given when asked, confirmed by the bank, stands in for the bank account. */
export const childcareAllowanceV4 = withAnswerSubstitutes(childcareAllowanceV3, 4, [IBAN_FOR_BANK_ACCOUNT]);

/** What one grant covers (services/entitlements.ts): the same for every version of the service. */
export const childcareAllowanceEntitlement: EntitlementDeclaration = Object.freeze({
  // Both tiers (the insured parent's social payment and the state allowance for the uninsured) pay
  // the same entitlement: one grant per child, whichever tier and whichever parent.
  scope: 'childcare',
  keys: '[application.childIin]',
  holds: 'FOREVER',
  description: 'One child, across both tiers: one parent receives it, once.',
});

/**
 * The employment registry's events (services/employment-events.ts): the childcare payment stops
 * while the parent is back at work and starts again when the parent is back on childcare leave.
 * No source read states it (DOMAIN notes: "stops when the parent returns to work — confirm"), so
 * the basis is the Social Code with its article not identified and unverified, saying so.
 */
const paidWhileCaring = {
  act: SOCIAL_CODE,
  article: ARTICLE_NOT_IDENTIFIED,
  verified: false,
  source: {
    ...SOURCES.childcareSocialPayment,
    note: 'the childcare payment is for a parent caring for the child; no source read states that it stops on a return to work and starts again on a return to childcare leave, nor the article of the Social Code that would',
  },
};

export const childcareAllowanceEmploymentEvents: EmploymentEventRules = Object.freeze({
  RETURNED_TO_WORK: { change: 'SUSPEND', text: 'the childcare payment stops while the parent is back at work', legalBasis: paidWhileCaring },
  CHILDCARE_LEAVE_RESUMED: { change: 'RESUME', text: 'the childcare payment starts again when the parent is back on childcare leave', legalBasis: paidWhileCaring },
});
