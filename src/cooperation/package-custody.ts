import {
  custodyAnchor,
  nextCustodyRecord,
  verifyCustodyChain,
  type CustodyAction,
  type CustodyRecord,
} from '../cases/custody-chain.js';
import { canonicalJson } from '../platform/canonical-json.js';
import type { FileCustodyView } from './request.view.js';

/**
 * The chain of custody of a data package's file (issue 7, item 5), with the records and hashes
 * of the evidence items' chains (`cases/custody-chain.ts`): the producing party's node records
 * the file's acquisition with the response and each transfer to a peer node; the chain travels
 * in the manifest the producing node signs; the receiving node checks it and continues it with
 * its receipt. The chain is anchored on the producer's file id, SHA-256 and size, so it cannot
 * be moved to another file.
 */

/** The file a chain belongs to: its SHA-256 (hex) and size, as the manifest states them. */
export interface CustodyFile {
  readonly sha256: string;
  readonly size: number;
}

export interface CustodyEvent {
  readonly at: string;
  readonly actor: string;
  readonly organizationId: string;
  readonly action: CustodyAction;
  readonly purpose: string;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** Continues `chain` (or starts the chain of file `itemId` when it is empty) with `event`. */
export function appendCustody(
  itemId: string,
  file: CustodyFile,
  chain: readonly CustodyRecord[],
  event: CustodyEvent,
): CustodyRecord[] {
  const id = chain[0]?.itemId ?? itemId;
  const anchor = custodyAnchor({ id, sha256: file.sha256, size: file.size });
  const last = chain.at(-1) ?? null;
  const record = nextCustodyRecord(anchor, last, {
    itemId: id,
    at: event.at,
    actor: event.actor,
    organizationId: event.organizationId,
    action: event.action,
    purpose: event.purpose,
    details: event.details === null ? null : canonicalJson(event.details),
  });
  return [...chain, record];
}

/**
 * Null when `chain` is a chain of custody of `file` that holds; else what is wrong (the first
 * broken record). A chain that is not a non-empty array of records is wrong too.
 */
export function custodyProblem(chain: unknown, file: CustodyFile): string | null {
  if (!Array.isArray(chain) || chain.length === 0) return 'it is not a list of custody records';
  const first = chain[0] as Partial<CustodyRecord> | null;
  if (typeof first?.itemId !== 'string') return 'record 1 names no evidence item';
  const anchor = custodyAnchor({ id: first.itemId, sha256: file.sha256, size: file.size });
  return verifyCustodyChain(anchor, first.itemId, chain as CustodyRecord[])?.message ?? null;
}

/** The stored chain (JSON text) of a file; empty when none was kept. */
export function storedCustody(text: string | null): CustodyRecord[] {
  return text === null ? [] : (JSON.parse(text) as CustodyRecord[]);
}

/** The chain of a stored file as the request's timeline shows it, checked now. */
export function fileCustodyView(text: string | null, file: CustodyFile): FileCustodyView | null {
  if (text === null) return null;
  const chain = storedCustody(text);
  const problem = custodyProblem(chain, file);
  return {
    intact: problem === null,
    problem,
    records: chain.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      organizationId: r.organizationId,
      action: r.action,
      purpose: r.purpose,
      details: r.details,
      hash: r.hash,
    })),
  };
}
