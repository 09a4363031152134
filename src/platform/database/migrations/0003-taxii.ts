import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * TAXII 2.1 server (issue #3): collections (named views over the object store), the
 * contributions of inbox collections, status resources of add-objects requests, and the index
 * that TAXII's `date_added` ordering pages over.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('taxii_collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('alias', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** JSON: which objects the collection shows (see taxii/collection.types.ts). */
    .addColumn('filter', 'text', (c) => c.notNull())
    /** JSON: who may read / write; null: nobody. */
    .addColumn('readers', 'text')
    .addColumn('writers', 'text')
    .addColumn('distribution', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('taxii_collection_objects')
    .addColumn('collection_id', 'text', (c) =>
      c.notNull().references('taxii_collections.id').onDelete('cascade'),
    )
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('taxii_collection_objects_pk', ['collection_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('taxii_status')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Who made the request (actor label); only they read the status. */
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request_timestamp', 'text', (c) => c.notNull())
    .addColumn('total_count', 'integer', (c) => c.notNull())
    .addColumn('success_count', 'integer', (c) => c.notNull())
    .addColumn('failure_count', 'integer', (c) => c.notNull())
    .addColumn('pending_count', 'integer', (c) => c.notNull())
    /** JSON: `{ successes, failures, pendings }` status details. */
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();

  // TAXII lists versions in `date_added` order; the node's insertion sequence breaks ties.
  await db.schema
    .createIndex('stix_objects_date_added_seq')
    .on('stix_objects')
    .columns(['date_added', 'seq'])
    .execute();
}
