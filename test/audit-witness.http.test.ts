import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { checkpointSignatureValid, receiptStatement } from '../src/audit/audit-checkpoint.js';
import type { CheckpointWitnessPort } from '../src/audit/audit-witness.port.js';
import { signDescriptor } from '../src/federation/descriptor.js';
import { verifyCanonical } from '../src/federation/signing.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { makeIdentity } from './support/audit-identity.js';

const WITNESS_URL = 'http://witness.test';

/**
 * The port over the witness node's real routes, in process (`inject`): the witness really
 * parses the descriptor and verifies the signature. `down` makes it unreachable.
 */
function injectPort(witness: () => TestNode, state: { down: boolean }): CheckpointWitnessPort {
  return {
    async submit(url, submission) {
      if (state.down || url !== WITNESS_URL) throw new Error(`connect ECONNREFUSED ${url}`);
      const res = await witness().app.inject({
        method: 'POST',
        url: '/federation/v1/audit-witness',
        payload: submission,
      });
      if (res.statusCode !== 200)
        throw new Error(`witness answered ${res.statusCode}: ${res.body}`);
      return res.json();
    },
    async fetchCopy(url, nodeId) {
      if (state.down || url !== WITNESS_URL) throw new Error(`connect ECONNREFUSED ${url}`);
      const res = await witness().app.inject({
        method: 'GET',
        url: `/federation/v1/audit-witness/${nodeId}`,
      });
      if (res.statusCode !== 200) throw new Error(`witness answered ${res.statusCode}`);
      return res.json();
    },
  };
}

