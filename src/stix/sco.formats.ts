/**
 * String syntaxes required by SCO `value` properties (spec 6.4 domain-name, 6.5 email-addr,
 * 6.8 ipv4-addr, 6.9 ipv6-addr, 6.10 mac-addr, 6.15 url).
 */
import { issue } from './checks.js';
import type { Check } from './types.js';

const IPV4_RE =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const IPV4_PLAIN_RE =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET_RE = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX_RE = /^(?:12[0-8]|1[01]\d|[1-9]?\d)$/;
const MAC_RE = /^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/;
const EMAIL_RE = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+$/;
const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const LABEL_RE = /^[^\s./@:\\]{1,63}$/u;

/** IPv4 address, optionally in CIDR notation (spec 6.8). */
export function isIpv4(value: string): boolean {
  return IPV4_RE.test(value);
}

/** IPv6 address (RFC 4291 section 2.2, with `::` and a trailing dotted IPv4), optional CIDR. */
export function isIpv6(value: string): boolean {
  let addr = value;
  const slash = value.indexOf('/');
  if (slash >= 0) {
    if (!PREFIX_RE.test(value.slice(slash + 1))) return false;
    addr = value.slice(0, slash);
  }
  const double = addr.indexOf('::');
  if (double >= 0 && addr.indexOf('::', double + 1) >= 0) return false;
  const parts = double >= 0 ? [addr.slice(0, double), addr.slice(double + 2)] : [addr];
  let groups = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part === '') continue;
    const pieces = part.split(':');
    for (let j = 0; j < pieces.length; j++) {
      const piece = pieces[j] ?? '';
      const last = i === parts.length - 1 && j === pieces.length - 1;
      if (last && piece.includes('.')) {
        if (!IPV4_PLAIN_RE.test(piece)) return false;
        groups += 2;
      } else if (HEXTET_RE.test(piece)) groups += 1;
      else return false;
    }
  }
  return double >= 0 ? groups <= 7 : groups === 8;
}

/** Domain name (spec 6.4, RFC 1034 / RFC 5890): labels of 1–63 chars, at most 253 in all. */
export function isDomainName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  for (const label of name.split('.')) if (!LABEL_RE.test(label)) return false;
  return true;
}

function syntax(test: (v: string) => boolean, what: string): Check {
  return (v, p, out) => {
    if (typeof v !== 'string') issue(out, p, 'type', 'must be a string');
    else if (!test(v)) issue(out, p, 'format', `must be ${what}`);
  };
}

export const ipv4Value = syntax(isIpv4, 'an IPv4 address or CIDR block');
export const ipv6Value = syntax(isIpv6, 'an IPv6 address or CIDR block');
export const macValue = syntax((v) => MAC_RE.test(v), 'a lowercase colon-delimited MAC-48 address');
export const emailValue = syntax((v) => EMAIL_RE.test(v), 'an RFC 5322 addr-spec');
export const urlValue = syntax((v) => URL_RE.test(v), 'an RFC 3986 URL');
export const domainValue = syntax(isDomainName, 'a domain name');
