import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangeItem, WithdrawalBody } from '../src/federation/change-feed.types.js';
import type { Distribution, VersionMatch } from '../src/objects/object.types.js';
import { describeDialects } from './support/dialects.js';
import { TLP_IDS, indicator, type Obj } from './support/stix-fixtures.js';
import { countRows, peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const SETTLE = { timeout: 15_000, interval: 20 };

/**
 * Deletion tombstones (issue 6 §3, §5): an object deleted at its origin is withdrawn from every
 * peer holding it — one signed item, applied once — and a peer that was away gets it when it
 * catches up. Paris (A) peers with Berlin (B) and Tokyo (C), who peer too.
 */
describeDialects('federation: deletion tombstones', (dialect) => {
  let a: FedNode;
  let b: FedNode;
  let c: FedNode;

  const green = (o: Record<string, unknown> = {}) =>
    indicator({ object_marking_refs: [TLP_IDS.green], ...o });
  async function store(node: FedNode, objects: Obj[], distribution: Distribution = 'connected') {
    const r = await node.services.objects.ingest(node.actor(), objects, {
      mode: 'atomic',
      distribution,
    });
    expect(r.rejected).toEqual([]);
  }
  const has = (node: FedNode, id: string) => countRows(node, 'stix_objects', 'id', id);
  const remove = (id: string, versions?: VersionMatch[]) =>
    a.services.objects.remove(a.actor(), id, versions ? { versions } : {});
  /** A's own log items about `id`, parsed. */
  async function logged(id: string): Promise<ChangeItem[]> {
    const rows = await a.db.handle.db
      .selectFrom('feed_items')
      .select('item')
      .where('object_id', '=', id)
      .orderBy('seq')
      .execute();
    return rows.map((r) => JSON.parse(r.item) as ChangeItem);
  }
  async function confirmedBy(id: string): Promise<string[]> {
    const rows = await a.db.handle.db
      .selectFrom('feed_sent')
      .select('peer')
      .where('object_id', '=', id)
      .where('confirmed_at', 'is not', null)
      .execute();
    return rows.map((r) => r.peer).sort();
  }
  const both = () => [b.nodeId, c.nodeId].sort();
  async function held(obj: Obj, distribution: Distribution = 'connected') {
    await store(a, [obj], distribution);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(1);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(1);
  }

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Berlin', 'DE');
    c = await startFedNode(dialect, 'Tokyo', 'JP');
    peer(a, b);
    peer(a, c);
    peer(b, c);
  }, 60_000);

  afterAll(async () => {
    for (const n of [a, b, c]) await n?.close();
  });

  it('deleting at the origin withdraws the object from every peer, once, as one signed item', async () => {
    const obj = green();
    await held(obj);
    expect(await remove(obj.id)).toBe(1);
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(0);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(0);
    await expect.poll(() => confirmedBy(obj.id), SETTLE).toEqual(both());
    // The log keeps the tombstone only: no peer catching up gets the deleted object.
    const items = await logged(obj.id);
    expect(items.map((i) => i.kind)).toEqual(['withdrawal']);
    const body = items[0]!.body as WithdrawalBody;
    expect(body).toMatchObject({ objectId: obj.id, reason: 'deleted' });
    expect([...body.addressedTo].sort()).toEqual(both());
    // Applied once on each peer, however often it is delivered again.
    for (const n of [b, c]) {
      await n.services.feed!.pullFrom(a.asPeer());
      await n.transport.request(a.asPeer(), 'GET', '/federation/v1/changes?after=0');
      expect(await countRows(n, 'feed_applied', 'item_id', items[0]!.id)).toBe(1);
    }
    const again = await b.transport.request(a.asPeer(), 'GET', '/federation/v1/changes?after=0');
    const page = (again.json as { items: ChangeItem[] }).items;
    const outcome = await b.services.feed!.receive(a.asPeer(), page, null);
    expect(outcome.applied).toBe(0);
  });

  it('a peer down at the deletion gets the tombstone when it catches up', async () => {
    const obj = green();
    await held(obj);
    await b.stop();
    await remove(obj.id);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(0);
    expect(await has(b, obj.id)).toBe(1);
    await b.restart();
    await b.services.feed!.caughtUp();
    expect(await has(b, obj.id)).toBe(0);
    await expect.poll(() => confirmedBy(obj.id), SETTLE).toEqual(both());
  });

  it('a peer down from before the object until after its deletion never receives it', async () => {
    await b.stop();
    const obj = green();
    await store(a, [obj]);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(1);
    await remove(obj.id);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(0);
    await b.restart();
    await b.services.feed!.caughtUp();
    expect(await has(b, obj.id)).toBe(0);
    // Its tombstone may reach it (the push had been attempted), never the object.
    const applied = await b.db.handle.db
      .selectFrom('feed_applied')
      .select('kind')
      .where('object_id', '=', obj.id)
      .execute();
    expect(applied.filter((r) => r.kind !== 'withdrawal')).toEqual([]);
  });

  it('a relayed `all` object is deleted along the relay too', async () => {
    // Tokyo takes Paris's items only through Berlin.
    a.directory.set(c.nodeId, { ...a.directory.get(c.nodeId)!, state: 'suspended' });
    try {
      const obj = green();
      await store(a, [obj], 'all');
      await expect.poll(() => has(c, obj.id), SETTLE).toBe(1);
      await remove(obj.id);
      await expect.poll(() => has(b, obj.id), SETTLE).toBe(0);
      await expect.poll(() => has(c, obj.id), SETTLE).toBe(0);
    } finally {
      a.directory.set(c.nodeId, { ...a.directory.get(c.nodeId)!, state: 'active' });
    }
  });

  it('deleting one version leaves the peers holding exactly the versions left', async () => {
    const v1 = green();
    const v2 = { ...v1, modified: '2026-02-01T00:00:00.000Z', name: 'second' };
    await held(v1);
    await store(a, [v2]);
    await expect.poll(() => has(b, v1.id), SETTLE).toBe(2);
    await expect.poll(() => has(c, v1.id), SETTLE).toBe(2);
    // The newest version goes; the peers fall back to the first, as the origin does.
    await remove(v1.id, [{ kind: 'last' }]);
    const versions = async (n: FedNode) =>
      (
        await n.db.handle.db
          .selectFrom('stix_objects')
          .select(['modified', 'is_latest'])
          .where('id', '=', v1.id)
          .execute()
      ).map((r) => [r.modified, Number(r.is_latest)]);
    const left = await versions(a);
    expect(left).toEqual([[expect.stringMatching(/^2026-01-10T10:00:00/), 1]]);
    for (const n of [b, c]) await expect.poll(() => versions(n), SETTLE).toEqual(left);
  });

  it('a deletion made while the feed was not running is withdrawn when it starts', async () => {
    const obj = green();
    await held(obj);
    await a.stop();
    await a.services.feed!.stop();
    await remove(obj.id);
    expect(await has(a, obj.id)).toBe(0);
    await a.restart();
    await expect.poll(() => has(b, obj.id), SETTLE).toBe(0);
    await expect.poll(() => has(c, obj.id), SETTLE).toBe(0);
    await expect.poll(() => confirmedBy(obj.id), SETTLE).toEqual(both());
  });
});
