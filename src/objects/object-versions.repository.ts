import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { ReadFilter } from '../policy/read-policy.js';
import { readableWhere as readable, type ObjectRecord } from './object.repository.js';
import type { DeleteQuery, VersionMatch, VersionQuery } from './object.types.js';

type Db = Kysely<Database>;
type Eb = ExpressionBuilder<Database & { o: Database['stix_objects'] }, 'o'>;

/** The spec version of objects that do not state one (STIX 2.1 SCOs may omit it). */
const DEFAULT_SPEC_VERSION = '2.1';

/** `match[version]` as SQL: the OR of each requested kind. */
function versionMatch(eb: Eb, matches: readonly VersionMatch[]): Expression<SqlBool> {
  return eb.or(
    matches.map((m) => {
      switch (m.kind) {
        case 'all':
          return sql<SqlBool>`1 = 1`;
        case 'last':
          return eb('o.is_latest', '=', sql.lit(1));
        case 'first':
          return eb.not(
            eb.exists(
              eb
                .selectFrom('stix_objects as e')
                .select('e.seq')
                .whereRef('e.id', '=', 'o.id')
                .whereRef('e.modified', '<', 'o.modified'),
            ),
          );
        case 'at':
          return eb('o.modified', '=', m.modified);
      }
    }),
  );
}

function specVersionMatch(eb: Eb, specVersions: readonly string[]): Expression<SqlBool> {
  return eb(eb.fn.coalesce('o.spec_version', sql.lit(DEFAULT_SPEC_VERSION)), 'in', [
    ...specVersions,
  ]);
}

/**
 * Version listings in `date_added` order for TAXII (objects, manifest, versions, get-by-id) and
 * deletes. Every listing applies the read policy's filter.
 */
export const objectVersionsRepository = {
  async page(db: Db, filter: ReadFilter, q: VersionQuery): Promise<ObjectRecord[]> {
    let query = db
      .selectFrom('stix_objects as o')
      .selectAll('o')
      .where((eb) => readable(eb, filter))
      .where((eb) => versionMatch(eb, q.versions ?? [{ kind: 'last' }]));
    if (q.ids && q.ids.length > 0) query = query.where('o.id', 'in', [...q.ids]);
    if (q.types && q.types.length > 0) query = query.where('o.type', 'in', [...q.types]);
    if (q.specVersions && q.specVersions.length > 0) {
      const sv = q.specVersions;
      query = query.where((eb) => specVersionMatch(eb, sv));
    }
    if (q.addedAfter !== undefined) query = query.where('o.date_added', '>', q.addedAfter);
    if (q.tlpLevels) {
      const levels = [...q.tlpLevels];
      query = query.where((eb) =>
        levels.length === 0
          ? q.includeUnmarked
            ? eb('o.tlp', 'is', null)
            : sql<SqlBool>`1 = 0`
          : q.includeUnmarked
            ? eb.or([eb('o.tlp', 'is', null), eb('o.tlp', 'in', levels)])
            : eb('o.tlp', 'in', levels),
      );
    }
    if (q.ownerOrgIds) {
      const owners = [...q.ownerOrgIds];
      query = query.where((eb) =>
        owners.length === 0 ? sql<SqlBool>`1 = 0` : eb('o.owner_org_id', 'in', owners),
      );
    }
    if (q.collectionId !== undefined) {
      const collectionId = q.collectionId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('taxii_collection_objects as c')
            .select('c.object_id')
            .whereRef('c.object_id', '=', 'o.id')
            .where('c.collection_id', '=', collectionId),
        ),
      );
    }
    if (q.after) {
      const { dateAdded, seq } = q.after;
      // The `>=` bound lets the engine seek the (date_added, seq) index to the cursor; the OR
      // alone makes it scan every earlier row, so late pages would get slower and slower.
      query = query
        .where('o.date_added', '>=', dateAdded)
        .where((eb) =>
          eb.or([
            eb('o.date_added', '>', dateAdded),
            eb.and([eb('o.date_added', '=', dateAdded), eb('o.seq', '>', seq)]),
          ]),
        );
    }
    return (await query
      .orderBy('o.date_added', 'asc')
      .orderBy('o.seq', 'asc')
      .limit(q.limit)
      .execute()) as ObjectRecord[];
  },

  /** Versions of `id` matching a delete, readable under `filter`. */
  async forDelete(db: Db, filter: ReadFilter, id: string, q: DeleteQuery): Promise<ObjectRecord[]> {
    let query = db
      .selectFrom('stix_objects as o')
      .selectAll('o')
      .where('o.id', '=', id)
      .where((eb) => readable(eb, filter))
      .where((eb) => versionMatch(eb, q.versions ?? [{ kind: 'all' }]));
    if (q.specVersions && q.specVersions.length > 0) {
      const sv = q.specVersions;
      query = query.where((eb) => specVersionMatch(eb, sv));
    }
    return (await query.execute()) as ObjectRecord[];
  },

  /**
   * Deletes the given versions of `id`, their references and index keys, then marks the newest remaining
   * version (if any) as the latest.
   */
  async deleteVersions(db: Db, id: string, seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    await db
      .deleteFrom('observable_keys')
      .where('object_seq', 'in', [...seqs])
      .execute();
    await db
      .deleteFrom('stix_refs')
      .where('object_seq', 'in', [...seqs])
      .execute();
    await db
      .deleteFrom('stix_objects')
      .where('seq', 'in', [...seqs])
      .execute();
    const hasLatest = await db
      .selectFrom('stix_objects')
      .select('seq')
      .where('id', '=', id)
      .where('is_latest', '=', sql.lit(1))
      .executeTakeFirst();
    if (hasLatest) return;
    const newest = await db
      .selectFrom('stix_objects')
      .select('seq')
      .where('id', '=', id)
      .orderBy('modified', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest)
      await db
        .updateTable('stix_objects')
        .set({ is_latest: 1 })
        .where('seq', '=', newest.seq)
        .execute();
  },
};
