import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NodeEvent } from '../src/notify/event-bus.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, indicator } from './support/stix-fixtures.js';

/**
 * A large atomic ingest announces what it stored after it commits, read back from its seqs in
 * chunks (object.service.ts `publishRuns`): every stored version once, in storage order.
 */
describeDialects('objects.stored after a large atomic ingest', (dialect) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await makeTestNode(dialect);
  });
  afterAll(async () => {
    await node.close();
  });

  it('publishes every stored id once, in order, in events of at most 1,000 ids', async () => {
    const objects = Array.from({ length: 2_500 }, () =>
      indicator({ object_marking_refs: [TLP_IDS.green] }),
    );
    const stored = [objects[0]!, ...objects];
    const events: NodeEvent[] = [];
    const stop = node.services.events.subscribe((e) => events.push(e));
    try {
      const summary = await node.services.objects.ingest(node.actor('analyst'), stored, {
        mode: 'atomic',
      });
      expect(summary.stored).toBe(2_500);
      expect(summary.duplicates).toBe(1);
    } finally {
      stop();
    }
    const announced = events.flatMap((e) => (e.kind === 'objects.stored' ? [e.ids] : []));
    expect(announced.map((ids) => ids.length)).toEqual([1_000, 1_000, 500]);
    expect(announced.flat()).toEqual(objects.map((o) => o.id));
  });

  it('announces nothing for a rolled-back atomic ingest', async () => {
    const events: NodeEvent[] = [];
    const stop = node.services.events.subscribe((e) => events.push(e));
    try {
      const summary = await node.services.objects.ingest(
        node.actor('analyst'),
        [indicator(), { ...indicator(), pattern_type: undefined }],
        { mode: 'atomic' },
      );
      expect(summary.rolledBack).toBe(true);
    } finally {
      stop();
    }
    expect(events.filter((e) => e.kind === 'objects.stored')).toEqual([]);
  });
});
