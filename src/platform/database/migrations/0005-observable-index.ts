import type { Kysely } from 'kysely';

/**
 * Correlation (issue 5): the observable index and each organisation's aggregate-sharing
 * setting.
 *
 * `observable_keys` holds, per stored version (`object_seq`), the index keys of its observable
 * values (`role = 'value'`: the SCO's own value) or of its pattern's anchors (`role =
 * 'pattern'`: an indicator). Keys are written in the transaction that stores the version and go
 * with it; readers join the latest version, so a superseded version's keys are never used.
 * See `src/correlate/observable-keys.ts` for the stored forms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('observable_keys')
    .addColumn('object_seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observable_keys_lookup')
    .on('observable_keys')
    .columns(['kind', 'value', 'object_seq'])
    .execute();
  await db.schema
    .createIndex('observable_keys_object')
    .on('observable_keys')
    .column('object_seq')
    .execute();

  // Whether an organisation's reports may be counted in "N other organisations in M countries
  // reported this": up to which TLP level (`none`, `clear`, `green`, `amber`, `red`). A missing
  // row means the default, `green`.
  await db.schema
    .createTable('organization_settings')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('aggregate_tlp', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
