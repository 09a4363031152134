/**
 * MISP attribute types → STIX 2.1 cyber-observables and the STIX pattern (spec 9) that an
 * indicator made from them carries. Attribute types of MISP objects are mapped the same way.
 *
 * Observable types (each yields the SCOs listed, the first being the subject):
 *
 * | MISP type | SCOs | pattern |
 * | --- | --- | --- |
 * | ip-src, ip-dst | ipv4-addr / ipv6-addr (CIDR kept) | `[ipv4-addr:value = '…']` |
 * | ip-src\|port, ip-dst\|port | network-traffic (src/dst_ref, src/dst_port), the address | `[network-traffic:dst_ref.value = '…' AND network-traffic:dst_port = n]` |
 * | domain, hostname | domain-name | `[domain-name:value = '…']` |
 * | domain\|ip | domain-name, the address | domain and `resolves_to_refs[*].value` |
 * | url, uri, link | url | `[url:value = '…']` |
 * | email, email-src, email-dst, email-reply-to | email-addr | `[email-addr:value = '…']`, or `email-message:from_ref` / `to_refs[*]` / `additional_header_fields` for src / dst / reply-to |
 * | email-subject | email-message (subject) | `[email-message:subject = '…']` |
 * | md5, sha1, sha256, sha512 | file (hashes) | `[file:hashes.MD5 = '…']` |
 * | filename | file (name) | `[file:name = '…']` |
 * | filename\|md5, filename\|sha1, filename\|sha256, filename\|sha512, malware-sample | file (name and hash) | name AND hash |
 * | AS | autonomous-system | `[autonomous-system:number = n]` |
 * | mac-address | mac-addr | `[mac-addr:value = '…']` |
 * | regkey, regkey\|value | windows-registry-key | key (AND `values[*].data`) |
 * | mutex | mutex | `[mutex:name = '…']` |
 *
 * Descriptive types ({@link MISP_NOTE_TYPES}: free text, numbers, fuzzy hashes, MIME types …)
 * have no cyber-observable; they become a `note`. Any other type is an "unknown MISP type".
 */
import type { StixObject } from '../../../stix/index.js';
import {
  asnObservable,
  domainObservable,
  emailObservable,
  fileObservable,
  ipObservable,
  urlObservable,
  type HashAlgorithm,
  type ObservableResult,
} from '../../observables.js';
import { patternString as lit } from '../format-input.js';
import {
  emailSubjectObservable,
  macObservable,
  mutexObservable,
  registryKeyObservable,
  trafficObservable,
} from '../extra-observables.js';

export interface MispMapping {
  /** The SCOs, subject first. */
  readonly observables: readonly StixObject[];
  /** A STIX pattern matching the subject. */
  readonly pattern: string;
}

export type MispMapResult = { ok: true; mapping: MispMapping } | { ok: false; reason: string };

type Mapper = (value: string) => MispMapResult;

/** MISP types with no cyber-observable of their own: kept as a `note` on the report. */
export const MISP_NOTE_TYPES: ReadonlySet<string> = new Set([
  'text',
  'comment',
  'other',
  'float',
  'counter',
  'size-in-bytes',
  'mime-type',
  'ssdeep',
  'imphash',
  'tlsh',
  'attachment',
  'datetime',
  'port',
  'user-agent',
  'hex',
]);

function hashPath(algorithm: HashAlgorithm): string {
  return algorithm === 'MD5' ? 'file:hashes.MD5' : `file:hashes.'${algorithm}'`;
}

/** Splits a composite `a|b` value at its last `|` (file names and keys may hold `|`). */
function splitPair(value: string, type: string): [string, string] | string {
  const bar = value.lastIndexOf('|');
  return bar < 0
    ? `a "${type}" value must be "left|right", got "${value}"`
    : [value.slice(0, bar), value.slice(bar + 1)];
}

function from(result: ObservableResult, pattern: (sco: StixObject) => string): MispMapResult {
  return result.ok
    ? { ok: true, mapping: { observables: [result.sco], pattern: pattern(result.sco) } }
    : result;
}

const valueOf = (sco: StixObject): string => String(sco.value);

function ip(value: string): MispMapResult {
  return from(ipObservable(value), (s) => `[${s.type}:value = ${lit(valueOf(s))}]`);
}

function ipPort(side: 'src' | 'dst'): Mapper {
  return (value) => {
    const pair = splitPair(value, `ip-${side}|port`);
    if (typeof pair === 'string') return { ok: false, reason: pair };
    const address = ipObservable(pair[0]);
    if (!address.ok) return address;
    const port = /^\d{1,5}$/.test(pair[1].trim()) ? Number(pair[1]) : NaN;
    const traffic = trafficObservable(address.sco, port, side);
    if (!traffic.ok) return { ok: false, reason: `invalid port "${pair[1]}"` };
    const pattern =
      `[network-traffic:${side}_ref.value = ${lit(valueOf(address.sco))}` +
      ` AND network-traffic:${side}_port = ${port}]`;
    return { ok: true, mapping: { observables: [traffic.sco, address.sco], pattern } };
  };
}

