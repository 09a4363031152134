import type { ChangeItem } from './change-feed.types.js';

/**
 * Bounded batches of the change feed (issue 6 §4): a push carries at most
 * {@link PUSH_MAX_ITEMS} items, a pull page at most the `limit` asked (≤ {@link PULL_MAX_LIMIT}),
 * and neither more than {@link MAX_BATCH_BYTES} of item text — except that one item alone is
 * always sent, so an item near the per-item bound still moves. Pure.
 */

export const PUSH_MAX_ITEMS = 500;
export const PULL_MAX_LIMIT = 1000;
export const MAX_BATCH_BYTES = 1024 * 1024;

/** A log row as batching sees it: its seq, its size and whether it may go to the peer. */
export interface BatchCandidate {
  readonly seq: number;
  readonly size: number;
  readonly item: ChangeItem | null;
}

export interface Batch {
  readonly items: ChangeItem[];
  /** The seq of the last row considered (sent or filtered out): the cursor after this batch. */
  readonly next: number;
  /** True when rows were left unconsidered because a bound was reached. */
  readonly full: boolean;
}

/**
 * Takes rows in seq order from `after`, skipping those whose `item` is null (not for this
 * peer), until `maxItems` or `maxBytes` would be exceeded.
 */
export function takeBatch(
  rows: readonly BatchCandidate[],
  after: number,
  bounds: { readonly maxItems: number; readonly maxBytes: number },
): Batch {
  const items: ChangeItem[] = [];
  let bytes = 0;
  let next = after;
  for (const row of rows) {
    if (row.item !== null) {
      if (items.length >= bounds.maxItems) return { items, next, full: true };
      if (items.length > 0 && bytes + row.size > bounds.maxBytes)
        return { items, next, full: true };
      items.push(row.item);
      bytes += row.size;
    }
    next = row.seq;
  }
  return { items, next, full: false };
}
