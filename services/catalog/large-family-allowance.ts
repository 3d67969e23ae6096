/**
 * Large-family allowance (пособие многодетным семьям), monthly.
 *
 * Children counted: under 18, or under 23 while in full-time education, on the application date.
 * Monthly amount in MCI by the number counted: 4 → 16.03, 5 → 20.04, 6 → 24.05, 7 → 28.06,
 * 8 and more → 4.01 per child (the table of the Social Code as understood at the time of writing;
 * roughly 4 MCI per child — the ministry must confirm). Assigned for 12 months, after which the
 * platform re-checks the family (the Digital Family Card practice), hence periodMonths = 12.
 * The legal fact is the application itself: entitlement starts with it.
 */
import type { ServiceDefinition } from '../definition.ts';
import { MCI, NO_VERIFIED_ACCOUNT, SOCIAL_CODE, STANDARD_NOTIFICATIONS, deepFreeze, groups, notDeceasedRule } from './common.ts';

export const largeFamilyAllowanceV1 = deepFreeze<ServiceDefinition>({
  code: 'large-family-allowance',
  version: 1,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  department: 'social-payments',
  title: {
    kk: 'Көп балалы отбасыларға берілетін жәрдемақы',
    ru: 'Пособие многодетным семьям',
    en: 'Large-family allowance',
  },
  description: {
    kk: 'Бірге тұратын төрт және одан да көп кәмелетке толмаған балалары (оның ішінде күндізгі оқу нысанында оқитын 23 жасқа дейінгі балалары) бар отбасыларға ай сайын төленетін жәрдемақы. Мөлшері балалар санына қарай АЕК-пен белгіленеді.',
    ru: 'Ежемесячное пособие семьям, в которых совместно проживают четверо и более несовершеннолетних детей, в том числе обучающихся по очной форме до 23 лет. Размер устанавливается в МРП в зависимости от количества детей.',
    en: 'A monthly allowance for families with four or more children under 18 living with them (or under 23 in full-time education). The amount is set in MCI by the number of children.',
  },
  legalFact: { from: 'submissionDate' },
  input: [
    {
      name: 'confirmsCohabitation',
      type: 'boolean',
      required: true,
      label: {
        kk: 'Балалардың менімен бірге тұратынын растаймын',
        ru: 'Подтверждаю, что дети проживают совместно со мной',
        en: 'I confirm that the children live with me',
      },
    },
  ],
  evidence: [
    { key: 'children', query: 'civil.children', params: { iin: 'applicant.iin' }, required: true },
    { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
    { key: 'bank', query: 'bank.account', params: { iin: 'applicant.iin' }, required: false },
  ],
  parameters: [MCI],
  derived: [
    {
      name: 'eligibleChildren',
      expression:
        'size(evidence.children.filter(c, yearsBetween(c.birthDate, legalFactDate) < 18 || (c.inFullTimeEducation && yearsBetween(c.birthDate, legalFactDate) < 23)))',
      description: 'Children under 18, or under 23 in full-time education, on the application date',
    },
    {
      name: 'mciMultiplier',
      expression:
        'derived.eligibleChildren >= 8.0 ? 4.01 * derived.eligibleChildren : (derived.eligibleChildren == 7.0 ? 28.06 : (derived.eligibleChildren == 6.0 ? 24.05 : (derived.eligibleChildren == 5.0 ? 20.04 : 16.03)))',
    },
  ],
  crossChecks: [],
  rules: [
    {
      id: 'LF-01',
      expression: 'derived.eligibleChildren >= 4.0',
      legalBasis: { act: SOCIAL_CODE, article: 'Article 195', clause: 'paragraph 1' },
      text: {
        kk: 'Отбасында 18 жасқа толмаған (күндізгі оқу нысанында оқитын болса – 23 жасқа толмаған) кемінде төрт бала бар',
        ru: 'В семье не менее четырех детей в возрасте до 18 лет (обучающихся по очной форме — до 23 лет)',
        en: 'The family has at least four children under 18 (under 23 if in full-time education)',
      },
      failText: {
        kk: 'Жасы бойынша есепке алынатын балалар саны төрттен аз',
        ru: 'Детей, учитываемых по возрасту, меньше четырех',
        en: 'Fewer than four children meet the age conditions',
      },
    },
    notDeceasedRule('LF-02', 'Article 195, paragraph 3'),
    {
      id: 'LF-03',
      expression: 'application.confirmsCohabitation == true',
      legalBasis: { act: SOCIAL_CODE, article: 'Article 195', clause: 'paragraph 2' },
      text: {
        kk: 'Өтініш беруші балалардың өзімен бірге тұратынын растады',
        ru: 'Заявитель подтвердил совместное проживание с детьми',
        en: 'The applicant confirmed that the children live with them',
      },
      failText: {
        kk: 'Өтініш беруші балалардың өзімен бірге тұратынын растамады',
        ru: 'Заявитель не подтвердил совместное проживание с детьми',
        en: 'The applicant did not confirm that the children live with them',
      },
    },
  ],
  decision: { amount: 'derived.mciMultiplier * params.mci', monthly: true, periodMonths: '12', currency: 'KZT' },
  escalation: {
    ...groups('social-payments'),
    sla: 'P3D',
    supervisorSla: 'P2D',
    fourEyesThreshold: 1_500_000,
    conditions: [NO_VERIFIED_ACCOUNT],
    informationDeadline: 'P10D',
  },
  notifications: STANDARD_NOTIFICATIONS,
});
