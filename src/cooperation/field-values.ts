import { isIP } from 'node:net';
import { isCountryCode } from '../platform/countries.js';
import { offenceByCode } from '../legal/offence-taxonomy.js';
import { CODE_LISTS, DATA_CATEGORIES, IDENTIFIER_KINDS, isCodeListName } from './code-lists.js';
import type { FieldDefinition } from './definitions/definition.schema.js';

/**
 * Checks of one typed field value (issue 7, item 2). Pure. Each returns the problems of the
 * value as short phrases ("is not an IPv4 or IPv6 address"), or an empty list.
 *
 * Value shapes (JSON):
 * - `code`: a code of the field's list; `integer`: a whole number.
 * - `identifier`: `{ kind, value }`; an `ip` also needs `timestamp` with an explicit offset
 *   (an IP address names a subscriber only at a moment), an `account` may name its `service`.
 * - `data-categories`: codes of the convention's data categories, at least one.
 * - `time-range`: `{ start, end }`, timestamps with an explicit offset, start before end.
 * - `offences`: codes of the offence taxonomy (`legal/offence-taxonomy.ts`), at least one
 *   offence; a modifier (aiding, attempt…) only with an offence it may qualify.
 * - `date-time`: RFC 3339 with `Z` or `±hh:mm`.
 * - `reference`: the id of another request (its existence and type are checked by the caller).
 * - `free-text`: `{ text, lang }`, shown as written, tagged with its language (BCP 47).
 * - `boolean`; `authority`: `{ name, country }` (ISO 3166-1 alpha-2) and optionally `contact`.
 */

/** RFC 3339 date-time with an explicit offset (no local times: the zone must be stated). */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function isZonedTimestamp(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const x = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return x.getUTCMonth() === mo! - 1 && x.getUTCDate() === d! && h! < 24 && mi! < 60 && s! < 61;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

export function identifierProblems(v: unknown, kinds?: readonly string[]): string[] {
  if (!isObject(v) || typeof v.kind !== 'string' || typeof v.value !== 'string')
    return ['must be an object { kind, value }'];
  const allowed = kinds ?? IDENTIFIER_KINDS;
  if (!allowed.includes(v.kind)) return [`kind must be one of ${allowed.join(', ')}`];
  const value = v.value.trim();
  switch (v.kind) {
    case 'ip':
      if (isIP(value) === 0) return [`"${value}" is not an IPv4 or IPv6 address`];
      if (!isZonedTimestamp(v.timestamp))
        return [
          'an IP address needs a timestamp with its time zone (e.g. 2026-11-28T09:00:00+01:00)',
        ];
      return [];
    case 'email':
      return EMAIL.test(value) ? [] : [`"${value}" is not an e-mail address`];
    case 'phone':
      return E164.test(value)
        ? []
        : [`"${value}" is not an E.164 phone number (e.g. +33123456789)`];
    case 'domain':
      return DOMAIN.test(value) ? [] : [`"${value}" is not a domain name`];
    case 'imei':
      return /^\d{15}$/.test(value) && luhn(value) ? [] : [`"${value}" is not a valid IMEI`];
    case 'mac':
      return MAC.test(value) ? [] : [`"${value}" is not a MAC address`];
    default:
      return value.length === 0 || value.length > 500 ? ['must be 1 to 500 characters'] : [];
  }
}

function offencesProblems(v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0) return ['must list at least one offence code'];
  const out: string[] = [];
  const offences: string[] = [];
  for (const c of v) {
    const o = typeof c === 'string' ? offenceByCode(c) : undefined;
    if (!o) out.push(`"${String(c)}" is not an offence code of the taxonomy`);
    else if (o.kind === 'offence') offences.push(o.code);
  }
  if (out.length > 0) return out;
  if (offences.length === 0) return ['names only modifiers: add the offence they qualify'];
  for (const c of v as string[]) {
    const o = offenceByCode(c)!;
    if (o.kind === 'modifier' && o.appliesTo && !offences.some((x) => o.appliesTo!.includes(x)))
      out.push(`${c} qualifies none of the offences listed`);
  }
  return out;
}

/** The problems of one value of `field` (a single value when the field is `multiple`). */
export function valueProblems(field: FieldDefinition, v: unknown): string[] {
  switch (field.type) {
    case 'code': {
      const list =
        field.codeList && isCodeListName(field.codeList) ? CODE_LISTS[field.codeList] : [];
      return typeof v === 'string' && (list as readonly string[]).includes(v)
        ? []
        : [`must be one of ${list.join(', ')}`];
    }
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return ['must be a whole number'];
      return field.minimum !== undefined && v < field.minimum
        ? [`must be at least ${field.minimum}`]
        : [];
    case 'identifier':
      return identifierProblems(v, field.identifierKinds);
    case 'data-categories':
      if (!Array.isArray(v) || v.length === 0) return ['must list at least one data category'];
      return v.every((c) => (DATA_CATEGORIES as readonly unknown[]).includes(c))
        ? []
        : [`must be among ${DATA_CATEGORIES.join(', ')}`];
    case 'time-range':
      if (!isObject(v) || !isZonedTimestamp(v.start) || !isZonedTimestamp(v.end))
        return ['must be { start, end }, timestamps with a time zone'];
      return Date.parse(v.start) < Date.parse(v.end) ? [] : ['start must be before end'];
    case 'offences':
      return offencesProblems(v);
    case 'date-time':
      return isZonedTimestamp(v) ? [] : ['must be a timestamp with a time zone (RFC 3339)'];
    case 'reference':
      return typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? [] : ['must be a request id'];
    case 'free-text':
      if (!isObject(v) || typeof v.text !== 'string' || typeof v.lang !== 'string')
        return ['must be { text, lang }: free text with its language tag'];
      if (v.text.trim().length === 0 || v.text.length > 20_000)
        return ['text must be 1 to 20,000 characters'];
      return LANG.test(v.lang) ? [] : [`"${v.lang}" is not a language tag (e.g. en, fr, ja)`];
    case 'boolean':
      return typeof v === 'boolean' ? [] : ['must be true or false'];
    case 'authority':
      if (!isObject(v) || typeof v.name !== 'string' || v.name.trim() === '')
        return ['must be { name, country } naming the authority'];
      return typeof v.country === 'string' && isCountryCode(v.country)
        ? []
        : ['country must be an ISO 3166-1 alpha-2 code'];
    default:
      return [`has the unknown type ${String(field.type)}`];
  }
}
