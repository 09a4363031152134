import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * TAXII 2.1 client (`nohaven taxii pull`): where each pull from a remote collection stopped,
 * so the next pull asks only for objects added after it (TAXII 2.1 §3.4 `added_after`).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('taxii_pull_state')
    /** Origin of the remote server, e.g. `https://cti.example:8443`. */
    .addColumn('server_url', 'text', (c) => c.notNull())
    /** Absolute URL of the API root. */
    .addColumn('api_root', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    /** The newest `X-TAXII-Date-Added-Last` of a stored page, as the server sent it. */
    .addColumn('added_after', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('taxii_pull_state_pk', ['server_url', 'api_root', 'collection_id'])
    .execute();
}
