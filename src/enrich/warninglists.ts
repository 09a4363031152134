/**
 * Known-benign lists in the MISP warninglist format (`name`, `version`, `description`, `type`,
 * `list`, as in the MISP project's `lists/<name>/list.json`), compiled into one matcher.
 * A hit marks an observable with the list's name; it never drops it.
 *
 * Matching, per MISP's list types:
 * - `cidr`: addresses and CIDR blocks (IPv4 and IPv6); all lists are merged into one set of
 *   disjoint ranges searched by binary search.
 * - `hostname`: the name and every sub-domain of it (`example.com` matches `www.example.com`);
 *   a Set lookup per label suffix of the host.
 * - `string`: the value exactly (case-insensitive for host names, exact for URLs).
 * - `substring`: the value contains the entry (a linear scan, meant for short lists).
 * Lists of other types (for example `regex`) are skipped and reported by the loader.
 */
import {
  cidrRange,
  parseIpv4,
  parseIpv6,
  RangeIndexBuilder,
  segmentRanges,
  type RangeIndex,
} from './ip-ranges.js';

export const WARNINGLIST_TYPES = ['cidr', 'hostname', 'string', 'substring'] as const;
export type WarninglistType = (typeof WARNINGLIST_TYPES)[number];

/** A warninglist as MISP publishes it (extra MISP fields such as `matching_attributes` kept). */
export interface Warninglist {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly type: WarninglistType;
  readonly list: readonly string[];
  readonly matching_attributes?: readonly string[];
}

/** A list file that is valid JSON but not a usable warninglist: names the file and field. */
export class WarninglistError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    message: string,
  ) {
    super(`${source}: ${field}: ${message}`);
    this.name = 'WarninglistError';
  }
}

/**
 * Checks a parsed list file. Returns the list, or `{ skipped }` for a well-formed list of a
 * type nohaven does not match (MISP `regex`). Throws {@link WarninglistError} naming `source`
 * and the field otherwise; a `cidr` entry that is not an address or block is named by index.
 */
export function parseWarninglist(
  json: unknown,
  source: string,
): Warninglist | { skipped: string; name: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new WarninglistError(source, '(root)', 'must be a JSON object');
  const o = json as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name.trim() === '')
    throw new WarninglistError(source, 'name', 'must be a non-empty string');
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 0)
    throw new WarninglistError(source, 'version', 'must be a non-negative integer');
  if (o.description !== undefined && typeof o.description !== 'string')
    throw new WarninglistError(source, 'description', 'must be a string');
  if (typeof o.type !== 'string') throw new WarninglistError(source, 'type', 'must be a string');
  if (!Array.isArray(o.list)) throw new WarninglistError(source, 'list', 'must be an array');
  o.list.forEach((entry, i) => {
    if (typeof entry !== 'string')
      throw new WarninglistError(source, `list[${i}]`, 'must be a string');
  });
  if (!(WARNINGLIST_TYPES as readonly string[]).includes(o.type))
    return { skipped: `type "${o.type}" is not supported`, name: o.name };
  const list = o.list as string[];
  if (o.type === 'cidr') {
    list.forEach((entry, i) => {
      if (cidrRange(entry.trim()) === undefined)
        throw new WarninglistError(source, `list[${i}]`, `"${entry}" is not an IP address or CIDR`);
    });
  }
  return {
    name: o.name,
    version: o.version,
    description: typeof o.description === 'string' ? o.description : '',
    type: o.type as WarninglistType,
    list,
    ...(Array.isArray(o.matching_attributes)
      ? { matching_attributes: o.matching_attributes as string[] }
      : {}),
  };
}

/** Answers "which lists hold this value", one method per kind of observable value. */
export interface WarninglistMatcher {
  /** Lists holding an IP address (canonical text form). */
  matchIp(address: string): readonly string[];
  /** Lists holding a host name (lower-case, IDNA form). */
  matchHostname(host: string): readonly string[];
  /** Lists holding a URL (its host is matched separately with {@link matchHostname}). */
  matchUrl(url: string): readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

function normalizeHost(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^\*?\.+/, '')
    .replace(/\.+$/, '');
}

function addTo(map: Map<string, string[]>, key: string, name: string): void {
  const names = map.get(key);
  if (!names) map.set(key, [name]);
  else if (!names.includes(name)) names.push(name);
}

/** Compiles lists into one matcher; later lookups allocate only when a value hits. */
export function compileWarninglists(lists: readonly Warninglist[]): WarninglistMatcher {
  const cidrs: { family: 4 | 6; start: bigint; end: bigint; label: string }[] = [];
  const hostSuffixes = new Map<string, string[]>();
  const exact = new Map<string, string[]>();
  const exactHosts = new Map<string, string[]>();
  const substrings: { entry: string; name: string }[] = [];
  for (const w of lists) {
    for (const raw of w.list) {
      const entry = raw.trim();
      if (entry === '') continue;
      if (w.type === 'cidr') {
        const r = cidrRange(entry);
        if (r) cidrs.push({ ...r, label: w.name });
      } else if (w.type === 'hostname') {
        addTo(hostSuffixes, normalizeHost(entry), w.name);
      } else if (w.type === 'string') {
        addTo(exact, entry, w.name);
        addTo(exactHosts, normalizeHost(entry), w.name);
      } else {
        substrings.push({ entry: entry.toLowerCase(), name: w.name });
      }
    }
  }
  const v4 = buildIndex(4, cidrs);
  const v6 = buildIndex(6, cidrs);
  const words = new Uint32Array(4);

  const withSubstrings = (value: string, found: readonly string[]): readonly string[] => {
    if (substrings.length === 0) return found;
    const lower = value.toLowerCase();
    let out: string[] | undefined;
    for (const s of substrings) {
      if (lower.includes(s.entry) && !found.includes(s.name) && !out?.includes(s.name))
        (out ??= [...found]).push(s.name);
    }
    return out ?? found;
  };

  return {
    matchIp(address) {
      const slash = address.indexOf('/');
      const ip = slash < 0 ? address : address.slice(0, slash);
      let hit: readonly string[] | undefined;
      const n = parseIpv4(ip);
      if (n >= 0) hit = v4.size > 0 ? v4.findIpv4(n) : undefined;
      else if (v6.size > 0 && parseIpv6(ip, words)) hit = v6.find(words);
      const listed = exact.get(address);
      if (listed) hit = hit ? union(hit, listed) : listed;
      return hit ?? NONE;
    },
    matchHostname(host) {
      let found: readonly string[] = exactHosts.get(host) ?? NONE;
      if (hostSuffixes.size > 0) {
        let at = 0;
        while (at >= 0) {
          const names = hostSuffixes.get(at === 0 ? host : host.slice(at));
          if (names) found = found.length === 0 ? names : union(found, names);
          const dot = host.indexOf('.', at);
          at = dot < 0 ? -1 : dot + 1;
        }
      }
      return withSubstrings(host, found);
    },
    matchUrl(url) {
      return withSubstrings(url, exact.get(url) ?? NONE);
    },
  };
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  const extra = b.filter((x) => !a.includes(x));
  return extra.length === 0 ? a : [...a, ...extra].sort();
}

function buildIndex(
  family: 4 | 6,
  cidrs: readonly { family: 4 | 6; start: bigint; end: bigint; label: string }[],
): RangeIndex<readonly string[]> {
  const builder = new RangeIndexBuilder<readonly string[]>(family);
  for (const s of segmentRanges(cidrs.filter((c) => c.family === family)))
    builder.addBigInt(s.start, s.end, s.labels);
  return builder.build();
}
