import { describe, expect, it } from 'vitest';
import { chunkSizes } from './bulk-insert.js';

describe('chunkSizes', () => {
  it('cuts full chunks, then the rest in decreasing powers of two', () => {
    expect(chunkSizes(0, 500)).toEqual([]);
    expect(chunkSizes(1, 500)).toEqual([1]);
    expect(chunkSizes(500, 500)).toEqual([500]);
    expect(chunkSizes(700, 500)).toEqual([500, 128, 64, 8]);
    expect(chunkSizes(1499, 500)).toEqual([500, 500, 256, 128, 64, 32, 16, 2, 1]);
  });

  it('covers every count with a few distinct sizes', () => {
    const sizes = new Set<number>();
    for (let n = 0; n <= 3000; n++) {
      const chunks = chunkSizes(n, 500);
      expect(chunks.reduce((a, b) => a + b, 0)).toBe(n);
      for (const c of chunks) sizes.add(c);
    }
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 500]);
  });
});
