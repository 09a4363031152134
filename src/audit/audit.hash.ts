import { createHash } from 'node:crypto';

/** `prev_hash` of the first entry of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of one audit entry, as stored. `details` is canonical JSON text or null. */
export interface ChainFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  readonly details: string | null;
  readonly prev_hash: string;
}

/**
 * JSON with object keys sorted (recursively), so equal values always give equal text.
 * `undefined` members are dropped as `JSON.stringify` does; non-finite numbers become null.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) === '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const src = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(src).sort()) {
      if (src[key] !== undefined) out[key] = sortKeys(src[key]);
    }
    return out;
  }
  return value;
}

/**
 * SHA-256 (lower-case hex) of an entry: the JSON array
 * `[seq, at, actor, action, target, reason, details, prev_hash]`, whose serialisation is
 * unambiguous (strings are quoted and escaped, nulls are `null`).
 */
export function entryHash(fields: ChainFields): string {
  const text = JSON.stringify([
    fields.seq,
    fields.at,
    fields.actor,
    fields.action,
    fields.target,
    fields.reason,
    fields.details,
    fields.prev_hash,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
