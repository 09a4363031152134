import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangeItem } from '../src/federation/change-feed.types.js';
import { verifyItem } from '../src/federation/feed-item.js';
import { describeDialects } from './support/dialects.js';
import { TLP_IDS, indicator, type Obj } from './support/stix-fixtures.js';
import { peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const SETTLE = { timeout: 30_000, interval: 50 };

/**
 * The change feed appends a whole `objects.stored` chunk at once (issue 6 §9, catch-up
 * throughput): the items keep the storage order and their signatures, a re-stored object whose
 * audience changed replaces its older items while the others keep theirs, and the peer applies
 * every item exactly once.
 */
describeDialects('federation change feed: chunks appended at once', (dialect) => {
  let a: FedNode;
  let b: FedNode;

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Berlin', 'DE');
    peer(a, b, { aToB: { maxTlp: 'red' } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const store = async (objects: Obj[]) => {
    const r = await a.services.objects.ingest(a.actor(), objects, {
      mode: 'atomic',
      distribution: 'connected',
    });
    expect(r.rejected).toEqual([]);
    await a.services.feed.settled();
  };
  const objectItems = (node: FedNode, ids: readonly string[]) =>
    node.db.handle.db
      .selectFrom('feed_items')
      .select(['seq', 'object_id', 'item'])
      .where('object_id', 'in', [...ids])
      .where('kind', '=', 'object')
      .orderBy('seq')
      .execute();

  it('logs 1,200 stored objects in storage order, signed, and the peer applies each once', async () => {
    const objects = Array.from({ length: 1200 }, (_, i) =>
      indicator({ name: `chunk ${i}`, object_marking_refs: [TLP_IDS.green] }),
    );
    await store(objects);
    const ids = objects.map((o) => o.id as string);
    const rows = await objectItems(a, ids);
    const stored = await a.db.handle.db
      .selectFrom('stix_objects')
      .select('id')
      .where('id', 'in', ids)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.object_id)).toEqual(stored.map((s) => s.id));
    const key = a.asPeer().descriptor.publicKey;
    for (const row of rows) {
      const item = JSON.parse(row.item) as ChangeItem;
      expect(item.originSeq).toBe(Number(row.seq));
      expect(verifyItem(key, item)).toBe(true);
    }
    await expect
      .poll(async () => {
        const applied = await b.db.handle.db
          .selectFrom('feed_applied')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('object_id', 'in', ids)
          .executeTakeFirstOrThrow();
        return Number(applied.n);
      }, SETTLE)
      .toBe(1200);
    const held = await b.db.handle.db
      .selectFrom('stix_objects')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(1200);
  });

  it('replaces the older items of an object whose audience changed, keeps the others', async () => {
    const changed = indicator({ name: 'to amber', object_marking_refs: [TLP_IDS.green] });
    const same = indicator({ name: 'stays green', object_marking_refs: [TLP_IDS.green] });
    await store([changed, same]);
    const later = '2026-01-11T10:00:00.000Z';
    await store([
      { ...changed, modified: later, object_marking_refs: [TLP_IDS.amber] },
      { ...same, modified: later },
    ]);
    const rows = await objectItems(a, [changed.id as string, same.id as string]);
    const of = (id: unknown) => rows.filter((r) => r.object_id === id);
    expect(of(changed.id)).toHaveLength(1);
    expect((JSON.parse(of(changed.id)[0]!.item) as ChangeItem).audience.tlp).toBe('amber');
    expect(of(same.id)).toHaveLength(2);
  });
});
