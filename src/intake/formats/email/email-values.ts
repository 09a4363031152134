/**
 * Values read out of e-mail text: RFC 5322 dates, IP addresses of `Received` trace fields
 * (RFC 5321 section 4.4), URLs in plain-text and HTML bodies.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 5322 section 4.3 obsolete zones, plus UTC; other names count as -0000 (unknown). */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  JST: 540,
  CET: 60,
  CEST: 120,
};

const RFC5322_DATE =
  /^(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/;

/**
 * An RFC 5322 date-time (`Thu, 29 Apr 2009 00:00:00 -0000`, obsolete zones and two-digit
 * years included) or an RFC 3339 one, as RFC 3339 UTC with milliseconds; `undefined` if it
 * is neither.
 *
 * @example parseMailDate('Thu, 9 Apr 2006 23:34:45 JST') // '2006-04-09T14:34:45.000Z'
 */
export function parseMailDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const m = RFC5322_DATE.exec(text);
  if (m === null) {
    const iso =
      /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})$/i.exec(
        text,
      );
    if (iso === null) return undefined;
    const zone = iso[3]!.toUpperCase() === 'Z' ? 'Z' : iso[3]!.replace(/^([+-]\d{2}):?/, '$1:');
    const ms = Date.parse(`${iso[1]}T${iso[2]}${zone}`);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  }
  const [, d, mon, y, h, mi, s, zone] = m;
  const month = MONTHS.indexOf(mon!.toLowerCase());
  let year = Number(y);
  if (y!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (y!.length === 3) year += 1900;
  if (month < 0) return undefined;
  let offset = 0;
  if (zone !== undefined && /^[+-]/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone !== undefined) {
    offset = ZONES[zone.toUpperCase()] ?? 0;
  }
  const date = new Date(Date.UTC(year, month, Number(d), Number(h), Number(mi), Number(s ?? 0)));
  if (
    date.getUTCDate() !== Number(d) ||
    date.getUTCMonth() !== month ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s ?? 0) > 60
  ) {
    return undefined;
  }
  return new Date(date.getTime() - offset * 60_000).toISOString();
}

const IPV4_TOKEN = /(?<![\w.-])(\d{1,3}(?:\.\d{1,3}){3})(?![\w-]|\.\d)/g;
const IPV6_TOKEN =
  /(?:IPv6:|[[(])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?)(?=[\])\s;]|$)/g;

/**
 * Candidate IP addresses in a `Received` field, in order of appearance: IPv4 dotted quads
 * anywhere (not part of a longer dotted token such as a version number) and IPv6 literals
 * written `[IPv6:…]`, `[…]` or `(…)`. The caller validates them.
 *
 * @example receivedIps('from x ([192.0.2.9]) by y with ESMTP') // ['192.0.2.9']
 */
export function receivedIps(received: string): string[] {
  const found: string[] = [];
  for (const m of received.matchAll(IPV4_TOKEN)) found.push(m[1]!);
  for (const m of received.matchAll(IPV6_TOKEN)) {
    if (m[1]!.includes('::') || m[1]!.split(':').length === 8) found.push(m[1]!);
  }
  return [...new Set(found)];
}

const TEXT_URL = /\b(?:https?|ftp):\/\/[^\s<>"'`{}|\\^]+/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
const TRAILING = /[.,;:!?'")\]}>]+$/;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16) || 0xfffd);
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)) || 0xfffd);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? whole;
  });
}

function trimUrl(url: string): string {
  let out = url.replace(TRAILING, '');
  // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia-style links).
  if (
    url.slice(out.length).startsWith(')') &&
    (out.match(/\(/g)?.length ?? 0) > (out.match(/\)/g)?.length ?? 0)
  ) {
    out += ')';
  }
  return out;
}

/**
 * http(s) and ftp URLs in a plain-text body and in an HTML body (`href` attributes, entity
 * decoded, and URLs written out in the text), at most `limit`, first seen first.
 */
export function bodyUrls(
  text: string | undefined,
  html: string | undefined,
  limit: number,
): string[] {
  const found = new Set<string>();
  const add = (url: string): void => {
    if (found.size < limit && url !== '') found.add(url);
  };
  for (const m of (text ?? '').matchAll(TEXT_URL)) add(trimUrl(m[0]));
  if (html !== undefined) {
    for (const m of html.matchAll(HREF)) {
      const href = decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim());
      if (/^(?:https?|ftp):\/\//i.test(href)) add(href);
    }
    for (const m of decodeEntities(html.replace(/<[^<>]*>/g, ' ')).matchAll(TEXT_URL)) {
      add(trimUrl(m[0]));
    }
  }
  return [...found];
}
