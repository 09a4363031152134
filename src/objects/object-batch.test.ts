import { describe, expect, it } from 'vitest';
import { planVersions, validateBatch } from './object-batch.js';

const base = {
  type: 'malware',
  spec_version: '2.1',
  id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'x',
  is_family: false,
};
const v = (modified: string) => ({ ...base, modified });

describe('validateBatch', () => {
  it('reports rejections with their input index and keeps the valid objects', () => {
    const b = validateBatch(
      [v('2026-01-01T00:00:00.000Z'), { type: 'malware' }, v('2026-01-02T00:00:00.000Z')],
      10,
      'community',
    );
    expect(b.rejected.map((r) => r.index)).toEqual([11]);
    expect(b.candidates.map((c) => c.index)).toEqual([10, 12]);
  });

  it('counts the same version twice in one batch once', () => {
    const b = validateBatch(
      [v('2026-01-01T00:00:00.000Z'), v('2026-01-01T00:00:00.0000Z')],
      0,
      'community',
    );
    expect(b.candidates).toHaveLength(1);
    expect(b.inBatchDuplicates).toBe(1);
  });
});

describe('planVersions', () => {
  it('makes only the newest version latest, and supersedes an older stored latest', () => {
    const b = validateBatch(
      [v('2026-01-03T00:00:00.000Z'), v('2026-01-02T00:00:00.000Z')],
      0,
      'community',
    );
    const plan = planVersions(
      b,
      new Set(),
      new Map([[base.id, { seq: 7, modified: '2026-01-01T00:00:00.000000Z', revoked: false }]]),
    );
    expect(plan.insert.map((i) => i.latest)).toEqual([true, false]);
    expect(plan.supersede).toEqual([7]);
  });

  it('keeps the stored latest when only older versions arrive', () => {
    const b = validateBatch([v('2026-01-02T00:00:00.000Z')], 0, 'community');
    const plan = planVersions(
      b,
      new Set(),
      new Map([[base.id, { seq: 7, modified: '2026-02-01T00:00:00.000000Z', revoked: false }]]),
    );
    expect(plan.insert[0]?.latest).toBe(false);
    expect(plan.supersede).toEqual([]);
  });

  it('treats stored versions as duplicates and refuses new versions of a revoked object', () => {
    const b = validateBatch(
      [v('2026-01-01T00:00:00.000Z'), v('2026-03-01T00:00:00.000Z')],
      0,
      'community',
    );
    const existing = new Set([`${base.id}|2026-01-01T00:00:00.000000Z`]);
    const plan = planVersions(
      b,
      existing,
      new Map([[base.id, { seq: 1, modified: '2026-02-01T00:00:00.000000Z', revoked: true }]]),
    );
    expect(plan.duplicates).toBe(1);
    expect(plan.insert).toHaveLength(0);
    expect(plan.rejected[0]).toMatchObject({ index: 1, id: base.id });
  });
});
