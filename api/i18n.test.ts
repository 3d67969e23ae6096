import { describe, expect, it } from 'vitest';
import { message, negotiateLanguage } from './i18n.ts';

describe('negotiateLanguage', () => {
  it.each([
    [null, 'kk'],
    ['en', 'en'],
    ['ru-RU,ru;q=0.9,en-US;q=0.8', 'ru'],
    ['de-DE,en;q=0.5,ru;q=0.7', 'ru'],
    ['kz', 'kk'],
    ['fr, de', 'kk'],
    ['en;q=0, ru;q=0.1', 'ru'],
  ])('%s → %s', (header, lang) => {
    expect(negotiateLanguage(header, 'kk')).toBe(lang);
  });

  it('has every message in the three languages', () => {
    for (const lang of ['kk', 'ru', 'en'] as const) expect(message(lang, 'FORBIDDEN')).toMatch(/\S/);
    expect(new Set([message('kk', 'INVALID_IIN'), message('ru', 'INVALID_IIN'), message('en', 'INVALID_IIN')]).size).toBe(3);
  });
});
