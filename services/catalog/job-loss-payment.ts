/**
 * Job-loss payment (социальная выплата на случай потери работы), monthly from the State Social
 * Insurance Fund.
 *
 * Monthly amount = 45% (replacement rate) of the average monthly income over the 24 whole months
 * before the job-loss month (sum / 24), the income taken at most 7 minimum wages
 * → cap 0.45 × 7 × MZP (267 750 KZT at MZP 85 000).
 * Months paid, by months of social contributions up to the job loss (registry keeps 60):
 *   6–11 → 1, 12–23 → 2, 24–35 → 3, 36–47 → 4, 48–59 → 5, 60 and more → 6.
 * Legal fact = the job-loss date stated in the application, cross-checked with the employment
 * registry: if they differ the facts are disputed and an officer decides (EVIDENCE_CONFLICT).
 *
 * Two things here disagree with the sources (SOURCES.md), and the data says so (unverified, with
 * a note): the State Corporation says the payment is due whatever the reason for the job loss,
 * which JL-01 contradicts; and the Fund multiplies the average income by a coefficient for the
 * length of participation, which the amount leaves out. Both stay until the ministry rules.
 *
 * Version 2 supersedes v1: the same rules and figures, now with their sources.
 *
 * Version 3 supersedes both: the payment is assigned on registration as unemployed at a career
 * centre (DOMAIN.md: the real trigger and legal fact), so the registration date is the legal fact
 * — the version and the year's figures are chosen by it — and the labour registry's
 * JOB_SEEKER_REGISTERED event offers the payment proactively. An application that states no
 * registration date (a citizen applying, who states the job loss) falls back to the job-loss date,
 * which is what v2 read. The income window, the contribution count and the 6-month deadline stay
 * tied to the job loss (application.jobLossDate), as in v2; the entitlement stays keyed by the job
 * loss, so a registration reported twice, or an offer and an application, pay once.
 */
import type { ServiceDefinition } from '../definition.ts';
import type { EntitlementDeclaration } from '../entitlements.ts';
import {
  ARTICLE_NOT_IDENTIFIED,
  INCOME_CAP_MZP,
  MINIMUM_WAGE,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE,
  SOCIAL_CODE_UNSOURCED,
  SOURCES,
  STANDARD_NOTIFICATIONS,
  deepFreeze,
  figure,
  groups,
  notDeceasedRule,
  socialCodeBasis,
  withRefusalGrounds,
} from './common.ts';

