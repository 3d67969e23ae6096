/**
 * Pieces shared by the catalog's definitions: dated figures fixed by the budget law, legal acts,
 * the sources each figure and basis was checked in, the standard rules about the applicant's
 * record, escalation groups and notification texts. Everything here is plain data copied into
 * each definition, so each published definition is self-contained JSON and its hash covers every
 * figure it uses, with its source and whether it is verified.
 *
 * LEGAL CITATIONS: no article of the Social Code that states these rules could be read (see
 * SOURCES.md), so every rule cites the Code with its article "not identified" and `verified:
 * false` — the substance is sourced, the article is for the ministry's lawyers to fill in. An
 * article number is never guessed.
 */
import type { LegalBasis, LocalizedText, Parameter, ParameterValue, Rule, ServiceDefinition, Source } from '../definition.ts';

/** The day the sources below were read. */
export const CHECKED_ON = '2026-12-01';

export const SOCIAL_CODE = 'Social Code of the Republic of Kazakhstan of 20 April 2023 No. 224-VII';
/** Written where an article is not known: never a guessed number. */
export const ARTICLE_NOT_IDENTIFIED = 'article not identified';

const source = (citation: string, url: string, note?: string): Source => ({ citation, url, checkedOn: CHECKED_ON, ...(note ? { note } : {}) });

