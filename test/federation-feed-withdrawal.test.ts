import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangeItem } from '../src/federation/change-feed.types.js';
import { feedLogRepository } from '../src/federation/feed-log.repository.js';
import { signItem } from '../src/federation/feed-item.js';
import type { Distribution } from '../src/objects/object.types.js';
import { describeDialects } from './support/dialects.js';
import { TLP_IDS, indicator, type Obj } from './support/stix-fixtures.js';
import { countRows, peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const SETTLE = { timeout: 15_000, interval: 20 };

/**
 * Withdrawal (issue 6 item 5): what a peer may no longer hold is deleted there, and the origin
 * shows which peers confirmed. Paris (A) peers with Berlin (B) and Tokyo (C), who peer too.
 */
describeDialects('federation withdrawal', (dialect) => {
  let a: FedNode;
  let b: FedNode;
  let c: FedNode;
  let adminToken: string;

  const marked = (tlp: keyof typeof TLP_IDS, o: Record<string, unknown> = {}) =>
    indicator({ object_marking_refs: [TLP_IDS[tlp]], ...o });
  async function store(node: FedNode, objects: Obj[], distribution: Distribution = 'connected') {
    const r = await node.services.objects.ingest(node.actor(), objects, {
      mode: 'atomic',
      distribution,
    });
    expect(r.rejected).toEqual([]);
  }
  const has = (node: FedNode, id: string) => countRows(node, 'stix_objects', 'id', id);
  async function federation(id: string) {
    const res = await a.app.inject({
      method: 'GET',
      url: `/api/v1/objects/${id}/federation`,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    return { status: res.statusCode, body: res.json() as FederationView };
  }
  interface FederationView {
    object_id: string;
    peers: {
      node_id: string;
      name: string;
      state: string;
      withdrawn_at: string | null;
      confirmed_at: string | null;
    }[];
  }
  const states = async (id: string) =>
    Object.fromEntries((await federation(id)).body.peers.map((p) => [p.node_id, p.state]));
  /** Stores `obj` (v1) on A and waits until both peers hold it. */
  async function shared(obj: Obj, distribution: Distribution = 'connected') {
    await store(a, [obj], distribution);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(1);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(1);
    await expect
      .poll(() => states(obj.id), SETTLE)
      .toEqual({ [b.nodeId]: 'holds', [c.nodeId]: 'holds' });
  }
  const later = (obj: Obj, o: Record<string, unknown>) => ({
    ...obj,
    modified: '2026-02-01T00:00:00.000Z',
    ...o,
  });

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Berlin', 'DE');
    c = await startFedNode(dialect, 'Tokyo', 'JP');
    peer(a, b, { aToB: { maxTlp: 'amber' } });
    peer(a, c, { aToB: { maxTlp: 'amber' } });
    peer(b, c);
    adminToken = await a.adminToken();
  }, 60_000);

  afterAll(async () => {
    for (const n of [a, b, c]) await n?.close();
  });

  it('a TLP tightened to AMBER+STRICT withdraws the object from every peer; each deletes every version and confirms', async () => {
    const v1 = marked('green');
    await shared(v1);
    await store(a, [later(v1, { object_marking_refs: [TLP_IDS.amberStrict] })]);
    await expect.poll(() => has(b, v1.id), SETTLE).toBe(0);
    await expect.poll(() => has(c, v1.id), SETTLE).toBe(0);
    await expect
      .poll(() => states(v1.id), SETTLE)
      .toEqual({ [b.nodeId]: 'confirmed', [c.nodeId]: 'confirmed' });
    const view = await federation(v1.id);
    expect(view.status).toBe(200);
    for (const p of view.body.peers) {
      expect(p.withdrawn_at).not.toBeNull();
      expect(p.confirmed_at).not.toBeNull();
    }
    // Index rows and references went with the versions; the deletion is audited.
    const keys = await b.db.handle.db.selectFrom('observable_keys').select('object_seq').execute();
    const seqs = await b.db.handle.db.selectFrom('stix_objects').select('seq').execute();
    const live = new Set(seqs.map((s) => Number(s.seq)));
    expect(keys.every((k) => live.has(Number(k.object_seq)))).toBe(true);
    const audit = await b.services.audit.list(b.actor('oversight'), {
      action: 'federation.withdrawal.apply',
    });
    expect(audit.entries.some((e) => e.target === v1.id)).toBe(true);
    // Still on the origin, in its new version.
    expect(await has(a, v1.id)).toBe(2);
  });

  it('a distribution narrowed to the community withdraws too; a new peer pulling from the start never gets the old version', async () => {
    const v1 = marked('green');
    await shared(v1);
    await store(a, [later(v1, {})], 'community');
    await expect
      .poll(() => states(v1.id), SETTLE)
      .toEqual({ [b.nodeId]: 'confirmed', [c.nodeId]: 'confirmed' });
    expect(await has(b, v1.id)).toBe(0);
    const page = await b.transport.request(a.asPeer(), 'GET', '/federation/v1/changes?after=0');
    const items = (page.json as { items: ChangeItem[] }).items;
    expect(items.some((i) => (i.body as { object?: Obj }).object?.id === v1.id)).toBe(false);
  });

  it('a relayed `all` object is withdrawn along the relay as well', async () => {
    const v1 = marked('green');
    await shared(v1, 'all');
    await store(a, [later(v1, { object_marking_refs: [TLP_IDS.amberStrict] })], 'all');
    await expect.poll(() => has(b, v1.id), SETTLE).toBe(0);
    await expect.poll(() => has(c, v1.id), SETTLE).toBe(0);
    // Their relayed copies left their logs: nobody pulling from them gets the object either.
    for (const n of [b, c]) {
      const kinds = await n.db.handle.db
        .selectFrom('feed_items')
        .select('kind')
        .where('object_id', '=', v1.id)
        .execute();
      expect(kinds.filter((k) => k.kind === 'object')).toEqual([]);
    }
    await expect
      .poll(() => states(v1.id), SETTLE)
      .toEqual({ [b.nodeId]: 'confirmed', [c.nodeId]: 'confirmed' });
  });

  it('only a node that sent the object may withdraw it', async () => {
    const v1 = marked('green');
    await shared(v1);
    const forged = signItem(c.identity, {
      id: `change--${randomUUID()}`,
      origin: c.nodeId,
      originSeq: 1,
      kind: 'withdrawal',
      issuedAt: new Date().toISOString(),
      audience: { tlp: null, distribution: 'connected', recipientOrgIds: [], recipientUserIds: [] },
      body: { objectId: v1.id, addressedTo: [b.nodeId], reason: 'audience-narrowed' },
    });
    const res = await c.transport.request(b.asPeer(), 'POST', '/federation/v1/changes', {
      items: [forged],
    });
    expect((res.json as { refused: { reason: string }[] }).refused[0]?.reason).toMatch(
      /only its origin withdraws it/,
    );
    expect(await has(b, v1.id)).toBe(1);
  });

  it('a peer that was down when the withdrawal was issued deletes on its return and confirms through a receipt', async () => {
    const v1 = marked('green');
    await shared(v1);
    await b.stop();
    await store(a, [later(v1, { object_marking_refs: [TLP_IDS.amberStrict] })]);
    await expect.poll(() => has(c, v1.id), SETTLE).toBe(0);
    await expect.poll(async () => (await states(v1.id))[b.nodeId], SETTLE).toBe('withdrawn');
    await b.restart();
    await b.services.feed!.caughtUp();
    expect(await has(b, v1.id)).toBe(0);
    await expect.poll(async () => (await states(v1.id))[b.nodeId], SETTLE).toBe('confirmed');
  });

  it('a sharing group losing the member organisation a peer hosts withdraws the group’s objects from that peer', async () => {
    const admin = a.actor('admin');
    const group = await a.services.sharingGroups.create(admin, { name: `Banks ${randomUUID()}` });
    const record = a.directory.get(b.nodeId)!;
    a.directory.set(b.nodeId, {
      ...record,
      policy: { ...record.policy, sharingGroups: [group.id] },
    });
    await a.services.sharingGroups.addMember(admin, group.id, b.organizationId);
    const obj = marked('amber');
    await store(a, [obj], `sharing-group:${group.id}`);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(1);
    // Mirrored on Berlin: its organisation, a member, reads the group's AMBER object.
    const read = await b.services.objects.get(b.actor('reporter'), obj.id);
    expect(read.object.id).toBe(obj.id);
    expect(await has(c, obj.id)).toBe(0);

    await a.services.sharingGroups.removeMember(admin, group.id, b.organizationId);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(0);
    await expect.poll(() => states(obj.id), SETTLE).toEqual({ [b.nodeId]: 'confirmed' });
    await expect
      .poll(
        async () =>
          (
            await b.db.handle.db
              .selectFrom('sharing_group_members')
              .select('organization_id')
              .where('group_id', '=', group.id)
              .execute()
          ).map((m) => m.organization_id),
        SETTLE,
      )
      .not.toContain(b.organizationId);
  });

  it('a peer policy narrowed below what the peer holds withdraws it from that peer only', async () => {
    const obj = marked('green');
    await shared(obj);
    const record = a.directory.get(c.nodeId)!;
    const narrowed = { ...record, policy: { ...record.policy, maxTlp: 'clear' as const } };
    a.directory.set(c.nodeId, narrowed);
    expect(await a.services.feed!.withdrawals.reconsiderPeer(narrowed)).toBeGreaterThan(0);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(0);
    expect(await has(b, obj.id)).toBe(1);
    await expect
      .poll(() => states(obj.id), SETTLE)
      .toEqual({ [b.nodeId]: 'holds', [c.nodeId]: 'confirmed' });
    a.directory.set(c.nodeId, record);
  });

  it('the federation view is for admins and names an object never sent as not found', async () => {
    const res = await a.app.inject({
      method: 'GET',
      url: `/api/v1/objects/indicator--${randomUUID()}/federation`,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/never sent to a peer/);
    const anonymous = await a.app.inject({ method: 'GET', url: `/api/v1/objects/x/federation` });
    expect(anonymous.statusCode).toBe(401);
    const token = await a.services.auth.createTokenForUser(
      a.actor('admin'),
      (
        await a.services.auth.createUser(a.actor('admin'), {
          username: `ana-${randomUUID().slice(0, 8)}`,
          role: 'analyst',
          password: 'withdrawal-pass-1',
        })
      ).username,
      't',
    );
    const analyst = await a.app.inject({
      method: 'GET',
      url: `/api/v1/objects/x/federation`,
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(analyst.statusCode).toBe(403);
    expect(await feedLogRepository.head(a.db.handle.db)).toBeGreaterThan(0);
  });
});
