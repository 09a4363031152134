import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Routing to responsibility (issue 5, item 4): the contact directory (abuse contacts per
 * network, ASN or domain; 24/7 points of contact per country, Budapest Convention art. 35;
 * CERTs per country and sector) and the routed queue, one item per (finding, contact).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('routing_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `abuse`, `poc` or `cert`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** Abuse contacts: exactly one of network (CIDR), asn, domain. */
    .addColumn('network', 'text')
    .addColumn('asn', 'bigint')
    .addColumn('domain', 'text')
    /** ISO 3166-1 alpha-2; required for `poc` and `cert`. */
    .addColumn('country', 'text')
    .addColumn('sector', 'text')
    /** JSON array of BCP 47 tags. */
    .addColumn('languages', 'text', (c) => c.notNull())
    /** `nohaven` (address: organisation identity id), `webhook` (URL) or `email`. */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('routing_contacts_kind_country')
    .on('routing_contacts')
    .columns(['kind', 'country'])
    .execute();

  // Items keep the contact's name, channel and organisation as routed: deleting a contact
  // from the directory does not rewrite the queue's history.
  await db.schema
    .createTable('routed_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    /** The organisation (identity id) whose queue holds the item: `nohaven` channel only. */
    .addColumn('recipient_org_id', 'text')
    /** `new`, `acknowledged`, `actioned` or `rejected`. */
    .addColumn('state', 'text', (c) => c.notNull())
    /** JSON array of `{ code, params }` explanations. */
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('routed_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('actioned_at', 'text')
    .addColumn('actioned_by', 'text')
    .addColumn('rejected_at', 'text')
    .addColumn('rejected_by', 'text')
    .addColumn('reject_reason', 'text')
    .addUniqueConstraint('routed_items_object_contact', ['object_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('routed_items_recipient')
    .on('routed_items')
    .columns(['recipient_org_id', 'routed_at'])
    .execute();
}
