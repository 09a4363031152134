import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * The federation change feed (issue 6, items 3–5): the node's ordered log of shareable changes
 * (`feed_items`, its `seq` the cursor every peer pulls after), per peer the cursors of what was
 * received and acknowledged, the ids of items applied (exactly-once effect), items refused with
 * their reason, and per object × peer what was sent, withdrawn and confirmed.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('feed_items')
    .addColumn('seq', caps.autoIncrementType, (c) =>
      caps.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    /** The item's id (`change--<uuid>`), the same on every node that holds it. */
    .addColumn('item_id', 'text', (c) => c.notNull().unique())
    /** Node id of the origin (this node, or a peer whose `all` item is relayed). */
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** STIX id of the object the item concerns (object and withdrawal items), else null. */
    .addColumn('object_id', 'text')
    /** Peer the item was received from when relayed, null for this node's own items. */
    .addColumn('received_from', 'text')
    /** When this node logged it (its own clock; only for the lag shown to operators). */
    .addColumn('logged_at', 'text', (c) => c.notNull())
    /** Byte length of `item`. */
    .addColumn('size', 'integer', (c) => c.notNull())
    /** The signed item, JSON text, exactly as sent. */
    .addColumn('item', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_items_object').on('feed_items').column('object_id').execute();

  await db.schema
    .createTable('feed_cursors')
    .addColumn('peer', 'text', (c) => c.primaryKey())
    /** The peer's `seq` up to which this node has received its items. */
    .addColumn('received_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    /** This node's `seq` up to which the peer has acknowledged (push answered, or pulled). */
    .addColumn('acked_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feed_applied')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text')
    /** Peer the item came from. */
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feed_applied_object')
    .on('feed_applied')
    .column('object_id')
    .execute();

  // Who sent this node each object (origin and every peer that delivered it, relays included):
  // the nodes whose withdrawal of the object is accepted.
  await db.schema
    .createTable('feed_sources')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_sources_pk', ['object_id', 'node'])
    .execute();

  await db.schema
    .createTable('feed_refusals')
    .addColumn('id', caps.autoIncrementType, (c) =>
      caps.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feed_sent')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('first_sent_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    /** The withdrawal item addressed to the peer. */
    .addColumn('withdrawal_id', 'text')
    /** When the peer's signed receipt of the withdrawal arrived. */
    .addColumn('confirmed_at', 'text')
    .addColumn('receipt', 'text')
    .addPrimaryKeyConstraint('feed_sent_pk', ['object_id', 'peer'])
    .execute();
}
