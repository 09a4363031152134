/**
 * STIX identifiers (spec 2.9) and deterministic SCO identifiers (spec 2.9, 6.x).
 */
import { hash as oneShotHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';

export { canonicalJson };

/** An RFC 4122 UUID (versions 1–5, RFC 4122 variant), any hex case — as the OASIS schemas. */
const UUID_SRC =
  '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
/** `type--UUID`; the type part follows the object type name rule (spec 3.1, 3 to 250 chars). */
const IDENTIFIER_RE = new RegExp(`^([a-z][a-z0-9-]{1,248}[a-z0-9])--${UUID_SRC}$`);
/** Object type names (spec 3.1): lowercase ASCII, digits and hyphens, 3–250 chars, no `--`. */
const TYPE_NAME_RE = /^[a-z][a-z0-9-]{1,248}[a-z0-9]$/;

/** True when `value` is a well-formed STIX identifier `type--UUID` (spec 2.9). */
export function isIdentifier(value: unknown): value is string {
  return (
    typeof value === 'string' && IDENTIFIER_RE.test(value) && !identifierType(value).includes('--')
  );
}

/** The object-type prefix of an identifier (everything before the last `--`). */
export function identifierType(id: string): string {
  const i = id.lastIndexOf('--');
  return i < 0 ? '' : id.slice(0, i);
}

/** True when `value` is a valid object type name (spec 3.1, "type" property). */
export function isTypeName(value: unknown): value is string {
  return typeof value === 'string' && TYPE_NAME_RE.test(value) && !value.includes('--');
}

/** The namespace of deterministic SCO identifiers (spec 2.9). */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * ID contributing properties of each STIX Cyber-observable Object (the "ID Contributing
 * Properties" line of each section in spec 6.1–6.18). `process` has none: its ids are UUIDv4.
 */
export const SCO_ID_CONTRIBUTING: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': [
    'start',
    'end',
    'src_ref',
    'dst_ref',
    'src_port',
    'dst_port',
    'protocols',
    'extensions',
  ],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

/** Preferred hash algorithms when `hashes` contributes to an id (spec 2.9), in order. */
const PREFERRED_HASHES = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'] as const;

/**
 * The identifier an SCO should carry (spec 2.9): `type--UUIDv5(namespace, JCS(contributing))`,
 * where the name is the RFC 8785 canonical JSON of the object restricted to the ID contributing
 * properties that are present. A contributing `hashes` is reduced to a single entry: the first of
 * MD5, SHA-1, SHA-256, SHA-512 present, otherwise the lexicographically first key.
 *
 * When the type has no contributing properties (process, custom SCOs) or none is present, the
 * spec requires a UUIDv4; it comes from `randomUuid` (a port, so tests can control it).
 *
 * @example deterministicScoId({ type: 'ipv4-addr', value: '198.51.100.3' })
 */
export function deterministicScoId(
  sco: Record<string, unknown>,
  randomUuid: () => string = randomUUID,
): string {
  const type = typeof sco.type === 'string' ? sco.type : '';
  const props = SCO_ID_CONTRIBUTING[type] ?? [];
  const contributing: Record<string, unknown> = {};
  let present = 0;
  for (const key of props) {
    const value = sco[key];
    if (value === undefined) continue;
    contributing[key] = key === 'hashes' ? chooseOneHash(value) : value;
    present += 1;
  }
  if (present === 0) return `${type}--${randomUuid()}`;
  return `${type}--${uuidV5(SCO_ID_NAMESPACE, canonicalJson(contributing))}`;
}

function chooseOneHash(hashes: unknown): unknown {
  if (hashes === null || typeof hashes !== 'object' || Array.isArray(hashes)) return hashes;
  const dict = hashes as Record<string, unknown>;
  for (const algo of PREFERRED_HASHES) {
    if (dict[algo] !== undefined) return { [algo]: dict[algo] };
  }
  const first = Object.keys(dict).sort()[0];
  return first === undefined ? dict : { [first]: dict[first] };
}

/** Namespace UUIDs as bytes, once each (a handful of constants in practice). */
const namespaceBytes = new Map<string, Buffer>();

/** RFC 4122 section 4.3 name-based UUID, SHA-1 (version 5). */
export function uuidV5(namespace: string, name: string): string {
  let ns = namespaceBytes.get(namespace);
  if (ns === undefined) {
    ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (namespaceBytes.size < 64) namespaceBytes.set(namespace, ns);
  }
  // One buffer and one-shot hashing: this runs for every observable and observation imported.
  const input = Buffer.allocUnsafe(ns.length + Buffer.byteLength(name, 'utf8'));
  ns.copy(input, 0);
  input.write(name, ns.length, 'utf8');
  const hash = sha1(input);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(hash);
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The first 16 bytes as `8-4-4-4-12` lower-case hex, as one flat string: joined slices would
 * be a tree of nine small strings (about 400 bytes) for as long as the id lives, and imports
 * keep hundreds of thousands of ids at a time.
 */
function formatUuid(bytes: Buffer): string {
  const out = Buffer.allocUnsafe(36);
  let o = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
    const b = bytes[i]!;
    out[o++] = HEX_DIGITS[b >> 4]!;
    out[o++] = HEX_DIGITS[b & 15]!;
  }
  return out.toString('latin1');
}

function sha1(data: Buffer): Buffer {
  return oneShotHash('sha1', data, 'buffer');
}
