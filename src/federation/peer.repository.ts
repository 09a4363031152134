import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { NodeDescriptor } from './descriptor.js';
import type { HostedOrganization, PeerPolicy, PeerRecord, PeerState } from './federation.types.js';

type Db = Kysely<Database>;
type Row = Selectable<Database['federation_peers']>;

/** A stored peer with its bookkeeping (what the federation page shows). */
export interface StoredPeer extends PeerRecord {
  readonly addedBy: string | null;
  readonly addedAt: string;
  readonly updatedAt: string;
  readonly lastSuccessAt: string | null;
  readonly lastErrorAt: string | null;
  readonly lastError: string | null;
  readonly unreachableSince: string | null;
  readonly unreachableAlertedAt: string | null;
  readonly itemsSent: number;
  readonly itemsReceived: number;
  readonly itemsRefused: number;
}

function toPeer(r: Row): StoredPeer {
  return {
    nodeId: r.node_id,
    descriptor: JSON.parse(r.descriptor) as NodeDescriptor,
    state: r.state as PeerState,
    policy: JSON.parse(r.policy) as PeerPolicy,
    organizations: JSON.parse(r.organizations) as HostedOrganization[],
    addedBy: r.added_by,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
    lastSuccessAt: r.last_success_at,
    lastErrorAt: r.last_error_at,
    lastError: r.last_error,
    unreachableSince: r.unreachable_since,
    unreachableAlertedAt: r.unreachable_alerted_at,
    itemsSent: Number(r.items_sent),
    itemsReceived: Number(r.items_received),
    itemsRefused: Number(r.items_refused),
  };
}

/** What a write of a peer's trust sets: descriptor, state, policy, organisations. */
export interface PeerWrite {
  readonly nodeId: string;
  readonly descriptor: NodeDescriptor;
  readonly state: PeerState;
  readonly policy: PeerPolicy;
  readonly organizations: readonly HostedOrganization[];
  readonly addedBy: string | null;
}

/** Storage of the peer directory (migration 0009). */
export const peerRepository = {
  async find(db: Db, nodeId: string): Promise<StoredPeer | null> {
    const row = await db
      .selectFrom('federation_peers')
      .selectAll()
      .where('node_id', '=', nodeId)
      .executeTakeFirst();
    return row ? toPeer(row) : null;
  },

  async list(db: Db, state?: PeerState): Promise<StoredPeer[]> {
    let q = db.selectFrom('federation_peers').selectAll();
    if (state !== undefined) q = q.where('state', '=', state);
    const rows = await q.orderBy('added_at').orderBy('node_id').execute();
    return rows.map(toPeer);
  },

  async count(db: Db, state: PeerState): Promise<number> {
    const r = await db
      .selectFrom('federation_peers')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('state', '=', state)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** Inserts the peer, or replaces its trust members (keeping its health figures). */
  async upsert(db: Db, p: PeerWrite, now: string): Promise<void> {
    const values = {
      descriptor: JSON.stringify(p.descriptor),
      fingerprint: p.descriptor.fingerprint,
      state: p.state,
      policy: JSON.stringify(p.policy),
      organizations: JSON.stringify(p.organizations),
      added_by: p.addedBy,
      updated_at: now,
    };
    await db
      .insertInto('federation_peers')
      .values({ node_id: p.nodeId, ...values, added_at: now })
      .onConflict((oc) => oc.column('node_id').doUpdateSet(values))
      .execute();
  },

  async setState(db: Db, nodeId: string, state: PeerState, now: string): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({ state, updated_at: now })
      .where('node_id', '=', nodeId)
      .execute();
  },

  async setPolicy(db: Db, nodeId: string, policy: PeerPolicy, now: string): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({ policy: JSON.stringify(policy), updated_at: now })
      .where('node_id', '=', nodeId)
      .execute();
  },

  async setDescriptor(db: Db, nodeId: string, d: NodeDescriptor, now: string): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({ descriptor: JSON.stringify(d), fingerprint: d.fingerprint, updated_at: now })
      .where('node_id', '=', nodeId)
      .execute();
  },

  async setOrganizations(
    db: Db,
    nodeId: string,
    organizations: readonly HostedOrganization[],
    now: string,
  ): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({ organizations: JSON.stringify(organizations), updated_at: now })
      .where('node_id', '=', nodeId)
      .execute();
  },

  /** A successful exchange: counters added, the outage (if any) over. */
  async recordSuccess(
    db: Db,
    nodeId: string,
    counts: { sent: number; received: number; refused: number },
    now: string,
  ): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({
        last_success_at: now,
        unreachable_since: null,
        unreachable_alerted_at: null,
        items_sent: sql`items_sent + ${counts.sent}`,
        items_received: sql`items_received + ${counts.received}`,
        items_refused: sql`items_refused + ${counts.refused}`,
      })
      .where('node_id', '=', nodeId)
      .execute();
  },

  /** A failed exchange: the error kept, the outage starting now unless it already had. */
  async recordFailure(
    db: Db,
    nodeId: string,
    error: string,
    refused: number,
    now: string,
  ): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({
        last_error_at: now,
        last_error: error.slice(0, 2000),
        unreachable_since: sql`coalesce(unreachable_since, ${now})`,
        items_refused: sql`items_refused + ${refused}`,
      })
      .where('node_id', '=', nodeId)
      .execute();
  },

  /** Refusals of the peer's requests (bad signature, replay…) without an outage. */
  async addRefused(db: Db, nodeId: string, refused: number): Promise<void> {
    await db
      .updateTable('federation_peers')
      .set({ items_refused: sql`items_refused + ${refused}` })
      .where('node_id', '=', nodeId)
      .execute();
  },

  /** Peers unreachable since before `cutoff` whose outage has not been alerted yet. */
  async unalertedOutages(db: Db, cutoff: string): Promise<StoredPeer[]> {
    const rows = await db
      .selectFrom('federation_peers')
      .selectAll()
      .where('unreachable_since', '<=', cutoff)
      .where('unreachable_alerted_at', 'is', null)
      .where('state', 'in', ['active', 'awaiting-remote'])
      .execute();
    return rows.map(toPeer);
  },

  /** Marks the outage alerted; false when another process already did. */
  async markAlerted(db: Db, nodeId: string, since: string, now: string): Promise<boolean> {
    const r = await db
      .updateTable('federation_peers')
      .set({ unreachable_alerted_at: now })
      .where('node_id', '=', nodeId)
      .where('unreachable_since', '=', since)
      .where('unreachable_alerted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
};
