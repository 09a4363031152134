/**
 * Sorted, non-overlapping IP ranges searched by binary search: the index behind the ASN
 * tables and the CIDR warninglists. An IPv4 address is one 32-bit word, an IPv6 address four
 * (most significant first), so a lookup allocates nothing and compares plain numbers.
 */

/** Words per address: 1 for IPv4, 4 for IPv6. */
export type IpFamily = 4 | 6;

const MAX_V4 = 0xffffffff;

/**
 * The numeric form of an IPv4 address in dotted-quad form, or -1 when `text` is not one.
 * Leading zeros are refused (as `isIpv4` does), so the same text always means the same address.
 */
export function parseIpv4(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/**
 * Writes the four 32-bit words of an IPv6 address (RFC 4291 section 2.2 text forms, including
 * `::` and a dotted IPv4 tail) into `out`; false when `text` is not an IPv6 address.
 */
export function parseIpv6(text: string, out: Uint32Array): boolean {
  const groups = GROUPS.fill(0);
  let gap = -1;
  let n = 0;
  let i = 0;
  const len = text.length;
  if (len < 2) return false;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === len) return writeGroups(groups, 0, 0, out);
  }
  while (i < len) {
    if (n === 8) return false;
    // A dotted IPv4 tail takes the last two groups.
    const nextColon = text.indexOf(':', i);
    const part = nextColon < 0 ? text.slice(i) : text.slice(i, nextColon);
    if (nextColon < 0 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 < 0 || n > 6) return false;
      groups[n++] = v4 >>> 16;
      groups[n++] = v4 & 0xffff;
      i = len;
      break;
    }
    if (part.length === 0 || part.length > 4) return false;
    let g = 0;
    for (let k = 0; k < part.length; k++) {
      const c = part.charCodeAt(k) | 0x20;
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (d < 0) return false;
      g = g * 16 + d;
    }
    groups[n++] = g;
    if (nextColon < 0) {
      i = len;
      break;
    }
    i = nextColon + 1;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    } else if (i === len) return false;
  }
  if (gap < 0 && n !== 8) return false;
  if (gap >= 0 && n > 7) return false;
  return writeGroups(groups, n, gap, out);
}

/** Scratch space of the parser (synchronous, so one set is enough). */
const GROUPS = new Uint16Array(8);
const FULL = new Uint16Array(8);

function writeGroups(groups: Uint16Array, n: number, gap: number, out: Uint32Array): boolean {
  const full = FULL.fill(0);
  if (gap < 0) for (let k = 0; k < 8; k++) full[k] = groups[k] ?? 0;
  else {
    for (let k = 0; k < gap; k++) full[k] = groups[k] ?? 0;
    const tail = n - gap;
    for (let k = 0; k < tail; k++) full[8 - tail + k] = groups[gap + k] ?? 0;
  }
  for (let w = 0; w < 4; w++) out[w] = (((full[2 * w] ?? 0) << 16) | (full[2 * w + 1] ?? 0)) >>> 0;
  return true;
}

/** The address as a BigInt (IPv4: 32 bits, IPv6: 128 bits); `undefined` when invalid. */
export function ipToBigInt(text: string): { family: IpFamily; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 >= 0) return { family: 4, value: BigInt(v4) };
  const words = new Uint32Array(4);
  if (!parseIpv6(text, words)) return undefined;
  let value = 0n;
  for (const w of words) value = (value << 32n) | BigInt(w);
  return { family: 6, value };
}

/**
 * A CIDR block (`10.0.0.0/8`, `2001:db8::/32`) or a single address as an inclusive range;
 * `undefined` when `text` is neither. Host bits set below the prefix are ignored, as routers do.
 */
export function cidrRange(
  text: string,
): { family: IpFamily; start: bigint; end: bigint } | undefined {
  const slash = text.indexOf('/');
  const ip = ipToBigInt(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  return { family: ip.family, start: ip.value & ~mask, end: (ip.value & ~mask) | mask };
}

/**
 * Sorted, non-overlapping inclusive ranges of one address family, each with a value.
 * Build with {@link RangeIndexBuilder}; {@link RangeIndex.find} is a binary search.
 */
export class RangeIndex<T> {
  private readonly stride: number;
  constructor(
    readonly family: IpFamily,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    private readonly values: readonly T[],
  ) {
    this.stride = family === 4 ? 1 : 4;
  }

  get size(): number {
    return this.values.length;
  }

  /** The value of the range holding the address `key` (one word for IPv4, four for IPv6). */
  find(key: ArrayLike<number>): T | undefined {
    const { starts, ends, stride } = this;
    let lo = 0;
    let hi = this.values.length - 1;
    let found = -1;
    // The last range whose start is <= key.
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(starts, mid * stride, key, stride) <= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || compare(ends, found * stride, key, stride) < 0) return undefined;
    return this.values[found];
  }

  /** The value for an IPv4 address given as a number. */
  findIpv4(address: number): T | undefined {
    const { starts, ends } = this;
    let lo = 0;
    let hi = this.values.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || (ends[found] as number) < address) return undefined;
    return this.values[found];
  }
}

