import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Outbreak alerts (issue 5, item 3). The alert itself is a STIX `note` in the object store;
 * these tables hold what the store does not: the reporting organisations (never in the note:
 * an alert shows counts, not who reported), the detector's view of the alert for listing and
 * delivery, and each organisation's acknowledgement.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('outbreak_alerts')
    /** STIX id of the alert note (`note--…`). */
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `open` or `closed`. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    /** JSON array of organisation identity ids whose reports are counted. */
    .addColumn('organisations', 'text', (c) => c.notNull())
    /** JSON array of ISO 3166-1 alpha-2 codes. */
    .addColumn('countries', 'text', (c) => c.notNull())
    /** `modified` of the newest stored version of the note. */
    .addColumn('modified', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbreak_alerts_status_opened')
    .on('outbreak_alerts')
    .columns(['status', 'opened_at'])
    .execute();

  await db.schema
    .createTable('outbreak_alert_acks')
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    /** Label of the actor who acknowledged (`user:ana`). */
    .addColumn('acknowledged_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbreak_alert_acks_pk', ['alert_id', 'organization_id'])
    .execute();
}