/** Where each fact was read (SOURCES.md has the table, with what each confirms and what it does not). */
export const SOURCES = {
  budget2024: source(
    'Law of the RK of 5 December 2023 «On the republican budget for 2024–2026», as reported on its entry into force',
    'https://tengrinews.kz/kazakhstan_news/minimalnaya-zarplata-mrp-novyie-pokazateli-vstupili-silu-521858',
    'MCI 3 692 KZT from 1 January 2024 (also 16.03 MCI = 59 183 KZT in the ministry figures for 2024); the law number and article were not read',
  ),
  budget2025: source(
    'Law of the RK of 4 December 2024 No. 141-VIII «On the republican budget for 2025–2027»',
    'https://www.zakon.kz/pravo/6500457-kakimi-budut-mrp-minimalnaya-zarplata-i-pensiya-v-2026-godu.html',
    'MCI 3 932 KZT and minimum wage 85 000 KZT for 2025 (as compared in the 2026 budget report); number and date of the law from https://cis-legislation.com/document.fwx?rgn=163439; article not read',
  ),
  budget2026: source(
    'Law of the RK of 8 December 2025 No. 239-VIII «On the republican budget for 2026–2028», in force 1 January 2026',
    'https://www.zakon.kz/pravo/6500457-kakimi-budut-mrp-minimalnaya-zarplata-i-pensiya-v-2026-godu.html',
    'MCI 4 325 KZT and minimum wage 85 000 KZT from 1 January 2026, signed 8 December 2025; the number 239-VIII from the adilet document id Z2500000239; article not read',
  ),
  minimumWage2024: source(
    'Law of the RK of 5 December 2023 «On the republican budget for 2024–2026»: minimum wage raised from 70 000 to 85 000 KZT from 1 January 2024',
    'https://kz.kursiv.media/2023-12-27/lsbs-mzpmtkz',
  ),
  socialCode: source(
    'Social Code of the RK of 20 April 2023 No. 224-VII, in force from 1 July 2023 (it invalidated the Law «On state allowances for families with children» No. 63)',
    'https://adilet.zan.kz/eng/docs/Z050000063_/compare/rus',
  ),
  birthAllowance2026: source(
    'Ministry of Labour and Social Protection: one-time birth allowance under the Social Code, 2026',
    'https://news.mail.ru/economics/69313736/',
    '38 MCI (164 350 KZT) for the 1st–3rd child and 63 MCI (272 475 KZT) for the 4th and later in 2026; the same figures in 2025 (149 416 / 247 716 KZT, https://qazaq24.com/story/bolee-690-milliardov-tenge-poluchili-kazahstancy-za-rozhdenie-i-po-uhodu-za-rebenkom-23593) and 2024 (140 296 KZT, tengrinews)',
  ),
  birthAllowanceRecipients: source(
    'Ministry of Labour and Social Protection: who receives the birth allowance (2025)',
    'https://mgorod.kz/news/kazahstancy-poluchili-svyse-570-mlrd-tenge-na-rozhdenie-i-uhod-za-detmi',
    'citizens, kandases and foreigners permanently resident whose child was born, adopted or taken into guardianship',
  ),
  careAllowance2026: source(
    'Ministry of Labour and Social Protection: state childcare allowance until 1.5 years, January 2026',
    'https://news.mail.ru/society/69783566/',
    '5.76 / 6.81 / 7.85 / 8.90 MCI for the 1st / 2nd / 3rd / 4th and later child; paid from the budget to parents who are not in the social insurance system (https://news.mail.ru/economics/69313736/); the same multipliers in 2025 (https://saymalakparat.com/kh-b-rl-m-l-r/item/1854-bala-tuu-zh-ne-k-t-m-ne-371-mlrd-zh-rdema-y-t-lend)',
  ),
  childcareSocialPayment: source(
    'Ministry of Labour and Social Protection: social payment from the State Social Insurance Fund for childcare until 1.5 years (BAQ.KZ, 9 September 2025)',
    'https://baq.kz/endi-zhardemaqy-kimge-zhane-qansha-molsherde-beriledi-200020955/',
    '40% of the average monthly income of the last two years; not less than the state childcare allowance; not more than 40% of 7 minimum wages; per child for twins; apply within 18 months of the birth',
  ),
  largeFamily2026: source(
    'Ministry of Labour and Social Protection: allowance to large families, 2026 (BAQ.KZ, 10 February 2026)',
    'https://rus.baq.kz/mnogodetnym-i-nagrazhdennym-materyam-vyplatili-bolee-565-mlrd-tenge-posobiy_300032816/',
    '4+ cohabiting minor children or full-time students under 23, regardless of income: 16.03 / 20.04 / 24.05 / 28.06 MCI for 4–7 children, 4 MCI for each child from 8; the same in 2025 (https://www.inform.kz/ru/svishe-501-mlrd-tenge-poluchili-mnogodetnie-semi-i-nagrazhdennie-materi-v-vide-posobiy-edb472) and 2024 (https://sozmedia.kz/53417/)',
  ),
  jobLossRate: source(
    'Income replacement rate of the job-loss social payment raised from 40% to 45% from 1 January 2023',
    'https://inbusiness.kz/ru/last/povyshennoe-posobie-budut-poluchat-poteryavshie-rabotu-kazahstancy',
  ),
  jobLoss2026: source(
    'Ministry of Labour and Social Protection: job-loss social payment (BAQ.KZ, 21 January 2026)',
    'https://baq.kz/zhumyssyzdarga-130-mlrd-tenge-qansha-qazaqstandyq-tolem-aldy-200029731/',
    'paid for 1 to 6 months by the length of participation in social insurance and the income of the last 24 months, up to 45% of the lost income; after registration as unemployed',
  ),
  jobLossConditions: source(
    'State Corporation «Government for Citizens»: who may receive the job-loss payment (Zakon.kz, 11 November 2025)',
    'https://kaz.zakon.kz/kogam-tynysy/6071217-azastanda-zhmyssyzdy-boyynsha-zhrdemay-km-ala-alady-zhne-alay-tnsh-beruge-bolady.html',
    'paid whatever the reason for the job loss; conditions: officially employed, social contributions for at least 6 months, status of unemployed',
  ),
  jobLossMonths: source(
    'State Social Insurance Fund on the job-loss payment (2023)',
    'https://ledev.kz/?p=945',
    '1 month for 6–12 months of contributions, 2 for 12–24, 3 for 24–36 …; the amount multiplies the 24-month average income by coefficients including one for the length of participation',
  ),
  incomeCap: source(
    'eGov: income taken into account for social payments is at most 7 minimum wages',
    'https://egov.kz/cms/en/articles/pension/allowance',
    'page last updated 6 April 2023, under the Law «On compulsory social insurance» that the Social Code replaced; the 7-minimum-wage ceiling is repeated by the ministry for the childcare payment in 2025',
  ),
} satisfies Record<string, Source>;

/** A legal basis in the Social Code whose substance a source confirms but whose article is not known: unverified. */
export function socialCodeBasis(substance: Source, note: string): LegalBasis {
  return {
    act: SOCIAL_CODE,
    article: ARTICLE_NOT_IDENTIFIED,
    verified: false,
    source: { ...substance, note: `${note}; the article of the Social Code that states it was not identified` },
  };
}

