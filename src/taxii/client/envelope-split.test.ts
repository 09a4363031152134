import { describe, expect, it } from 'vitest';
import { envelopeBody, ENVELOPE_OVERHEAD, splitIntoEnvelopes } from './envelope-split.js';

const obj = (n: number, pad = 0) => ({ id: `indicator--${n}`, name: 'x'.repeat(pad) });

describe('splitIntoEnvelopes (TAXII 2.1 §4.2.1 max_content_length)', () => {
  it('keeps every serialized envelope within the byte budget, in order', () => {
    const objects = Array.from({ length: 50 }, (_, i) => obj(i, i * 7));
    const max = 600;
    const { envelopes, tooLarge } = splitIntoEnvelopes(objects, max);
    expect(tooLarge).toEqual([]);
    expect(envelopes.length).toBeGreaterThan(1);
    for (const e of envelopes) expect(Buffer.byteLength(envelopeBody(e))).toBeLessThanOrEqual(max);
    expect(envelopes.flat()).toEqual(objects);
  });

  it('fills an envelope exactly to the budget (commas counted)', () => {
    const a = obj(1);
    const size = ENVELOPE_OVERHEAD + 2 * Buffer.byteLength(JSON.stringify(a)) + 1;
    expect(splitIntoEnvelopes([a, a], size).envelopes).toHaveLength(1);
    expect(splitIntoEnvelopes([a, a], size - 1).envelopes).toHaveLength(2);
  });

  it('counts bytes, not characters (UTF-8)', () => {
    const o = { id: 'x--1', name: 'é'.repeat(100) };
    const chars = ENVELOPE_OVERHEAD + JSON.stringify(o).length;
    expect(splitIntoEnvelopes([o], chars).tooLarge).toHaveLength(1);
  });

  it('reports an object that alone exceeds the budget, and sends the others', () => {
    const big = obj(1, 2000);
    const { envelopes, tooLarge } = splitIntoEnvelopes([obj(0), big, obj(2)], 500);
    expect(tooLarge.map((t) => t.object)).toEqual([big]);
    expect(tooLarge[0]!.bytes).toBeGreaterThan(500);
    expect(envelopes.flat().map((o) => o.id)).toEqual(['indicator--0', 'indicator--2']);
  });

  it('makes no envelope of nothing', () => {
    expect(splitIntoEnvelopes([], 100)).toEqual({ envelopes: [], tooLarge: [] });
  });
});
