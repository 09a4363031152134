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

/** An index row that one of a key's related lookups found (`correlationRepository.keyRows`). */
export interface KeyRow {
  /** Position of the lookup in the list asked for. */
  readonly lookup: number;
  /** The stored version the row indexes. */
  readonly seq: number;
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
   * The index rows that `lookups` find on latest versions, in one query, up to `cap + 1` rows
   * whoever may read them (the "very common value" test must not depend on the reader), each
   * with the lookup that found it (its position in `lookups`). Returns no object: `readable`
   * tells which of them the reader may see.
   */
  async keyRows(db: Db, lookups: readonly KeyLookup[], cap: number): Promise<KeyRow[]> {
    const branch = (lookup: KeyLookup, n: number) =>
      hitQuery(db, lookup).select([
        sql<number>`${sql.lit(n)}`.as('n'),
        'k.object_seq',
        'k.kind',
        'k.value',
        'k.role',
      ]);
    const [first, ...rest] = lookups;
    if (!first) return [];
    let query = branch(first, 0);
    for (const [n, lookup] of rest.entries()) query = query.unionAll(branch(lookup, n + 1));
    const rows = await query.limit(cap + 1).execute();
    return rows.map((r) => ({
      lookup: Number(r.n),
      seq: Number(r.object_seq),
      kind: r.kind,
      value: r.value,
      role: r.role === 'pattern' ? 'pattern' : 'value',
    }));
  },

  /** Of the stored versions `seqs`, the non-revoked ones the reader may read, by seq. */
  async readable(
    db: Db,
    seqs: readonly number[],
    filter: ReadFilter,
  ): Promise<Map<number, Pick<KeyHit, 'id' | 'type' | 'name' | 'modified' | 'tlp'>>> {
    const out = new Map<number, Pick<KeyHit, 'id' | 'type' | 'name' | 'modified' | 'tlp'>>();
    for (let i = 0; i < seqs.length; i += ID_CHUNK) {
      const rows = await db
        .selectFrom('stix_objects as o')
        .select(['o.seq', 'o.id', 'o.type', 'o.name', 'o.modified', 'o.tlp'])
        .where('o.seq', 'in', seqs.slice(i, i + ID_CHUNK))
        .where('o.revoked', '=', 0)
        .where((eb) => readableWhere(eb, filter))
        .execute();
      for (const { seq, ...head } of rows) out.set(Number(seq), head);
    }
    return out;
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
 * The observable-index lookups of one seed key, as the correlation service runs them, in one
 * query (`keyRows`): the rows of all related lookups (`relatedLookups`: the value itself, the
 * networks that may contain an address, a domain's parents and subdomains…) are counted against
 * the "very common" cap whoever may read them; unless the value is over the cap, the versions
 * they index are read once more through the read policy (`readable`), and the rows the reader
 * may read are kept, at most `limit` per lookup.
 */
export async function lookupKey(
  db: Db,
  key: ObservableKey,
  filter: ReadFilter,
  options: { readonly cap: number; readonly limit: number },
): Promise<KeyLookupResult> {
  const lookups = relatedLookups(key);
  const rows = await correlationRepository.keyRows(db, lookups, options.cap);
  if (rows.length > options.cap) return { common: true };
  const seqs = [...new Set(rows.map((r) => r.seq))];
  const heads = seqs.length > 0 ? await correlationRepository.readable(db, seqs, filter) : null;
  const hits = lookups.map((): KeyHit[] => []);
  for (const { lookup, seq, kind, value, role } of rows) {
    const head = heads?.get(seq);
    const list = hits[lookup];
    if (head && list && list.length < options.limit) list.push({ ...head, kind, value, role });
  }
  return {
    common: false,
    found: lookups
      .map((lookup, n) => ({ lookup, hits: hits[n] ?? [] }))
      .filter((f) => f.hits.length > 0),
  };
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
  if ('minPrefix' in lookup && lookup.minPrefix !== undefined) {
    // Network ranges hold networks of any length starting inside; keep the ones inside. A
    // network key is `<hex>/<length>`, the length zero-padded (2 digits for IPv4, 3 for IPv6),
    // and every key in [from, to] has the hex part of `from`: the length starts right after it.
    const width = lookup.kind === 'ipv6-net' ? 3 : 2;
    const length = sql<string>`substr(k.value, ${sql.lit(lookup.from.length + 1)})`;
    q = q.where(length, '>=', String(lookup.minPrefix).padStart(width, '0'));
  }
  return q;
}
