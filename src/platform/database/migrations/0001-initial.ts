import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/** Foundation tables: node settings, accounts, audit chain, the STIX object store. */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('node_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('reason', 'text')
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stix_objects')
    .addColumn('seq', caps.autoIncrementType, (c) =>
      caps.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('created', 'text')
    .addColumn('spec_version', 'text')
    .addColumn('date_added', 'text', (c) => c.notNull())
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_latest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by_ref', 'text')
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('tlp', 'text')
    .addColumn('owner_org_id', 'text')
    .addColumn('distribution', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addUniqueConstraint('stix_objects_version', ['id', 'modified'])
    .execute();
  // Partial indexes over the latest versions only. Queries must state `is_latest = 1` as a
  // literal (not a bound parameter) for the planners to use them.
  // At most one latest version per id, whatever several writer processes do:
  await db.schema
    .createIndex('stix_objects_one_latest')
    .on('stix_objects')
    .column('id')
    .unique()
    .where(sql.ref('is_latest'), '=', 1)
    .execute();
  await db.schema
    .createIndex('stix_objects_latest_seq')
    .on('stix_objects')
    .column('seq')
    .where(sql.ref('is_latest'), '=', 1)
    .execute();
  await db.schema
    .createIndex('stix_objects_latest_type_seq')
    .on('stix_objects')
    .columns(['type', 'seq'])
    .where(sql.ref('is_latest'), '=', 1)
    .execute();

  await db.schema
    .createTable('stix_refs')
    .addColumn('object_seq', 'bigint', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('property', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stix_refs_ref')
    .on('stix_refs')
    .columns(['ref_id', 'property'])
    .execute();
  await db.schema.createIndex('stix_refs_object').on('stix_refs').column('object_seq').execute();
}
