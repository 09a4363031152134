import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { entryHash } from '../src/audit/audit.hash.js';
import { main } from '../src/cli/main.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { makeIdentity } from './support/audit-identity.js';

/**
 * Issue 8, item 4: each attack on the audit history and its detection — a tampered row, a
 * deleted row, a reordered row, a truncated tail (only a witnessed checkpoint shows it), and a
 * history rewritten with every hash recomputed and the local checkpoints re-signed (an
 * administrator with full database access and the node key). The witness is another node,
 * reached over real loopback HTTP.
 */
describeDialects('audit attacks and their detection', (dialect) => {
  const clock = fixedClock('2026-11-02T09:00:00Z');
  let a: TestNode;
  let w: TestNode;
  let witnessUrl: string;
  let cps: number[];
  const idA = makeIdentity('Sender node');
  const idW = makeIdentity('Witness node');

  async function appendMany(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await a.services.audit.append(a.db.handle.db, a.actor('admin'), {
        action: 'test.event',
        target: `t${i}`,
        details: { i },
      });
      clock.advance(1000);
    }
  }

  beforeEach(async () => {
    w = await makeTestNode(dialect, { clock, deps: { identity: idW } });
    await w.app.listen({ host: '127.0.0.1', port: 0 });
    const address = w.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    witnessUrl = `http://127.0.0.1:${address.port}`;
    a = await makeTestNode(dialect, {
      clock,
      env: { NOHAVEN_AUDIT_WITNESSES: witnessUrl, NOHAVEN_AUDIT_POLL_MS: '0' },
      deps: { identity: idA },
    });
    await w.services.witness.register(w.actor('admin'), {
      descriptor: idA.descriptor(),
      fingerprint: idA.descriptor().fingerprint,
    });
    cps = [];
    for (const n of [4, 6, 8]) {
      await appendMany(n);
      cps.push((await a.services.checkpoints.take(a.actor('admin'))).seq);
    }
    await appendMany(3);
    expect(await a.services.checkpoints.deliverDue()).toBe(3);
    const report = await a.services.verifyAudit();
    expect(report).toMatchObject({ ok: true, checkpoints: 6, problems: [], divergence: null });
  });
  afterEach(async () => {
    await a.close();
    await w.close();
  });

  const db = () => a.db.handle.db;
  const row = (seq: number) =>
    db().selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

  it('a tampered row: the exact entry', async () => {
    const target = cps[0]! + 2;
    await db()
      .updateTable('audit_log')
      .set({ target: 'forged' })
      .where('seq', '=', target)
      .execute();
    const report = await a.services.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.chain).toMatchObject({
      ok: false,
      firstBad: { seq: target, problem: 'changed' },
    });
    expect(report.divergence).toMatchObject({
      firstBrokenSeq: target,
      firstDivergingSeq: target,
      lastMatchingSeq: cps[0],
    });
  });

  it('a deleted row: the exact entry', async () => {
    const target = cps[1]! - 1;
    await db().deleteFrom('audit_log').where('seq', '=', target).execute();
    const report = await a.services.verifyAudit();
    expect(report.chain).toMatchObject({
      ok: false,
      firstBad: { seq: target, problem: 'removed' },
    });
    expect(report.divergence?.message).toContain(`#${target}`);
  });

  it('a reordered row: the exact entry', async () => {
    const [x, y] = [cps[0]! + 1, cps[0]! + 3];
    const [rx, ry] = [await row(x), await row(y)];
    const { seq: _x, ...restX } = rx;
    const { seq: _y, ...restY } = ry;
    await db().updateTable('audit_log').set(restY).where('seq', '=', x).execute();
    await db().updateTable('audit_log').set(restX).where('seq', '=', y).execute();
    const report = await a.services.verifyAudit();
    expect(report.chain).toMatchObject({ ok: false, firstBad: { seq: x, problem: 'reordered' } });
    expect(report.divergence?.firstBrokenSeq).toBe(x);
  });

  it('a truncated tail, hidden locally, is shown by the witnessed checkpoint', async () => {
    const keep = cps[2]! - 2;
    await db().deleteFrom('audit_log').where('seq', '>', keep).execute();
    // The attacker removes the local checkpoint that would give it away.
    const last = await db()
      .selectFrom('audit_checkpoints')
      .select('id')
      .where('seq', '=', cps[2]!)
      .executeTakeFirstOrThrow();
    await db()
      .deleteFrom('audit_checkpoint_receipts')
      .where('checkpoint_id', '=', last.id)
      .execute();
    await db().deleteFrom('audit_witness_outbox').where('checkpoint_id', '=', last.id).execute();
    await db().deleteFrom('audit_checkpoints').where('id', '=', last.id).execute();

    // Alone, the node's own data looks sound.
    const local = await a.services.verifyAudit({ witnessUrls: [] });
    expect(local).toMatchObject({ ok: true, chain: { ok: true, entries: keep } });

    const report = await a.services.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.chain.ok).toBe(true);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'truncated', source: `witness ${witnessUrl}`, seq: cps[2] }),
    ]);
    expect(report.divergence).toMatchObject({
      lastMatchingSeq: cps[1],
      firstDivergingSeq: keep + 1,
      firstBrokenSeq: null,
    });
    expect(report.divergence?.message).toContain(`entries after #${keep} were removed`);
  });

  it('a history rewritten with every hash recomputed and the local checkpoints re-signed', async () => {
    const from = cps[0]! + 2;
    const all = await db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = all.find((r) => r.seq === from - 1)!.hash;
    for (const r of all.filter((x) => x.seq >= from)) {
      const fields = { ...r, prev_hash: prev, target: r.seq === from ? 'forged' : r.target };
      const hash = entryHash(fields);
      await db()
        .updateTable('audit_log')
        .set({ target: fields.target, prev_hash: prev, hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    }
    for (const cp of await db().selectFrom('audit_checkpoints').selectAll().execute()) {
      const { hash } = await row(cp.seq);
      const members = { nodeId: cp.node_id, seq: cp.seq, headHash: hash, at: cp.at };
      await db()
        .updateTable('audit_checkpoints')
        .set({ head_hash: hash, signature: idA.sign(members) })
        .where('id', '=', cp.id)
        .execute();
    }
    await db().deleteFrom('audit_checkpoint_receipts').execute();

    const local = await a.services.verifyAudit({ witnessUrls: [] });
    expect(local.ok).toBe(true);

    const report = await a.services.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.chain.ok).toBe(true);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['head-mismatch', cps[1]],
      ['head-mismatch', cps[2]],
    ]);
    expect(report.divergence).toMatchObject({
      lastMatchingSeq: cps[0],
      firstDivergingSeq: cps[1],
      firstBrokenSeq: null,
    });

    // The same through the command, with the witness's URL and with a copy it exported.
    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const io = {
      stdout: sink,
      stderr: sink,
      env: {},
      openNode: async () => ({
        config: a.config,
        database: a.db.handle,
        services: a.services,
        close: async () => {},
      }),
    };
    expect(await main(['audit', 'verify', '--witness', witnessUrl], io)).toBe(1);
    const text = out.join('');
    expect(text).toContain('audit chain verified');
    expect(text).toContain(
      `divergence: the history diverges from the witnessed checkpoints at an entry between #${cps[0]! + 1} and #${cps[1]}`,
    );
    expect(text).toContain('audit NOT verified');

    const dir = mkdtempSync(join(tmpdir(), 'nohaven-witness-'));
    try {
      const copy = await fetch(`${witnessUrl}/federation/v1/audit-witness/${idA.nodeId}`);
      const file = join(dir, 'witness.json');
      writeFileSync(file, await copy.text());
      out.length = 0;
      expect(await main(['audit', 'verify', '--witness-file', file], io)).toBe(1);
      expect(out.join('')).toContain(
        `problem (head-mismatch, file ${file}): checkpoint #${cps[1]}`,
      );
      // A copy altered after the witness signed it is refused as such.
      const forged = JSON.parse(
        await (await fetch(`${witnessUrl}/federation/v1/audit-witness/${idA.nodeId}`)).text(),
      );
      forged.checkpoints[1].checkpoint.headHash = (await row(cps[1]!)).hash;
      writeFileSync(file, JSON.stringify(forged));
      out.length = 0;
      expect(
        await main(['audit', 'verify', '--witness-file', file, '--witness', witnessUrl], io),
      ).toBe(1);
      expect(out.join('')).toContain('is not signed by witness');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
