/**
 * Canonical forms of observable values, shared by pattern matching (`match.ts`) and index anchors
 * (`anchors.ts`) so that both agree on when two values are "the same": IP addresses and CIDR
 * blocks (spec 6.8, 6.9), hash algorithm names (spec 10.1 hash-algorithm-ov) and hex digests,
 * domain names (case-insensitive, RFC 4343) and MAC addresses (spec 6.10, lowercase).
 */
import { cidrRange, type IpFamily } from '../../enrich/ip-ranges.js';

/** An IP address or CIDR block as an inclusive range of one family. */
export interface IpBlock {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

/** The block an address (`198.51.100.7`, `2001:db8::1`) or CIDR (`10.0.0.0/8`) denotes. */
export function ipBlock(text: string): IpBlock | undefined {
  return cidrRange(text);
}

/** Same family and same range: `10.1.2.3` equals `10.1.2.3/32`, `10.0.0.0/8` equals `10.9.9.9/8`. */
export function sameIpBlock(a: IpBlock, b: IpBlock): boolean {
  return a.family === b.family && a.start === b.start && a.end === b.end;
}

/** True when every address of `inner` lies in `outer` (spec 9.5, ISSUBSET). */
export function ipBlockWithin(inner: IpBlock, outer: IpBlock): boolean {
  return inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * The canonical text of an address or CIDR block: dotted quad for IPv4, RFC 5952 for IPv6, and
 * the prefix only when the block is wider than one address (`10.0.0.0/8`, `198.51.100.7`).
 * Host bits below the prefix are cleared. `undefined` when `text` is not an IP address.
 */
export function canonicalIp(text: string): string | undefined {
  const block = ipBlock(text);
  if (block === undefined) return undefined;
  const bits = block.family === 4 ? 32 : 128;
  const prefix = bits - (block.end - block.start + 1n).toString(2).length + 1;
  const address = block.family === 4 ? formatIpv4(block.start) : formatIpv6(block.start);
  return prefix === bits ? address : `${address}/${prefix}`;
}

function formatIpv4(value: bigint): string {
  const n = Number(value);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** RFC 5952 section 4: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Hash algorithm names of spec 10.1 (hash-algorithm-ov), keyed by their loose spelling. */
const HASH_ALGORITHMS = new Map(
  ['MD5', 'SHA-1', 'SHA-256', 'SHA-512', 'SHA3-256', 'SHA3-512', 'SSDEEP', 'TLSH'].map((name) => [
    hashKey(name),
    name,
  ]),
);

/** Loose spelling of a hash algorithm name: `sha256`, `SHA-256` and `SHA_256` are one key. */
export function hashKey(name: string): string {
  return name.toUpperCase().replace(/[-_]/g, '');
}

/** The spec 10.1 spelling of a hash algorithm (`md5` → `MD5`, `sha256` → `SHA-256`), or undefined. */
export function canonicalHashAlgorithm(name: string): string | undefined {
  return HASH_ALGORITHMS.get(hashKey(name));
}
