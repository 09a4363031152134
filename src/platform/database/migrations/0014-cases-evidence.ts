import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Cases, evidence and chain of custody (issue 7, item 7). A case has members and links (to
 * STIX objects by id, to legal requests by id); an evidence item's bytes live content-addressed
 * in the data folder (`<dataDir>/evidence/<sha256>`), its custody records form a hash chain
 * per item (`prev_hash` → `hash`, like the audit log) so a rewritten history is detectable.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.notNull())
    /** `open` or `closed`. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_reason', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('case_members')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** `lead`, `investigator` or `observer`. */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_members_pk', ['case_id', 'user_id'])
    .execute();
  await db.schema.createIndex('case_members_user').on('case_members').column('user_id').execute();

  await db.schema
    .createTable('case_links')
    .addColumn('case_id', 'text', (c) => c.notNull())
    /** `incident`, `indicator`, `sighting`, `alert`, `report` (STIX ids) or `request`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'kind', 'target_id'])
    .execute();

  await db.schema
    .createTable('evidence_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    /** 1, 2, 3… within the case; names the file in a package (`evidence/2-capture.pcap`). */
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    /** The origin as JSON: who, which organisation, which node, acquired when and how. */
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evidence_items_number', ['case_id', 'number'])
    .execute();

  await db.schema
    .createTable('custody_records')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    /** Actor label (`user:alice`, `service:cli-evidence`). */
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    /** `acquire`, `view`, `download`, `export`, `send` or `verify`. */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    /** Canonical JSON of further facts (package id, verification outcome…), or null. */
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('custody_records_pk', ['item_id', 'seq'])
    .execute();
}
