/**
 * Large-family allowance (пособие многодетным семьям), monthly, regardless of income.
 *
 * Children counted: under 18, or under 23 while in full-time education, on the application date,
 * who live with the applicant — which the state knows from the population register: the child's
 * address of permanent registration is the applicant's. The applicant still declares it (a box
 * intake refuses unticked), but the declaration decides nothing.
 * Monthly amount in MCI by the number counted: 4 → 16.03, 5 → 20.04, 6 → 24.05, 7 → 28.06,
 * 8 and more → 4 per child. Assigned for 12 months, after which the platform re-checks the family
 * (the Digital Family Card practice — the 12 months are not a figure of the law), hence
 * periodMonths = 12. The legal fact is the application itself: entitlement starts with it.
 *
 * Version 2 supersedes v1, which paid 4.01 MCI per child from the 8th and denied, with a legal
 * citation, an applicant who left the cohabitation box unticked. Version 3 (same law) supersedes
 * v2 to offer the allowance proactively when a birth is registered — the Digital Family Card
 * practice: a 4th or later child makes the family large, and the pre-check (four children who
 * count, registered at the mother's address, no grant holding them) decides whether it is offered.
 */
import type { ServiceDefinition } from '../definition.ts';
import type { EntitlementDeclaration } from '../entitlements.ts';
import type { RecheckDeclaration } from '../rechecks.ts';
import {
  ARTICLE_NOT_IDENTIFIED,
  MCI,
  NO_VERIFIED_ACCOUNT,
  SOCIAL_CODE_UNSOURCED,
  SOURCES,
  STANDARD_NOTIFICATIONS,
  deepFreeze,
  figure,
  groups,
  notDeceasedRule,
  offeredOnBirth,
  socialCodeBasis,
  withRefusalGrounds,
} from './common.ts';

const bandMci = (name: string, children: number, value: number) => figure(name, `Allowance for ${children} children, in MCI`, value, SOURCES.largeFamily2026);
/** Age conditions of a child who counts (CEL over `c`, a civil.children entry). */
const COUNTS_BY_AGE = 'yearsBetween(c.birthDate, legalFactDate) < 18 || (c.inFullTimeEducation && yearsBetween(c.birthDate, legalFactDate) < 23)';

