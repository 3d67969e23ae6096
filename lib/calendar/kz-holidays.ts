/**
 * Kazakhstan's public holidays as the law lists them — the part of the working-day calendar that
 * does not change from year to year. The movable first day of Kurban ait and the days the labour
 * ministry transfers each year are in kz-calendar-years.ts.
 *
 * - Law «О праздниках в Республике Казахстан» of 13 December 2001 No. 267-II: the national and
 *   state holidays (art. 1–2) are non-working days, and when one falls on a weekend day the
 *   next working day after it is a day off (art. 5). The 2022 amendment made 25 October
 *   (Republic Day) a national holiday and reduced Independence Day to 16 December.
 * - Labour Code of 23 November 2015 No. 414-V, art. 84 p. 5: the first day of Kurban ait and
 *   7 January (Orthodox Christmas) are days off whatever the work schedule; they are not national
 *   or state holidays, so art. 5 of the Law does not move them when they fall on a weekend (the
 *   ministry said so for Kurban ait on Sunday 16 June 2024).
 * - The Constitution adopted by referendum on 15 March 2026 makes the day of its adoption
 *   Constitution Day; the ministry announced that 30 August is no longer a holiday from 2026 and
 *   15 March is one from 2027 (reported, not yet checked against the amended Law: unverified).
 */

export type HolidayKind = 'NATIONAL' | 'STATE' | 'RELIGIOUS';

export interface StatutoryHoliday {
  id: string;
  month: number;
  day: number;
  kind: HolidayKind;
  name: { kk: string; ru: string; en: string };
  basis: string;
  /** First and last year the holiday applies (inclusive); absent = no bound in the modelled range. */
  fromYear?: number;
  untilYear?: number;
  /** False when the holiday's dates rest on reports rather than the text of the act. */
  verified: boolean;
}

const HOLIDAYS_LAW = 'Law of the Republic of Kazakhstan «О праздниках в Республике Казахстан» No. 267-II, art. 1–2, 5';
const LABOUR_CODE_84 = 'Labour Code of the Republic of Kazakhstan No. 414-V, art. 84 p. 5';
const CONSTITUTION_2026 = 'Constitution of the Republic of Kazakhstan adopted 15 March 2026, art. 94 p. 2 (as reported by the Ministry of Labour, 18 March 2026)';

/** The modelled range starts here; earlier years had other holidays (1 December, 17 December). */
export const STATUTORY_LIST_FROM_YEAR = 2024;

export const KURBAN_AIT_NAME = { kk: 'Құрбан айт', ru: 'Курбан айт (первый день)', en: 'Kurban Ait (first day)' };

export const STATUTORY_HOLIDAYS: readonly StatutoryHoliday[] = [
  { id: 'new-year-1', month: 1, day: 1, kind: 'STATE', name: { kk: 'Жаңа жыл', ru: 'Новый год', en: 'New Year' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'new-year-2', month: 1, day: 2, kind: 'STATE', name: { kk: 'Жаңа жыл', ru: 'Новый год', en: 'New Year' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'orthodox-christmas', month: 1, day: 7, kind: 'RELIGIOUS', name: { kk: 'Православиелік Рождество', ru: 'Православное Рождество', en: 'Orthodox Christmas' }, basis: LABOUR_CODE_84, verified: true },
  { id: 'womens-day', month: 3, day: 8, kind: 'STATE', name: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'constitution-day', month: 3, day: 15, kind: 'STATE', name: { kk: 'Конституция күні', ru: 'День Конституции', en: 'Constitution Day' }, basis: CONSTITUTION_2026, fromYear: 2027, verified: false },
  { id: 'nauryz-1', month: 3, day: 21, kind: 'STATE', name: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'nauryz-2', month: 3, day: 22, kind: 'STATE', name: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'nauryz-3', month: 3, day: 23, kind: 'STATE', name: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'unity-day', month: 5, day: 1, kind: 'STATE', name: { kk: 'Қазақстан халқының бірлігі мерекесі', ru: 'Праздник единства народа Казахстана', en: 'Unity Day of the People of Kazakhstan' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'defender-day', month: 5, day: 7, kind: 'STATE', name: { kk: 'Отан қорғаушы күні', ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'victory-day', month: 5, day: 9, kind: 'STATE', name: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'capital-day', month: 7, day: 6, kind: 'STATE', name: { kk: 'Астана күні', ru: 'День столицы', en: 'Capital Day' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'constitution-day-1995', month: 8, day: 30, kind: 'STATE', name: { kk: 'Конституция күні', ru: 'День Конституции', en: 'Constitution Day' }, basis: HOLIDAYS_LAW, untilYear: 2025, verified: true },
  { id: 'republic-day', month: 10, day: 25, kind: 'NATIONAL', name: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' }, basis: HOLIDAYS_LAW, verified: true },
  { id: 'independence-day', month: 12, day: 16, kind: 'NATIONAL', name: { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' }, basis: HOLIDAYS_LAW, verified: true },
];

export function statutoryHolidaysOf(year: number): StatutoryHoliday[] {
  return STATUTORY_HOLIDAYS.filter((h) => (h.fromYear ?? -Infinity) <= year && year <= (h.untilYear ?? Infinity));
}
