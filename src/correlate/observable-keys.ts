/**
 * Index keys of cyber-observable values (issue 5, item 1), pure.
 *
 * Every observable value that can tie two reports together becomes a key `{ kind, value }`
 * whose stored `value` is chosen so that the relations the correlation engine needs are exact
 * lookups or range scans over one B-tree index on `(kind, value)`, in SQLite and PostgreSQL
 * alike:
 * - an IP address is fixed-width hex (`ipv4`: 8 digits, `ipv6`: 32), so the addresses inside a
 *   network are one range; a network is `hex/len` (`ipv4-net`, `ipv6-net`), so the networks
 *   that contain an address are the (at most 33 or 129) prefixes of that address, looked up
 *   exactly;
 * - a domain is stored with its labels reversed (`com.example.www`), so its subdomains are one
 *   range and its parent domains are exact lookups;
 * - hashes are lower-case hex per algorithm; e-mail addresses lower-case; subjects as sent.
 */
import { cidrRange } from '../enrich/ip-ranges.js';
import { normalizeDomain, normalizeUrl } from '../intake/observables.js';
import type { StixObject } from '../stix/index.js';

export type KeyKind =
  | 'ipv4'
  | 'ipv4-net'
  | 'ipv6'
  | 'ipv6-net'
  | 'domain'
  | 'url'
  | 'email-addr'
  | 'email-subject'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'sha512'
  | 'asn'
  | 'file-name'
  | 'mac-addr';

/** One indexed value, in stored form (see the module comment). */
export interface ObservableKey {
  readonly kind: KeyKind;
  readonly value: string;
}

/**
 * How another indexed value relates to the one looked up:
 * `same` — the same value; `contains` — the other is a network holding this address or network;
 * `within` — the other lies inside this network; `parent-domain` / `subdomain` — domain tree.
 * A URL is indexed under its host too, so it meets domain names and addresses as `same`.
 */
export type KeyRelation = 'same' | 'contains' | 'within' | 'parent-domain' | 'subdomain';

/** A lookup of related keys: exact values, or a range `[from, to]` (inclusive) of one kind. */
export type KeyLookup =
  | { readonly kind: KeyKind; readonly relation: KeyRelation; readonly values: readonly string[] }
  | {
      readonly kind: KeyKind;
      readonly relation: KeyRelation;
      readonly from: string;
      readonly to: string;
      /** For network ranges: only networks at least this long are inside. */
      readonly minPrefix?: number;
    };

const HASH_KINDS: Readonly<Record<string, KeyKind>> = {
  md5: 'md5',
  'sha-1': 'sha1',
  sha1: 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
  'sha-512': 'sha512',
  sha512: 'sha512',
};

/** The key kind of a STIX hash algorithm name (`SHA-256`, `sha256` …), if indexed. */
export function hashKind(algorithm: string): KeyKind | undefined {
  return HASH_KINDS[algorithm.toLowerCase()];
}

