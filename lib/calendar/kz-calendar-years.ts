/**
 * What the law leaves to each year: the first day of Kurban ait (set each year from the Spiritual
 * Administration of Muslims of Kazakhstan's calendar and announced by the Ministry of Labour and
 * Social Protection) and the rest days the ministry transfers (Labour Code art. 85 p. 3), with
 * the sources they were taken from.
 *
 * `verified` is true only once every date of the year has been checked against the text of the
 * act itself (adilet.zan.kz). Until then it is false, the sources say where the dates come from,
 * and every deadline computed over that year carries `verified: false` — shown in the API and in
 * signed records, so nobody mistakes a reported date for a checked one.
 *
 * A year missing here (2027: no transfer act found yet) is refused by the calendar unless the
 * caller asks for an estimate (see working-days.ts).
 */

export interface CalendarSource {
  title: string;
  url: string;
  /** Date the source was published or last updated, when it says. */
  published?: string;
}

export interface TransferredRestDay {
  /** A weekend day that becomes a working day. */
  workingDay: string;
  /** The weekday that becomes a day off instead. */
  dayOff: string;
  act: string;
}

export interface KzCalendarYear {
  year: number;
  verified: boolean;
  /** What was checked and what is still missing. */
  verification: string;
  kurbanAit: string;
  transfers: readonly TransferredRestDay[];
  sources: readonly CalendarSource[];
}

export const KZ_CALENDAR_YEARS: readonly KzCalendarYear[] = [
  {
    year: 2024,
    verified: false,
    verification:
      'Transfer from the ministry order "О переносе дня отдыха в 2024 году" as published in draft on the Open NPA portal (number and registration not found in the stored sources); ' +
      'Kurban ait moved from the planned 17 June to Sunday 16 June by the Spiritual Administration on 7 June 2024, and the ministry confirmed that Monday 17 June stays a working day.',
    kurbanAit: '2024-06-16',
    transfers: [{ workingDay: '2024-05-04', dayOff: '2024-05-08', act: 'Order of the Minister of Labour and Social Protection «О переносе дня отдыха в 2024 году» (number not yet checked)' }],
    sources: [
      { title: 'Как будут отдыхать казахстанцы на майские праздники с учетом переноса выходных дней', url: 'https://alataunews.kz/ru/novosti/kak-budut-otdyhat-kazahstanczy-na-majskie-prazdniki-s-uchetom-perenosa-vyhodnyh-dnej' },
      { title: 'Отмена выходного дня на Курбан айт: в Минтруда сделали заявление', url: 'https://alau.kz/otmena-vyhodnogo-dnja-na-kurban-ajt-v-mintruda-sdelali-zajavlenie', published: '2024-06-07' },
      { title: '2024 state and national holidays calendar (23 March → 25 March, 6 July → 8 July)', url: 'https://aqshamnews.kz/latyn/article/el-turgyndary-biyl-117-kun-demalady.html' },
    ],
  },
  {
    year: 2025,
    verified: false,
    verification:
      'Order No. 436 of 21 November 2024 "О переносе дня отдыха в 2025 году" and the Kurban ait date as quoted from the ministry\'s official answer; the order text itself not yet read on adilet.zan.kz.',
    kurbanAit: '2025-06-06',
    transfers: [{ workingDay: '2025-01-05', dayOff: '2025-01-03', act: 'Order of the Minister of Labour and Social Protection of 21 November 2024 No. 436 «О переносе дня отдыха в 2025 году»' }],
    sources: [
      { title: 'В июне 2025 года казахстанцев ожидает дополнительный выходной день (ministry answer quoting order No. 436)', url: 'https://www.caravan.kz/amp/news/v-ijune-2025-goda-kazahstancev-ozhidaet-dopolnitelnyj-vyhodnoj-den' },
      { title: 'Казахстанцы получат четыре выходных дня на Новый год', url: 'https://energy-city.kz/pavlodar/kazahstanczy-poluchat-chetyre-vyhodnyh-dnya-na-novyj-god' },
      { title: 'Почему казахстанцам не дали отдохнуть четыре дня подряд на майские праздники: доводы Минтруда', url: 'https://informburo.kz/novosti/pocemu-kazaxstancam-ne-dali-otdoxnut-cetyre-dnia-podriad-na-maiskie-prazdniki-dovody-mintruda' },
    ],
  },
  {
    year: 2026,
    verified: false,
    verification:
      'Holidays and substitutes as in the production calendar published on egov.kz (January 2026); no transfer act for 2026 found. Kurban ait 27 May is the Spiritual Administration\'s calendar date (±1 day by the new moon), its final announcement not found. ' +
      '30 August removed as a holiday after the 15 March 2026 Constitution, as the ministry told the press on 18 March 2026; the amended Law not yet read.',
    kurbanAit: '2026-05-27',
    transfers: [],
    sources: [
      { title: 'Как будут отдыхать казахстанцы в 2026 году (egov.kz calendar)', url: 'https://www.inform.kz/ru/kak-budut-otdihat-kazahstantsi-v-2026-godu-947dd6', published: '2026-01-02' },
      { title: 'ДУМК объявило даты мусульманских праздников на 2026 год', url: 'https://kazpravda.kz/n/dumk-obyavilo-daty-musulmanskih-prazdnikov-na-2026-god/', published: '2026-01-14' },
      { title: 'В этом году казахстанцы не будут отдыхать 30 августа (ministry statement)', url: 'https://taspanews.kz/novosti-kazakhstana/v-etom-godu-u-kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615', published: '2026-03-18' },
    ],
  },
];