/** A legal basis in the Social Code for which no source was found at all: unverified. */
export const SOCIAL_CODE_UNSOURCED: LegalBasis = { act: SOCIAL_CODE, article: ARTICLE_NOT_IDENTIFIED, verified: false };

/** Offered to the mother when the civil registry records a birth, the child's IIN filled in; answered within 72 hours. */
export function offeredOnBirth(precheck: string[]): NonNullable<ServiceDefinition['proactive']> {
  return { trigger: 'BIRTH_REGISTERED', subject: 'event.motherIin', application: { childIin: 'event.childIin' }, consentWindow: 'PT72H', precheck };
}

/** One figure that has held since `from` (the catalog's first year), verified in `source`. */
export function figure(name: string, description: string, value: number, src: Source, verified = true): Parameter {
  const v: ParameterValue = { from: '2024-01-01', value, verified, source: src };
  return { name, description, values: [v] };
}

/**
 * Monthly calculation index (МРП / АЕК), KZT, set each year by the law on the republican budget.
 * Each value is closed with `to`, so a legal fact in a year whose figure is not yet in the
 * definition is PARAMETER_MISSING (an officer looks) instead of being paid at last year's rate.
 */
export const MCI: Parameter = {
  name: 'mci',
  description: 'Monthly calculation index (KZT), law on the republican budget for the year',
  values: [
    { from: '2024-01-01', to: '2024-12-31', value: 3692, verified: true, source: SOURCES.budget2024 },
    { from: '2025-01-01', to: '2025-12-31', value: 3932, verified: true, source: SOURCES.budget2025 },
    { from: '2026-01-01', to: '2026-12-31', value: 4325, verified: true, source: SOURCES.budget2026 },
  ],
};

/** Minimum monthly wage (МЗП / ЕТЖ), KZT: 85 000 in 2024, 2025 and 2026. */
export const MINIMUM_WAGE: Parameter = {
  name: 'mzp',
  description: 'Minimum monthly wage (KZT), law on the republican budget for the year',
  values: [
    { from: '2024-01-01', to: '2024-12-31', value: 85000, verified: true, source: SOURCES.minimumWage2024 },
    { from: '2025-01-01', to: '2025-12-31', value: 85000, verified: true, source: SOURCES.budget2025 },
    { from: '2026-01-01', to: '2026-12-31', value: 85000, verified: true, source: SOURCES.budget2026 },
  ],
};

/** The ceiling on the income a social payment is computed from, in minimum wages. */
export const INCOME_CAP_MZP = figure('incomeCapMzp', 'Income taken into account for social payments is at most this many minimum wages', 7, SOURCES.incomeCap);

export function notDeceasedRule(id: string, legalBasis: LegalBasis): Rule {
  return {
    id,
    expression: '!evidence.person.deceased',
    legalBasis,
    text: {
      kk: 'Өтініш беруші жеке тұлғалар тізілімінде қайтыс болған деп тіркелмеген',
      ru: 'Заявитель не числится умершим в реестре физических лиц',
      en: 'The applicant is not recorded as deceased in the population register',
    },
    failText: {
      kk: 'Жеке тұлғалар тізілімінің деректері бойынша өтініш беруші қайтыс болған',
      ru: 'По данным реестра физических лиц заявитель умер',
      en: 'According to the population register the applicant is deceased',
    },
  };
}

export function parentOfChildRule(id: string, legalBasis: LegalBasis): Rule {
  return {
    id,
    expression: 'evidence.birth.motherIin == applicant.iin || evidence.birth.fatherIin == applicant.iin',
    legalBasis,
    text: {
      kk: 'Өтініш беруші туу туралы акт жазбасына сәйкес баланың ата-анасы болып табылады',
      ru: 'Заявитель является родителем ребенка согласно актовой записи о рождении',
      en: "The applicant is the child's parent according to the birth record",
    },
    failText: {
      kk: 'Туу туралы акт жазбасында өтініш беруші баланың анасы немесе әкесі ретінде көрсетілмеген',
      ru: 'В актовой записи о рождении заявитель не указан матерью или отцом ребенка',
      en: "The birth record does not name the applicant as the child's mother or father",
    },
  };
}

