import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { ObjectRecord } from '../objects/object.repository.js';
import { explain } from '../route/explain.js';
import type { Explanation } from '../route/routing-rules.js';

type Db = Kysely<Database>;

const ID_CHUNK = 500;

/** A routed item of a node organisation's queue, as the live stream announces it. */
export interface RoutedEntry {
  readonly id: string;
  readonly objectId: string;
  readonly recipientOrgId: string;
  readonly view: {
    readonly id: string;
    readonly object_id: string;
    readonly object_type: string;
    readonly contact: { readonly id: string; readonly name: string; readonly kind: string };
    readonly reasons: readonly { code: string; params: Record<string, unknown>; text: string }[];
    readonly state: string;
    readonly routed_at: string;
  };
}

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

  /** The items among `ids` that are in a node organisation's queue (`nohaven` channel). */
  async routedItems(db: Db, ids: readonly string[]): Promise<RoutedEntry[]> {
    const out: RoutedEntry[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = await db
        .selectFrom('routed_items')
        .select([
          'id',
          'object_id',
          'object_type',
          'contact_id',
          'contact_name',
          'contact_kind',
          'recipient_org_id',
          'state',
          'reasons',
          'routed_at',
        ])
        .where('id', 'in', ids.slice(i, i + ID_CHUNK))
        .where('recipient_org_id', 'is not', null)
        .orderBy('routed_at')
        .orderBy('id')
        .execute();
      for (const r of rows)
        out.push({
          id: r.id,
          objectId: r.object_id,
          recipientOrgId: r.recipient_org_id!,
          view: {
            id: r.id,
            object_id: r.object_id,
            object_type: r.object_type,
            contact: { id: r.contact_id, name: r.contact_name, kind: r.contact_kind },
            reasons: (JSON.parse(r.reasons) as Explanation[]).map((e) => ({
              code: e.code,
              params: { ...e.params },
              text: explain(e),
            })),
            state: r.state,
            routed_at: r.routed_at,
          },
        });
    }
    return out;
  },
};