export const jobLossPaymentV2 = deepFreeze<ServiceDefinition>({
  code: 'job-loss-payment',
  version: 2,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  supersedes: [1],
  department: 'employment',
  title: {
    kk: 'Жұмысынан айырылған жағдайда төленетін әлеуметтік төлем',
    ru: 'Социальная выплата на случай потери работы',
    en: 'Job-loss social payment',
  },
  description: {
    kk: 'Жұмыс берушінің бастамасымен немесе еңбек шартының мерзімі аяқталуына байланысты жұмысынан айырылған және жұмыссыз ретінде тіркелген адамға Мемлекеттік әлеуметтік сақтандыру қорынан ай сайын төленеді. Мөлшері орташа айлық табысқа, төлем мерзімі әлеуметтік аударымдар төленген айлар санына байланысты.',
    ru: 'Ежемесячная выплата из Государственного фонда социального страхования лицу, потерявшему работу по инициативе работодателя или в связи с истечением срока трудового договора и зарегистрированному безработным. Размер зависит от среднемесячного дохода, срок — от количества месяцев уплаты социальных отчислений.',
    en: 'A monthly payment from the State Social Insurance Fund to a person who lost their job at the employer’s initiative or at the end of a fixed-term contract and is registered as unemployed. The amount depends on average monthly income, the duration on the months of social contributions.',
  },
  legalFact: { from: 'field', field: 'jobLossDate' },
  input: [
    {
      name: 'jobLossDate',
      type: 'date',
      required: true,
      label: { kk: 'Жұмыстан айырылған күн', ru: 'Дата потери работы', en: 'Date of job loss' },
    },
  ],
  evidence: [
    { key: 'employment', query: 'employment.history', params: { iin: 'applicant.iin' }, required: true },
    { key: 'income', query: 'income.monthly', params: { iin: 'applicant.iin', months: { literal: 24 }, asOf: 'legalFactDate' }, required: true },
    { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
    { key: 'bank', query: 'bank.account', params: { iin: 'applicant.iin' }, required: false },
  ],
  parameters: [
    MINIMUM_WAGE,
    figure('replacementRate', 'Share of the average monthly income paid', 0.45, SOURCES.jobLossRate),
    INCOME_CAP_MZP,
    figure('minContributionMonths', 'Months with social contributions needed for the payment', 6, SOURCES.jobLossConditions),
  ],
  derived: [
    {
      name: 'contributionMonths24',
      expression: 'size(distinct(evidence.employment.contributions.filter(c, inMonthWindow(c.month, legalFactDate, 24)).map(c, c.month)))',
      description: 'Months with social contributions among the 24 before the job-loss month',
    },
    {
      name: 'contributionMonthsTotal',
      expression: 'size(distinct(evidence.employment.contributions.filter(c, c.month <= monthOf(legalFactDate)).map(c, c.month)))',
      description: 'All months with social contributions up to the job loss',
    },
    {
      name: 'averageIncome',
      expression: 'sum(evidence.income.monthly.filter(m, inMonthWindow(m.month, legalFactDate, 24)).map(m, m.amount)) / 24.0',
    },
    {
      name: 'paymentMonths',
      expression:
        'derived.contributionMonthsTotal >= 60.0 ? 6.0 : (derived.contributionMonthsTotal >= 48.0 ? 5.0 : (derived.contributionMonthsTotal >= 36.0 ? 4.0 : (derived.contributionMonthsTotal >= 24.0 ? 3.0 : (derived.contributionMonthsTotal >= 12.0 ? 2.0 : 1.0))))',
    },
  ],
  crossChecks: [
    {
      id: 'JOB_LOSS_DATE',
      expression: 'evidence.employment.jobLossDate == application.jobLossDate',
      text: {
        kk: 'Өтініштегі жұмыстан айырылған күн еңбек шарттарының тізіліміндегі күнмен сәйкес келеді',
        ru: 'Дата потери работы в заявлении совпадает с датой в реестре трудовых договоров',
        en: 'The job-loss date in the application matches the employment registry',
      },
    },
  ],
  rules: [
    {
      id: 'JL-01',
      expression: 'evidence.employment.jobLossReason in ["LAYOFF", "LIQUIDATION", "CONTRACT_END"]',
      legalBasis: {
        act: SOCIAL_CODE,
        article: ARTICLE_NOT_IDENTIFIED,
        verified: false,
        source: {
          ...SOURCES.jobLossConditions,
          note: 'CONTRADICTED: the State Corporation (and the ministry, https://prosud.kz/amp/mintruda-viplatilo-poryadka-33-tys-chelovek-iz-gfss) say the payment is due whatever the reason for the job loss; this rule denies on the reason — for the ministry to rule on',
        },
      },
      text: {
        kk: 'Еңбек шарты жұмыс берушінің бастамасымен (қызметкерлер санының қысқаруы, ұйымның таратылуы) немесе мерзімінің аяқталуына байланысты тоқтатылған',
        ru: 'Трудовой договор прекращен по инициативе работодателя (сокращение численности, ликвидация) или в связи с истечением его срока',
        en: 'The employment contract ended at the employer’s initiative (redundancy, liquidation) or on expiry of its term',
      },
      failText: {
        kk: 'Еңбек шартын тоқтату негізі (өз қалауы бойынша немесе тәртіптік теріс қылық үшін) төлемге құқық бермейді',
        ru: 'Основание прекращения трудового договора (по собственному желанию или за дисциплинарный проступок) не дает права на выплату',
        en: 'The ground on which employment ended (own wish or misconduct) gives no right to the payment',
      },
    },
    {
      id: 'JL-02',
      expression: 'evidence.employment.status == "UNEMPLOYED"',
      legalBasis: socialCodeBasis(SOURCES.jobLoss2026, 'the right arises on registration as unemployed'),
      text: {
        kk: 'Өтініш беруші жұмыссыз ретінде тіркелген',
        ru: 'Заявитель зарегистрирован в качестве безработного',
        en: 'The applicant is registered as unemployed',
      },
      failText: {
        kk: 'Өтініш беруші жұмыссыз ретінде тіркелмеген немесе қайтадан жұмысқа орналасқан',
        ru: 'Заявитель не зарегистрирован безработным или снова трудоустроен',
        en: 'The applicant is not registered as unemployed or is employed again',
      },
    },
    {
      id: 'JL-03',
      expression: 'derived.contributionMonths24 >= params.minContributionMonths',
      legalBasis: socialCodeBasis(SOURCES.jobLossConditions, 'social contributions for at least 6 months (that they fall within the 24 months before the job loss is not confirmed)'),
      text: {
        kk: 'Жұмыстан айырылғанға дейінгі 24 айдың кемінде 6 айында әлеуметтік аударымдар төленген',
        ru: 'Социальные отчисления уплачивались не менее 6 месяцев из 24 месяцев до потери работы',
        en: 'Social contributions were paid for at least 6 of the 24 months before the job loss',
      },
      failText: {
        kk: 'Жұмыстан айырылғанға дейінгі 24 айда әлеуметтік аударымдар 6 айдан аз төленген',
        ru: 'За 24 месяца до потери работы социальные отчисления уплачивались менее 6 месяцев',
        en: 'Social contributions were paid for fewer than 6 of the 24 months before the job loss',
      },
    },
    {
      id: 'JL-04',
      expression: 'today >= legalFactDate && today <= addMonths(legalFactDate, 6)',
      // No source states a deadline for applying.
      legalBasis: SOCIAL_CODE_UNSOURCED,
      text: {
        kk: 'Өтініш жұмыстан айырылған күннен бастап 6 ай ішінде берілді',
        ru: 'Заявление подано в течение 6 месяцев со дня потери работы',
        en: 'The application is made within 6 months of the job loss',
      },
      failText: {
        kk: 'Өтініш беру мерзімі өтіп кетті: жұмыстан айырылғаннан бері 6 айдан астам уақыт өтті',
        ru: 'Срок обращения истек: со дня потери работы прошло более 6 месяцев',
        en: 'The deadline has passed: more than 6 months have elapsed since the job loss',
      },
    },
    notDeceasedRule('JL-05', SOCIAL_CODE_UNSOURCED),
  ],
  decision: {
    amount: 'params.replacementRate * derived.averageIncome',
    cap: 'params.replacementRate * params.incomeCapMzp * params.mzp',
    monthly: true,
    periodMonths: 'derived.paymentMonths',
    currency: 'KZT',
    legalBasis: socialCodeBasis(
      SOURCES.jobLossMonths,
      '45% of the 24-month average income for 1–6 months by participation; INCOMPLETE: the Fund also applies a coefficient for the length of participation, which this formula leaves out',
    ),
  },
  escalation: {
    ...groups('employment'),
    sla: 'P3D',
    supervisorSla: 'P2D',
    fourEyesThreshold: 1_000_000,
    conditions: [NO_VERIFIED_ACCOUNT],
    informationDeadline: 'P10D',
  },
  notifications: STANDARD_NOTIFICATIONS,
});

/** What one grant covers (services/entitlements.ts): the same for every version of the service. */
export const jobLossPaymentEntitlement: EntitlementDeclaration = Object.freeze({
  scope: 'job-loss',
  // The job loss, not the legal fact: since v3 the legal fact is the registration as unemployed,
  // and one job loss registered twice is still one entitlement (v1/v2 cases: the same date).
  keys: "[applicant.iin + '@' + application.jobLossDate]",
  holds: 'FOREVER',
  description: 'One applicant for one job loss (its date).',
});

const REGISTRATION_DATE_FIELD = {
  name: 'registrationDate',
  type: 'date',
  required: false,
  label: { kk: 'Жұмыссыз ретінде тіркелген күн', ru: 'Дата регистрации в качестве безработного', en: 'Date of registration as unemployed' },
} as const;

/** v2's expression with the job loss read from the application, not from the legal fact (now the registration). */
const onJobLoss = (expression: string): string => expression.replaceAll('legalFactDate', 'application.jobLossDate');

export const jobLossPaymentV3 = deepFreeze<ServiceDefinition>({
  ...jobLossPaymentV2,
  version: 3,
  supersedes: [1, 2],
  legalFact: { from: 'field', field: 'registrationDate', otherwise: 'jobLossDate' },
  input: [...jobLossPaymentV2.input, REGISTRATION_DATE_FIELD],
  evidence: jobLossPaymentV2.evidence.map((e) => (e.key === 'income' ? { ...e, params: { ...e.params, asOf: 'application.jobLossDate' } } : e)),
  derived: jobLossPaymentV2.derived.map((d) => ({ ...d, expression: onJobLoss(d.expression) })),
  crossChecks: [
    ...jobLossPaymentV2.crossChecks,
    {
      id: 'REGISTERED_AFTER_JOB_LOSS',
      expression: 'legalFactDate >= application.jobLossDate',
      text: {
        kk: 'Жұмыссыз ретінде тіркелу жұмыстан айырылғаннан кейін болды',
        ru: 'Регистрация в качестве безработного произошла после потери работы',
        en: 'The registration as unemployed came after the job loss',
      },
    },
  ],
  rules: jobLossPaymentV2.rules.map((r) => (r.id === 'JL-04' ? { ...r, expression: onJobLoss(r.expression) } : r)),
  proactive: {
    trigger: 'JOB_SEEKER_REGISTERED',
    subject: 'event.iin',
    application: { registrationDate: 'event.registrationDate', jobLossDate: 'event.jobLossDate' },
    consentWindow: 'PT72H',
    // Every rule: an offer the decision would certainly deny is not worth an SMS.
    precheck: ['JL-01', 'JL-02', 'JL-03', 'JL-04', 'JL-05'],
  },
});

/** Version 4: v3 (offered on registration as unemployed) with its closed list of refusal grounds (the grounds an officer's DENY names). */
export const jobLossPaymentV4 = withRefusalGrounds(jobLossPaymentV3, 4, {
  'JL-01': 'TERMINATION_GROUND_EXCLUDED',
  'JL-02': 'NOT_REGISTERED_UNEMPLOYED',
  'JL-03': 'INSUFFICIENT_CONTRIBUTIONS',
  'JL-04': 'APPLICATION_DEADLINE_PASSED',
  'JL-05': 'APPLICANT_DECEASED',
});
