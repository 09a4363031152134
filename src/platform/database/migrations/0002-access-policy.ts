import type { Kysely } from 'kysely';

/**
 * The access policy (issue #3): sharing groups and their members, the named recipients of
 * objects (AMBER organisations, RED users), and admins' break-glass windows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sharing_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('hide_members', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Members by organisation identity id: organisations of this node or of other nodes.
  await db.schema
    .createTable('sharing_group_members')
    .addColumn('group_id', 'text', (c) =>
      c.notNull().references('sharing_groups.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sharing_group_members_pk', ['group_id', 'organization_id'])
    .execute();
  await db.schema
    .createIndex('sharing_group_members_org')
    .on('sharing_group_members')
    .column('organization_id')
    .execute();

  // Recipients of every version of a STIX object id.
  await db.schema
    .createTable('object_recipients')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('object_recipients_pk', ['object_id', 'kind', 'principal_id'])
    .execute();

  await db.schema
    .createTable('break_glass_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('break_glass_windows_user')
    .on('break_glass_windows')
    .columns(['user_id', 'expires_at'])
    .execute();
}
