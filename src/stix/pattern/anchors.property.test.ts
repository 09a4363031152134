/**
 * Property-style tests over generated observables (seeded, so a failure replays):
 * 1. a pattern made from an observable's own value matches it, and its anchors contain the
 *    observable's anchor for that property;
 * 2. soundness of anchors: whenever a generated pattern matches a generated observation, the
 *    observation carries one of the pattern's anchors.
 */
import { describe, expect, it } from 'vitest';
import { parsePattern } from './parser.js';
import { anchorKey, observableAnchors, patternAnchors, type PatternAnchor } from './anchors.js';
import { matchesObservable, matchPattern, observationOf, type ObservableObject } from './match.js';
import { ipBlock, ipBlockWithin } from './canonical.js';

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)] as T;
const hex = (r: Rand, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdefABCDEF'[int(r, 22)]).join('');
const word = (r: Rand) =>
  Array.from({ length: 1 + int(r, 8) }, () => pick(r, [...'abcXYZ019-'])).join('');

/** One generated observable and the property path (pattern syntax) that identifies it. */
interface Generated {
  readonly sco: ObservableObject;
  readonly path: string;
  readonly literal: string;
}

/** Quotes a string constant (spec 9.3: only `\'` and `\\` escapes). */
const quote = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function generate(r: Rand, n: number): Generated {
  const id = `x--${n}`;
  switch (int(r, 9)) {
    case 0: {
      const value = `${int(r, 4)}.${int(r, 256)}.${int(r, 256)}.${int(r, 256)}`;
      return {
        sco: { type: 'ipv4-addr', id, value },
        path: 'ipv4-addr:value',
        literal: quote(value),
      };
    }
    case 1: {
      const groups = Array.from({ length: 8 }, () => (r() < 0.4 ? '0' : hex(r, 1 + int(r, 4))));
      const value = groups.join(':');
      return {
        sco: { type: 'ipv6-addr', id, value },
        path: 'ipv6-addr:value',
        literal: quote(value),
      };
    }
    case 2: {
      const value = `${word(r)}.${pick(r, ['Example', 'test', 'INVALID'])}`;
      const literal = quote(r() < 0.5 ? value.toLowerCase() : value.toUpperCase());
      return { sco: { type: 'domain-name', id, value }, path: 'domain-name:value', literal };
    }
    case 3: {
      const [algorithm, length] = pick(r, [
        ['MD5', 32],
        ['SHA-1', 40],
        ['SHA-256', 64],
        ['SHA-512', 128],
      ] as const);
      const digest = hex(r, length);
      const spelling = pick(r, [
        `'${algorithm}'`,
        algorithm.replace('-', ''),
        `'${algorithm.toLowerCase()}'`,
      ]);
      const literal = quote(r() < 0.5 ? digest.toLowerCase() : digest.toUpperCase());
      return {
        sco: { type: 'file', id, hashes: { [algorithm]: digest } },
        path: `file:hashes.${spelling}`,
        literal,
      };
    }
    case 4: {
      const value = `${word(r)}'s \\ ${word(r)}.${pick(r, ['exe', 'vbs', 'txt'])}`;
      return { sco: { type: 'file', id, name: value }, path: 'file:name', literal: quote(value) };
    }
    case 5: {
      const value = `Re: ${word(r)} — ${word(r)}`;
      return {
        sco: { type: 'email-message', id, is_multipart: false, subject: value },
        path: 'email-message:subject',
        literal: quote(value),
      };
    }
    case 6: {
      const number = int(r, 4_000_000_000);
      return {
        sco: { type: 'autonomous-system', id, number },
        path: 'autonomous-system:number',
        literal: String(number),
      };
    }
    case 7: {
      const value = Array.from({ length: 6 }, () => hex(r, 2).toLowerCase()).join(':');
      return {
        sco: { type: 'mac-addr', id, value },
        path: 'mac-addr:value',
        literal: quote(value.toUpperCase()),
      };
    }
    default: {
      const value = `https://${word(r)}.example/${word(r)}?q=${word(r)}`;
      return { sco: { type: 'url', id, value }, path: 'url:value', literal: quote(value) };
    }
  }
}

/** True when `observation` has an object carrying one of `anchors`. */
function carries(objects: readonly ObservableObject[], anchors: readonly PatternAnchor[]): boolean {
  const held = new Set(objects.flatMap(observableAnchors).map(anchorKey));
  return anchors.some((anchor) => {
    if (anchor.op === 'equals') return held.has(anchorKey(anchor));
    const outer = ipBlock(anchor.value);
    return objects.some((o) => {
      const own =
        o.type === anchor.type && typeof o['value'] === 'string' ? ipBlock(o['value']) : undefined;
      return own !== undefined && outer !== undefined && ipBlockWithin(own, outer);
    });
  });
}

describe('anchors, property-style', () => {
  it('a pattern from an observable’s own value matches it and anchors that value', () => {
    const r = rng(20260521);
    for (let n = 0; n < 500; n++) {
      const { sco, path, literal } = generate(r, n);
      const pattern = `[${path} = ${literal}]`;
      const ast = parsePattern(pattern);
      expect(matchesObservable(ast, sco), pattern).toBe(true);
      const anchors = (patternAnchors(ast) ?? []).map(anchorKey);
      const own = observableAnchors(sco).map(anchorKey);
      expect(own.length, pattern).toBe(1);
      expect(anchors, pattern).toEqual(own);
      if (sco.type === 'ipv4-addr' || sco.type === 'ipv6-addr') {
        const bits = sco.type === 'ipv4-addr' ? 32 : 128;
        const block = `${sco['value'] as string}/${int(r, bits + 1)}`;
        const subset = parsePattern(`[${path} ISSUBSET '${block}']`);
        expect(matchesObservable(subset, sco), block).toBe(true);
        expect(carries([sco], patternAnchors(subset) ?? []), block).toBe(true);
      }
    }
  });

  it('a pattern that matches an observation finds it through its anchors', () => {
    const r = rng(7);
    let matched = 0;
    for (let round = 0; round < 300; round++) {
      const pool = Array.from({ length: 6 }, (_, n) => generate(r, n));
      const objects = pool.filter(() => r() < 0.5).map((g) => g.sco);
      const leaf = (): string => {
        const g = pick(r, pool);
        const other = pick(r, pool);
        if (r() < 0.2) return `${other.path} LIKE '%'`;
        return r() < 0.3
          ? `${g.path} IN (${g.literal}, ${other.literal})`
          : `${g.path} = ${g.literal}`;
      };
      const comparison = () =>
        r() < 0.5 ? leaf() : `${leaf()} ${pick(r, ['AND', 'OR'])} ${leaf()}`;
      const pattern =
        r() < 0.5
          ? `[${comparison()}]`
          : `[${comparison()}] ${pick(r, ['AND', 'OR', 'FOLLOWEDBY'])} [${comparison()}]`;
      const ast = parsePattern(pattern);
      const anchors = patternAnchors(ast);
      if (!matchPattern(ast, observationOf(objects)) || anchors === null) continue;
      matched++;
      expect(carries(objects, anchors), pattern).toBe(true);
    }
    expect(matched).toBeGreaterThan(20);
  });
});
