import { isNodeId } from '../federation/descriptor.js';
import { verifyCanonical } from '../federation/signing.js';
import { DomainError, type ErrorDetail } from '../platform/errors.js';

/**
 * A signed checkpoint of the audit chain (issue 8, item 4): the node states that its chain's
 * entry `seq` has hash `headHash`. Signed by the node key over the canonical JSON of exactly
 * these four members, it is sent to witnesses, who keep it and sign it back; a later rewrite of
 * the history up to `seq` — even with every hash recomputed — no longer matches it.
 */
export interface Checkpoint {
  readonly nodeId: string;
  readonly seq: number;
  readonly headHash: string;
  /** ISO 8601 UTC time the checkpoint was taken. */
  readonly at: string;
}

/** A witness's countersignature: `signature` = witness key over {@link receiptStatement}. */
export interface Countersignature {
  /** The witness's node id. */
  readonly witness: string;
  readonly receivedAt: string;
  readonly signature: string;
}

/** What the witness signs back: the checkpoint, the sender's signature and when it came. */
export function receiptStatement(
  checkpoint: Checkpoint,
  checkpointSignature: string,
  receivedAt: string,
) {
  return { checkpoint: checkpointMembers(checkpoint), checkpointSignature, receivedAt };
}

/** The four signed members only, whatever else the value carries. */
export function checkpointMembers(c: Checkpoint): Checkpoint {
  return { nodeId: c.nodeId, seq: c.seq, headHash: c.headHash, at: c.at };
}

export function checkpointSignatureValid(
  publicKey: string,
  checkpoint: Checkpoint,
  signature: string,
): boolean {
  return verifyCanonical(publicKey, checkpointMembers(checkpoint), signature);
}

const HASH = /^[0-9a-f]{64}$/;

/** Checks a checkpoint received from elsewhere; throws NH_ERR_VALIDATION naming each problem. */
export function parseCheckpoint(value: unknown, path = '/checkpoint'): Checkpoint {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('NH_ERR_VALIDATION', 'the checkpoint is not valid', [
      { path, message: 'must be an object { nodeId, seq, headHash, at }' },
    ]);
  }
  const c = value as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  if (!isNodeId(c.nodeId))
    problems.push({ path: `${path}/nodeId`, message: 'must be node--<uuid>' });
  if (typeof c.seq !== 'number' || !Number.isSafeInteger(c.seq) || c.seq < 1)
    problems.push({ path: `${path}/seq`, message: 'must be a whole number ≥ 1' });
  if (typeof c.headHash !== 'string' || !HASH.test(c.headHash))
    problems.push({ path: `${path}/headHash`, message: 'must be 64 lower-case hex digits' });
  if (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at)))
    problems.push({ path: `${path}/at`, message: 'must be an RFC 3339 time' });
  if (problems.length > 0)
    throw new DomainError('NH_ERR_VALIDATION', 'the checkpoint is not valid', problems);
  return checkpointMembers(c as unknown as Checkpoint);
}

/**
 * Whether the periodic sweep takes a checkpoint now: the interval has passed since the last
 * one and the chain has grown by more than the last checkpoint's own audit entry (an idle node
 * does not checkpoint its checkpoints forever).
 */
export function checkpointDue(input: {
  readonly now: Date;
  readonly intervalSeconds: number;
  readonly last: { readonly seq: number; readonly at: string } | null;
  readonly headSeq: number;
}): boolean {
  if (input.intervalSeconds <= 0 || input.headSeq === 0) return false;
  if (input.last === null) return true;
  if (input.headSeq <= input.last.seq + 1) return false;
  return input.now.getTime() - Date.parse(input.last.at) >= input.intervalSeconds * 1000;
}
