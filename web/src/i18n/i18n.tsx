/**
 * The officer's language: chosen in the header, remembered in this browser, sent to the API on
 * every request (Accept-Language and `lang`), and set on <html lang> for screen readers.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { format, hasMessage, LANGS, MESSAGES, type Lang, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'qyzmet.lang';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** A key built at run time (an enum value from the API); falls back to the raw value. */
  tx(prefix: string, value: string, vars?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(fallback: Lang): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return LANGS.includes(stored as Lang) ? (stored as Lang) : fallback;
}

export function I18nProvider({ defaultLang, children }: { defaultLang: Lang; children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => initialLang(defaultLang));
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = MESSAGES[lang]['app.title'];
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const catalog = MESSAGES[lang];
    const t: Translate = (key, vars) => format(catalog[key] ?? key, vars);
    const tx = (prefix: string, raw: string, vars?: Record<string, string | number>) => {
      const key = `${prefix}.${raw}`;
      return hasMessage(key) ? t(key, vars) : raw;
    };
    return { lang, setLang, t, tx };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