function domain(value: string): MispMapResult {
  return from(domainObservable(value), (s) => `[domain-name:value = ${lit(valueOf(s))}]`);
}

function domainIp(value: string): MispMapResult {
  const pair = splitPair(value, 'domain|ip');
  if (typeof pair === 'string') return { ok: false, reason: pair };
  const name = domainObservable(pair[0]);
  if (!name.ok) return name;
  const address = ipObservable(pair[1]);
  if (!address.ok) return address;
  const pattern =
    `[domain-name:value = ${lit(valueOf(name.sco))}` +
    ` AND domain-name:resolves_to_refs[*].value = ${lit(valueOf(address.sco))}]`;
  return { ok: true, mapping: { observables: [name.sco, address.sco], pattern } };
}

function url(value: string): MispMapResult {
  return from(urlObservable(value), (s) => `[url:value = ${lit(valueOf(s))}]`);
}

function email(path: string): Mapper {
  return (value) => from(emailObservable(value), (s) => `[${path} = ${lit(valueOf(s))}]`);
}

function hash(algorithm: HashAlgorithm): Mapper {
  return (value) =>
    from(fileObservable({ hashes: { [algorithm]: value } }), (s) => {
      const digest = (s.hashes as Record<string, string>)[algorithm] ?? '';
      return `[${hashPath(algorithm)} = ${lit(digest)}]`;
    });
}

function filename(value: string): MispMapResult {
  return from(fileObservable({ name: value }), (s) => `[file:name = ${lit(String(s.name))}]`);
}

function filenameHash(algorithm: HashAlgorithm, type: string): Mapper {
  return (value) => {
    const pair = splitPair(value, type);
    if (typeof pair === 'string') return { ok: false, reason: pair };
    return from(fileObservable({ name: pair[0], hashes: { [algorithm]: pair[1] } }), (s) => {
      const digest = (s.hashes as Record<string, string>)[algorithm] ?? '';
      return `[file:name = ${lit(pair[0])} AND ${hashPath(algorithm)} = ${lit(digest)}]`;
    });
  };
}

function regkey(value: string): MispMapResult {
  return from(
    registryKeyObservable(value),
    (s) => `[windows-registry-key:key = ${lit(String(s.key))}]`,
  );
}

function regkeyValue(value: string): MispMapResult {
  const pair = splitPair(value, 'regkey|value');
  if (typeof pair === 'string') return { ok: false, reason: pair };
  return from(
    registryKeyObservable(pair[0], pair[1]),
    (s) =>
      `[windows-registry-key:key = ${lit(String(s.key))}` +
      ` AND windows-registry-key:values[*].data = ${lit(pair[1])}]`,
  );
}

const MAPPERS: Readonly<Record<string, Mapper>> = {
  'ip-src': ip,
  'ip-dst': ip,
  'ip-src|port': ipPort('src'),
  'ip-dst|port': ipPort('dst'),
  domain,
  hostname: domain,
  'domain|ip': domainIp,
  url,
  uri: url,
  link: url,
  email: email('email-addr:value'),
  'email-src': email('email-message:from_ref.value'),
  'email-dst': email('email-message:to_refs[*].value'),
  'email-reply-to': email("email-message:additional_header_fields.'Reply-To'"),
  'email-subject': (value) =>
    from(emailSubjectObservable(value), () => `[email-message:subject = ${lit(value)}]`),
  md5: hash('MD5'),
  sha1: hash('SHA-1'),
  sha256: hash('SHA-256'),
  sha512: hash('SHA-512'),
  filename,
  'filename|md5': filenameHash('MD5', 'filename|md5'),
  'filename|sha1': filenameHash('SHA-1', 'filename|sha1'),
  'filename|sha256': filenameHash('SHA-256', 'filename|sha256'),
  'filename|sha512': filenameHash('SHA-512', 'filename|sha512'),
  'malware-sample': filenameHash('MD5', 'malware-sample'),
  AS: (value) =>
    from(asnObservable(value), (s) => `[autonomous-system:number = ${String(s.number)}]`),
  'mac-address': (value) =>
    from(macObservable(value), (s) => `[mac-addr:value = ${lit(valueOf(s))}]`),
  regkey,
  'regkey|value': regkeyValue,
  mutex: (value) => from(mutexObservable(value), (s) => `[mutex:name = ${lit(String(s.name))}]`),
};

/** The MISP types mapped to cyber-observables. */
export const MISP_OBSERVABLE_TYPES: ReadonlySet<string> = new Set(Object.keys(MAPPERS));

/**
 * Maps one attribute value of an observable type; `undefined` when `type` is not one of
 * {@link MISP_OBSERVABLE_TYPES}.
 */
export function mapMispValue(type: string, value: string): MispMapResult | undefined {
  const mapper = Object.hasOwn(MAPPERS, type) ? MAPPERS[type] : undefined;
  return mapper?.(value);
}
