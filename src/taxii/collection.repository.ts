import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Distribution } from '../objects/object.types.js';
import type { Collection, CollectionKind } from './collection.types.js';

type Db = Kysely<Database>;
type Row = Database['taxii_collections'];

function toCollection(r: Row): Collection {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    alias: r.alias,
    kind: r.kind as CollectionKind,
    filter: JSON.parse(r.filter) as Collection['filter'],
    readers: r.readers === null ? null : (JSON.parse(r.readers) as Collection['readers']),
    writers: r.writers === null ? null : (JSON.parse(r.writers) as Collection['writers']),
    distribution: r.distribution as Distribution,
    createdAt: r.created_at,
  };
}

/** Storage of TAXII collections and of inbox contributions. */
export const collectionRepository = {
  async list(db: Db): Promise<Collection[]> {
    const rows = await db
      .selectFrom('taxii_collections')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCollection);
  },

  /** By id or alias. */
  async find(db: Db, idOrAlias: string): Promise<Collection | null> {
    const row = await db
      .selectFrom('taxii_collections')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrAlias), eb('alias', '=', idOrAlias)]))
      .executeTakeFirst();
    return row ? toCollection(row) : null;
  },

  async insert(db: Db, c: Collection): Promise<void> {
    await db
      .insertInto('taxii_collections')
      .values({
        id: c.id,
        title: c.title,
        description: c.description,
        alias: c.alias,
        kind: c.kind,
        filter: JSON.stringify(c.filter),
        readers: c.readers === null ? null : JSON.stringify(c.readers),
        writers: c.writers === null ? null : JSON.stringify(c.writers),
        distribution: c.distribution,
        created_at: c.createdAt,
      })
      .execute();
  },

  async remove(db: Db, id: string): Promise<boolean> {
    await db.deleteFrom('taxii_collection_objects').where('collection_id', '=', id).execute();
    const r = await db.deleteFrom('taxii_collections').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  /** Records object ids contributed through an inbox collection (idempotent). */
  async addContributions(
    db: Db,
    collectionId: string,
    objectIds: readonly string[],
  ): Promise<void> {
    const ids = [...new Set(objectIds)];
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .insertInto('taxii_collection_objects')
        .values(
          ids.slice(i, i + 500).map((object_id) => ({ collection_id: collectionId, object_id })),
        )
        .onConflict((oc) => oc.columns(['collection_id', 'object_id']).doNothing())
        .execute();
    }
  },

  async getSetting(db: Db, key: string): Promise<string | null> {
    const row = await db
      .selectFrom('node_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value ?? null;
  },

  async putSetting(db: Db, key: string, value: string): Promise<void> {
    await db
      .insertInto('node_settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  },
};
