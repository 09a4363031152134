import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Federation peers (issue 6, items 2 and 7): one row per node this node knows, whether an
 * administrator added it or it asked to peer, with the descriptor as confirmed (or followed
 * through a signed key rotation), its state, the per-peer policy, the organisations it
 * announced, and the health figures the federation page shows.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('federation_peers')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    /** The peer's descriptor (JSON), as confirmed or as followed through key rotations. */
    .addColumn('descriptor', 'text', (c) => c.notNull())
    /** `SHA256:…` of the descriptor's current key. */
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    /** `requested`, `awaiting-remote`, `active`, `suspended` or `removed`. */
    .addColumn('state', 'text', (c) => c.notNull())
    /** `PeerPolicy` (JSON). */
    .addColumn('policy', 'text', (c) => c.notNull())
    /** JSON array of `{ id, name, country }` the peer announced in its hello. */
    .addColumn('organizations', 'text', (c) => c.notNull())
    /** Audit label of the actor who added (confirmed) the peer; null for a `requested` peer. */
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('unreachable_since', 'text')
    /** When the unreachable alert of the current outage was raised (once per outage). */
    .addColumn('unreachable_alerted_at', 'text')
    .addColumn('items_sent', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('items_received', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('items_refused', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('federation_peers_state')
    .on('federation_peers')
    .column('state')
    .execute();
}
