/**
 * Pieces shared by the catalog's definitions: dated figures fixed by the budget law, legal acts,
 * the standard rule about the applicant's record, escalation groups and notification texts.
 * Everything here is plain data copied into each definition, so each published definition is
 * self-contained JSON and its hash covers every figure it uses.
 *
 * LEGAL CITATIONS: article numbers are plausible placeholders modelled on the structure of the
 * Social Code; they MUST be checked by the ministry's lawyers before publication.
 */
import type { LocalizedText, Parameter, Rule, ServiceDefinition } from '../definition.ts';

export const SOCIAL_CODE = 'Social Code of the Republic of Kazakhstan of 20 April 2023 No. 224-VII';

/**
 * Monthly calculation index (МРП / АЕК), KZT, set each year by the law on the republican budget:
 * 2024 — 3 692, 2025 — 3 932, 2026 — 4 325. Each value is closed with `to`, so a legal fact in a
 * year whose figure is not yet in the definition is PARAMETER_MISSING (an officer looks) instead
 * of being paid at last year's rate.
 */
export const MCI: Parameter = {
  name: 'mci',
  description: 'Monthly calculation index (KZT), law on the republican budget for the year',
  values: [
    { from: '2024-01-01', to: '2024-12-31', value: 3692 },
    { from: '2025-01-01', to: '2025-12-31', value: 3932 },
    { from: '2026-01-01', to: '2026-12-31', value: 4325 },
  ],
};

/** Minimum monthly wage (МЗП / ЕТЖ), KZT: 85 000 in 2024 and 2025, kept at 85 000 for 2026 (verify against the 2026 budget law). */
export const MINIMUM_WAGE: Parameter = {
  name: 'mzp',
  description: 'Minimum monthly wage (KZT), law on the republican budget for the year',
  values: [
    { from: '2024-01-01', to: '2024-12-31', value: 85000 },
    { from: '2025-01-01', to: '2025-12-31', value: 85000 },
    { from: '2026-01-01', to: '2026-12-31', value: 85000 },
  ],
};

export function notDeceasedRule(id: string, article: string): Rule {
  return {
    id,
    expression: '!evidence.person.deceased',
    legalBasis: { act: SOCIAL_CODE, article },
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

export function parentOfChildRule(id: string, article: string): Rule {
  return {
    id,
    expression: 'evidence.birth.motherIin == applicant.iin || evidence.birth.fatherIin == applicant.iin',
    legalBasis: { act: SOCIAL_CODE, article },
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
export function birthRegisteredRule(id: string, article: string): Rule {
  return {
    id,
    expression: 'evidence.birth != null && evidence.birth.childIin == application.childIin',
    legalBasis: { act: SOCIAL_CODE, article },
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
