import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { feedLogRepository as log } from '../src/federation/feed-log.repository.js';
import { itemText, signItem } from '../src/federation/feed-item.js';
import { inWriteTransaction } from '../src/platform/database/write-transaction.js';
import { peer, startFedNode, type FedNode } from '../test/federation-feed-kit.js';
import { TLP_IDS } from '../test/support/stix-fixtures.js';
import type { BenchResult } from './bench.types.js';
import { benchSqlite } from './bench-sqlite.js';

/** Issue 6 §9: a peer that missed the changes catches up at ≥ 20,000 changes/s. */
const TARGET_RATE = 20_000;
const CHUNK = 1000;

const sqlite = benchSqlite('nohaven-bench-catchup-');

/**
 * Catch-up of a peer that was offline (issue 6 §9), two nodes in this process on SQLite, over
 * HTTP on 127.0.0.1 with signed requests: Paris stores `BENCH_CATCHUP_CHANGES` (default
 * 100,000) indicators shared with `connected` while Tokyo is not yet its peer — its feed logs
 * one signed item per object — then Tokyo, now peered, pulls them all: pages of signed items,
 * each verified and stored through the normal ingest path, cursor kept. Reported beside it:
 * the origin's store-and-append rate, and the raw floor of the same run — signing the same
 * number of items and inserting them into a fresh log in transactions of 1,000.
 */
export async function run(): Promise<BenchResult[]> {
  const n = Number(process.env.BENCH_CATCHUP_CHANGES ?? 100_000);
  const paris = await startFedNode(sqlite, 'Paris', 'FR');
  const tokyo = await startFedNode(sqlite, 'Tokyo', 'JP');
  try {
    let started = performance.now();
    await paris.services.objects.ingest(paris.actor('analyst'), indicators(n), {
      mode: 'partial',
      distribution: 'connected',
    });
    await paris.services.feed.settled();
    const originSeconds = (performance.now() - started) / 1000;
    const logged = await count(paris, 'feed_items');
    if (logged !== n) throw new Error(`Paris logged ${logged} of ${n} changes`);

    peer(paris, tokyo);
    const before = await count(tokyo, 'stix_objects');
    started = performance.now();
    await tokyo.services.feed.pullFrom(tokyo.directory.get(paris.nodeId)!);
    const catchUpSeconds = (performance.now() - started) / 1000;
    const received = (await count(tokyo, 'stix_objects')) - before;
    if (received !== n) throw new Error(`Tokyo stored ${received} of ${n} changes`);

    const floorSeconds = await rawFloor(paris, n);
    const rate = n / catchUpSeconds;
    return [
      { name: `changes missed (indicators, connected)`, value: n, unit: 'changes' },
      {
        name: 'origin: ingest + signed feed append',
        value: Math.round(n / originSeconds),
        unit: 'changes/s',
      },
      {
        name: 'catch-up: pull, verify, store, record',
        value: Math.round(rate),
        unit: 'changes/s',
        target: `≥ ${TARGET_RATE.toLocaleString('en')}/s`,
        ok: rate >= TARGET_RATE,
      },
      {
        name: 'raw floor: sign + insert into the log (1,000/transaction)',
        value: Math.round(n / floorSeconds),
        unit: 'changes/s',
      },
      { name: 'catch-up / raw floor', value: (floorSeconds / catchUpSeconds) * 100, unit: '%' },
    ];
  } finally {
    await Promise.all([paris.close(), tokyo.close()]);
  }
}

function* indicators(n: number): Generator<Record<string, unknown>> {
  const created = '2026-11-29T10:00:00.000Z';
  for (let i = 0; i < n; i++) {
    yield {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${randomUUID()}`,
      created,
      modified: created,
      name: `host-${i}.example.net`,
      pattern: `[domain-name:value = 'host-${i}.example.net']`,
      pattern_type: 'stix',
      valid_from: '2026-11-29T10:00:00Z',
      object_marking_refs: [TLP_IDS.green],
    };
  }
}

async function count(node: FedNode, table: 'feed_items' | 'stix_objects'): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(
    table,
  )}`.execute(node.db.handle.db);
  return Number(rows[0]?.n ?? 0);
}

/** Seconds to sign `n` items as `node` and insert them into a fresh log, 1,000 a transaction. */
async function rawFloor(node: FedNode, n: number): Promise<number> {
  const fresh = await sqlite.create();
  try {
    const db = fresh.handle.db;
    const objects = indicators(n);
    const started = performance.now();
    for (let done = 0; done < n; done += CHUNK) {
      const at = new Date().toISOString();
      await inWriteTransaction(db, fresh.handle.capabilities, async (trx) => {
        const rows = [];
        for (let i = done; i < Math.min(n, done + CHUNK); i++) {
          const object = objects.next().value as { id: string; type: string };
          const item = signItem(node.identity, {
            id: `change--${randomUUID()}`,
            origin: node.nodeId,
            originSeq: i + 1,
            kind: 'object',
            issuedAt: at,
            audience: {
              tlp: 'green',
              distribution: 'connected',
              recipientOrgIds: [],
              recipientUserIds: [],
            },
            body: { object, ownerOrgId: node.organizationId, revoked: false },
          });
          rows.push({
            itemId: item.id,
            origin: item.origin,
            kind: item.kind,
            objectId: object.id,
            receivedFrom: null,
            item: itemText(item),
          });
        }
        await log.append(trx, rows, at);
      });
    }
    return (performance.now() - started) / 1000;
  } finally {
    await fresh.dispose();
  }
}
