import type { ChangeItem } from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import type { FeedCore } from './feed-core.js';
import { takeBatch, type Batch, type BatchCandidate } from './feed-batch.js';
import { loadFlowLookups } from './feed-flow-context.js';
import { feedLogRepository as log, type LogRow } from './feed-log.repository.js';
import { mayFlow, type FlowContext } from './peer-flow.js';

/** Most log rows read to build one batch (what the peer may not receive is skipped). */
const SCAN_LIMIT = 20_000;
const READ_CHUNK = 1000;

/**
 * What of this node's log goes to one peer: rows after a cursor, each passing
 * {@link mayFlow} for the peer, in bounded batches (push and pull alike).
 */
export interface FeedReader {
  batchFor(
    peer: PeerRecord,
    after: number,
    bounds: { maxItems: number; maxBytes: number },
  ): Promise<Batch & { more: boolean }>;
  /** Items the peer may receive beyond what it acknowledged, and the age of the oldest. */
  lag(peer: PeerRecord): Promise<{ items: number; seconds: number }>;
}

export function createFeedReader(core: FeedCore): FeedReader {
  const { db } = core;

  function decide(
    row: LogRow,
    peer: PeerRecord,
    lookups: Omit<FlowContext, 'selfNodeId' | 'receivedFrom'>,
  ) {
    const item = JSON.parse(row.item) as ChangeItem;
    const ctx: FlowContext = {
      ...lookups,
      selfNodeId: core.identity.nodeId,
      receivedFrom: row.receivedFrom,
    };
    return mayFlow(item, peer, ctx).allowed ? item : null;
  }

  return {
    async batchFor(peer, after, bounds) {
      const lookups = await loadFlowLookups(db);
      const candidates: BatchCandidate[] = [];
      let cursor = after;
      let exhausted = false;
      let kept = 0;
      while (candidates.length < SCAN_LIMIT && kept <= bounds.maxItems) {
        const rows = await log.after(db, cursor, READ_CHUNK);
        for (const row of rows) {
          const item = decide(row, peer, lookups);
          if (item) kept += 1;
          candidates.push({ seq: row.seq, size: row.size, item });
        }
        if (rows.length < READ_CHUNK) {
          exhausted = true;
          break;
        }
        cursor = rows[rows.length - 1]!.seq;
      }
      const batch = takeBatch(candidates, after, bounds);
      return { ...batch, more: batch.full || !exhausted };
    },

    async lag(peer) {
      const lookups = await loadFlowLookups(db);
      const { acked } = await log.cursor(db, peer.nodeId);
      let cursor = acked;
      let items = 0;
      let oldest: string | null = null;
      for (;;) {
        const rows = await log.after(db, cursor, READ_CHUNK);
        for (const row of rows) {
          if (decide(row, peer, lookups) === null) continue;
          items += 1;
          oldest ??= row.loggedAt;
        }
        if (rows.length < READ_CHUNK) break;
        cursor = rows[rows.length - 1]!.seq;
      }
      const seconds =
        oldest === null ? 0 : Math.max(0, (core.clock.now().getTime() - Date.parse(oldest)) / 1000);
      return { items, seconds };
    },
  };
}
