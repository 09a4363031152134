import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../platform/database/schema.js';
import { GENESIS_HASH, entryHash } from './audit.hash.js';
import type { AuditProblem, AuditVerification } from './audit.types.js';

type Row = Selectable<AuditLogTable>;
type FirstBad = { seq: number; problem: AuditProblem; message: string };

/**
 * Walks the chain in seq order, `pageSize` rows at a time, and stops at the first entry that
 * breaks it. An entry is sound when its seq follows the previous one, its `prev_hash` is the
 * previous entry's hash, and its hash matches its content. Removal of the newest entries cannot
 * be seen from the chain alone (that is what witnessed checkpoints are for).
 */
export async function verifyChain(
  db: Kysely<Database>,
  pageSize: number,
): Promise<AuditVerification> {
  let expected = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expected)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return { ok: true, entries: expected - 1 };
    for (const row of rows) {
      if (row.seq === expected && row.prev_hash === prevHash && entryHash(row) === row.hash) {
        expected += 1;
        prevHash = row.hash;
        continue;
      }
      const firstBad = await diagnose(db, row, expected, pageSize);
      return { ok: false, entries: expected - 1, firstBad };
    }
  }
}

/** Names what went wrong at `row`, the first entry that does not continue the chain. */
async function diagnose(
  db: Kysely<Database>,
  row: Row,
  expected: number,
  pageSize: number,
): Promise<FirstBad> {
  const s = row.seq;
  if (s > expected) {
    const range = s - 1 === expected ? `#${expected}` : `#${expected} to #${s - 1}`;
    return bad(expected, 'removed', `entry ${range} is missing (the chain jumps to #${s})`);
  }
  const pred = await seqOfHash(db, row.prev_hash);
  if (entryHash(row) === row.hash) {
    // Intact at its place, but it does not follow the entry before it.
    if (pred !== null && pred < s - 1) {
      return bad(
        pred + 1,
        'inserted',
        `entries #${pred + 1} to #${s - 1} were inserted after #${pred}`,
      );
    }
    return bad(
      s - 1,
      'changed',
      `entry #${s - 1} was rewritten: entry #${s} points to another hash`,
    );
  }
  if (pred !== null && pred + 1 !== s && entryHash({ ...row, seq: pred + 1 }) === row.hash) {
    return pred + 1 > s
      ? bad(s, 'reordered', `entry #${s} holds entry #${pred + 1}, which belongs later`)
      : bad(
          pred + 1,
          'inserted',
          `entries were inserted before entry #${s} (it belongs at #${pred + 1})`,
        );
  }
  if (pred === null && entryHash({ ...row, seq: s + 1 }) === row.hash) {
    return bad(s, 'removed', `entry #${s} was removed and the later entries renumbered`);
  }
  const moved = await laterEntryBelongingAt(db, row, pageSize);
  if (moved !== null) {
    return bad(s, 'reordered', `entry #${s} was swapped with entry #${moved}`);
  }
  return bad(s, 'changed', `entry #${s} no longer matches its hash`);
}

function bad(seq: number, problem: AuditProblem, message: string): FirstBad {
  return { seq, problem, message };
}

async function seqOfHash(db: Kysely<Database>, hash: string): Promise<number | null> {
  const hit = await db
    .selectFrom('audit_log')
    .select('seq')
    .where('hash', '=', hash)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return hit?.seq ?? null;
}

/**
 * The seq of a later entry whose content belongs at `row`'s place: either the whole entry was
 * moved (it hashes to its own hash at `row.seq`) or only its fields were (they hash to `row`'s
 * hash with `row`'s seq and prev_hash). Scans in pages; only runs once a break is found.
 */
async function laterEntryBelongingAt(
  db: Kysely<Database>,
  row: Row,
  pageSize: number,
): Promise<number | null> {
  let after = row.seq;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return null;
    for (const x of page) {
      const wholeMoved = entryHash({ ...x, seq: row.seq }) === x.hash;
      const fieldsMoved = entryHash({ ...x, seq: row.seq, prev_hash: row.prev_hash }) === row.hash;
      if (wholeMoved || fieldsMoved) return x.seq;
      after = x.seq;
    }
  }
}
