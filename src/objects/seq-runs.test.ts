import { describe, expect, it } from 'vitest';
import { seqRuns } from './seq-runs.js';

describe('seqRuns', () => {
  it('joins consecutive seqs into runs and keeps gaps and order', () => {
    const runs = seqRuns();
    runs.add([5, 6, 7]);
    runs.add([8, 10]);
    runs.add([11, 3]);
    expect([...runs.runs()]).toEqual([
      [5, 8],
      [10, 11],
      [3, 3],
    ]);
    expect(runs.count).toBe(7);
  });

  it('grows past its first capacity without losing runs', () => {
    const runs = seqRuns();
    const seqs = Array.from({ length: 200 }, (_, i) => i * 2);
    runs.add(seqs);
    const all = [...runs.runs()];
    expect(all).toHaveLength(200);
    expect(all[199]).toEqual([398, 398]);
  });

  it('is empty until something is added', () => {
    const runs = seqRuns();
    expect(runs.count).toBe(0);
    expect([...runs.runs()]).toEqual([]);
  });
});
