import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseOversightSettings } from '../src/oversight/oversight.settings.js';
import { indicatorSource } from '../src/oversight/retention-sources.js';
import { createRetentionService } from '../src/oversight/retention.service.js';
import { fixedClock } from '../src/platform/ports.js';
import { describeDialects } from './support/dialects.js';
import { indicator } from './support/stix-fixtures.js';
import { countRows, peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const SETTLE = { timeout: 15_000, interval: 20 };

/**
 * Issue 8, item 3: an indicator aged out at its origin is deleted there and withdrawn from the
 * peer that holds it, which deletes it and confirms with a signed receipt.
 */
describeDialects('retention across federation', (dialect) => {
  let a: FedNode;
  let b: FedNode;

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Berlin', 'DE');
    peer(a, b);
  }, 60_000);
  afterAll(async () => {
    for (const n of [a, b]) await n?.close();
  });

  it('withdraws the deleted indicator from the peer, which confirms', async () => {
    const aged = indicator({ valid_until: '2026-02-01T00:00:00Z' });
    const fresh = indicator({ valid_until: '2026-12-01T00:00:00Z' });
    const stored = await a.services.objects.ingest(a.actor(), [aged, fresh], {
      mode: 'atomic',
      distribution: 'connected',
    });
    expect(stored.rejected).toEqual([]);
    await expect.poll(() => countRows(b, 'stix_objects', 'id', aged.id), SETTLE).toBe(1);
    await expect.poll(() => countRows(b, 'stix_objects', 'id', fresh.id), SETTLE).toBe(1);

    const settings = parseOversightSettings({
      retention: [{ category: 'indicator', basis: 'indicator policy', afterDays: 30 }],
    });
    const retention = createRetentionService({
      db: a.db.handle.db,
      capabilities: a.db.handle.capabilities,
      audit: a.services.audit,
      clock: fixedClock('2026-04-01T00:00:00Z'),
      random: a.services.random,
      rules: settings.retention,
      sources: [
        indicatorSource(a.db.handle.capabilities, (id) =>
          a.services.feed.withdrawals.afterRetention(id),
        ),
      ],
      batchSize: 10,
    });
    expect(await retention.run(a.actor('oversight'))).toMatchObject({ applied: 1, remaining: 0 });
    expect(await countRows(a, 'stix_objects', 'id', aged.id)).toBe(0);
    await expect.poll(() => countRows(b, 'stix_objects', 'id', aged.id), SETTLE).toBe(0);
    expect(await countRows(b, 'stix_objects', 'id', fresh.id)).toBe(1);
    const federation = await a.services.feed.withdrawals.objectFederation(
      a.actor('admin'),
      aged.id,
    );
    await expect
      .poll(
        async () =>
          (await a.services.feed.withdrawals.objectFederation(a.actor('admin'), aged.id)).peers[0]
            ?.state,
        SETTLE,
      )
      .toBe('confirmed');
    expect(federation.peers.map((p) => p.nodeId)).toEqual([b.nodeId]);
    const applied = await b.services.audit.list(b.actor('oversight'), {
      action: 'federation.withdrawal.apply',
    });
    expect(applied.entries.find((e) => e.target === aged.id)?.details).toMatchObject({
      reason: 'retention-expired',
    });
  });
});
