/**
 * Builds STIX cyber-observables (SCOs) from raw values, normalised so the same thing always
 * gets the same deterministic id, whatever the input format: IPv6 in RFC 5952 form, domains
 * lower-case in IDNA (punycode) form without the trailing dot, URLs per the WHATWG URL
 * standard (lower-case scheme and host, punycode, default port removed). Shared by every
 * intake parser.
 */
import { domainToASCII } from 'node:url';
import { deterministicScoId, type StixObject } from '../stix/index.js';
import { isDomainName, isIpv4, isIpv6 } from '../stix/sco.formats.js';

export type ObservableResult = { ok: true; sco: StixObject } | { ok: false; reason: string };

const HASH_LENGTHS: Readonly<Record<string, number>> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-512': 128,
};
export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512';

function sco(type: string, props: Record<string, unknown>): StixObject {
  const object: Record<string, unknown> = { type, spec_version: '2.1', ...props };
  return { id: deterministicScoId(object), ...object } as StixObject;
}

function fail(reason: string): ObservableResult {
  return { ok: false, reason };
}

/** RFC 5952 text form of an IPv6 address (already known valid), CIDR suffix kept. */
export function canonicalIpv6(value: string): string {
  const [address = '', prefix] = value.toLowerCase().split('/');
  let head = address;
  let v4Tail: string[] = [];
  const lastColon = address.lastIndexOf(':');
  if (address.slice(lastColon + 1).includes('.')) {
    const octets = address
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    v4Tail = [
      (((octets[0] ?? 0) << 8) | (octets[1] ?? 0)).toString(16),
      (((octets[2] ?? 0) << 8) | (octets[3] ?? 0)).toString(16),
    ];
    head = address.slice(0, lastColon + 1) + '0';
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  if (v4Tail.length > 0) (right === undefined ? leftGroups : rightGroups).pop();
  const groupsNeeded = 8 - v4Tail.length;
  const fill =
    right === undefined
      ? []
      : new Array<string>(groupsNeeded - leftGroups.length - rightGroups.length).fill('0');
  const groups = [...leftGroups, ...fill, ...rightGroups, ...v4Tail].map((g) =>
    g.replace(/^0+(?=.)/, ''),
  );
  // The longest run of two or more zero groups (the first when tied) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j += 1;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const text =
    bestStart < 0
      ? groups.join(':')
      : `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
  return prefix === undefined ? text : `${text}/${prefix}`;
}

/** `ipv4-addr` or `ipv6-addr` for an address or CIDR block. */
export function ipObservable(value: string): ObservableResult {
  const text = value.trim();
  if (isIpv4(text)) return { ok: true, sco: sco('ipv4-addr', { value: text }) };
  if (isIpv6(text)) return { ok: true, sco: sco('ipv6-addr', { value: canonicalIpv6(text) }) };
  return fail(`invalid IP address "${value}"`);
}

/** Lower-case IDNA form of a host name, without a trailing dot; `undefined` if not a name. */
export function normalizeDomain(value: string): string | undefined {
  const name = value.trim().replace(/\.$/, '');
  if (name === '' || isIpv4(name) || isIpv6(name)) return undefined;
  const ascii = domainToASCII(name.toLowerCase());
  if (ascii === '' || !isDomainName(ascii) || !ascii.includes('.')) return undefined;
  return ascii;
}

export function domainObservable(value: string): ObservableResult {
  const name = normalizeDomain(value);
  return name === undefined
    ? fail(`invalid domain name "${value}"`)
    : { ok: true, sco: sco('domain-name', { value: name }) };
}

/** WHATWG form of a URL (scheme and host lower-cased, punycode, default port dropped). */
export function normalizeUrl(value: string): string | undefined {
  const text = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(text) || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '')
    return undefined;
  return url.href;
}

export function urlObservable(value: string): ObservableResult {
  const href = normalizeUrl(value);
  return href === undefined
    ? fail(`invalid URL "${value}"`)
    : { ok: true, sco: sco('url', { value: href }) };
}

/** `email-addr`; the domain part is normalised like a domain name, the local part kept. */
export function emailObservable(value: string, displayName?: string): ObservableResult {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  const domain = at > 0 ? normalizeDomain(text.slice(at + 1)) : undefined;
  const local = text.slice(0, Math.max(at, 0));
  if (domain === undefined || /[\s"(),:;<>[\\\]@]/.test(local) || local === '') {
    return fail(`invalid e-mail address "${value}"`);
  }
  const props: Record<string, unknown> = { value: `${local}@${domain}` };
  if (displayName !== undefined && displayName.trim() !== '')
    props.display_name = displayName.trim();
  return { ok: true, sco: sco('email-addr', props) };
}

/** `autonomous-system` from a number or an "AS123" string. */
export function asnObservable(value: string | number, name?: string): ObservableResult {
  const m = /^(?:AS)?\s*(\d{1,10})$/i.exec(String(value).trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 4294967295)) return fail(`invalid AS number "${value}"`);
  const props: Record<string, unknown> = { number: n };
  if (name !== undefined && name.trim() !== '') props.name = name.trim();
  return { ok: true, sco: sco('autonomous-system', props) };
}

/** The algorithm of a hex digest, told by its length; `undefined` if it is not one. */
export function hashAlgorithmOf(hex: string): HashAlgorithm | undefined {
  if (!/^[0-9a-f]+$/i.test(hex)) return undefined;
  const found = Object.entries(HASH_LENGTHS).find(([, length]) => length === hex.length);
  return found?.[0] as HashAlgorithm | undefined;
}

/** `file` with hashes (hex, lower-cased), and optionally name and size. */
export function fileObservable(props: {
  hashes?: Partial<Record<HashAlgorithm, string>>;
  name?: string;
  size?: number;
  mimeType?: string;
}): ObservableResult {
  const hashes: Record<string, string> = {};
  for (const [algorithm, digest] of Object.entries(props.hashes ?? {})) {
    if (digest === undefined) continue;
    const hex = digest.trim().toLowerCase();
    if (hashAlgorithmOf(hex) !== algorithm) return fail(`invalid ${algorithm} hash "${digest}"`);
    hashes[algorithm] = hex;
  }
  const out: Record<string, unknown> = {};
  if (Object.keys(hashes).length > 0) out.hashes = hashes;
  if (props.name !== undefined && props.name !== '') out.name = props.name;
  if (props.size !== undefined) out.size = props.size;
  if (props.mimeType !== undefined && props.mimeType !== '') out.mime_type = props.mimeType;
  if (out.hashes === undefined && out.name === undefined)
    return fail('a file needs a hash or a name');
  return { ok: true, sco: sco('file', out) };
}

/**
 * `network-traffic` (spec 6.12) between already built address SCOs, with ports and protocols
 * (lower-cased, e.g. `['tcp']`); at least one of `srcRef` and `dstRef`.
 */
export function networkTrafficObservable(props: {
  srcRef?: string;
  dstRef?: string;
  srcPort?: number;
  dstPort?: number;
  protocols: readonly string[];
}): ObservableResult {
  if (props.srcRef === undefined && props.dstRef === undefined) {
    return fail('network traffic needs a source or a destination');
  }
  const out: Record<string, unknown> = {};
  if (props.srcRef !== undefined) out.src_ref = props.srcRef;
  if (props.dstRef !== undefined) out.dst_ref = props.dstRef;
  for (const [key, port] of [
    ['src_port', props.srcPort],
    ['dst_port', props.dstPort],
  ] as const) {
    if (port === undefined) continue;
    if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`invalid port "${port}"`);
    out[key] = port;
  }
  const protocols = props.protocols.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (protocols.length === 0) return fail('network traffic needs a protocol');
  out.protocols = protocols;
  return { ok: true, sco: sco('network-traffic', out) };
}
