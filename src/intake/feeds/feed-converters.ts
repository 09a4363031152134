/**
 * The fixed set of value converters a feed definition may name. Each returns the value in the
 * form of the IntelMQ harmonization type of its usual field, or an error reason:
 * `ip` → IPAddress (`source.ip`), `cidr` → IPNetwork (`source.network`), `url` → URL
 * (`source.url`), `fqdn` → FQDN (`source.fqdn`), `int` → Integer (`source.port`,
 * `extra.*`), `asn` → ASN (`source.asn`, "AS123" → 123), `timestamp` → DateTime
 * (`time.source`), `lower` → lower-cased String (`malware.name`).
 */
import type { FeedFieldSpec } from './feed-definition.js';
import { parseTimestamp } from './feed-timestamp.js';

export type FeedValue = string | number;
export type ConvertResult = { ok: true; value: FeedValue } | { ok: false; reason: string };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const FQDN_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

export function isIpv6(text: string): boolean {
  if (text.length > 45 || !text.includes(':')) return false;
  let groups = text.split('::');
  if (groups.length > 2) return false;
  let budget = 8;
  const tail = groups[groups.length - 1]!.split(':');
  const last = tail[tail.length - 1]!;
  if (last.includes('.')) {
    if (!isIpv4(last)) return false;
    budget = 6;
    tail.pop();
    groups = [...groups.slice(0, -1), tail.join(':')];
  }
  const parts = groups.map((g) => (g === '' ? [] : g.split(':')));
  const count = parts.reduce((n, p) => n + p.length, 0);
  if (!parts.every((p) => p.every((g) => HEX_GROUP.test(g)))) return false;
  return groups.length === 2 ? count < budget : count === budget;
}

function ip(text: string): ConvertResult {
  if (isIpv4(text)) return { ok: true, value: text };
  if (isIpv6(text)) return { ok: true, value: text.toLowerCase() };
  return { ok: false, reason: `invalid IP address "${text}"` };
}

function cidr(text: string): ConvertResult {
  const [address, prefix, extra] = text.split('/');
  const v4 = address !== undefined && isIpv4(address);
  const max = v4 ? 32 : 128;
  if (
    extra === undefined &&
    address !== undefined &&
    (v4 || isIpv6(address)) &&
    prefix !== undefined &&
    /^\d{1,3}$/.test(prefix) &&
    Number(prefix) <= max
  ) {
    return { ok: true, value: `${v4 ? address : address.toLowerCase()}/${Number(prefix)}` };
  }
  return { ok: false, reason: `invalid network "${text}"` };
}

function url(text: string): ConvertResult {
  // The original spelling is kept (IntelMQ keeps e.g. "http://www..example.com/phishing").
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+\S*$/i.test(text) && URL.canParse(text)) {
    return { ok: true, value: text };
  }
  return { ok: false, reason: `invalid URL "${text}"` };
}

function fqdn(text: string): ConvertResult {
  const name = text.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (name.length <= 253 && labels.length >= 2 && labels.every((l) => FQDN_LABEL.test(l))) {
    if (!isIpv4(name)) return { ok: true, value: name };
  }
  return { ok: false, reason: `invalid domain name "${text}"` };
}

function integer(text: string): ConvertResult {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))
    ? { ok: true, value: Number(text) }
    : { ok: false, reason: `not an integer "${text}"` };
}

function asn(text: string): ConvertResult {
  const m = /^(?:AS)?\s*(\d{1,10})$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return n >= 0 && n <= 4294967295
    ? { ok: true, value: n }
    : { ok: false, reason: `invalid AS number "${text}"` };
}

/**
 * Converts one raw value (already known to be present and non-empty) per `spec`.
 *
 * @example convertValue('AS260', { convert: 'asn' }) // { ok: true, value: 260 }
 */
export function convertValue(raw: FeedValue, spec: FeedFieldSpec): ConvertResult {
  const text = String(raw).trim();
  switch (spec.convert) {
    case undefined:
      return { ok: true, value: typeof raw === 'number' ? raw : text };
    case 'ip':
      return ip(text);
    case 'cidr':
      return cidr(text);
    case 'url':
      return url(text);
    case 'fqdn':
      return fqdn(text);
    case 'int':
      return integer(text);
    case 'asn':
      return asn(text);
    case 'lower':
      return { ok: true, value: text.toLowerCase() };
    case 'timestamp': {
      const value = parseTimestamp(text, spec.timestamp ?? 'iso');
      return value === undefined
        ? { ok: false, reason: `unparsable date "${text}" (expected ${spec.timestamp ?? 'iso'})` }
        : { ok: true, value };
    }
  }
}
