import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { StatusDetail, TaxiiStatus } from './status.types.js';

type Db = Kysely<Database>;

interface Details {
  successes: readonly StatusDetail[];
  failures: readonly StatusDetail[];
  pendings: readonly StatusDetail[];
}

/** Storage of status resources; each row belongs to the actor that made the request. */
export const statusRepository = {
  async upsert(db: Db, owner: string, collectionId: string, s: TaxiiStatus): Promise<void> {
    const values = {
      status: s.status,
      total_count: s.totalCount,
      success_count: s.successCount,
      failure_count: s.failureCount,
      pending_count: s.pendingCount,
      details: JSON.stringify({
        successes: s.successes,
        failures: s.failures,
        pendings: s.pendings,
      } satisfies Details),
    };
    await db
      .insertInto('taxii_status')
      .values({
        id: s.id,
        owner,
        collection_id: collectionId,
        request_timestamp: s.requestTimestamp,
        ...values,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  },

  async find(db: Db, id: string, owner: string): Promise<TaxiiStatus | null> {
    const r = await db
      .selectFrom('taxii_status')
      .selectAll()
      .where('id', '=', id)
      .where('owner', '=', owner)
      .executeTakeFirst();
    if (!r) return null;
    const d = JSON.parse(r.details) as Details;
    return {
      id: r.id,
      status: r.status === 'complete' ? 'complete' : 'pending',
      requestTimestamp: r.request_timestamp,
      totalCount: Number(r.total_count),
      successCount: Number(r.success_count),
      successes: d.successes,
      failureCount: Number(r.failure_count),
      failures: d.failures,
      pendingCount: Number(r.pending_count),
      pendings: d.pendings,
    };
  },
};