export const largeFamilyAllowanceV2 = deepFreeze<ServiceDefinition>({
  code: 'large-family-allowance',
  version: 2,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  supersedes: [1],
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
      mustBeTrue: true,
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
  parameters: [
    MCI,
    bandMci('mciFourChildren', 4, 16.03),
    bandMci('mciFiveChildren', 5, 20.04),
    bandMci('mciSixChildren', 6, 24.05),
    bandMci('mciSevenChildren', 7, 28.06),
    figure('mciPerChildFromEight', 'Allowance for each child when there are 8 or more, in MCI', 4, SOURCES.largeFamily2026),
  ],
  derived: [
    {
      name: 'childrenOfAge',
      expression: `size(evidence.children.filter(c, ${COUNTS_BY_AGE}))`,
      description: 'Children under 18, or under 23 in full-time education, on the application date',
    },
    {
      name: 'eligibleChildren',
      expression: `size(evidence.children.filter(c, (${COUNTS_BY_AGE}) && c.registeredAddress == evidence.person.registeredAddress))`,
      description: "Of those, the children registered at the applicant's address: the children who count",
    },
    {
      name: 'mciMultiplier',
      expression:
        'derived.eligibleChildren >= 8.0 ? params.mciPerChildFromEight * derived.eligibleChildren : (derived.eligibleChildren == 7.0 ? params.mciSevenChildren : (derived.eligibleChildren == 6.0 ? params.mciSixChildren : (derived.eligibleChildren == 5.0 ? params.mciFiveChildren : params.mciFourChildren)))',
    },
  ],
  crossChecks: [
    {
      id: 'REGISTERED_ADDRESS',
      // Without an address on record the register cannot say who lives together: an officer looks.
      expression: `evidence.person.registeredAddress != null && evidence.children.filter(c, ${COUNTS_BY_AGE}).all(c, c.registeredAddress != null)`,
      text: {
        kk: 'Жеке тұлғалар тізілімінде өтініш берушінің және жасы бойынша есепке алынатын әр баланың тіркелген мекенжайы бар',
        ru: 'В реестре физических лиц есть адрес регистрации заявителя и каждого ребенка, учитываемого по возрасту',
        en: 'The population register holds a registered address for the applicant and for every child who counts by age',
      },
    },
  ],
  rules: [
    {
      id: 'LF-01',
      expression: 'derived.childrenOfAge >= 4.0',
      legalBasis: socialCodeBasis(SOURCES.largeFamily2026, 'four or more minor children, or full-time students under 23'),
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
    notDeceasedRule('LF-02', SOCIAL_CODE_UNSOURCED),
    {
      id: 'LF-03',
      expression: 'derived.eligibleChildren >= 4.0',
      legalBasis: socialCodeBasis(SOURCES.largeFamily2026, 'the children live together with the family (совместно проживающих)'),
      text: {
        kk: 'Жасы бойынша есепке алынатын кемінде төрт бала өтініш берушінің мекенжайында тіркелген',
        ru: 'Не менее четырех детей, учитываемых по возрасту, зарегистрированы по адресу заявителя',
        en: "At least four of the children who count by age are registered at the applicant's address",
      },
      failText: {
        kk: 'Жеке тұлғалар тізілімі бойынша өтініш берушінің мекенжайында жасы бойынша есепке алынатын төрттен аз бала тіркелген',
        ru: 'По данным реестра физических лиц по адресу заявителя зарегистрировано меньше четырех детей, учитываемых по возрасту',
        en: "According to the population register, fewer than four of the children who count by age are registered at the applicant's address",
      },
    },
  ],
  decision: {
    amount: 'derived.mciMultiplier * params.mci',
    monthly: true,
    periodMonths: '12',
    currency: 'KZT',
    legalBasis: socialCodeBasis(SOURCES.largeFamily2026, '16.03 / 20.04 / 24.05 / 28.06 MCI for 4–7 children, 4 MCI per child from 8'),
  },
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

export const largeFamilyAllowanceV3 = deepFreeze<ServiceDefinition>({
  ...largeFamilyAllowanceV2,
  version: 3,
  supersedes: [2],
  // Offered with the birth's other services. The cohabitation the application declares is what
  // LF-03 establishes from the register, so the offer does not ask it. No application field is
  // filled from the event: the legal fact is the offer itself (its submission date).
  proactive: { ...offeredOnBirth(['LF-01', 'LF-02', 'LF-03']), application: {}, establishedBy: { confirmsCohabitation: 'LF-03' } },
});

/** Version 4: v3 with its closed list of refusal grounds (the grounds an officer's DENY names). */
export const largeFamilyAllowanceV4 = withRefusalGrounds(largeFamilyAllowanceV3, 4, {
  'LF-01': 'FEWER_THAN_FOUR_CHILDREN',
  'LF-02': 'APPLICANT_DECEASED',
  'LF-03': 'CHILDREN_NOT_COHABITING',
});

/** What one grant covers (services/entitlements.ts): the same for every version of the service. */
export const largeFamilyAllowanceEntitlement: EntitlementDeclaration = Object.freeze({
  // The children who count (LF-03's): each may be covered by one grant at a time, so the other
  // parent cannot claim the same children while a grant holds them.
  scope: 'large-family',
  keys: `evidence.children.filter(c, (${COUNTS_BY_AGE}) && c.registeredAddress == evidence.person.registeredAddress).map(c, c.iin)`,
  holds: 'PERIOD',
  description: 'Each child who counts, for the months granted: one grant at a time covers a child.',
});

/**
 * When a granted family is re-checked (services/rechecks.ts): every 12 months — the Digital Family
 * Card practice, not a figure of the law, hence unverified — and on the birthdays on which a child
 * may stop counting (LF-01's ages): the 18th, when the registry says again whether the child is in
 * full-time education, and the 23rd of a child who is.
 */
export const largeFamilyAllowanceRechecks: RecheckDeclaration = deepFreeze<RecheckDeclaration>({
  every: {
    months: 12,
    legalBasis: {
      act: 'Digital Family Card practice (Ministry of Labour and Social Protection)',
      article: ARTICLE_NOT_IDENTIFIED,
      verified: false,
      source: { ...SOURCES.largeFamily2026, note: 'assigned for 12 months, then re-checked: a practice of the Digital Family Card; no act stating the 12 months was read' },
    },
  },
  milestones: [
    {
      id: 'CHILD_TURNS_18',
      evidence: 'children',
      birthDateField: 'birthDate',
      ageYears: 18,
      text: { kk: 'Бала 18 жасқа толды', ru: 'Ребенку исполнилось 18 лет', en: 'A child turned 18' },
      legalBasis: socialCodeBasis(SOURCES.largeFamily2026, 'children count until 18 (until 23 in full-time education)'),
    },
    {
      id: 'STUDENT_TURNS_23',
      evidence: 'children',
      birthDateField: 'birthDate',
      ageYears: 23,
      onlyIfField: 'inFullTimeEducation',
      text: { kk: 'Күндізгі оқу нысанында оқитын бала 23 жасқа толды', ru: 'Ребенку, обучающемуся по очной форме, исполнилось 23 года', en: 'A child in full-time education turned 23' },
      legalBasis: socialCodeBasis(SOURCES.largeFamily2026, 'children count until 18 (until 23 in full-time education)'),
    },
  ],
  description: 'Every 12 months (practice, unverified), on the 18th birthday of each child and on the 23rd of a child in full-time education.',
});