/** Decides on a NOT_FOUND birth record, so the `birth` evidence must be optional for it to FAIL. */
export function birthRegisteredRule(id: string, legalBasis: LegalBasis): Rule {
  return {
    id,
    expression: 'evidence.birth != null && evidence.birth.childIin == application.childIin',
    legalBasis,
    text: {
      kk: 'Баланың тууы Қазақстан Республикасының азаматтық хал актілерін тіркеу органдарында тіркелген',
      ru: 'Рождение ребенка зарегистрировано органами регистрации актов гражданского состояния Республики Казахстан',
      en: "The child's birth is registered by the civil registration authorities of the Republic of Kazakhstan",
    },
    failText: {
      kk: 'Баланың тууы туралы акт жазбасы азаматтық хал актілерінің тізілімінде табылмады',
      ru: 'Актовая запись о рождении ребенка не найдена в реестре актов гражданского состояния',
      en: 'No birth record for the child was found in the civil registry',
    },
  };
}

export const BIRTH_DATE_MATCHES_IIN: ServiceDefinition['crossChecks'][number] = {
  id: 'BIRTH_DATE',
  // A missing record is BA-02's business, not a conflict.
  expression: 'evidence.birth == null || evidence.birth.birthDate == legalFactDate',
  text: {
    kk: 'Туу туралы акт жазбасындағы туған күн баланың ЖСН-індегі күнмен сәйкес келеді',
    ru: 'Дата рождения в актовой записи совпадает с датой, указанной в ИИН ребенка',
    en: "The birth date in the birth record matches the date in the child's IIN",
  },
};

export const CHILD_IIN_FIELD: ServiceDefinition['input'][number] = {
  name: 'childIin',
  type: 'iin',
  required: true,
  label: { kk: 'Баланың ЖСН', ru: 'ИИН ребенка', en: "Child's IIN" },
};

/** Payments go to an account from the banks' registry; an approval without a verified one waits for an officer. */
export const NO_VERIFIED_ACCOUNT: ServiceDefinition['escalation']['conditions'][number] = {
  id: 'NO_VERIFIED_ACCOUNT',
  expression: 'decision.outcome == "ELIGIBLE" && (evidence.bank == null || !evidence.bank.verified)',
  text: {
    kk: 'Төлемді аудару үшін расталған банк шоты жоқ',
    ru: 'Нет подтвержденного банковского счета для перечисления выплаты',
    en: 'There is no verified bank account to pay into',
  },
};

export function groups(department: string): Pick<ServiceDefinition['escalation'], 'candidateGroup' | 'supervisorGroup'> {
  return { candidateGroup: { department, role: 'officer' }, supervisorGroup: { department, role: 'supervisor' } };
}

const t = (kk: string, ru: string, en: string): LocalizedText => ({ kk, ru, en });

