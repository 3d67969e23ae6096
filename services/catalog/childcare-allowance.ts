/**
 * Childcare payment until the child is 18 months old (социальная выплата на случай потери дохода
 * в связи с уходом за ребенком по достижении им возраста полутора лет), paid monthly from the
 * State Social Insurance Fund.
 *
 * Monthly amount = 40% of the average monthly income over the 24 months before the birth month
 * (the sum divided by 24, as the law counts it, so months without income lower the average).
 * Cap: the income taken into account is at most 7 minimum wages → cap = 0.4 × 7 × MZP
 * (238 000 KZT at MZP 85 000). Floor: the state childcare allowance for the same birth order —
 * 5.76 / 6.81 / 7.85 / 8.90 MCI for the 1st / 2nd / 3rd / 4th+ child. Granted from the birth if
 * the application comes within 12 months of it, otherwise for at most 12 months back; so the
 * number of months granted is 18 up to age 12 months, then 30 − age in months.
 * These figures follow the law as understood at the time of writing; the ministry must confirm.
 */
import type { ServiceDefinition } from '../definition.ts';
import {
  BIRTH_DATE_MATCHES_IIN,
  CHILD_IIN_FIELD,
  MCI,
  MINIMUM_WAGE,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE,
  STANDARD_NOTIFICATIONS,
  birthRegisteredRule,
  deepFreeze,
  groups,
  notDeceasedRule,
  parentOfChildRule,
} from './common.ts';

export const childcareAllowanceV1 = deepFreeze<ServiceDefinition>({
  code: 'childcare-allowance',
  version: 1,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  department: 'social-payments',
  title: {
    kk: 'Бала бір жарым жасқа толғанға дейін оның күтіміне байланысты әлеуметтік төлем',
    ru: 'Социальная выплата по уходу за ребенком до достижения им полутора лет',
    en: 'Childcare payment until the child is 18 months old',
  },
  description: {
    kk: 'Бала бір жарым жасқа толғанға дейін оның күтіміне байланысты табысынан айырылған ата-анаға ай сайын төленеді. Мөлшері бала туғанға дейінгі 24 айдағы орташа айлық табыстың 40 пайызын құрайды.',
    ru: 'Ежемесячная выплата родителю, потерявшему доход в связи с уходом за ребенком до полутора лет. Размер — 40 процентов среднемесячного дохода за 24 месяца до рождения ребенка.',
    en: 'A monthly payment to a parent who has lost income while caring for a child under 18 months: 40% of the average monthly income over the 24 months before the birth.',
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
  parameters: [MCI, MINIMUM_WAGE],
  derived: [
    { name: 'childAgeMonths', expression: 'monthsBetween(legalFactDate, today)', description: 'Age of the child on the application date' },
    {
      name: 'averageIncome',
      expression: 'sum(evidence.income.monthly.filter(m, inMonthWindow(m.month, legalFactDate, 24)).map(m, m.amount)) / 24.0',
      description: 'Average monthly income over the 24 whole months before the birth month',
    },
    {
      name: 'contributionMonths',
      expression: 'size(distinct(evidence.employment.contributions.filter(c, inMonthWindow(c.month, legalFactDate, 24)).map(c, c.month)))',
      description: 'Months with social contributions among the 24 before the birth month',
    },
    {
      name: 'floorMci',
      expression:
        'evidence.birth.birthOrder >= 4.0 ? 8.90 : (evidence.birth.birthOrder == 3.0 ? 7.85 : (evidence.birth.birthOrder == 2.0 ? 6.81 : 5.76))',
      description: 'State childcare allowance for this birth order, in MCI (the floor)',
    },
    { name: 'paymentMonths', expression: 'derived.childAgeMonths <= 12.0 ? 18.0 : 30.0 - derived.childAgeMonths' },
  ],
  crossChecks: [BIRTH_DATE_MATCHES_IIN],
  rules: [
    parentOfChildRule('CC-01', 'Article 105, paragraph 1'),
    birthRegisteredRule('CC-02', 'Article 105, paragraph 1'),
    {
      id: 'CC-03',
      expression: 'today >= legalFactDate && derived.childAgeMonths < 18.0',
      legalBasis: { act: SOCIAL_CODE, article: 'Article 105', clause: 'paragraph 2' },
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
    {
      id: 'CC-04',
      expression: 'derived.contributionMonths >= 6.0',
      legalBasis: { act: SOCIAL_CODE, article: 'Article 106', clause: 'paragraph 1' },
      text: {
        kk: 'Бала туғанға дейінгі 24 айдың кемінде 6 айында әлеуметтік аударымдар төленген',
        ru: 'Социальные отчисления уплачивались не менее 6 месяцев из 24 месяцев до рождения ребенка',
        en: 'Social contributions were paid for at least 6 of the 24 months before the birth',
      },
      failText: {
        kk: 'Бала туғанға дейінгі 24 айда әлеуметтік аударымдар 6 айдан аз төленген',
        ru: 'За 24 месяца до рождения ребенка социальные отчисления уплачивались менее 6 месяцев',
        en: 'Social contributions were paid for fewer than 6 of the 24 months before the birth',
      },
    },
    notDeceasedRule('CC-05', 'Article 105, paragraph 4'),
  ],
  decision: {
    amount: '0.4 * derived.averageIncome',
    cap: '0.4 * 7.0 * params.mzp',
    floor: 'derived.floorMci * params.mci',
    monthly: true,
    periodMonths: 'derived.paymentMonths',
    currency: 'KZT',
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
  proactive: {
    trigger: 'BIRTH_REGISTERED',
    subject: 'event.motherIin',
    application: { childIin: 'event.childIin' },
    consentWindow: 'PT72H',
    precheck: ['CC-01', 'CC-02', 'CC-04', 'CC-05'],
  },
});
