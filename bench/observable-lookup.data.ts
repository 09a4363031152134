import { createHash } from 'node:crypto';

/**
 * Deterministic indicators for the observable-lookup bench: indicator `i` is always the same,
 * so the bench can ask for values it knows are stored (hits) or knows are not (misses) without
 * keeping 10,000,000 values in memory. The mix, by `i % 20`:
 * - 40 % `[ipv4-addr:value = 'a.b.c.d']`, addresses spread over the whole IPv4 space;
 * - 10 % `[ipv4-addr:value ISSUBSET 'a.b.c.0/len']`, networks /20 to /30;
 * - 15 % `[domain-name:value = 'hX.zone-K.example.net']`;
 * - 5 % `[domain-name:value = …] OR [url:value = 'https://…/']` (two anchors);
 * - 15 % `[url:value = 'https://hX.zone-K.example.net/login?id=i']`;
 * - 15 % `[file:hashes.'SHA-256' = '…']`.
 */
export type LookupFamily = 'ipv4' | 'ipv4-net' | 'domain' | 'domain-url' | 'url' | 'sha256';

/** Bump when the generated data changes, so a cached database is rebuilt. */
export const LOOKUP_DATA_VERSION = 1;

export const LOOKUP_ORGS = Array.from(
  { length: 8 },
  (_, n) => `identity--0b9a6f4e-5d1c-4c8e-9a51-00000000000${n}`,
);

const TLPS = ['clear', 'clear', 'green', 'green', 'clear', 'green', 'amber', null] as const;

export function familyOf(i: number): LookupFamily {
  const r = i % 20;
  if (r < 8) return 'ipv4';
  if (r < 10) return 'ipv4-net';
  if (r < 13) return 'domain';
  if (r < 14) return 'domain-url';
  if (r < 17) return 'url';
  return 'sha256';
}

/** A 32-bit mix of `i` and a salt (murmur3's finaliser), for addresses spread evenly. */
export function mix32(i: number, salt: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** The address of an `ipv4` indicator. */
export function addressOf(i: number): number {
  return mix32(i, 0x1234567);
}

/** The network `[base, length]` of an `ipv4-net` indicator. */
export function networkOf(i: number): [number, number] {
  const length = 20 + (mix32(i, 0x55) % 11);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return [(mix32(i, 0x7654321) & mask) >>> 0, length];
}

export function domainOf(i: number): string {
  return `h${i.toString(36)}.zone-${i % 10_000}.example.net`;
}

export function urlOf(i: number): string {
  return `https://${domainOf(i)}/login?id=${i}`;
}

export function sha256Of(i: number): string {
  return createHash('sha256').update(`lookup-${i}`).digest('hex');
}

/** The STIX pattern of indicator `i`. */
export function patternOf(i: number): string {
  switch (familyOf(i)) {
    case 'ipv4':
      return `[ipv4-addr:value = '${dotted(addressOf(i))}']`;
    case 'ipv4-net': {
      const [base, length] = networkOf(i);
      return `[ipv4-addr:value ISSUBSET '${dotted(base)}/${length}']`;
    }
    case 'domain':
      return `[domain-name:value = '${domainOf(i)}']`;
    case 'domain-url':
      return `[domain-name:value = '${domainOf(i)}'] OR [url:value = 'https://${domainOf(i)}/']`;
    case 'url':
      return `[url:value = '${urlOf(i)}']`;
    case 'sha256':
      return `[file:hashes.'SHA-256' = '${sha256Of(i)}']`;
  }
}

/** Indicator `i` with the store columns the lookup joins on. */
export function lookupIndicator(i: number): {
  object: Record<string, unknown> & { id: string; type: 'indicator'; modified: string };
  owner: string;
  tlp: string | null;
} {
  const hex = i.toString(16).padStart(12, '0');
  return {
    object: {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--7c9e2d10-3b4a-4f1e-8a2b-${hex}`,
      created: '2026-01-10T10:00:00.000Z',
      modified: '2026-01-10T10:00:00.000Z',
      name: `indicator ${i}`,
      indicator_types: ['malicious-activity'],
      pattern: patternOf(i),
      pattern_type: 'stix',
      valid_from: '2026-01-10T10:00:00Z',
    },
    owner: LOOKUP_ORGS[i % LOOKUP_ORGS.length]!,
    tlp: TLPS[mix32(i, 0x99) % TLPS.length]!,
  };
}

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
