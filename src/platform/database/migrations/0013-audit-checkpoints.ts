import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * The witnessed audit (issue 8, items 4 and 5): signed checkpoints of the audit chain, the
 * witnesses' countersignatures, the outbox that carries checkpoints to witnesses, the copies
 * this node holds as a witness for others, the nodes registered with it as outside witness,
 * and the unusual-access alerts raised for oversight.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull())
    /** The chain's last seq when the checkpoint was taken, and that entry's hash. */
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    /** Base64url Ed25519 signature of the canonical `{ nodeId, seq, headHash, at }`. */
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_checkpoints_node_seq', ['node_id', 'seq'])
    .execute();

  await db.schema
    .createTable('audit_checkpoint_receipts')
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('witness_node_id', 'text', (c) => c.notNull())
    .addColumn('witness_url', 'text', (c) => c.notNull())
    .addColumn('witness_public_key', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_checkpoint_receipts_pk', ['checkpoint_id', 'witness_node_id'])
    .execute();

  await db.schema
    .createTable('audit_witness_outbox')
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('witness_url', 'text', (c) => c.notNull())
    /** `pending` or `delivered`. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_witness_outbox_pk', ['checkpoint_id', 'witness_url'])
    .execute();
  await db.schema
    .createIndex('audit_witness_outbox_due')
    .on('audit_witness_outbox')
    .columns(['state', 'next_attempt_at'])
    .execute();

  // Witness side: append-only; a second, different checkpoint for one (node, seq) is kept.
  await db.schema
    .createTable('audit_witnessed_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    /** The witness's countersignature, returned again when the same checkpoint comes twice. */
    .addColumn('receipt_signature', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_witnessed_checkpoints_same', ['node_id', 'seq', 'head_hash', 'at'])
    .execute();
  await db.schema
    .createIndex('audit_witnessed_checkpoints_node')
    .on('audit_witnessed_checkpoints')
    .columns(['node_id', 'seq'])
    .execute();

  await db.schema
    .createTable('audit_witnessed_nodes')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    .addColumn('descriptor', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** What makes the alert unique (rule, subject, window or entry): a second sweep adds nothing. */
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('rule', 'text', (c) => c.notNull())
    /** The audited actor the alert is about (`user:alice`). */
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    /** JSON: the seqs of the entries behind the alert and the rule's figures. */
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_alerts_created')
    .on('audit_alerts')
    .column('created_at')
    .execute();
}
