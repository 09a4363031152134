import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

type Db = Kysely<Database>;

/** One row of the log as the feed reads it back. */
export interface LogRow {
  readonly seq: number;
  readonly itemId: string;
  readonly origin: string;
  readonly kind: string;
  readonly objectId: string | null;
  readonly receivedFrom: string | null;
  readonly loggedAt: string;
  readonly size: number;
  readonly item: string;
}

export interface NewLogRow {
  readonly itemId: string;
  readonly origin: string;
  readonly kind: string;
  readonly objectId: string | null;
  readonly receivedFrom: string | null;
  readonly item: string;
}

/** What was sent of an object to one peer, and its withdrawal. */
export interface SentRow {
  readonly peer: string;
  readonly firstSentAt: string;
  readonly withdrawnAt: string | null;
  readonly withdrawalId: string | null;
  readonly confirmedAt: string | null;
}

const ID_CHUNK = 500;
/** Rows per multi-row insert of log items (8 parameters each, far below both engines' limits). */
const INSERT_CHUNK = 500;

/** Queries of the change feed's tables (migration 0010). Pass a transaction to take part in it. */
export const feedLogRepository = {
  /**
   * Appends rows in their order (a multi-row insert per chunk: `seq` follows the order), except
   * those whose item the log holds already.
   */
  async append(db: Db, rows: readonly NewLogRow[], at: string): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await db
        .insertInto('feed_items')
        .values(
          rows.slice(i, i + INSERT_CHUNK).map((r) => ({
            item_id: r.itemId,
            origin: r.origin,
            kind: r.kind,
            object_id: r.objectId,
            received_from: r.receivedFrom,
            logged_at: at,
            size: Buffer.byteLength(r.item),
            item: r.item,
          })),
        )
        .onConflict((oc) => oc.column('item_id').doNothing())
        .execute();
    }
  },

  /** The highest seq of the log (0 when empty). */
  async head(db: Db): Promise<number> {
    const row = await db
      .selectFrom('feed_items')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    return Number(row?.m ?? 0);
  },

  async after(db: Db, seq: number, limit: number): Promise<LogRow[]> {
    const rows = await db
      .selectFrom('feed_items')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      itemId: r.item_id,
      origin: r.origin,
      kind: r.kind,
      objectId: r.object_id,
      receivedFrom: r.received_from,
      loggedAt: r.logged_at,
      size: Number(r.size),
      item: r.item,
    }));
  },

  /** Removes the object items of these objects, so that no peer receives their older versions. */
  async deleteObjectItems(db: Db, objectIds: readonly string[]): Promise<void> {
    for (let i = 0; i < objectIds.length; i += ID_CHUNK) {
      await db
        .deleteFrom('feed_items')
        .where('object_id', 'in', objectIds.slice(i, i + ID_CHUNK))
        .where('kind', 'in', ['object', 'alert'])
        .execute();
    }
  },

  /** The newest object item of each of these objects the log holds, by object id. */
  async lastObjectItems(db: Db, objectIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(objectIds)];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      const rows = await db
        .selectFrom('feed_items as f')
        .select(['f.object_id', 'f.item'])
        .where('f.object_id', 'in', unique.slice(i, i + ID_CHUNK))
        .where('f.kind', 'in', ['object', 'alert'])
        .where((eb) =>
          eb(
            'f.seq',
            '=',
            eb
              .selectFrom('feed_items as g')
              .select((g) => g.fn.max('g.seq').as('m'))
              .whereRef('g.object_id', '=', 'f.object_id')
              .where('g.kind', 'in', ['object', 'alert']),
          ),
        )
        .execute();
      for (const r of rows) out.set(r.object_id!, r.item);
    }
    return out;
  },

  async cursor(db: Db, peer: string): Promise<{ received: number; acked: number }> {
    const row = await db
      .selectFrom('feed_cursors')
      .select(['received_seq', 'acked_seq'])
      .where('peer', '=', peer)
      .executeTakeFirst();
    return { received: Number(row?.received_seq ?? 0), acked: Number(row?.acked_seq ?? 0) };
  },

  /** Moves a cursor forward (never back: a late answer cannot rewind it). */
  async advance(db: Db, peer: string, which: 'received' | 'acked', seq: number, at: string) {
    await db
      .insertInto('feed_cursors')
      .values({ peer, received_seq: 0, acked_seq: 0, updated_at: at })
      .onConflict((oc) => oc.column('peer').doNothing())
      .execute();
    const column = which === 'received' ? 'received_seq' : 'acked_seq';
    await db
      .updateTable('feed_cursors')
      .set({ [column]: seq, updated_at: at })
      .where('peer', '=', peer)
      .where(column, '<', seq)
      .execute();
  },

  async appliedIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = await db
        .selectFrom('feed_applied')
        .select('item_id')
        .where('item_id', 'in', ids.slice(i, i + ID_CHUNK))
        .execute();
      for (const r of rows) out.add(r.item_id);
    }
    return out;
  },

  async markAppliedMany(
    db: Db,
    rows: readonly {
      itemId: string;
      origin: string;
      kind: string;
      objectId: string | null;
      peer: string;
    }[],
    at: string,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += ID_CHUNK) {
      await db
        .insertInto('feed_applied')
        .values(
          rows.slice(i, i + ID_CHUNK).map((r) => ({
            item_id: r.itemId,
            origin: r.origin,
            kind: r.kind,
            object_id: r.objectId,
            peer: r.peer,
            applied_at: at,
          })),
        )
        .onConflict((oc) => oc.column('item_id').doNothing())
        .execute();
    }
  },

  async markApplied(
    db: Db,
    row: { itemId: string; origin: string; kind: string; objectId: string | null; peer: string },
    at: string,
  ): Promise<void> {
    await db
      .insertInto('feed_applied')
      .values({
        item_id: row.itemId,
        origin: row.origin,
        kind: row.kind,
        object_id: row.objectId,
        peer: row.peer,
        applied_at: at,
      })
      .onConflict((oc) => oc.column('item_id').doNothing())
      .execute();
  },

  /** Records which nodes sent this node which objects (origin and delivering peer). */
  async addSources(db: Db, pairs: readonly { objectId: string; node: string }[]): Promise<void> {
    const unique = [...new Map(pairs.map((p) => [`${p.objectId} ${p.node}`, p])).values()];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      await db
        .insertInto('feed_sources')
        .values(unique.slice(i, i + ID_CHUNK).map((p) => ({ object_id: p.objectId, node: p.node })))
        .onConflict((oc) => oc.columns(['object_id', 'node']).doNothing())
        .execute();
    }
  },

  /** Nodes that sent this node `objectId`: the ones whose withdrawal of it is accepted. */
  async objectSources(db: Db, objectId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('feed_sources')
      .select('node')
      .where('object_id', '=', objectId)
      .execute();
    return new Set(rows.map((r) => r.node));
  },

  /** True when membership of this sharing group was applied from a peer (a mirrored group). */
  async isMirrored(db: Db, groupId: string): Promise<boolean> {
    const row = await db
      .selectFrom('feed_applied')
      .select('item_id')
      .where('kind', '=', 'membership')
      .where('object_id', '=', groupId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async refuse(db: Db, peer: string, itemId: string | null, reason: string, at: string) {
    await db.insertInto('feed_refusals').values({ peer, item_id: itemId, reason, at }).execute();
  },

  async refusals(db: Db, peer: string): Promise<{ itemId: string | null; reason: string }[]> {
    const rows = await db
      .selectFrom('feed_refusals')
      .select(['item_id', 'reason'])
      .where('peer', '=', peer)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ itemId: r.item_id, reason: r.reason }));
  },

  async recordSent(db: Db, objectIds: readonly string[], peer: string, at: string) {
    const unique = [...new Set(objectIds)];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      await db
        .insertInto('feed_sent')
        .values(
          unique
            .slice(i, i + ID_CHUNK)
            .map((objectId) => ({ object_id: objectId, peer, first_sent_at: at })),
        )
        .onConflict((oc) =>
          oc.columns(['object_id', 'peer']).doUpdateSet({
            withdrawn_at: null,
            withdrawal_id: null,
            confirmed_at: null,
            receipt: null,
          }),
        )
        .execute();
    }
  },

  /** Those of `objectIds` that some peer holds (sent and not withdrawn). */
  async heldAmong(db: Db, objectIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const unique = [...new Set(objectIds)];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      const rows = await db
        .selectFrom('feed_sent')
        .select('object_id')
        .distinct()
        .where('object_id', 'in', unique.slice(i, i + ID_CHUNK))
        .where('withdrawn_at', 'is', null)
        .execute();
      for (const r of rows) out.add(r.object_id);
    }
    return out;
  },

  async sentTo(db: Db, objectId: string): Promise<SentRow[]> {
    const rows = await db
      .selectFrom('feed_sent')
      .selectAll()
      .where('object_id', '=', objectId)
      .orderBy('peer')
      .execute();
    return rows.map((r) => ({
      peer: r.peer,
      firstSentAt: r.first_sent_at,
      withdrawnAt: r.withdrawn_at,
      withdrawalId: r.withdrawal_id,
      confirmedAt: r.confirmed_at,
    }));
  },

  /** Objects held by a peer (sent and not withdrawn). */
  async heldBy(db: Db, peer: string): Promise<string[]> {
    const rows = await db
      .selectFrom('feed_sent')
      .select('object_id')
      .where('peer', '=', peer)
      .where('withdrawn_at', 'is', null)
      .execute();
    return rows.map((r) => r.object_id);
  },

  /** Objects of a distribution held by peers (sent and not withdrawn). */
  async heldWithDistribution(db: Db, distribution: string): Promise<string[]> {
    const rows = await db
      .selectFrom('feed_sent as s')
      .innerJoin('stix_objects as o', 'o.id', 's.object_id')
      .select('s.object_id')
      .distinct()
      .where('s.withdrawn_at', 'is', null)
      .where('o.is_latest', '=', sql.lit(1))
      .where('o.distribution', '=', distribution)
      .execute();
    return rows.map((r) => r.object_id);
  },

  async markWithdrawn(
    db: Db,
    objectId: string,
    peers: readonly string[],
    itemId: string,
    at: string,
  ) {
    if (peers.length === 0) return;
    await db
      .updateTable('feed_sent')
      .set({ withdrawn_at: at, withdrawal_id: itemId, confirmed_at: null, receipt: null })
      .where('object_id', '=', objectId)
      .where('peer', 'in', [...peers])
      .execute();
  },

  async confirm(
    db: Db,
    objectId: string,
    peer: string,
    itemId: string,
    receipt: string,
    at: string,
  ) {
    const r = await db
      .updateTable('feed_sent')
      .set({ confirmed_at: at, receipt })
      .where('object_id', '=', objectId)
      .where('peer', '=', peer)
      .where('withdrawal_id', '=', itemId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
};
