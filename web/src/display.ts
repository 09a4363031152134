import type { StixObject } from './api/types.js';
import type { MessageKey } from './i18n/en.js';
import { isMessageKey } from './i18n/languages.js';

/** What a person calls an object: its name, its value, its pattern, else its id. */
export function displayName(o: StixObject): string {
  for (const key of ['name', 'value', 'relationship_type', 'pattern', 'path', 'body']) {
    const v = o[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return o.id;
}

/** The translated name of a STIX type, or the type itself when the UI has no name for it. */
export function typeLabel(t: (key: MessageKey) => string, type: string): string {
  const key = `type.${type}`;
  return isMessageKey(key) ? t(key) : type;
}
