import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Sealed personal data and purpose-bound access (issue 8, items 1 and 2).
 *
 * - `privacy_master_keys`: each master key the node has used, by id, with its key check value
 *   (an HMAC under the key — never the key itself), so a wrong key is refused at start;
 *   `retired_at` once a rotation re-wrapped every data key away from it.
 * - `privacy_data_keys`: one AES-256 data key per scope (`case:<id>`, `request:<id>`), wrapped
 *   by the master key `master_key_id`.
 * - `privacy_grants`: a case lead's explicit grant to a user outside the case.
 * - `privacy_openings`: who opened which sealed field when and for which purpose code (the
 *   bulk-access count; the audit chain holds the full record).
 * - `privacy_approvals`: second approvals for bulk access.
 * - `case_subjects`: the people a case concerns (suspect, victim, witness…), their personal
 *   fields stored sealed with the case's data key (`data`: JSON of envelopes).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('privacy_master_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('privacy_data_keys')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('wrapped', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('rewrapped_at', 'text')
    .execute();
  await db.schema
    .createIndex('privacy_data_keys_master')
    .on('privacy_data_keys')
    .column('master_key_id')
    .execute();

  await db.schema
    .createTable('privacy_grants')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('privacy_grants_pk', ['case_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('privacy_openings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** `request:<id>#<field>` or `case:<id>#<field>`. */
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('purpose_code', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('privacy_openings_user_at')
    .on('privacy_openings')
    .columns(['user_id', 'opened_at'])
    .execute();

  await db.schema
    .createTable('privacy_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    /** How many further subjects the approval allows in its window. */
    .addColumn('subjects', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .execute();

  await db.schema
    .createTable('case_subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    /** `suspect`, `victim`, `witness` or `other`. */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_subjects_case').on('case_subjects').column('case_id').execute();
}
