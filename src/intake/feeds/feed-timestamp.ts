/**
 * Timestamp parsing for feed fields (`time.source` in the IntelMQ harmonization, type
 * DateTime). Results are ISO 8601 in UTC with a `+00:00` offset, as IntelMQ writes them:
 * `2015-12-15T15:33:38+00:00` (milliseconds only when not zero).
 */
import type { TimestampFormat } from './feed-definition.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Formats a Date the IntelMQ way; `undefined` for an invalid date. */
export function formatUtc(date: Date): string | undefined {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return undefined;
  const iso = date.toISOString();
  return ms % 1000 === 0 ? iso.replace(/\.000Z$/, '+00:00') : iso.replace(/Z$/, '+00:00');
}

function fromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMin = 0) {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Reject overflow such as 2015-02-30 or 25:00 rather than rolling over.
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return formatUtc(new Date(date.getTime() - offsetMin * 60_000));
}

function parseIso(text: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let offset = 0;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  return fromParts(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(s ?? 0), ms, offset);
}

const TOKENS: Record<string, string> = {
  YYYY: '(?<Y>\\d{4})',
  MMM: '(?<b>[A-Za-z]{3})',
  MM: '(?<M>\\d{1,2})',
  DD: '(?<D>\\d{1,2})',
  ddd: '[A-Za-z]{3}',
  hh: '(?<h>\\d{1,2})',
  mm: '(?<m>\\d{2})',
  ss: '(?<s>\\d{2})',
};

function customRegex(pattern: string): RegExp {
  let source = '';
  let rest = pattern;
  while (rest.length > 0) {
    const token = ['YYYY', 'MMM', 'ddd', 'MM', 'DD', 'hh', 'mm', 'ss'].find((t) =>
      rest.startsWith(t),
    );
    if (token) {
      source += TOKENS[token];
      rest = rest.slice(token.length);
    } else {
      source += rest[0] === ' ' ? '\\s+' : rest[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      rest = rest.slice(1);
    }
  }
  return new RegExp(`^${source}$`);
}

function parseCustom(pattern: string, text: string): string | undefined {
  const g = customRegex(pattern).exec(text)?.groups;
  if (!g || g.Y === undefined || g.D === undefined) return undefined;
  let month = g.M === undefined ? NaN : Number(g.M);
  if (g.b !== undefined) month = MONTHS.indexOf(g.b.toLowerCase()) + 1;
  if (!(month >= 1)) return undefined;
  return fromParts(+g.Y, month, +g.D, +(g.h ?? 0), +(g.m ?? 0), +(g.s ?? 0));
}

/**
 * Parses `value` with `format`; `undefined` when it does not match.
 *
 * @example parseTimestamp('2021-01-17 07:44:46', 'iso') // '2021-01-17T07:44:46+00:00'
 */
export function parseTimestamp(
  value: string | number,
  format: TimestampFormat,
): string | undefined {
  const text = String(value).trim();
  if (format === 'epoch' || format === 'epoch-ms') {
    if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
    const n = Number(text) * (format === 'epoch' ? 1000 : 1);
    return formatUtc(new Date(Math.round(n)));
  }
  if (format === 'iso') return parseIso(text);
  return parseCustom(format.slice('custom:'.length), text);
}
