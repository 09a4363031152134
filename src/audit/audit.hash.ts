import { createHash } from 'node:crypto';

export { canonicalJson } from '../platform/canonical-json.js';

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
