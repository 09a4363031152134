import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';

/**
 * The chain of custody of one evidence item: every access (view, download), transfer (export,
 * send) and verification is a record, and records are chained like the audit log — each
 * carries the SHA-256 of its own fields and of the previous record's hash. The first record
 * chains to the item's anchor (its id, SHA-256 and size), so custody cannot be moved from one
 * file to another. A changed, removed, inserted or reordered record breaks the chain there.
 */

export const CUSTODY_ACTIONS = ['acquire', 'view', 'download', 'export', 'send', 'verify'] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/** The hashed fields of a custody record. `details` is canonical JSON text or null. */
export interface CustodyFields {
  readonly itemId: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly organizationId: string;
  readonly action: CustodyAction;
  readonly purpose: string;
  readonly details: string | null;
  readonly prevHash: string;
}

export interface CustodyRecord extends CustodyFields {
  readonly hash: string;
}

/** What the first record of an item chains to. */
export function custodyAnchor(item: {
  readonly id: string;
  readonly sha256: string;
  readonly size: number;
}): string {
  return sha256Hex(canonicalJson({ id: item.id, sha256: item.sha256, size: item.size }));
}

/** SHA-256 (hex) of the JSON array of the fields, in the order of {@link CustodyFields}. */
export function custodyHash(f: CustodyFields): string {
  return sha256Hex(
    JSON.stringify([
      f.itemId,
      f.seq,
      f.at,
      f.actor,
      f.organizationId,
      f.action,
      f.purpose,
      f.details,
      f.prevHash,
    ]),
  );
}

/** The next record after `last` (or the first, chained to the anchor). */
export function nextCustodyRecord(
  anchor: string,
  last: Pick<CustodyRecord, 'seq' | 'hash'> | null,
  input: Omit<CustodyFields, 'seq' | 'prevHash'>,
): CustodyRecord {
  const fields: CustodyFields = {
    ...input,
    seq: (last?.seq ?? 0) + 1,
    prevHash: last?.hash ?? anchor,
  };
  return { ...fields, hash: custodyHash(fields) };
}

/** Null when the chain holds; else what is wrong at the first bad record. */
export function verifyCustodyChain(
  anchor: string,
  itemId: string,
  records: readonly CustodyRecord[],
): { readonly seq: number; readonly message: string } | null {
  let prev = anchor;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.itemId !== itemId)
      return { seq: r.seq, message: `record ${i + 1} belongs to ${r.itemId}` };
    if (r.seq !== i + 1) {
      return { seq: r.seq, message: `record ${i + 1} has seq ${r.seq} (removed or reordered)` };
    }
    if (r.prevHash !== prev) {
      return { seq: r.seq, message: `record ${r.seq} does not chain to the previous record` };
    }
    if (custodyHash(r) !== r.hash) {
      return { seq: r.seq, message: `record ${r.seq} was changed (its hash does not match)` };
    }
    prev = r.hash;
  }
  return null;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
