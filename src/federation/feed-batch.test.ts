import { describe, expect, it } from 'vitest';
import type { ChangeItem } from './change-feed.types.js';
import { takeBatch, type BatchCandidate } from './feed-batch.js';

const item = (n: number) => ({ id: `change--${n}` }) as unknown as ChangeItem;
const rows = (sizes: number[], skip: number[] = []): BatchCandidate[] =>
  sizes.map((size, i) => ({ seq: i + 11, size, item: skip.includes(i) ? null : item(i) }));

describe('change-feed batches (issue 6 §4)', () => {
  it('stops at the item bound; the cursor is the last row taken', () => {
    const b = takeBatch(rows([10, 10, 10, 10]), 10, { maxItems: 2, maxBytes: 1000 });
    expect(b.items.map((i) => i.id)).toEqual(['change--0', 'change--1']);
    expect(b).toMatchObject({ next: 12, full: true });
  });

  it('stops before the byte bound, but always sends one item', () => {
    const b = takeBatch(rows([600, 300, 200]), 10, { maxItems: 10, maxBytes: 1000 });
    expect(b.items).toHaveLength(2);
    expect(b).toMatchObject({ next: 12, full: true });
    const alone = takeBatch(rows([5000, 1]), 10, { maxItems: 10, maxBytes: 1000 });
    expect(alone.items).toHaveLength(1);
    expect(alone).toMatchObject({ next: 11, full: true });
  });

  it('rows the peer may not receive move the cursor without counting', () => {
    const b = takeBatch(rows([10, 10, 10, 10], [0, 2, 3]), 10, { maxItems: 1, maxBytes: 1000 });
    expect(b.items.map((i) => i.id)).toEqual(['change--1']);
    expect(b).toMatchObject({ next: 14, full: false });
  });

  it('an empty log leaves the cursor where it was', () => {
    expect(takeBatch([], 42, { maxItems: 5, maxBytes: 5 })).toEqual({
      items: [],
      next: 42,
      full: false,
    });
  });
});
