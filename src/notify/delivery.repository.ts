import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type {
  Delivery,
  DeliveryChannel,
  DeliveryPayload,
  DeliveryState,
  NewDelivery,
} from './delivery.types.js';

type Db = Kysely<Database>;
type Row = Database['notification_deliveries'];

function toDelivery(r: Row): Delivery {
  return {
    id: r.id,
    channel: r.channel as DeliveryChannel,
    address: r.address,
    contactId: r.contact_id,
    language: r.language,
    notification: r.notification,
    payload: JSON.parse(r.payload) as DeliveryPayload,
    state: r.state as DeliveryState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveredAt: r.delivered_at,
  };
}

/** Storage of the delivery outbox (migration 0008). */
export const deliveryRepository = {
  /** Adds pending deliveries; one already made for the same (contact, notification) is kept. */
  async insert(db: Db, rows: readonly NewDelivery[], now: string): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('notification_deliveries')
        .values(
          rows.slice(i, i + 200).map((d) => ({
            id: d.id,
            channel: d.channel,
            address: d.address,
            contact_id: d.contactId,
            language: d.language,
            kind: d.payload.kind,
            notification: d.notification,
            payload: JSON.stringify(d.payload),
            state: 'pending',
            attempts: 0,
            next_attempt_at: d.dueAt,
            last_error: null,
            created_at: now,
            updated_at: now,
            delivered_at: null,
          })),
        )
        .onConflict((oc) => oc.columns(['contact_id', 'notification']).doNothing())
        .execute();
    }
  },

  /** Pending deliveries due at `now`, oldest first. */
  async due(db: Db, now: string, limit: number): Promise<Delivery[]> {
    const rows = await db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  },

  /**
   * Takes a due delivery for one attempt: moves its `next_attempt_at` to `leaseUntil`, only if
   * nobody else took it since it was read (another worker, another process). A worker that
   * dies mid-attempt leaves the row pending: it is due again when the lease ends.
   */
  async claim(db: Db, d: Delivery, leaseUntil: string, now: string): Promise<boolean> {
    const r = await db
      .updateTable('notification_deliveries')
      .set({ next_attempt_at: leaseUntil, updated_at: now })
      .where('id', '=', d.id)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '=', d.nextAttemptAt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async delivered(db: Db, ids: readonly string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('notification_deliveries')
      .set((eb) => ({
        state: 'delivered',
        attempts: eb('attempts', '+', 1),
        delivered_at: now,
        updated_at: now,
        last_error: null,
      }))
      .where('id', 'in', [...ids])
      .execute();
  },

  async failed(
    db: Db,
    id: string,
    next: { state: 'pending' | 'dead'; attempts: number; nextAttemptAt: string | null },
    error: string,
    now: string,
  ): Promise<void> {
    await db
      .updateTable('notification_deliveries')
      .set({
        state: next.state,
        attempts: next.attempts,
        ...(next.nextAttemptAt !== null ? { next_attempt_at: next.nextAttemptAt } : {}),
        last_error: error.slice(0, 2000),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  },

  async find(db: Db, id: string): Promise<Delivery | null> {
    const row = await db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDelivery(row) : null;
  },

  async list(
    db: Db,
    q: { state?: DeliveryState; limit: number; offset: number },
  ): Promise<Delivery[]> {
    let query = db.selectFrom('notification_deliveries').selectAll();
    if (q.state !== undefined) query = query.where('state', '=', q.state);
    const rows = await query
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return rows.map(toDelivery);
  },

  /** Puts a dead delivery back in the queue, due at `now`, its attempts counted afresh. */
  async revive(db: Db, id: string, now: string): Promise<boolean> {
    const r = await db
      .updateTable('notification_deliveries')
      .set({ state: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'dead')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Routed items to webhook or e-mail contacts that have no delivery yet (made by a node that
   * stopped between routing and queueing the delivery): at most `limit`.
   */
  async unqueuedRoutedItems(db: Db, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('routed_items as i')
      .leftJoin('notification_deliveries as d', (j) =>
        j
          .onRef('d.contact_id', '=', 'i.contact_id')
          .on('d.kind', '=', 'routed-item')
          .on('d.notification', '=', sql<string>`${'routed-item:'} || i.id`),
      )
      .select('i.id')
      .where('i.channel', 'in', ['webhook', 'email'])
      .where('d.id', 'is', null)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
};
