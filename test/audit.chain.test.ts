import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GENESIS_HASH, entryHash } from '../src/audit/audit.hash.js';
import { createAuditLog, type AuditLog } from '../src/audit/audit.service.js';
import type { Actor } from '../src/platform/actor.js';
import { openDatabase } from '../src/platform/database/connection.js';
import type { Database } from '../src/platform/database/schema.js';
import { fixedClock } from '../src/platform/ports.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const admin: Actor = {
  kind: 'service',
  name: 'test-admin',
  organizationId: 'identity--x',
  role: 'admin',
};
const analyst: Actor = { ...admin, name: 'test-analyst', role: 'analyst' };

describeDialects('audit chain', (dialect) => {
  let tdb: TestDatabase;
  let db: Kysely<Database>;
  let audit: AuditLog;
  const clock = fixedClock('2026-05-01T10:00:00Z');

  function make(pageSize = 5000): AuditLog {
    return createAuditLog({ db, capabilities: tdb.handle.capabilities, clock, pageSize });
  }

  async function appendMany(n: number, log: AuditLog = audit): Promise<void> {
    for (let i = 1; i <= n; i++) {
      await log.append(db, admin, {
        action: `test.${i % 3}`,
        target: `t${i}`,
        details: { i, z: [1, { b: 2, a: 1 }] },
      });
      clock.advance(1000);
    }
  }

  /** Moves the content of row `a` to row `b` and back (every column but seq), as an attacker would. */
  async function swapRows(a: number, b: number, columns: readonly string[]): Promise<void> {
    const rowA = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', a)
      .executeTakeFirstOrThrow();
    const rowB = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', b)
      .executeTakeFirstOrThrow();
    const pick = (r: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, r[c]]));
    await db.updateTable('audit_log').set(pick(rowB)).where('seq', '=', a).execute();
    await db.updateTable('audit_log').set(pick(rowA)).where('seq', '=', b).execute();
  }
  const ALL = ['at', 'actor', 'action', 'target', 'reason', 'details', 'prev_hash', 'hash'];
  const FIELDS = ['at', 'actor', 'action', 'target', 'reason', 'details'];

  beforeEach(async () => {
    tdb = await dialect.create();
    db = tdb.handle.db;
    audit = make();
  });
  afterEach(async () => {
    await tdb.dispose();
  });

  it('starts from the genesis hash, numbers entries 1, 2, 3… and verifies', async () => {
    await appendMany(10);
    await audit.append(db, null, { action: 'auth.sign-in.failed', target: 'nobody' });
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[0]!.details).toBe('{"i":1,"z":[1,{"a":1,"b":2}]}');
    expect(rows[10]!.actor).toBe('anonymous');
    for (const r of rows) expect(entryHash(r)).toBe(r.hash);
    expect(await audit.verify()).toEqual({ ok: true, entries: 11 });
  });

  it('commits with the caller’s transaction and rolls back with it', async () => {
    await db.transaction().execute(async (trx) => {
      await audit.append(trx, admin, { action: 'kept' });
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await audit.append(trx, admin, { action: 'rolled-back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await db.selectFrom('audit_log').select(['seq', 'action']).execute();
    expect(rows).toEqual([{ seq: 1, action: 'kept' }]);
  });

  it('names a changed entry', async () => {
    await appendMany(8);
    await db.updateTable('audit_log').set({ target: 'forged' }).where('seq', '=', 4).execute();
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: false, entries: 3, firstBad: { seq: 4, problem: 'changed' } });
  });

  it('names a changed entry whose hash was recomputed', async () => {
    await appendMany(8);
    const row = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    const forged = { ...row, target: 'forged' };
    await db
      .updateTable('audit_log')
      .set({ target: 'forged', hash: entryHash(forged) })
      .where('seq', '=', 5)
      .execute();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBad: { seq: 5, problem: 'changed' },
    });
  });

  it('names a removed entry', async () => {
    await appendMany(8);
    await db.deleteFrom('audit_log').where('seq', '=', 5).execute();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      entries: 4,
      firstBad: { seq: 5, problem: 'removed' },
    });
  });

  it('names a removed entry when the later ones were renumbered', async () => {
    await appendMany(8);
    await db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    await db
      .updateTable('audit_log')
      .set({ seq: sql`seq + 1000` })
      .where('seq', '>', 3)
      .execute();
    await db
      .updateTable('audit_log')
      .set({ seq: sql`seq - 1001` })
      .where('seq', '>', 1000)
      .execute();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBad: { seq: 3, problem: 'removed' },
    });
  });

  it('names reordered entries (whole rows swapped, near and far)', async () => {
    await appendMany(9);
    await swapRows(3, 7, ALL);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      entries: 2,
      firstBad: { seq: 3, problem: 'reordered' },
    });
    await swapRows(3, 7, ALL);
    expect(await audit.verify()).toEqual({ ok: true, entries: 9 });
    await swapRows(5, 6, ALL);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBad: { seq: 5, problem: 'reordered' },
    });
  });

  it('names reordered entries (contents swapped, hashes left in place), across pages', async () => {
    audit = make(2);
    await appendMany(9);
    await swapRows(2, 8, FIELDS);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      entries: 1,
      firstBad: { seq: 2, problem: 'reordered' },
    });
  });

  it('names an inserted entry', async () => {
    await appendMany(8);
    await db
      .updateTable('audit_log')
      .set({ seq: sql`seq + 1000` })
      .where('seq', '>=', 6)
      .execute();
    await db
      .updateTable('audit_log')
      .set({ seq: sql`seq - 999` })
      .where('seq', '>', 1000)
      .execute();
    const prev = await db
      .selectFrom('audit_log')
      .select('hash')
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    const fake = {
      seq: 6,
      at: clock.now().toISOString(),
      actor: 'service:x',
      action: 'fake',
      target: null,
      reason: null,
      details: null,
      prev_hash: prev.hash,
    };
    await db
      .insertInto('audit_log')
      .values({ ...fake, hash: entryHash(fake) })
      .execute();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      entries: 6,
      firstBad: { seq: 6, problem: 'inserted' },
    });
  });

  it('verifies in pages', async () => {
    audit = make(3);
    await appendMany(10);
    expect(await audit.verify()).toEqual({ ok: true, entries: 10 });
    await db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 8).execute();
    expect(await audit.verify()).toMatchObject({
      ok: false,
      entries: 7,
      firstBad: { seq: 8, problem: 'changed' },
    });
  });

  it('lists for oversight and admin only, paged by seq and filtered by action', async () => {
    await appendMany(7);
    await expect(audit.list(analyst, {})).rejects.toMatchObject({ code: 'NH_ERR_FORBIDDEN' });
    const page1 = await audit.list({ ...admin, role: 'oversight' }, { limit: 4 });
    expect(page1.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(page1.nextAfterSeq).toBe(4);
    expect(page1.entries[0]).toMatchObject({
      actor: 'service:test-admin',
      target: 't1',
      details: { i: 1 },
    });
    const page2 = await audit.list(admin, { limit: 4, afterSeq: 4 });
    expect(page2.entries.map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(page2.nextAfterSeq).toBeNull();
    const filtered = await audit.list(admin, { action: 'test.0' });
    expect(filtered.entries.map((e) => e.seq)).toEqual([3, 6]);
  });

  it('keeps a gapless chain under 50 concurrent appends from several connections', async () => {
    // PostgreSQL: five pools (separate connections, like separate processes); SQLite: one
    // process serialises its writers on one connection.
    const handles = tdb.handle.capabilities.multiProcess
      ? Array.from({ length: 5 }, () => openDatabase({ url: tdb.url, dataDir: tdb.dataDir }))
      : [tdb.handle];
    try {
      const logs = handles.map((h) =>
        createAuditLog({ db: h.db, capabilities: h.capabilities, clock }),
      );
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          logs[i % logs.length]!.append(handles[i % handles.length]!.db, admin, {
            action: 'parallel',
            details: { i },
          }),
        ),
      );
    } finally {
      for (const h of handles) if (h !== tdb.handle) await h.close();
    }
    expect(await audit.verify()).toEqual({ ok: true, entries: 50 });
    const seqs = (await db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map(
      (r) => r.seq,
    );
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
