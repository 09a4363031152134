/**
 * Queries of the sighting writer (issue 5, item 2), batched: one query per chunk of ids or of
 * index values, never one per object. They run as the node, after commit, and return policy
 * metadata with the rows so that the service decides the reach of what it writes; none of them
 * returns anything to a reader.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

type Db = Kysely<Database>;
const LATEST = sql.lit(1);
const CHUNK = 500;

/** A latest, non-revoked version with what the read policy needs of it. */
export interface PolicyRow {
  readonly id: string;
  readonly seq: number;
  readonly type: string;
  readonly content: string;
  readonly ownerOrgId: string | null;
  readonly tlp: string | null;
  readonly distribution: string;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export const sightingRepository = {
  /** The latest, non-revoked versions of `ids` whose type is one of `types`. */
  async latest(db: Db, ids: readonly string[], types: readonly string[]): Promise<PolicyRow[]> {
    const out: PolicyRow[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db
        .selectFrom('stix_objects')
        .select(['id', 'seq', 'type', 'content', 'owner_org_id', 'tlp', 'distribution'])
        .where('is_latest', '=', LATEST)
        .where('revoked', '=', 0)
        .where('id', 'in', part)
        .execute();
      // The type is filtered here, not in SQL: with it, the planner may scan a type's index.
      for (const r of rows)
        if (types.includes(r.type))
          out.push({
            id: r.id,
            seq: Number(r.seq),
            type: r.type,
            content: r.content,
            ownerOrgId: r.owner_org_id,
            tlp: r.tlp,
            distribution: r.distribution,
          });
    }
    return out;
  },

  /** The ids each version refers to (markings and creator left out), by version seq. */
  async refs(db: Db, seqs: readonly number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const part of chunks([...new Set(seqs)])) {
      const rows = await db
        .selectFrom('stix_refs')
        .select(['object_seq', 'ref_id'])
        .where('object_seq', 'in', part)
        .where('property', 'not in', ['object_marking_refs', 'created_by_ref'])
        .execute();
      for (const r of rows) {
        const seq = Number(r.object_seq);
        const list = out.get(seq) ?? [];
        list.push(r.ref_id);
        out.set(seq, list);
      }
    }
    return out;
  },

  /**
   * The indicators (latest, non-revoked) whose pattern anchors on one of `values` of `kind`, as
   * `value → indicator ids`.
   */
  async patternHits(
    db: Db,
    kind: string,
    values: readonly string[],
  ): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const part of chunks([...new Set(values)])) {
      const rows = await db
        .selectFrom('observable_keys as k')
        .innerJoin('stix_objects as o', 'o.seq', 'k.object_seq')
        .select(['k.value', 'o.id'])
        .where('k.role', '=', 'pattern')
        .where('k.kind', '=', kind)
        .where('k.value', 'in', part)
        .where('o.is_latest', '=', LATEST)
        .where('o.revoked', '=', 0)
        .execute();
      for (const r of rows) {
        const list = out.get(r.value) ?? [];
        list.push(r.id);
        out.set(r.value, list);
      }
    }
    return out;
  },

  /** Whether any latest indicator's pattern anchors on a key of `kind` (e.g. a network). */
  async anyPattern(db: Db, kind: string): Promise<boolean> {
    const row = await db
      .selectFrom('observable_keys')
      .select('object_seq')
      .where('kind', '=', kind)
      .where('role', '=', 'pattern')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The country of each organisation of `ids` (null when it has none). */
  async countries(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db
        .selectFrom('organizations')
        .select(['id', 'country'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, r.country);
    }
    return out;
  },

  /** The user names of user ids. */
  async usernames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, r.username);
    }
    return out;
  },
};
