import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * The chain of custody of a data package's files (issue 7, item 5): `custody` is the JSON array
 * of the file's custody records (`src/cases/custody-chain.ts`) — on the producing node its
 * acquisition and each transfer, on the receiving node the producer's chain as signed in the
 * manifest, followed by its own receipt. Null for files stored before this migration.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('cooperation_files').addColumn('custody', 'text').execute();
}