/** SMS / push texts; the platform fills the placeholders (see NOTIFICATION_PLACEHOLDERS). */
export const STANDARD_NOTIFICATIONS: ServiceDefinition['notifications'] = {
  approved: t(
    '«{{serviceTitle}}» бойынша өтінішіңіз мақұлданды. Төлем сомасы: {{amount}}. Өтініш нөмірі: {{caseId}}.',
    'Ваше заявление на «{{serviceTitle}}» одобрено. Сумма выплаты: {{amount}}. Номер заявки: {{caseId}}.',
    'Your application for “{{serviceTitle}}” has been approved. Amount: {{amount}}. Case number: {{caseId}}.',
  ),
  denied: t(
    '«{{serviceTitle}}» бойынша өтінішіңіз қабылданбады. Себебі: {{reasons}}. Шешімге заңнамада белгіленген тәртіппен шағым жасауға болады. Өтініш нөмірі: {{caseId}}.',
    'В назначении «{{serviceTitle}}» отказано. Причина: {{reasons}}. Решение может быть обжаловано в порядке, установленном законодательством. Номер заявки: {{caseId}}.',
    'Your application for “{{serviceTitle}}” has been refused. Reason: {{reasons}}. You may appeal as provided by law. Case number: {{caseId}}.',
  ),
  escalated: t(
    '«{{serviceTitle}}» бойынша өтінішіңіз маманның қарауына жіберілді. Шешім {{deadline}} дейін қабылданады. Өтініш нөмірі: {{caseId}}.',
    'Ваше заявление на «{{serviceTitle}}» передано на рассмотрение специалисту. Решение будет принято до {{deadline}}. Номер заявки: {{caseId}}.',
    'Your application for “{{serviceTitle}}” has been passed to an officer. A decision will be made by {{deadline}}. Case number: {{caseId}}.',
  ),
  informationRequested: t(
    '«{{serviceTitle}}» бойынша өтінішіңізді қарау үшін қосымша мәліметтер қажет: {{reason}}. Мәліметтерді {{deadline}} дейін ұсыныңыз. Өтініш нөмірі: {{caseId}}.',
    'Для рассмотрения заявления на «{{serviceTitle}}» нужны дополнительные сведения: {{reason}}. Предоставьте их до {{deadline}}. Номер заявки: {{caseId}}.',
    'To process your application for “{{serviceTitle}}” we need more information: {{reason}}. Please provide it by {{deadline}}. Case number: {{caseId}}.',
  ),
  offer: t(
    '{{firstName}}, сізге «{{serviceTitle}}» тағайындалуы мүмкін: {{amount}}. Келісім берсеңіз, 1414 нөміріне «1» деп, бас тартсаңыз «2» деп {{deadline}} дейін жауап жіберіңіз.',
    '{{firstName}}, вам может быть назначено «{{serviceTitle}}»: {{amount}}. Чтобы согласиться, отправьте «1» на номер 1414, чтобы отказаться — «2». Ответьте до {{deadline}}.',
    '{{firstName}}, you may receive “{{serviceTitle}}”: {{amount}}. Reply 1 to 1414 to accept or 2 to decline by {{deadline}}.',
  ),
  withdrawn: t(
    '«{{serviceTitle}}» бойынша өтінішіңіз кері қайтарылды. Өтініш нөмірі: {{caseId}}.',
    'Ваше заявление на «{{serviceTitle}}» отозвано. Номер заявки: {{caseId}}.',
    'Your application for “{{serviceTitle}}” has been withdrawn. Case number: {{caseId}}.',
  ),
  refused: t(
    'Сіз «{{serviceTitle}}» ұсынысынан бас тарттыңыз. Егер қателесіп бас тартсаңыз, {{deadline}} дейін 1414 нөміріне «1» деп жіберіңіз.',
    'Вы отказались от предложения «{{serviceTitle}}». Если вы отказались по ошибке, отправьте «1» на номер 1414 до {{deadline}}.',
    'You declined the offer of “{{serviceTitle}}”. If this was a mistake, reply 1 to 1414 by {{deadline}}.',
  ),
  expired: t(
    '«{{serviceTitle}}» ұсынысына белгіленген мерзімде жауап берілмегендіктен, ұсыныс жойылды. Қызметті egov.kz порталы арқылы алуға болады.',
    'Предложение «{{serviceTitle}}» аннулировано: ответ не поступил в установленный срок. Услугу можно получить на портале egov.kz.',
    'The offer of “{{serviceTitle}}” has lapsed because no answer came in time. You can still apply on egov.kz.',
  ),
};

/** Freezes a definition so the compiled-expression and hash caches can trust it never changes. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A new version of a published service that adds its closed list of refusal grounds and carries
 * everything else over: one ground per rule, citing that rule's legal basis (verified flag and
 * source included) in the words of its failure text, so no ground names law the service did not.
 */
export function withRefusalGrounds(def: ServiceDefinition, version: number, codes: Record<string, string>): ServiceDefinition {
  const refusalGrounds = def.rules.map((r) => {
    const code = codes[r.id];
    if (!code) throw new Error(`${def.code}: rule ${r.id} has no refusal ground code`);
    return { code, text: r.failText, legalBasis: r.legalBasis, rules: [r.id] };
  });
  return deepFreeze<ServiceDefinition>({ ...def, version, supersedes: [def.version], refusalGrounds });
}

/** An IBAN the citizen gives when asked, checked with the bank, stands in for the `bank` evidence. */
export const IBAN_FOR_BANK_ACCOUNT: NonNullable<ServiceDefinition['answerSubstitutes']>[number] = { answer: 'iban', evidence: 'bank', check: 'bank.accountByIban' };

/**
 * A new version of a published service whose answers to a request for information may stand in
 * for evidence (the IBAN loop: without it an officer who asks for an IBAN gets it and cannot use
 * it). Everything else — rules, figures, legal sources, effective dates, grounds — is carried over.
 */
export function withAnswerSubstitutes(def: ServiceDefinition, version: number, answerSubstitutes: NonNullable<ServiceDefinition['answerSubstitutes']>): ServiceDefinition {
  return deepFreeze<ServiceDefinition>({ ...def, version, supersedes: [def.version], answerSubstitutes });
}
