import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { MessageKey } from './en.js';
import {
  isLang,
  LANG_STORAGE_KEY,
  LANGUAGES,
  messagesOf,
  pickLanguage,
  translate,
  type Lang,
} from './languages.js';

export interface I18n {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string;
  /** An RFC 3339 timestamp as a date and time in the chosen language. */
  formatDateTime(iso: string): string;
  formatNumber(n: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLanguage(): Lang | null {
  try {
    const value = localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : null;
  } catch {
    return null;
  }
}

function initialLanguage(): Lang {
  return storedLanguage() ?? pickLanguage(navigator.languages ?? [navigator.language]);
}

/** Holds the chosen language, remembers it and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Storage may be disabled (private mode); the choice then lasts for this page only.
    }
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = messagesOf(lang);
    const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'long' });
    const number = new Intl.NumberFormat(lang);
    return {
      lang,
      setLang,
      t: (key, params) => translate(messages, key, params),
      formatDateTime: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
      },
      formatNumber: (n) => number.format(n),
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}

export { LANGUAGES };