describeDialects('witnessed audit checkpoints', (dialect) => {
  const clock = fixedClock('2026-11-02T09:00:00Z');
  const idA = makeIdentity('Sender node');
  const idW = makeIdentity('Witness node');
  const state = { down: false };
  let a: TestNode;
  let w: TestNode;

  beforeEach(async () => {
    state.down = false;
    w = await makeTestNode(dialect, { clock, deps: { identity: idW } });
    a = await makeTestNode(dialect, {
      clock,
      env: { NOHAVEN_AUDIT_WITNESSES: WITNESS_URL, NOHAVEN_AUDIT_POLL_MS: '0' },
      deps: { identity: idA, witnessPort: injectPort(() => w, state) },
    });
  });
  afterEach(async () => {
    await a.close();
    await w.close();
  });

  async function register(): Promise<void> {
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/audit/witnessed-nodes',
      headers: { cookie: await w.signIn() },
      payload: { descriptor: idA.descriptor(), fingerprint: idA.descriptor().fingerprint },
    });
    expect(res.statusCode).toBe(201);
  }

  it('signs a checkpoint on demand, audits it, and stores the witness’s countersignature', async () => {
    await register();
    const cookie = await a.signIn();
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/audit/checkpoints',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(201);
    const cp = res.json();
    const head = await a.db.handle.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', '=', cp.seq)
      .executeTakeFirstOrThrow();
    expect(cp).toMatchObject({ nodeId: idA.nodeId, headHash: head.hash, receipts: [] });
    expect(cp.deliveries).toEqual([
      expect.objectContaining({ witnessUrl: WITNESS_URL, state: 'pending', attempts: 0 }),
    ]);
    const { id: _id, signature, receipts: _r, deliveries: _d, ...members } = cp;
    expect(checkpointSignatureValid(idA.descriptor().publicKey, members, signature)).toBe(true);
    const entry = await a.db.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', cp.seq + 1)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: 'audit.checkpoint',
      target: `#${cp.seq}`,
      actor: 'user:admin',
    });

    expect(await a.services.checkpoints.deliverDue()).toBe(1);
    const list = await a.app.inject({
      method: 'GET',
      url: '/api/v1/audit/checkpoints',
      headers: { cookie },
    });
    const [view] = list.json().checkpoints;
    expect(view.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(view.receipts).toHaveLength(1);
    const receipt = view.receipts[0];
    expect(receipt.witness).toBe(idW.nodeId);
    expect(
      verifyCanonical(
        idW.descriptor().publicKey,
        receiptStatement(members, signature, receipt.receivedAt),
        receipt.signature,
      ),
    ).toBe(true);

    const copy = await w.app.inject({
      method: 'GET',
      url: `/federation/v1/audit-witness/${idA.nodeId}`,
    });
    expect(copy.statusCode).toBe(200);
    expect(copy.json().checkpoints).toEqual([
      expect.objectContaining({ checkpoint: members, signature, equivocation: false }),
    ]);
    // Oversight reads checkpoints but may not take one; a reporter does neither.
    expect((await a.services.checkpoints.list(a.actor('oversight'), {})).length).toBe(1);
    await expect(a.services.checkpoints.take(a.actor('oversight'))).rejects.toMatchObject({
      code: 'NH_ERR_FORBIDDEN',
    });
    await expect(a.services.checkpoints.list(a.actor('reporter'), {})).rejects.toMatchObject({
      code: 'NH_ERR_FORBIDDEN',
    });
  });

  it('retries a witness that is down, with back-off, until it answers', async () => {
    await register();
    state.down = true;
    const cp = await a.services.checkpoints.take(a.actor('admin'));
    await a.services.checkpoints.deliverDue();
    const first = await a.services.checkpoints.list(a.actor('admin'), {});
    expect(first[0]!.deliveries[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(first[0]!.deliveries[0]!.lastError).toContain('ECONNREFUSED');
    expect(first[0]!.deliveries[0]!.nextAttemptAt).toBe(
      new Date(clock.now().getTime() + 60_000).toISOString(),
    );
    // Not due yet: nothing is tried.
    expect(await a.services.checkpoints.deliverDue()).toBe(0);
    clock.advance(60_000);
    await a.services.checkpoints.deliverDue();
    const second = await a.services.checkpoints.list(a.actor('admin'), {});
    expect(second[0]!.deliveries[0]).toMatchObject({ state: 'pending', attempts: 2 });
    expect(second[0]!.deliveries[0]!.nextAttemptAt).toBe(
      new Date(clock.now().getTime() + 120_000).toISOString(),
    );
    state.down = false;
    clock.advance(120_000);
    await a.services.checkpoints.deliverDue();
    const done = await a.services.checkpoints.list(a.actor('admin'), {});
    expect(done[0]).toMatchObject({
      seq: cp.seq,
      deliveries: [{ state: 'delivered', attempts: 3 }],
    });
    expect(done[0]!.receipts).toHaveLength(1);
  });

  it('takes periodic checkpoints from the sweep, but not of its own checkpoint entries', async () => {
    await a.services.auditSweep.runOnce();
    const one = await a.services.checkpoints.list(a.actor('admin'), {});
    expect(one).toHaveLength(1);
    clock.advance(3600_000);
    await a.services.auditSweep.runOnce();
    // Only the checkpoint's own audit entry since: nothing new to checkpoint.
    expect(await a.services.checkpoints.list(a.actor('admin'), {})).toHaveLength(1);
    // Something happened, and the interval has passed since the last checkpoint: one more.
    await a.services.audit.append(a.db.handle.db, a.actor('admin'), { action: 'test.something' });
    await a.services.auditSweep.runOnce();
    const two = await a.services.checkpoints.list(a.actor('admin'), {});
    expect(two.map((c) => c.seq)).toEqual([one[0]!.seq + 2, one[0]!.seq]);
    // Something happened, but within the interval: not yet.
    await a.services.audit.append(a.db.handle.db, a.actor('admin'), { action: 'test.other' });
    clock.advance(3599_000);
    await a.services.auditSweep.runOnce();
    expect(await a.services.checkpoints.list(a.actor('admin'), {})).toHaveLength(2);
    clock.advance(1000);
    await a.services.auditSweep.runOnce();
    expect(await a.services.checkpoints.list(a.actor('admin'), {})).toHaveLength(3);
  });

  it('refuses unknown senders, forged signatures and bad bodies; keeps an equivocation', async () => {
    const post = (payload: unknown) =>
      w.app.inject({
        method: 'POST',
        url: '/federation/v1/audit-witness',
        payload: payload as object,
      });
    const checkpoint = {
      nodeId: idA.nodeId,
      seq: 7,
      headHash: 'a'.repeat(64),
      at: '2026-11-02T09:00:00.000Z',
    };
    const good = { checkpoint, signature: idA.sign(checkpoint), descriptor: idA.descriptor() };
    const unknown = await post(good);
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json().error.message).toContain(idA.nodeId);
    await register();
    const forged = await post({ ...good, signature: idW.sign(checkpoint) });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.details).toEqual([expect.objectContaining({ path: '/signature' })]);
    const bad = await post({ ...good, checkpoint: { ...checkpoint, headHash: 'xyz', seq: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      '/checkpoint/seq',
      '/checkpoint/headHash',
    ]);
    const impostor = makeIdentity('Impostor');
    const { signature: _s, fingerprint: _f, ...unsigned } = idA.descriptor();
    // The impostor claims the sender's node id, with its own key.
    const stolenId = signDescriptor(impostor.privateKey, {
      ...unsigned,
      publicKey: impostor.descriptor().publicKey,
    });
    const imp = await post({
      checkpoint,
      signature: impostor.sign(checkpoint),
      descriptor: stolenId,
    });
    expect(imp.statusCode).toBe(403);
    expect(imp.json().error.message).toContain('never confirmed');

    const first = await post(good);
    expect(first.statusCode).toBe(200);
    const again = await post(good);
    expect(again.json()).toEqual(first.json());
    const other = { ...checkpoint, headHash: 'b'.repeat(64) };
    const second = await post({
      checkpoint: other,
      signature: idA.sign(other),
      descriptor: idA.descriptor(),
    });
    expect(second.statusCode).toBe(200);
    const copy = (
      await w.app.inject({ method: 'GET', url: `/federation/v1/audit-witness/${idA.nodeId}` })
    ).json();
    expect(
      copy.checkpoints.map((c: { checkpoint: { headHash: string }; equivocation: boolean }) => [
        c.checkpoint.headHash[0],
        c.equivocation,
      ]),
    ).toEqual([
      ['a', true],
      ['b', true],
    ]);
    const actions = await w.db.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['audit.witness.receive', 'audit.witness.equivocation'])
      .orderBy('seq')
      .execute();
    expect(actions.map((x) => x.action)).toEqual([
      'audit.witness.receive',
      'audit.witness.equivocation',
    ]);
    const none = await w.app.inject({
      method: 'GET',
      url: `/federation/v1/audit-witness/${impostor.nodeId}`,
    });
    expect(none.statusCode).toBe(404);
  });

  it('nohaven audit checkpoint signs the head and reports the witness', async () => {
    await register();
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
    expect(await main(['audit', 'checkpoint'], io)).toBe(0);
    const [cp] = await a.services.checkpoints.list(a.actor('admin'), {});
    expect(out.join('')).toContain(`checkpoint #${cp!.seq} ${cp!.headHash}`);
    expect(out.join('')).toContain(`witnessed by ${idW.nodeId} (${WITNESS_URL})`);
    const entry = await a.db.handle.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'audit.checkpoint')
      .executeTakeFirstOrThrow();
    expect(entry.actor).toBe('service:cli-audit-checkpoint');
  });

  it('refuses a witnessed-node registration whose fingerprint does not match, naming it', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/audit/witnessed-nodes',
      headers: { cookie: await w.signIn() },
      payload: { descriptor: idA.descriptor(), fingerprint: 'SHA256:wrong' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('/fingerprint');
  });
});
