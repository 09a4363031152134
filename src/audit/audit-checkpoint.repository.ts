import type { Kysely, Selectable } from 'kysely';
import type {
  AuditCheckpointReceiptTable,
  AuditCheckpointTable,
  AuditWitnessOutboxTable,
  Database,
} from '../platform/database/schema.js';

export type CheckpointRow = Selectable<AuditCheckpointTable>;
export type ReceiptRow = Selectable<AuditCheckpointReceiptTable>;
export type OutboxRow = Selectable<AuditWitnessOutboxTable>;

/** Storage of this node's checkpoints, the witnesses' receipts and the witness outbox. */
export const checkpointRepository = {
  /** The chain's newest entry, or null when it is empty. */
  head(db: Kysely<Database>) {
    return db
      .selectFrom('audit_log')
      .select(['seq', 'hash', 'action'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** Stored hashes of the chain entries at `seqs` (absent seqs are missing from the map). */
  async hashesAt(db: Kysely<Database>, seqs: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const unique = [...new Set(seqs)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await db
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .where('seq', 'in', unique.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.seq, r.hash);
    }
    return out;
  },

  latest(db: Kysely<Database>): Promise<CheckpointRow | undefined> {
    return db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  bySeq(db: Kysely<Database>, nodeId: string, seq: number) {
    return db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('node_id', '=', nodeId)
      .where('seq', '=', seq)
      .executeTakeFirst();
  },

  byId(db: Kysely<Database>, id: string) {
    return db.selectFrom('audit_checkpoints').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Checkpoints newest first, `limit` at most, before `beforeSeq` when given. */
  list(db: Kysely<Database>, limit: number, beforeSeq?: number): Promise<CheckpointRow[]> {
    let q = db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(limit);
    if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
    return q.execute();
  },

  all(db: Kysely<Database>): Promise<CheckpointRow[]> {
    return db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
  },

  async insert(db: Kysely<Database>, row: CheckpointRow): Promise<void> {
    await db.insertInto('audit_checkpoints').values(row).execute();
  },

  receiptsOf(db: Kysely<Database>, ids: readonly string[]): Promise<ReceiptRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('audit_checkpoint_receipts')
      .selectAll()
      .where('checkpoint_id', 'in', [...ids])
      .orderBy('received_at')
      .execute();
  },

  async insertReceipt(db: Kysely<Database>, row: ReceiptRow): Promise<void> {
    await db
      .insertInto('audit_checkpoint_receipts')
      .values(row)
      .onConflict((oc) => oc.columns(['checkpoint_id', 'witness_node_id']).doNothing())
      .execute();
  },

  outboxOf(db: Kysely<Database>, ids: readonly string[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('audit_witness_outbox')
      .selectAll()
      .where('checkpoint_id', 'in', [...ids])
      .execute();
  },

  async enqueue(
    db: Kysely<Database>,
    checkpointId: string,
    urls: readonly string[],
    now: string,
  ): Promise<void> {
    if (urls.length === 0) return;
    await db
      .insertInto('audit_witness_outbox')
      .values(
        urls.map((witness_url) => ({
          checkpoint_id: checkpointId,
          witness_url,
          state: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['checkpoint_id', 'witness_url']).doNothing())
      .execute();
  },

  due(db: Kysely<Database>, now: string, limit: number): Promise<OutboxRow[]> {
    return db
      .selectFrom('audit_witness_outbox')
      .selectAll()
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
  },

  async delivered(db: Kysely<Database>, row: OutboxRow, now: string): Promise<void> {
    await db
      .updateTable('audit_witness_outbox')
      .set({ state: 'delivered', attempts: row.attempts + 1, last_error: null, updated_at: now })
      .where('checkpoint_id', '=', row.checkpoint_id)
      .where('witness_url', '=', row.witness_url)
      .execute();
  },

  async failed(
    db: Kysely<Database>,
    row: OutboxRow,
    update: { attempts: number; nextAttemptAt: string; error: string; now: string },
  ): Promise<void> {
    await db
      .updateTable('audit_witness_outbox')
      .set({
        attempts: update.attempts,
        next_attempt_at: update.nextAttemptAt,
        last_error: update.error.slice(0, 1000),
        updated_at: update.now,
      })
      .where('checkpoint_id', '=', row.checkpoint_id)
      .where('witness_url', '=', row.witness_url)
      .execute();
  },
};
