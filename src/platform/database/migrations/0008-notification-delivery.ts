import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Notifications to recipients outside nohaven (issue 5, item 6): the delivery outbox, one row
 * per (recipient, notification), delivered asynchronously by the delivery worker with retries
 * and a dead-letter state; and the per-contact secret that signs webhook bodies.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `webhook` or `email`. */
    .addColumn('channel', 'text', (c) => c.notNull())
    /** URL or e-mail address, as the contact had it when the row was made. */
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    /** BCP 47 tag the message is written in (e-mail batches are per recipient and language). */
    .addColumn('language', 'text', (c) => c.notNull())
    /** `routed-item` or `alert`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** What is notified: `routed-item:<id>` or `alert:<alert id>:<change>:<event id>`. */
    .addColumn('notification', 'text', (c) => c.notNull())
    /** JSON reference of the payload (ids only; the content is read and checked when sent). */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** `pending`, `delivered` or `dead`. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('notification_deliveries_recipient', ['contact_id', 'notification'])
    .execute();
  await db.schema
    .createIndex('notification_deliveries_due')
    .on('notification_deliveries')
    .columns(['state', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('webhook_secrets')
    .addColumn('contact_id', 'text', (c) => c.primaryKey())
    /** Hex HMAC-SHA256 key; kept in clear because signing needs it. */
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
