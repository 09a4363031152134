/**
 * Queries of the observable index (`observable_keys`) joined to the latest versions of the
 * object store. Every query that returns objects takes the read policy's filter; only the
 * cap count and the aggregate deliberately look past it (they return no object).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { ReadFilter } from '../policy/read-policy.js';
import { readableWhere } from '../objects/object.repository.js';
import { relatedLookups, type KeyLookup, type ObservableKey } from './observable-keys.js';

type Db = Kysely<Database>;
const LATEST = sql.lit(1);
const ID_CHUNK = 500;

/** An indexed key of a latest version, with the columns the correlation view shows. */
export interface KeyHit {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly modified: string;
  readonly tlp: string | null;
  readonly kind: string;
  readonly value: string;
  readonly role: 'value' | 'pattern';
}

/** An object that references one of the given ids. */
export interface Referrer {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly modified: string;
  readonly tlp: string | null;
  readonly refId: string;
  readonly property: string;
}

/** One (organisation, TLP) pair among the reports of a value, for the aggregate. */
export interface ReporterRow {
  readonly organizationId: string;
  readonly country: string | null;
  readonly aggregateTlp: string | null;
  readonly tlp: string | null;
}

export const correlationRepository = {
  async latest(
    db: Db,
    id: string,
  ): Promise<{ seq: number; type: string; content: string } | undefined> {
    const row = await db
      .selectFrom('stix_objects')
      .select(['seq', 'type', 'content'])
      .where('id', '=', id)
      .where('is_latest', '=', LATEST)
      .executeTakeFirst();
    return row ? { seq: Number(row.seq), type: row.type, content: row.content } : undefined;
  },

  /** The content of the latest version of each of `ids` that is stored. */
  async contents(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = await db
        .selectFrom('stix_objects')
        .select(['id', 'content'])
        .where('is_latest', '=', LATEST)
        .where('id', 'in', ids.slice(i, i + ID_CHUNK))
        .execute();
      for (const r of rows) out.set(r.id, r.content);
    }
    return out;
  },

  /** The ids a version references (every `*_ref`/`*_refs` property). */
  async refsOf(db: Db, seq: number): Promise<string[]> {
    const rows = await db
      .selectFrom('stix_refs')
      .select('ref_id')
      .where('object_seq', '=', seq)
      .execute();
    return [...new Set(rows.map((r) => r.ref_id))];
  },

  /** The index keys of the latest versions of `ids` the reader may read, with their content. */
  async keysOf(
    db: Db,
    ids: readonly string[],
    filter: ReadFilter,
  ): Promise<{ id: string; content: string; kind: string; value: string; role: string }[]> {
    const out: { id: string; content: string; kind: string; value: string; role: string }[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      out.push(
        ...(await db
          .selectFrom('observable_keys as k')
          .innerJoin('stix_objects as o', 'o.seq', 'k.object_seq')
          .select(['o.id', 'o.content', 'k.kind', 'k.value', 'k.role'])
          .where('o.is_latest', '=', LATEST)
          .where('o.id', 'in', ids.slice(i, i + ID_CHUNK))
          .where((eb) => readableWhere(eb, filter))
          .execute()),
      );
    }
    return out;
  },

  /**
   * How many index rows of latest versions a lookup finds, counted up to `cap + 1`, whoever
   * may read them: the "very common value" test must not depend on the reader.
   */
  async countHits(db: Db, lookup: KeyLookup, cap: number): Promise<number> {
    const rows = await hitQuery(db, lookup)
      .select('k.value')
      .limit(cap + 1)
      .execute();
    return rows.filter((r) => withinPrefix(lookup, r.value)).length;
  },

  /** The index rows a lookup finds on latest versions the reader may read. */
  async hits(db: Db, lookup: KeyLookup, filter: ReadFilter, limit: number): Promise<KeyHit[]> {
    const rows = await hitQuery(db, lookup)
      .select(['o.id', 'o.type', 'o.name', 'o.modified', 'o.tlp', 'k.kind', 'k.value', 'k.role'])
      .where('o.revoked', '=', 0)
      .where((eb) => readableWhere(eb, filter))
      .limit(limit)
      .execute();
    return rows
      .filter((r) => withinPrefix(lookup, r.value))
      .map((r) => ({ ...r, role: r.role === 'pattern' ? 'pattern' : 'value' }));
  },

  /** Latest, non-revoked versions the reader may read that reference one of `ids`. */
  async referrers(
    db: Db,
    ids: readonly string[],
    filter: ReadFilter,
    limit: number,
  ): Promise<Referrer[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('stix_refs as r')
      .innerJoin('stix_objects as o', 'o.seq', 'r.object_seq')
      .select(['o.id', 'o.type', 'o.name', 'o.modified', 'o.tlp', 'r.ref_id', 'r.property'])
      .where('r.ref_id', 'in', ids.slice(0, ID_CHUNK))
      .where('o.is_latest', '=', LATEST)
      .where('o.revoked', '=', 0)
      .where('r.property', '!=', 'object_marking_refs')
      .where((eb) => readableWhere(eb, filter))
      .orderBy('o.seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      name: r.name,
      modified: r.modified,
      tlp: r.tlp,
      refId: r.ref_id,
      property: r.property,
    }));
  },

  /**
   * The distinct (owner organisation, TLP) pairs of every latest version that references one of
   * `ids` or is one of `indicatorIds`, whoever may read them, with the owner's country and
   * aggregate-sharing setting. Only counts leave the service.
   */
  async reporters(
    db: Db,
    ids: readonly string[],
    indicatorIds: readonly string[],
  ): Promise<ReporterRow[]> {
    const byRef =
      ids.length === 0
        ? []
        : await db
            .selectFrom('stix_refs as r')
            .innerJoin('stix_objects as o', 'o.seq', 'r.object_seq')
            .innerJoin('organizations as g', 'g.id', 'o.owner_org_id')
            .leftJoin('organization_settings as s', 's.organization_id', 'g.id')
            .select(['g.id', 'g.country', 's.aggregate_tlp', 'o.tlp'])
            .distinct()
            .where('r.ref_id', 'in', ids.slice(0, ID_CHUNK))
            .where('r.property', '!=', 'object_marking_refs')
            .where('o.is_latest', '=', LATEST)
            .execute();
    const byPattern =
      indicatorIds.length === 0
        ? []
        : await db
            .selectFrom('stix_objects as o')
            .innerJoin('organizations as g', 'g.id', 'o.owner_org_id')
            .leftJoin('organization_settings as s', 's.organization_id', 'g.id')
            .select(['g.id', 'g.country', 's.aggregate_tlp', 'o.tlp'])
            .distinct()
            .where('o.id', 'in', indicatorIds.slice(0, ID_CHUNK))
            .where('o.is_latest', '=', LATEST)
            .execute();
    return [...byRef, ...byPattern].map((r) => ({
      organizationId: r.id,
      country: r.country,
      aggregateTlp: r.aggregate_tlp ?? null,
      tlp: r.tlp,
    }));
  },
};

