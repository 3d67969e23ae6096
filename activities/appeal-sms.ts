/**
 * What the citizen is told about an appeal, in their language: that it was received (and by when
 * it will be decided), and what came of it. The texts are Qyzmet's own, not a service's: an appeal
 * is the same procedure for every service.
 */
import { kzDeadline } from '../lib/kz-time.ts';
import type { Lang } from '../services/definition.ts';
import { formatKzt } from '../services/notifications.ts';

export type AppealSmsKind = 'filed' | 'upheld' | 'replaced';

export interface AppealSmsValues {
  caseId: string;
  /** filed: when the appeal group must have decided (ISO instant). */
  dueAt?: string;
  /** replaced: the new decision. */
  outcome?: 'APPROVED' | 'DENIED';
  amount?: number | null;
}

const NEW_OUTCOME: Record<Lang, (v: AppealSmsValues) => string> = {
  kk: (v) => (v.outcome === 'APPROVED' ? `төлем тағайындалды${v.amount != null ? `: ${formatKzt(v.amount, 'kk')}` : ''}` : 'төлем тағайындаудан бас тартылды'),
  ru: (v) => (v.outcome === 'APPROVED' ? `выплата назначена${v.amount != null ? `: ${formatKzt(v.amount, 'ru')}` : ''}` : 'в назначении выплаты отказано'),
  en: (v) => (v.outcome === 'APPROVED' ? `the benefit is granted${v.amount != null ? `: ${formatKzt(v.amount, 'en')}` : ''}` : 'the benefit is refused'),
};

const TEMPLATES: Record<AppealSmsKind, Record<Lang, (v: AppealSmsValues) => string>> = {
  filed: {
    kk: (v) => `${v.caseId} өтінімі бойынша шешімге шағымыңыз қабылданды. Ол ${kzDeadline(v.dueAt!)} дейін қаралады.`,
    ru: (v) => `Ваша жалоба на решение по заявке ${v.caseId} принята. Она будет рассмотрена до ${kzDeadline(v.dueAt!)}.`,
    en: (v) => `Your appeal against the decision on case ${v.caseId} was received. It will be decided by ${kzDeadline(v.dueAt!)}.`,
  },
  upheld: {
    kk: (v) => `${v.caseId} өтінімі бойынша шағымыңыз қаралды: шешім өзгеріссіз қалды. Оған сотқа шағымдануға болады.`,
    ru: (v) => `Ваша жалоба по заявке ${v.caseId} рассмотрена: решение оставлено без изменения. Его можно обжаловать в суде.`,
    en: (v) => `Your appeal on case ${v.caseId} was decided: the decision stands. You may challenge it in court.`,
  },
  replaced: {
    kk: (v) => `${v.caseId} өтінімі бойынша шағымыңыз қаралды: жаңа шешім қабылданды, ${NEW_OUTCOME.kk(v)}.`,
    ru: (v) => `Ваша жалоба по заявке ${v.caseId} рассмотрена: принято новое решение, ${NEW_OUTCOME.ru(v)}.`,
    en: (v) => `Your appeal on case ${v.caseId} was decided: a new decision replaces the old one, ${NEW_OUTCOME.en(v)}.`,
  },
};

export function renderAppealSms(kind: AppealSmsKind, lang: Lang, values: AppealSmsValues): string {
  return TEMPLATES[kind][lang](values);
}
