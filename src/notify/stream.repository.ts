import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { ObjectRecord } from '../objects/object.repository.js';

type Db = Kysely<Database>;

const ID_CHUNK = 500;

/** Reads of the live stream that the object store's repository does not offer. */
export const streamRepository = {
  /**
   * The newest stored version (highest `seq`) of each given id, in `seq` order: after an
   * `objects.stored` event, the versions that event announced (or a newer one stored since,
   * which its own event announces too; subscribers drop a `seq` they already sent).
   */
  async newestVersions(db: Db, ids: readonly string[]): Promise<ObjectRecord[]> {
    const unique = [...new Set(ids)];
    const out: ObjectRecord[] = [];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      const chunk = unique.slice(i, i + ID_CHUNK);
      const rows = await db
        .selectFrom('stix_objects as o')
        .selectAll('o')
        .where('o.id', 'in', chunk)
        .where((eb) =>
          eb(
            'o.seq',
            '=',
            eb
              .selectFrom('stix_objects as n')
              .select((n) => n.fn.max('n.seq').as('m'))
              .whereRef('n.id', '=', 'o.id'),
          ),
        )
        .execute();
      out.push(...(rows as ObjectRecord[]));
    }
    return out.sort((a, b) => Number(a.seq) - Number(b.seq));
  },
};