/** A sighting of one of the indicators asked about, with its organisation's name. */
export interface SightingRow {
  readonly id: string;
  readonly tlp: string | null;
  readonly content: string;
}

/** Sightings of `indicatorIds` (latest, non-revoked) the reader may read, newest first. */
export async function sightingsOf(
  db: Db,
  indicatorIds: readonly string[],
  filter: ReadFilter,
  limit: number,
): Promise<SightingRow[]> {
  if (indicatorIds.length === 0) return [];
  return db
    .selectFrom('stix_refs as r')
    .innerJoin('stix_objects as o', 'o.seq', 'r.object_seq')
    .select(['o.id', 'o.tlp', 'o.content'])
    .where('r.ref_id', 'in', indicatorIds.slice(0, ID_CHUNK))
    .where('r.property', '=', 'sighting_of_ref')
    .where('o.type', '=', 'sighting')
    .where('o.is_latest', '=', LATEST)
    .where('o.revoked', '=', 0)
    .where((eb) => readableWhere(eb, filter))
    .orderBy('o.seq', 'desc')
    .limit(limit)
    .execute();
}

/** The names of organisations (identity ids). */
export async function organizationNames(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)].slice(0, ID_CHUNK))
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type KeyLookupResult =
  | { readonly common: true }
  | {
      readonly common: false;
      /** The lookups that found readable rows, in `relatedLookups` order, with those rows. */
      readonly found: readonly { readonly lookup: KeyLookup; readonly hits: readonly KeyHit[] }[];
    };

/**
 * The observable-index lookups of one seed key, as the correlation service runs them: every
 * related lookup (`relatedLookups`) is counted against the "very common" cap, whoever may read
 * the rows; unless the value is over the cap, the rows the reader may read are fetched — only
 * for the lookups that counted any, since those rows are among the counted ones. Most related
 * lookups of a value find nothing (the 32 networks that could contain an address, a domain's
 * parents and subdomains), and the policy-filtered fetch is the costlier query.
 */
export async function lookupKey(
  db: Db,
  key: ObservableKey,
  filter: ReadFilter,
  options: { readonly cap: number; readonly limit: number },
): Promise<KeyLookupResult> {
  const lookups = relatedLookups(key);
  const counts = await Promise.all(
    lookups.map((l) => correlationRepository.countHits(db, l, options.cap)),
  );
  if (counts.reduce((a, b) => a + b, 0) > options.cap) return { common: true };
  const found: { lookup: KeyLookup; hits: KeyHit[] }[] = [];
  for (const [n, lookup] of lookups.entries()) {
    if (counts[n] === 0) continue;
    const hits = await correlationRepository.hits(db, lookup, filter, options.limit);
    if (hits.length > 0) found.push({ lookup, hits });
  }
  return { common: false, found };
}

function hitQuery(db: Db, lookup: KeyLookup) {
  let q = db
    .selectFrom('observable_keys as k')
    .innerJoin('stix_objects as o', 'o.seq', 'k.object_seq')
    .where('k.kind', '=', lookup.kind)
    .where('o.is_latest', '=', LATEST);
  q =
    'values' in lookup
      ? q.where('k.value', 'in', [...lookup.values])
      : q.where('k.value', '>=', lookup.from).where('k.value', '<=', lookup.to);
  return q;
}

/** Network ranges hold networks of any length starting inside; keep the ones inside. */
function withinPrefix(lookup: KeyLookup, value: string): boolean {
  if (!('minPrefix' in lookup) || lookup.minPrefix === undefined) return true;
  return Number(value.slice(value.indexOf('/') + 1)) >= lookup.minPrefix;
}
