import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Retention and data-subject requests (issue 8, items 3 and 7). A retention run snapshots what
 * is due into `retention_items` (the persistent plan) and works through it in small
 * transactions, each item moving `pending` → `applied` (data deleted or anonymised, audit entry
 * written, in one transaction) → `done` (after-commit work, e.g. the federation withdrawal), or
 * `skipped` when re-checked and no longer due; an interrupted run resumes from its items.
 * `dsr_requests` records each data-subject request: the identifier searched, the references of
 * the records found (never their content), the decision and its legal ground.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('items', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('retention_items')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    /** `delete` or `anonymise`. */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    /** `pending`, `applied`, `done` or `skipped`. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text')
    .addPrimaryKeyConstraint('retention_items_pk', ['run_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('retention_items_target')
    .on('retention_items')
    .columns(['category', 'target_id'])
    .execute();

  await db.schema
    .createTable('dsr_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `access` or `erasure`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    /** JSON array of `{ source, recordId, label, fields }`. */
    .addColumn('matches', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** `access-given`, `erased` or `refused`; null until decided. */
    .addColumn('decision', 'text')
    .addColumn('ground', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
}
