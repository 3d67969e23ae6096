/**
 * Name tables for synthetic citizens, spelled as the civil registry (GBD FL) records them in
 * Cyrillic. Surnames are given in the masculine form; feminine forms add "а".
 */
import type { Rng } from './prng.ts';

export type Ethnicity = 'kazakh' | 'russian';

const KAZAKH_MALE = [
  'Нурлан', 'Ерлан', 'Асхат', 'Бауыржан', 'Данияр', 'Ержан', 'Талгат', 'Серик', 'Айдар', 'Арман',
  'Азамат', 'Ернар', 'Мирас', 'Алихан', 'Санжар', 'Дамир', 'Тимур', 'Арсен', 'Ильяс', 'Берик',
  'Марат', 'Канат', 'Жандос', 'Айбек', 'Рустем', 'Мухтар', 'Ануар', 'Даурен', 'Галым', 'Думан',
  'Ерасыл', 'Нурасыл', 'Амир', 'Адиль', 'Еркебулан', 'Жасулан', 'Самат', 'Бекзат', 'Олжас', 'Руслан',
] as const;

const KAZAKH_FEMALE = [
  'Айгуль', 'Гульнара', 'Динара', 'Жанар', 'Асель', 'Айжан', 'Мадина', 'Сауле', 'Назгуль', 'Алия',
  'Камила', 'Аружан', 'Дана', 'Жансая', 'Айым', 'Томирис', 'Айша', 'Малика', 'Салтанат', 'Гаухар',
  'Ботагоз', 'Меруерт', 'Индира', 'Лаура', 'Акмарал', 'Зарина', 'Айдана', 'Балжан', 'Карлыгаш', 'Асем',
  'Дильназ', 'Инкар', 'Нургуль', 'Шынар', 'Айнур', 'Раушан', 'Жулдыз', 'Ляззат', 'Эльмира', 'Сабина',
] as const;

const KAZAKH_SURNAMES = [
  'Ахметов', 'Жумабаев', 'Нурпеисов', 'Садыков', 'Касымов', 'Искаков', 'Абдрахманов', 'Тулегенов', 'Мукашев', 'Оспанов',
  'Бекмуханов', 'Каримов', 'Ермеков', 'Серикбаев', 'Омаров', 'Жаксылыков', 'Байжанов', 'Есенов', 'Кенжебеков', 'Муратов',
  'Сулейменов', 'Амиров', 'Калиев', 'Утегенов', 'Бейсенов', 'Смагулов', 'Турсунов', 'Ибраев', 'Алимжанов', 'Шарипов',
  'Сейтказиев', 'Жунусов', 'Кабдуллин', 'Рахимов', 'Мамыров', 'Дуйсенов', 'Сарсенбаев', 'Ержанов', 'Абенов', 'Толеуов',
] as const;

/** [name, masculine patronymic, feminine patronymic]: Russian patronymics are irregular enough to list. */
const RUSSIAN_MALE = [
  ['Александр', 'Александрович', 'Александровна'], ['Сергей', 'Сергеевич', 'Сергеевна'], ['Дмитрий', 'Дмитриевич', 'Дмитриевна'],
  ['Андрей', 'Андреевич', 'Андреевна'], ['Алексей', 'Алексеевич', 'Алексеевна'], ['Игорь', 'Игоревич', 'Игоревна'],
  ['Виктор', 'Викторович', 'Викторовна'], ['Максим', 'Максимович', 'Максимовна'], ['Павел', 'Павлович', 'Павловна'],
  ['Евгений', 'Евгеньевич', 'Евгеньевна'], ['Артём', 'Артёмович', 'Артёмовна'], ['Михаил', 'Михайлович', 'Михайловна'],
  ['Владимир', 'Владимирович', 'Владимировна'], ['Николай', 'Николаевич', 'Николаевна'], ['Денис', 'Денисович', 'Денисовна'],
] as const;

const RUSSIAN_FEMALE = [
  'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Анна', 'Мария', 'Екатерина', 'Юлия',
  'Анастасия', 'Виктория', 'Ксения', 'Дарья', 'Полина',
] as const;

const RUSSIAN_SURNAMES = [
  'Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Волков', 'Соколов', 'Лебедев', 'Козлов', 'Новиков',
  'Морозов', 'Павлов', 'Фёдоров', 'Михайлов', 'Белов', 'Тарасов', 'Комаров', 'Орлов', 'Зайцев', 'Никитин',
] as const;

export function pickSurname(rng: Rng, ethnicity: Ethnicity): string {
  return rng.pick(ethnicity === 'kazakh' ? KAZAKH_SURNAMES : RUSSIAN_SURNAMES);
}

export function surnameFor(masculineSurname: string, sex: 'M' | 'F'): string {
  return sex === 'M' ? masculineSurname : `${masculineSurname}а`;
}

export function pickFirstName(rng: Rng, ethnicity: Ethnicity, sex: 'M' | 'F'): string {
  if (ethnicity === 'kazakh') return rng.pick(sex === 'M' ? KAZAKH_MALE : KAZAKH_FEMALE);
  return sex === 'M' ? rng.pick(RUSSIAN_MALE)[0] : rng.pick(RUSSIAN_FEMALE);
}

/**
 * How a family writes patronymics from a Kazakh father's name: the Russian-style -ович/-овна,
 * the Kazakh -ұлы/-қызы (more common among the young), or none at all. Chosen once per father,
 * so siblings agree.
 */
export type PatronymicStyle = 'russian' | 'kazakh' | 'none';

export function pickPatronymicStyle(rng: Rng, birthYear: number): PatronymicStyle {
  const roll = rng.next();
  if (roll < 0.05) return 'none';
  return (birthYear >= 2005 ? roll < 0.45 : roll < 0.12) ? 'kazakh' : 'russian';
}

export function patronymicFrom(fatherFirstName: string, sex: 'M' | 'F', style: PatronymicStyle): string | null {
  const russian = RUSSIAN_MALE.find(([name]) => name === fatherFirstName);
  if (russian) return sex === 'M' ? russian[1] : russian[2];
  if (style === 'none') return null;
  if (style === 'kazakh') return `${fatherFirstName}${sex === 'M' ? 'ұлы' : 'қызы'}`;
  return `${fatherFirstName}${sex === 'M' ? 'ович' : 'овна'}`;
}

export const REGIONS = [
  'г. Астана', 'г. Алматы', 'г. Шымкент', 'Алматинская область', 'Карагандинская область', 'Туркестанская область',
  'Актюбинская область', 'Восточно-Казахстанская область', 'Павлодарская область', 'Костанайская область',
  'Атырауская область', 'Мангистауская область', 'Жамбылская область', 'Кызылординская область',
  'Северо-Казахстанская область', 'Западно-Казахстанская область', 'Акмолинская область', 'Абайская область',
  'Жетысуская область', 'Улытауская область',
] as const;

/** Roughly by population: the three cities and the south weigh most. */
export const REGION_WEIGHTS: readonly (readonly [string, number])[] = REGIONS.map((r, i) => [r, i < 3 ? 10 : i < 6 ? 6 : 3] as const);
