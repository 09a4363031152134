import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Federated early warning (issue 6, item 6): the outbreak aggregates received from peers, kept
 * for the detector's horizon so that a restarted node rebuilds the same picture; the id makes
 * applying one twice a no-op.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('outbreak_remote_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin_node', 'text', (c) => c.notNull())
    /** RFC 3339 time of the report, normalised to UTC ISO for ordering. */
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    /** The aggregate report as received (JSON). */
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbreak_remote_reports_at')
    .on('outbreak_remote_reports')
    .column('reported_at')
    .execute();
}
