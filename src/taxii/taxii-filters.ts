import { DomainError } from '../platform/errors.js';
import type { VersionCursor, VersionMatch } from '../objects/object.types.js';
import { normalizeTimestamp } from '../stix/index.js';

/** Default and largest page sizes of TAXII listings. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/** The URL filters of TAXII 2.1 §3.4 as parsed values. */
export interface TaxiiFilters {
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly versions?: readonly VersionMatch[];
  readonly specVersions?: readonly string[];
  /** Normalised timestamp. */
  readonly addedAfter?: string;
  readonly limit: number;
  readonly after: VersionCursor | null;
}

/** Which filters an endpoint supports (TAXII 2.1 §5: versions has no id/type/version). */
export type FilterSet = 'objects' | 'object' | 'versions' | 'delete';

const ALLOWED: Record<FilterSet, readonly string[]> = {
  objects: [
    'match[id]',
    'match[type]',
    'match[version]',
    'match[spec_version]',
    'added_after',
    'limit',
    'next',
  ],
  object: ['match[version]', 'match[spec_version]', 'added_after', 'limit', 'next'],
  versions: ['match[spec_version]', 'added_after', 'limit', 'next'],
  delete: ['match[version]', 'match[spec_version]'],
};

const STIX_ID =
  /^[a-z0-9][a-z0-9-]*[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const SPEC_VERSION = /^[0-9]+\.[0-9]+$/;

function bad(param: string, message: string): DomainError {
  return new DomainError('NH_ERR_VALIDATION', `${param}: ${message}`, [{ path: param, message }]);
}

/** Values of a parameter given once or several times, each a comma-separated list. */
function listOf(param: string, raw: unknown): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw]).map(String).flatMap((v) => v.split(','));
  const values = parts.map((v) => v.trim());
  if (values.some((v) => v === '')) throw bad(param, 'has an empty value');
  return values;
}

function single(param: string, raw: unknown): string {
  if (Array.isArray(raw)) throw bad(param, 'may be given once');
  return String(raw);
}

/**
 * Parses the filters of a TAXII request (`match[id]`, `match[type]`, `match[version]`,
 * `match[spec_version]`, `added_after`, `limit`, `next`). Lists are comma-separated and a
 * repeated parameter adds values. Unknown `match[...]` fields and malformed values are 400s
 * naming the parameter; parameters outside TAXII's (e.g. cache busters) are ignored.
 */
export function parseFilters(query: Record<string, unknown>, set: FilterSet): TaxiiFilters {
  const allowed = ALLOWED[set];
  for (const key of Object.keys(query)) {
    if ((key.startsWith('match[') || ALLOWED.objects.includes(key)) && !allowed.includes(key)) {
      throw bad(key, 'is not a filter of this endpoint');
    }
  }
  const out: {
    -readonly [K in keyof TaxiiFilters]: TaxiiFilters[K];
  } = { limit: DEFAULT_PAGE, after: null };
  const ids = query['match[id]'];
  if (ids !== undefined) {
    out.ids = listOf('match[id]', ids);
    const wrong = out.ids.find((v) => !STIX_ID.test(v));
    if (wrong !== undefined) throw bad('match[id]', `"${wrong}" is not a STIX identifier`);
  }
  const types = query['match[type]'];
  if (types !== undefined) {
    out.types = listOf('match[type]', types);
    const wrong = out.types.find((v) => !STIX_TYPE.test(v));
    if (wrong !== undefined) throw bad('match[type]', `"${wrong}" is not a STIX type name`);
  }
  const versions = query['match[version]'];
  if (versions !== undefined) out.versions = listOf('match[version]', versions).map(versionMatch);
  const specVersions = query['match[spec_version]'];
  if (specVersions !== undefined) {
    out.specVersions = listOf('match[spec_version]', specVersions);
    const wrong = out.specVersions.find((v) => !SPEC_VERSION.test(v));
    if (wrong !== undefined)
      throw bad('match[spec_version]', `"${wrong}" is not a spec version such as 2.1`);
  }
  if (query.added_after !== undefined) {
    const text = single('added_after', query.added_after);
    const ts = normalizeTimestamp(text);
    if (ts === null) throw bad('added_after', `"${text}" is not an RFC 3339 timestamp`);
    out.addedAfter = ts;
  }
  if (query.limit !== undefined) {
    const text = single('limit', query.limit);
    const n = Number(text);
    if (!/^[0-9]+$/.test(text) || n < 1)
      throw bad('limit', `"${text}" is not a positive whole number`);
    out.limit = Math.min(n, MAX_PAGE);
  }
  if (query.next !== undefined) out.after = decodeNext(single('next', query.next));
  return out;
}

function versionMatch(value: string): VersionMatch {
  if (value === 'last' || value === 'first' || value === 'all') return { kind: value };
  const ts = normalizeTimestamp(value);
  if (ts === null) {
    throw bad('match[version]', `"${value}" is not last, first, all or an RFC 3339 timestamp`);
  }
  return { kind: 'at', modified: ts };
}

/** The opaque `next` of a page: base64url of the last position returned. */
export function encodeNext(position: VersionCursor): string {
  return Buffer.from(JSON.stringify([position.dateAdded, position.seq])).toString('base64url');
}

export function decodeNext(text: string): VersionCursor {
  try {
    if (/^[A-Za-z0-9_-]+$/.test(text)) {
      const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
      if (
        Array.isArray(v) &&
        v.length === 2 &&
        typeof v[0] === 'string' &&
        normalizeTimestamp(v[0]) === v[0] &&
        typeof v[1] === 'number' &&
        Number.isSafeInteger(v[1]) &&
        v[1] >= 0
      ) {
        return { dateAdded: v[0], seq: v[1] };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('NH_ERR_BAD_CURSOR', 'next: the value is not one this server issued', [
    { path: 'next', message: 'unknown next value' },
  ]);
}
