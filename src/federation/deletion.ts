import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { FeedCore } from './feed-core.js';
import { feedLogRepository as log } from './feed-log.repository.js';
import type { Withdrawals } from './withdrawal.js';

/**
 * Deletion tombstones (issue 6 §3 and §5): when versions of an object are deleted on this node
 * (`objects.remove`, e.g. TAXII DELETE), the deletion's transaction also removes the object's
 * items from the log, so a peer that catches up later never receives the deleted versions;
 * once it committed, every peer that was sent the object and still holds it gets a signed
 * withdrawal (reason `deleted`) — one log item, applied once per peer by its id, served to a
 * peer that was down when it returns. Versions that remain are announced again after the
 * withdrawal, so the peers end up holding exactly what is left here.
 *
 * A crash between the deletion's commit and the withdrawal is repaired when the feed starts:
 * {@link Deletions.reconcile} withdraws every object peers hold that this node no longer stores.
 */
export interface Deletions {
  /** Inside the deletion's transaction. */
  within(trx: Kysely<Database>, objectId: string): Promise<void>;
  /** After the deletion committed: the withdrawal, then what remains. */
  after(objectId: string): Promise<void>;
  /** Withdraws the objects peers hold that are stored here no more; returns their ids. */
  reconcile(): Promise<string[]>;
}

export function createDeletions(
  core: FeedCore,
  deps: {
    readonly withdrawals: Withdrawals;
    /** Appends the newest stored version of each id again (as after a local store). */
    readonly announce: (objectIds: readonly string[]) => Promise<void>;
  },
): Deletions {
  const { db } = core;
  return {
    within: (trx, objectId) => log.deleteObjectItems(trx, [objectId]),

    async after(objectId) {
      await deps.withdrawals.afterDeletion(objectId);
      const left = await db
        .selectFrom('stix_objects')
        .select('id')
        .where('id', '=', objectId)
        .limit(1)
        .executeTakeFirst();
      if (left) await deps.announce([objectId]);
    },

    async reconcile() {
      const rows = await db
        .selectFrom('feed_sent as s')
        .select('s.object_id')
        .distinct()
        .where('s.withdrawn_at', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('stix_objects as o').select('o.id').whereRef('o.id', '=', 's.object_id'),
            ),
          ),
        )
        .execute();
      const ids = rows.map((r) => r.object_id);
      for (const id of ids) await deps.withdrawals.afterDeletion(id);
      return ids;
    },
  };
}