function hex(value: bigint, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/** Key of an IP address or CIDR block (`/32` and `/128` are addresses); undefined if invalid. */
export function ipKey(text: string): ObservableKey | undefined {
  const range = cidrRange(text.trim());
  if (range === undefined) return undefined;
  const bits = range.family === 4 ? 32 : 128;
  const digits = bits / 4;
  const prefix = prefixLength(range.start, range.end, bits);
  const start = hex(range.start, digits);
  if (prefix === bits) return { kind: range.family === 4 ? 'ipv4' : 'ipv6', value: start };
  return {
    kind: range.family === 4 ? 'ipv4-net' : 'ipv6-net',
    value: `${start}/${String(prefix).padStart(range.family === 4 ? 2 : 3, '0')}`,
  };
}

function prefixLength(start: bigint, end: bigint, bits: number): number {
  let host = 0;
  for (let span = end - start; span > 0n; span >>= 1n) host++;
  return bits - host;
}

/** Key of a domain name (lower-case IDNA, labels reversed); undefined if not a domain name. */
export function domainKey(text: string): ObservableKey | undefined {
  const name = normalizeDomain(text);
  return name === undefined ? undefined : { kind: 'domain', value: reverseLabels(name) };
}

function reverseLabels(name: string): string {
  return name.split('.').reverse().join('.');
}

/** Key of a URL in WHATWG form, and the key of its host (a domain or an IP address). */
export function urlKeys(text: string): ObservableKey[] {
  const href = normalizeUrl(text);
  if (href === undefined) return [];
  const keys: ObservableKey[] = [{ kind: 'url', value: href }];
  const host = new URL(href).hostname.replace(/^\[|\]$/g, '');
  const hostKey = host === '' ? undefined : (ipKey(host) ?? domainKey(host));
  if (hostKey) keys.push(hostKey);
  return keys;
}

/**
 * The keys of an object's own observable values: its `value`, hashes, subject, number…
 * Indicators have none here: their patterns are anchored separately (see `patternKeys`).
 */
export function observableKeys(object: StixObject): ObservableKey[] {
  const o = object as Record<string, unknown>;
  const text = (name: string) => (typeof o[name] === 'string' ? (o[name] as string) : undefined);
  const keys: (ObservableKey | undefined)[] = [];
  switch (object.type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      keys.push(ipKey(text('value') ?? ''));
      break;
    case 'domain-name':
      keys.push(domainKey(text('value') ?? ''));
      break;
    case 'url':
      keys.push(...urlKeys(text('value') ?? ''));
      break;
    case 'email-addr': {
      const value = text('value')?.trim().toLowerCase();
      if (value) keys.push({ kind: 'email-addr', value });
      break;
    }
    case 'email-message': {
      const subject = text('subject')?.trim();
      if (subject) keys.push({ kind: 'email-subject', value: subject });
      break;
    }
    case 'file':
    case 'artifact': {
      const hashes = o.hashes;
      if (hashes !== null && typeof hashes === 'object') {
        for (const [algorithm, digest] of Object.entries(hashes as Record<string, unknown>)) {
          const kind = hashKind(algorithm);
          if (kind && typeof digest === 'string' && /^[0-9a-f]+$/i.test(digest))
            keys.push({ kind, value: digest.toLowerCase() });
        }
      }
      const name = text('name')?.trim();
      if (object.type === 'file' && name) keys.push({ kind: 'file-name', value: name });
      break;
    }
    case 'autonomous-system':
      if (typeof o.number === 'number' && Number.isInteger(o.number))
        keys.push({ kind: 'asn', value: String(o.number) });
      break;
    case 'mac-addr': {
      const value = text('value')?.trim().toLowerCase();
      if (value) keys.push({ kind: 'mac-addr', value });
      break;
    }
  }
  return dedupe(keys.filter((k): k is ObservableKey => k !== undefined));
}

export function dedupe(keys: readonly ObservableKey[]): ObservableKey[] {
  const seen = new Map<string, ObservableKey>();
  for (const k of keys) seen.set(`${k.kind}\u0000${k.value}`, k);
  return [...seen.values()];
}

/**
 * Lookups that find every indexed key related to `key`: itself, the networks that contain an
 * address or network, the addresses and networks inside a network, a domain's parents (down
 * to two labels) and its subdomains.
 */
export function relatedLookups(key: ObservableKey): KeyLookup[] {
  switch (key.kind) {
    case 'ipv4':
    case 'ipv6':
    case 'ipv4-net':
    case 'ipv6-net':
      return ipLookups(key);
    case 'domain': {
      const labels = key.value.split('.');
      const parents: string[] = [];
      for (let n = labels.length - 1; n >= 2; n--) parents.push(labels.slice(0, n).join('.'));
      return [
        { kind: 'domain', relation: 'same', values: [key.value] },
        ...(parents.length > 0
          ? [{ kind: 'domain' as const, relation: 'parent-domain' as const, values: parents }]
          : []),
        // '/' sorts right after '.', so [v., v/) holds exactly the names ending in ".<domain>".
        { kind: 'domain', relation: 'subdomain', from: `${key.value}.`, to: `${key.value}/` },
      ];
    }
    default:
      return [{ kind: key.kind, relation: 'same', values: [key.value] }];
  }
}

function ipLookups(key: ObservableKey): KeyLookup[] {
  const v4 = key.kind === 'ipv4' || key.kind === 'ipv4-net';
  const bits = v4 ? 32 : 128;
  const digits = bits / 4;
  const [startHex = '', lenText] = key.value.split('/');
  const prefix = lenText === undefined ? bits : Number(lenText);
  const start = BigInt(`0x${startHex}`);
  const address: KeyKind = v4 ? 'ipv4' : 'ipv6';
  const network: KeyKind = v4 ? 'ipv4-net' : 'ipv6-net';
  const width = v4 ? 2 : 3;
  const containing: string[] = [];
  for (let len = prefix - 1; len >= 0; len--) {
    const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - len)) - 1n);
    containing.push(`${hex(start & mask, digits)}/${String(len).padStart(width, '0')}`);
  }
  const lookups: KeyLookup[] = [
    { kind: key.kind, relation: 'same', values: [key.value] },
    ...(containing.length > 0
      ? [{ kind: network, relation: 'contains' as const, values: containing }]
      : []),
  ];
  if (prefix < bits) {
    const end = start | ((1n << BigInt(bits - prefix)) - 1n);
    lookups.push(
      { kind: address, relation: 'within', from: hex(start, digits), to: hex(end, digits) },
      {
        kind: network,
        relation: 'within',
        from: `${hex(start, digits)}/`,
        to: `${hex(end, digits)}/~`,
        minPrefix: prefix + 1,
      },
    );
  }
  return lookups;
}

/** The value as people write it: dotted or RFC 5952 addresses, CIDR, domains in order. */
export function displayKey(key: ObservableKey): string {
  switch (key.kind) {
    case 'ipv4':
    case 'ipv4-net':
    case 'ipv6':
    case 'ipv6-net': {
      const [h = '', len] = key.value.split('/');
      const v = BigInt(`0x${h}`);
      const text = key.kind.startsWith('ipv4') ? formatV4(v) : formatV6(v);
      return len === undefined ? text : `${text}/${Number(len)}`;
    }
    case 'domain':
      return reverseLabels(key.value);
    default:
      return key.value;
  }
}

/** Network key prefix length (`…/24` → 24), or the full width for an address. */
export function keyPrefix(key: ObservableKey): number {
  const slash = key.value.indexOf('/');
  if (slash >= 0) return Number(key.value.slice(slash + 1));
  return key.kind === 'ipv4' ? 32 : 128;
}

function formatV4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

function formatV6(v: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => (v >> s) & 0xffffn);
  // RFC 5952: the longest run (≥ 2) of zero groups becomes "::", the first one on a tie.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0n) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (best.at < 0) return text.join(':');
  const head = text.slice(0, best.at).join(':');
  const tail = text.slice(best.at + best.len).join(':');
  return `${head}::${tail}`;
}
