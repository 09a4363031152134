import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, entryHash } from './audit.hash.js';

describe('audit hash', () => {
  it('serialises objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe(
      '{"a":[2,{"c":4,"d":3}],"b":1}',
    );
  });

  it('hashes every field, so changing any of them changes the hash', () => {
    const base = {
      seq: 1,
      at: '2026-05-01T10:00:00.000Z',
      actor: 'anonymous',
      action: 'a',
      target: null,
      reason: null,
      details: null,
      prev_hash: GENESIS_HASH,
    };
    const h = entryHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const variants = [
      { seq: 2 },
      { at: 'x' },
      { actor: 'y' },
      { action: 'b' },
      { target: '' },
      { reason: 'r' },
      { details: '{}' },
      { prev_hash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(entryHash({ ...base, ...v })).not.toBe(h);
    // A field boundary cannot be shifted: ("ab", "c") and ("a", "bc") differ.
    expect(entryHash({ ...base, actor: 'ab', action: 'c' })).not.toBe(
      entryHash({ ...base, actor: 'a', action: 'bc' }),
    );
  });
});
