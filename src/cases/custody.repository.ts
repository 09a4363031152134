import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { CaseDatabase, CaseTables } from './case.tables.js';
import {
  custodyAnchor,
  nextCustodyRecord,
  type CustodyAction,
  type CustodyRecord,
} from './custody-chain.js';

export type EvidenceRow = CaseTables['evidence_items'];

function toRecord(r: CaseTables['custody_records']): CustodyRecord {
  return {
    itemId: r.item_id,
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    organizationId: r.organization_id,
    action: r.action as CustodyAction,
    purpose: r.purpose,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The custody records of an item, in chain order. */
export async function custodyOf(
  db: Kysely<CaseDatabase>,
  itemId: string,
): Promise<CustodyRecord[]> {
  const rows = await db
    .selectFrom('custody_records')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('seq')
    .execute();
  return rows.map(toRecord);
}

/**
 * Appends one custody record to an item's chain inside the caller's write transaction. On
 * PostgreSQL the item row is locked first, so concurrent appends to one item queue up instead
 * of forking the chain; SQLite's write transaction already serialises them.
 */
export async function appendCustody(
  trx: Kysely<CaseDatabase>,
  capabilities: DialectCapabilities,
  item: Pick<EvidenceRow, 'id' | 'sha256' | 'size'>,
  input: {
    readonly at: string;
    readonly actor: string;
    readonly organizationId: string;
    readonly action: CustodyAction;
    readonly purpose: string;
    readonly details: string | null;
  },
): Promise<CustodyRecord> {
  if (capabilities.supportsRowLocks) {
    await sql`select id from evidence_items where id = ${item.id} for update`.execute(trx);
  }
  const last = await trx
    .selectFrom('custody_records')
    .select(['seq', 'hash'])
    .where('item_id', '=', item.id)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const record = nextCustodyRecord(custodyAnchor(item), last ?? null, {
    itemId: item.id,
    ...input,
  });
  await trx
    .insertInto('custody_records')
    .values({
      item_id: record.itemId,
      seq: record.seq,
      at: record.at,
      actor: record.actor,
      organization_id: record.organizationId,
      action: record.action,
      purpose: record.purpose,
      details: record.details,
      prev_hash: record.prevHash,
      hash: record.hash,
    })
    .execute();
  return record;
}