function compare(words: Uint32Array, at: number, key: ArrayLike<number>, stride: number): number {
  for (let k = 0; k < stride; k++) {
    const a = words[at + k] as number;
    const b = key[k] as number;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/**
 * Collects ranges of one family (in any order, numeric or BigInt bounds) and builds a
 * {@link RangeIndex}. Overlapping input is refused by {@link build}; callers that need
 * overlaps resolved use {@link segmentRanges} first.
 */
export class RangeIndexBuilder<T> {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly values: T[] = [];
  private sorted = true;
  private readonly stride: number;

  constructor(readonly family: IpFamily) {
    this.stride = family === 4 ? 1 : 4;
  }

  /** Adds an IPv4 range given as numbers. */
  addIpv4(start: number, end: number, value: T): void {
    const n = this.values.length;
    if (n > 0 && (this.starts[n - 1] as number) > start) this.sorted = false;
    this.starts.push(start);
    this.ends.push(end);
    this.values.push(value);
  }

  /** Adds an IPv6 range given as four words each. */
  addWords(start: ArrayLike<number>, end: ArrayLike<number>, value: T): void {
    if (this.family === 4) return this.addIpv4(start[0] as number, end[0] as number, value);
    const n = this.values.length;
    if (n > 0) {
      for (let k = 0; k < 4; k++) {
        const prev = this.starts[(n - 1) * 4 + k] as number;
        const cur = start[k] as number;
        if (prev !== cur) {
          if (prev > cur) this.sorted = false;
          break;
        }
      }
    }
    for (let k = 0; k < 4; k++) {
      this.starts.push(start[k] as number);
      this.ends.push(end[k] as number);
    }
    this.values.push(value);
  }

  addBigInt(start: bigint, end: bigint, value: T): void {
    if (this.family === 4) return this.addIpv4(Number(start), Number(end), value);
    this.addWords(bigIntWords(start), bigIntWords(end), value);
  }

  get size(): number {
    return this.values.length;
  }

  /**
   * The index. Ranges are sorted by start first when added out of order; `onOverlap` is
   * told of each range that starts inside the previous one (it is then dropped).
   */
  build(onOverlap?: (index: number) => void): RangeIndex<T> {
    const { stride } = this;
    const n = this.values.length;
    let order = Array.from({ length: n }, (_, i) => i);
    const starts = Uint32Array.from(this.starts);
    const ends = Uint32Array.from(this.ends);
    if (!this.sorted) order = order.sort((a, b) => compareAt(starts, a, starts, b, stride));
    const outStarts = new Uint32Array(n * stride);
    const outEnds = new Uint32Array(n * stride);
    const outValues: T[] = [];
    let m = 0;
    for (const i of order) {
      if (m > 0 && compareAt(starts, i, outEnds, m - 1, stride) <= 0) {
        onOverlap?.(i);
        continue;
      }
      outStarts.set(starts.subarray(i * stride, i * stride + stride), m * stride);
      outEnds.set(ends.subarray(i * stride, i * stride + stride), m * stride);
      outValues.push(this.values[i] as T);
      m++;
    }
    return new RangeIndex(
      this.family,
      outStarts.slice(0, m * stride),
      outEnds.slice(0, m * stride),
      outValues,
    );
  }
}

function compareAt(a: Uint32Array, i: number, b: Uint32Array, j: number, stride: number): number {
  for (let k = 0; k < stride; k++) {
    const x = a[i * stride + k] as number;
    const y = b[j * stride + k] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function bigIntWords(value: bigint): number[] {
  return [
    Number((value >> 96n) & 0xffffffffn),
    Number((value >> 64n) & 0xffffffffn),
    Number((value >> 32n) & 0xffffffffn),
    Number(value & 0xffffffffn),
  ];
}

/**
 * Splits possibly overlapping labelled ranges into disjoint segments, each carrying every
 * label that covers it (sorted, no duplicates): a nested `10.0.0.0/8` and `10.1.0.0/16` of
 * two lists give three segments, the middle one with both labels.
 */
export function segmentRanges(
  ranges: readonly { start: bigint; end: bigint; label: string }[],
): { start: bigint; end: bigint; labels: readonly string[] }[] {
  const events = new Map<bigint, { open: string[]; close: string[] }>();
  const at = (p: bigint) => {
    let e = events.get(p);
    if (!e) events.set(p, (e = { open: [], close: [] }));
    return e;
  };
  for (const r of ranges) {
    at(r.start).open.push(r.label);
    at(r.end + 1n).close.push(r.label);
  }
  const points = [...events.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const active = new Map<string, number>();
  const out: { start: bigint; end: bigint; labels: readonly string[] }[] = [];
  const interned = new Map<string, readonly string[]>();
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as bigint;
    const e = events.get(p)!;
    for (const l of e.close) {
      const c = (active.get(l) ?? 0) - 1;
      if (c <= 0) active.delete(l);
      else active.set(l, c);
    }
    for (const l of e.open) active.set(l, (active.get(l) ?? 0) + 1);
    const next = points[i + 1];
    if (active.size === 0 || next === undefined) continue;
    const labels = [...active.keys()].sort();
    const key = labels.join('\n');
    let shared = interned.get(key);
    if (!shared) interned.set(key, (shared = Object.freeze(labels)));
    out.push({ start: p, end: next - 1n, labels: shared });
  }
  return out;
}

export const IPV4_MAX = MAX_V4;
