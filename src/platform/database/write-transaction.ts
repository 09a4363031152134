import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from './capabilities.js';
import type { Database } from './schema.js';

/**
 * Runs `work` in a write transaction: committed when it resolves, rolled back when it throws.
 * Where the engine needs it (`beginImmediate`, SQLite), the write lock is taken by the first
 * statement — a write that changes nothing — so that another process writing at the same time
 * (a CLI command while the node runs) makes this one wait on the busy timeout, instead of
 * failing half-way when a read-then-write transaction finds its snapshot stale.
 */
export async function inWriteTransaction<T>(
  db: Kysely<Database>,
  capabilities: DialectCapabilities,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (capabilities.beginImmediate) await takeWriteLock(trx);
    return work(trx);
  });
}

/** A write that matches no row: enough for SQLite to take the database's write lock. */
export async function takeWriteLock(trx: Kysely<Database>): Promise<void> {
  await sql`update node_settings set value = value where key = ${'\u0000write-lock'}`.execute(trx);
}
