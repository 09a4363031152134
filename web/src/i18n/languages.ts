import { de } from './de.js';
import { en, type MessageKey, type Messages } from './en.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { ru } from './ru.js';

/** The languages of the UI (the G8 languages, DESIGN.md §11), each named in itself. */
export const LANGUAGES = [
  { code: 'en', name: 'English', messages: en },
  { code: 'fr', name: 'Français', messages: fr },
  { code: 'de', name: 'Deutsch', messages: de },
  { code: 'it', name: 'Italiano', messages: it },
  { code: 'ja', name: '日本語', messages: ja },
  { code: 'ru', name: 'Русский', messages: ru },
] as const satisfies readonly { code: string; name: string; messages: Messages }[];

export type Lang = (typeof LANGUAGES)[number]['code'];
export const DEFAULT_LANG: Lang = 'en';
/** Where the chosen language is remembered in `localStorage`. */
export const LANG_STORAGE_KEY = 'nohaven.lang';

export function isLang(value: unknown): value is Lang {
  return LANGUAGES.some((l) => l.code === value);
}

export function messagesOf(lang: Lang): Messages {
  return LANGUAGES.find((l) => l.code === lang)?.messages ?? en;
}

/**
 * The first supported language among the browser's preferences (`navigator.languages`),
 * matching on the primary subtag: `fr-CA` → `fr`. English when none matches.
 */
export function pickLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}

/** The message for `key` with `{name}` placeholders replaced by `params`. */
export function translate(
  messages: Messages,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** True when `key` is a message key (for keys built from data, such as `type.<stix type>`). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
