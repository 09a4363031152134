import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Exchange of legal requests between nodes (issue 7, item 5): the outbox keeps its back-off
 * (`next_attempt_at`), a final refusal by the receiving node (`refused_at`) and the signed
 * receipt the receiving node answered with (`receipt`, its `receipt_at` starting the clocks);
 * the messages a node received from peers are kept once each (`cooperation_inbound`, the
 * message id is the key of idempotence) with the receipt it gave; a request may be marked
 * confidential by its sender (BC Art 27(8)), readable on the receiving side only by the named
 * `handlers` (JSON array of user names).
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('cooperation_outbox').addColumn('next_attempt_at', 'text').execute();
  await db.schema.alterTable('cooperation_outbox').addColumn('refused_at', 'text').execute();
  await db.schema.alterTable('cooperation_outbox').addColumn('receipt', 'text').execute();
  await db.schema.alterTable('cooperation_outbox').addColumn('receipt_at', 'text').execute();
  await db.schema
    .alterTable('cooperation_requests')
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('cooperation_requests').addColumn('handlers', 'text').execute();

  await db.schema
    .createTable('cooperation_inbound')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('from_node_id', 'text', (c) => c.notNull())
    .addColumn('from_org_id', 'text', (c) => c.notNull())
    .addColumn('to_org_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    /** The sender's JWS of the message (proof of origin), as decrypted. */
    .addColumn('jws', 'text', (c) => c.notNull())
    /** Base64url SHA-256 of `jws`. */
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    /** This node's signed receipt (JWS) of the message. */
    .addColumn('receipt', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cooperation_inbound_request')
    .on('cooperation_inbound')
    .columns(['request_id', 'received_at'])
    .execute();
}
