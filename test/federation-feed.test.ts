import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangeItem, ObjectBody } from '../src/federation/change-feed.types.js';
import { feedLogRepository } from '../src/federation/feed-log.repository.js';
import { signItem } from '../src/federation/feed-item.js';
import { generateNodeKeyPair, signCanonical } from '../src/federation/signing.js';
import { signDescriptor } from '../src/federation/descriptor.js';
import { DEFAULT_PEER_POLICY } from '../src/federation/federation.types.js';
import type { Distribution } from '../src/objects/object.types.js';
import { describeDialects } from './support/dialects.js';
import { TLP_IDS, indicator, type Obj } from './support/stix-fixtures.js';
import { countRows, peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const SETTLE = { timeout: 15_000, interval: 20 };

/**
 * The signed change feed between real nodes over loopback (issue 6 items 3–5): Paris (A),
 * Berlin (B) and Tokyo (C), all peered with each other, each on its own database.
 */
describeDialects('federation change feed: push, pull, apply, relay', (dialect) => {
  let a: FedNode;
  let b: FedNode;
  let c: FedNode;
  const nodes = () => [a, b, c];

  const green = (o: Record<string, unknown> = {}) =>
    indicator({ object_marking_refs: [TLP_IDS.green], ...o });
  async function store(
    node: FedNode,
    objects: Obj[],
    distribution: Distribution = 'connected',
    recipients?: { organizations: string[] },
  ) {
    const r = await node.services.objects.ingest(node.actor(), objects, {
      mode: 'atomic',
      distribution,
      recipients,
    });
    expect(r.rejected).toEqual([]);
  }
  const has = (node: FedNode, id: string) => countRows(node, 'stix_objects', 'id', id);
  /** Every node's log is acknowledged by every active peer: nothing is in flight. */
  async function quiet() {
    for (const n of nodes()) await n.services.feed!.settled();
    await expect
      .poll(async () => {
        for (const n of nodes()) {
          const head = await feedLogRepository.head(n.db.handle.db);
          for (const p of await [...n.directory.values()].filter((x) => x.state === 'active')) {
            const { acked } = await feedLogRepository.cursor(n.db.handle.db, p.nodeId);
            if (acked < head) return false;
          }
        }
        return true;
      }, SETTLE)
      .toBe(true);
  }
  const logged = async (node: FedNode, objectId: string) =>
    node.db.handle.db
      .selectFrom('feed_items')
      .selectAll()
      .where('object_id', '=', objectId)
      .where('kind', '=', 'object')
      .execute();

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Berlin', 'DE');
    c = await startFedNode(dialect, 'Tokyo', 'JP');
    peer(a, b, { aToB: { maxTlp: 'red' } });
    peer(a, c, { aToB: { maxTlp: 'red' } });
    peer(b, c);
    // Paris knows Berlin's CERT as an organisation it may name as a recipient.
    await a.db.handle.db
      .insertInto('organizations')
      .values({
        id: b.organizationId,
        name: 'Berlin CERT',
        sector: 'cert',
        country: 'DE',
        created_at: new Date().toISOString(),
      })
      .execute();
  }, 60_000);

  afterAll(async () => {
    for (const n of [a, b, c]) await n?.close();
  });

  it('pushes a new connected object to every peer at once; it is stored on behalf of its owner and readable there', async () => {
    const obj = green();
    await store(a, [obj]);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(1);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(1);
    const row = await b.db.handle.db
      .selectFrom('stix_objects')
      .select(['owner_org_id', 'distribution', 'tlp'])
      .where('id', '=', obj.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      owner_org_id: a.organizationId,
      distribution: 'connected',
      tlp: 'green',
    });
    const read = await b.services.objects.get(b.actor('reporter'), obj.id);
    expect(read.object.id).toBe(obj.id);
    const applied = await b.db.handle.db
      .selectFrom('feed_applied')
      .selectAll()
      .where('object_id', '=', obj.id)
      .execute();
    expect(applied.map((r) => [r.origin, r.peer])).toEqual([[a.nodeId, a.nodeId]]);
    await expect
      .poll(() => a.exchanges.get(b.nodeId)?.some((e) => e.ok && (e.sent ?? 0) > 0), SETTLE)
      .toBe(true);
  });

  it('AMBER+STRICT and node-only distributions never enter the feed nor leave the node', async () => {
    const strict = indicator({ object_marking_refs: [TLP_IDS.amberStrict] });
    const community = green();
    const marker = green();
    await store(a, [strict], 'all');
    await store(a, [community], 'community');
    await store(a, [marker]);
    await expect.poll(() => has(b, marker.id), SETTLE).toBe(1);
    await expect.poll(() => has(c, marker.id), SETTLE).toBe(1);
    await quiet();
    for (const id of [strict.id, community.id]) {
      expect(await countRows(a, 'feed_items', 'object_id', id)).toBe(0);
      expect(await has(b, id)).toBe(0);
      expect(await has(c, id)).toBe(0);
    }
  });

  it('TLP:RED reaches only the peer hosting its named recipient', async () => {
    const red = indicator({ object_marking_refs: [TLP_IDS.red] });
    const marker = green();
    await store(a, [red], 'connected', { organizations: [b.organizationId] });
    await store(a, [marker]);
    await expect.poll(() => has(b, red.id), SETTLE).toBe(1);
    await expect.poll(() => has(c, marker.id), SETTLE).toBe(1);
    await quiet();
    expect(await has(c, red.id)).toBe(0);
    const named = await b.db.handle.db
      .selectFrom('object_recipients')
      .select(['kind', 'principal_id'])
      .where('object_id', '=', red.id)
      .execute();
    expect(named).toEqual([{ kind: 'organisation', principal_id: b.organizationId }]);
  });

  it('relays `all` once with the origin’s signature, never relays `connected`, and loops nowhere', async () => {
    const everyone = green();
    const connected = green();
    await store(a, [everyone], 'all');
    await store(a, [connected], 'connected');
    for (const n of [b, c]) {
      await expect.poll(() => has(n, everyone.id), SETTLE).toBe(1);
      await expect.poll(() => has(n, connected.id), SETTLE).toBe(1);
    }
    await quiet();
    const [original] = await logged(a, everyone.id);
    for (const n of [b, c]) {
      const rows = await logged(n, everyone.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.item).toBe(original!.item);
      expect(rows[0]!.received_from).toBe(a.nodeId);
      const item = JSON.parse(rows[0]!.item) as ChangeItem;
      expect(item.origin).toBe(a.nodeId);
      expect(await countRows(n, 'feed_applied', 'item_id', item.id)).toBe(1);
      expect(await logged(n, connected.id)).toHaveLength(0);
      expect(await has(n, everyone.id)).toBe(1);
    }
    expect(await countRows(a, 'feed_applied', 'item_id', original!.item_id)).toBe(0);
    expect(await logged(a, everyone.id)).toHaveLength(1);
  });

  it('refuses replayed, tampered, unsigned, unknown-origin, malformed and oversized items, counts them and stores nothing', async () => {
    const obj = green();
    await store(a, [obj]);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(1);
    const [row] = await logged(a, obj.id);
    const item = JSON.parse(row!.item) as ChangeItem;
    const body = item.body as ObjectBody;
    const tamperedId = `indicator--${randomUUID()}`;
    const tampered = { ...item, body: { ...body, object: { ...body.object, id: tamperedId } } };
    const { signature: _dropped, ...unsigned } = item;
    const stranger = generateNodeKeyPair();
    const strangerId = `indicator--${randomUUID()}`;
    const unknownOrigin = signItem(
      {
        nodeId: `node--${randomUUID()}`,
        descriptor: () => {
          throw new Error('unused');
        },
        sign: (v) => signCanonical(stranger.privateKey, v),
      },
      {
        ...unsigned,
        id: `change--${randomUUID()}`,
        origin: `node--${randomUUID()}`,
        body: { ...body, object: { ...body.object, id: strangerId } },
      },
    );
    // The same object version under another item id: stored once, a duplicate.
    const sameVersion = signItem(a.identity, { ...unsigned, id: `change--${randomUUID()}` });
    const malformed = { id: `change--${randomUUID()}`, kind: 'gossip' };
    const oversized = { ...item, id: `change--${randomUUID()}`, pad: 'x'.repeat(300_000) };
    const before = (await b.services.feed!.refusals(a.nodeId)).length;
    const res = await a.transport.request(b.asPeer(), 'POST', '/federation/v1/changes', {
      items: [item, sameVersion, tampered, unsigned, unknownOrigin, malformed, oversized],
    });
    expect(res.status).toBe(200);
    const outcome = res.json as {
      applied: number;
      duplicates: number;
      refused: { reason: string }[];
    };
    expect(outcome.applied).toBe(0);
    expect(outcome.duplicates).toBe(2);
    expect(outcome.refused.map((r) => r.reason.split(':')[0])).toEqual([
      'bad signature',
      'unsigned',
      `unknown origin ${unknownOrigin.origin}`.split(':')[0],
      'malformed',
      'oversized',
    ]);
    expect((await b.services.feed!.refusals(a.nodeId)).length).toBe(before + 5);
    expect(await has(b, tamperedId)).toBe(0);
    expect(await has(b, strangerId)).toBe(0);
    expect(await has(b, obj.id)).toBe(1);

    // Paris's `connected` item, relayed by Tokyo: refused, never stored.
    const relayedId = `indicator--${randomUUID()}`;
    const relayed = signItem(a.identity, {
      ...unsigned,
      id: `change--${randomUUID()}`,
      body: { ...body, object: { ...body.object, id: relayedId } },
    });
    const viaTokyo = await c.transport.request(b.asPeer(), 'POST', '/federation/v1/changes', {
      items: [relayed],
    });
    expect((viaTokyo.json as { refused: { reason: string }[] }).refused).toEqual([
      { id: relayed.id, reason: 'connected content is never relayed' },
    ]);
    expect(await has(b, relayedId)).toBe(0);

    const anonymous = await fetch(`${b.baseUrl}/federation/v1/changes?after=0`);
    expect(anonymous.status).toBe(401);
    const outsider = { ...a.asPeer(), nodeId: `node--${randomUUID()}` };
    const forged = await fetch(`${b.baseUrl}/federation/v1/changes?after=0`, {
      headers: {
        'x-nohaven-node': outsider.nodeId,
        'x-nohaven-date': 'now',
        'x-nohaven-signature': 'x',
      },
    });
    expect(forged.status).toBe(401);
  });

  it('serves pages by cursor within the limit, filtered for the calling peer', async () => {
    const res = await c.transport.request(
      a.asPeer(),
      'GET',
      '/federation/v1/changes?after=0&limit=2',
    );
    expect(res.status).toBe(200);
    const page = res.json as { items: ChangeItem[]; next: number; more: boolean };
    expect(page.items).toHaveLength(2);
    expect(page.more).toBe(true);
    expect(page.items.every((i) => i.origin === a.nodeId)).toBe(true);
    const all = await c.transport.request(
      a.asPeer(),
      'GET',
      '/federation/v1/changes?after=0&limit=1000',
    );
    const items = (all.json as { items: ChangeItem[] }).items;
    // The RED object named Berlin's CERT: never served to Tokyo.
    expect(items.some((i) => i.audience.tlp === 'red')).toBe(false);
    const bad = await c.transport.request(a.asPeer(), 'GET', '/federation/v1/changes?after=-1');
    expect(bad.status).toBe(400);
  });

  it('a peer that was down catches up on its return: nothing lost, nothing applied twice', async () => {
    await quiet();
    await c.stop();
    const failures = () => (a.exchanges.get(c.nodeId) ?? []).filter((e) => !e.ok).length;
    const failedBefore = failures();
    const objects = Array.from({ length: 25 }, () => green());
    await store(a, objects);
    await a.services.feed!.settled();
    await expect.poll(failures, SETTLE).toBeGreaterThan(failedBefore);
    expect(await a.services.feed!.lag(c.nodeId)).toMatchObject({ items: 25 });
    await c.restart();
    await c.services.feed!.caughtUp();
    for (const o of objects) expect(await has(c, o.id)).toBe(1);
    await quiet();
    for (const o of objects) {
      expect(await has(c, o.id)).toBe(1);
      expect(await countRows(c, 'feed_applied', 'object_id', o.id)).toBe(1);
    }
    expect(await a.services.feed!.lag(c.nodeId)).toEqual({ items: 0, seconds: 0 });
  });

  it('a peer that hangs does not slow the others: its pushes time out and back off alone', async () => {
    const hanging = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const keys = generateNodeKeyPair();
    const nodeId = `node--${randomUUID()}`;
    const descriptor = signDescriptor(keys.privateKey, {
      nodeId,
      name: 'Hanging',
      organization: { id: `identity--${randomUUID()}`, name: 'Hanging CERT' },
      sector: 'cert',
      country: 'IT',
      baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      publicKey: keys.publicKey,
      keyHistory: [],
    });
    a.directory.set(nodeId, {
      nodeId,
      descriptor,
      state: 'active',
      policy: DEFAULT_PEER_POLICY,
      organizations: [],
    });
    try {
      const first = green();
      await store(a, [first]);
      await expect.poll(() => has(b, first.id), SETTLE).toBe(1);
      await expect.poll(() => has(c, first.id), SETTLE).toBe(1);
      // Still hanging on the first batch, yet the next object goes out to the others at once.
      const second = green();
      await store(a, [second]);
      await expect.poll(() => has(b, second.id), SETTLE).toBe(1);
      await expect.poll(() => has(c, second.id), SETTLE).toBe(1);
      await expect
        .poll(() => a.exchanges.get(nodeId)?.find((e) => !e.ok), SETTLE)
        .toMatchObject({ ok: false });
    } finally {
      a.directory.set(nodeId, { ...a.directory.get(nodeId)!, state: 'removed' });
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
