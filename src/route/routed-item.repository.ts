import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Channel, ContactKind } from './contact.types.js';
import type { ItemState, RoutedItem } from './routed-item.types.js';
import type { Explanation } from './routing-rules.js';

type Db = Kysely<Database>;
type Row = Database['routed_items'];

function stamp(at: string | null, by: string | null) {
  return at === null ? null : { at, by: by ?? '' };
}

function toItem(r: Row): RoutedItem {
  const rejected = stamp(r.rejected_at, r.rejected_by);
  return {
    id: r.id,
    objectId: r.object_id,
    objectType: r.object_type,
    contactId: r.contact_id,
    contactName: r.contact_name,
    contactKind: r.contact_kind as ContactKind,
    channel: r.channel as Channel,
    address: r.address,
    recipientOrgId: r.recipient_org_id,
    state: r.state as ItemState,
    reasons: JSON.parse(r.reasons) as Explanation[],
    routedAt: r.routed_at,
    acknowledged: stamp(r.acknowledged_at, r.acknowledged_by),
    actioned: stamp(r.actioned_at, r.actioned_by),
    rejected: rejected && { ...rejected, reason: r.reject_reason ?? '' },
  };
}

export interface QueueQuery {
  /** Only the items of this organisation's queue; null: every item. */
  readonly recipientOrgId: string | null;
  readonly state?: ItemState;
  readonly limit: number;
  readonly offset: number;
}

const CHUNK = 500;

/** Storage of the routed queue (migration 0006). */
export const routedItemRepository = {
  /** The `object_id|contact_id` pairs already routed among `objectIds`. */
  async routedPairs(db: Db, objectIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < objectIds.length; i += CHUNK) {
      const rows = await db
        .selectFrom('routed_items')
        .select(['object_id', 'contact_id'])
        .where('object_id', 'in', objectIds.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.add(`${r.object_id}|${r.contact_id}`);
    }
    return out;
  },

  async insert(db: Db, items: readonly RoutedItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += 200) {
      await db
        .insertInto('routed_items')
        .values(
          items.slice(i, i + 200).map((it) => ({
            id: it.id,
            object_id: it.objectId,
            object_type: it.objectType,
            contact_id: it.contactId,
            contact_name: it.contactName,
            contact_kind: it.contactKind,
            channel: it.channel,
            address: it.address,
            recipient_org_id: it.recipientOrgId,
            state: it.state,
            reasons: JSON.stringify(it.reasons),
            routed_at: it.routedAt,
            acknowledged_at: null,
            acknowledged_by: null,
            actioned_at: null,
            actioned_by: null,
            rejected_at: null,
            rejected_by: null,
            reject_reason: null,
          })),
        )
        // Another process may have routed the same finding to the same contact meanwhile.
        .onConflict((oc) => oc.columns(['object_id', 'contact_id']).doNothing())
        .execute();
    }
  },

  async find(db: Db, id: string): Promise<RoutedItem | null> {
    const row = await db
      .selectFrom('routed_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toItem(row) : null;
  },

  async list(db: Db, q: QueueQuery): Promise<RoutedItem[]> {
    let query = db.selectFrom('routed_items').selectAll();
    if (q.recipientOrgId !== null) query = query.where('recipient_org_id', '=', q.recipientOrgId);
    if (q.state !== undefined) query = query.where('state', '=', q.state);
    const rows = await query
      .orderBy('routed_at', 'desc')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return rows.map(toItem);
  },

  async forObjects(db: Db, objectIds: readonly string[]): Promise<RoutedItem[]> {
    if (objectIds.length === 0) return [];
    const rows = await db
      .selectFrom('routed_items')
      .selectAll()
      .where('object_id', 'in', objectIds.slice(0, CHUNK))
      .orderBy('object_id')
      .orderBy('contact_name')
      .orderBy('id')
      .execute();
    return rows.map(toItem);
  },

  /**
   * Moves an item from one of `from` to `to`, stamping who and when; false when the item is no
   * longer in one of `from` (another writer moved it meanwhile).
   */
  async transition(
    db: Db,
    id: string,
    from: readonly ItemState[],
    to: ItemState,
    by: { at: string; by: string },
    reason: string | null,
  ): Promise<boolean> {
    const set =
      to === 'acknowledged'
        ? { acknowledged_at: by.at, acknowledged_by: by.by }
        : to === 'actioned'
          ? { actioned_at: by.at, actioned_by: by.by }
          : { rejected_at: by.at, rejected_by: by.by, reject_reason: reason };
    const r = await db
      .updateTable('routed_items')
      .set({ state: to, ...set })
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /** The latest stored versions of `ids` (JSON content), for routing. */
  async latestObjects(db: Db, ids: readonly string[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db
        .selectFrom('stix_objects')
        .select('content')
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .where('is_latest', '=', 1)
        .execute();
      for (const r of rows) out.push(JSON.parse(r.content));
    }
    return out;
  },
};
