import { en, type MessageKey } from '../i18n/en.js';
import type { I18n } from '../i18n/i18n.js';

/**
 * Labels of the codes a request carries (states, types, fields, grounds…), in the reader's
 * language. Definitions are data: a code added by a new definition that has no translation yet
 * is shown as its code rather than hidden.
 */
export type CodeGroup =
  | 'state'
  | 'type'
  | 'field'
  | 'ground'
  | 'urgency'
  | 'channel'
  | 'category'
  | 'idkind'
  | 'clock'
  | 'clockStatus'
  | 'party';

export function codeLabel(t: I18n['t'], group: CodeGroup, code: string): string {
  const key = `requests.${group}.${code}`;
  return key in en ? t(key as MessageKey) : code;
}

/** The verb of the button that moves a request to `to`. */
export function actionLabel(t: I18n['t'], to: string): string {
  const key = `requests.action.${to}`;
  return key in en && to !== 'other'
    ? t(key as MessageKey)
    : t('requests.action.other', { state: codeLabel(t, 'state', to) });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** `dueAt` relative to `now` in words of `lang` ("in 2 days", "3 hours ago"). */
export function relativeTime(lang: string, dueAt: string, now: number): string {
  const ms = Date.parse(dueAt) - now;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of UNITS)
    if (Math.abs(ms) >= size || unit === 'minute') return rtf.format(Math.round(ms / size), unit);
  return rtf.format(0, 'minute');
}
