import type { Kysely } from 'kysely';
import { checkKeyHistory } from '../federation/descriptor.js';
import type { NodeIdentity } from '../federation/federation.types.js';
import type { Database } from '../platform/database/schema.js';
import { checkpointRepository as repo } from './audit-checkpoint.repository.js';
import {
  assessCheckpoints,
  readWitnessCopy,
  type CheckpointClaim,
  type CheckpointSource,
  type WitnessedAuditReport,
  type WitnessedProblem,
} from './audit-checkpoint.verify.js';
import type { CheckpointWitnessPort } from './audit-witness.port.js';
import type { AuditLog } from './audit.types.js';

export interface WitnessedVerifyDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  /** This node's identity, once loaded (undefined: none yet). */
  readonly identity?: () => NodeIdentity | undefined;
  readonly witnesses: CheckpointWitnessPort;
  /** The configured outside witnesses (used when the caller names none). */
  readonly witnessUrls: readonly string[];
}

export interface WitnessedVerifyOptions {
  /** Witnesses to ask for their copy; absent: every configured witness. */
  readonly witnessUrls?: readonly string[];
  /** Copies a witness exported (the body of its `GET …/audit-witness/:nodeId`). */
  readonly witnessFiles?: readonly { readonly name: string; readonly content: unknown }[];
}

/**
 * `nohaven audit verify` and `GET /api/v1/audit/verify`: the chain, every local checkpoint with
 * its countersignatures, and every witness's copy, compared (see `assessCheckpoints`).
 */
export async function verifyWitnessed(
  deps: WitnessedVerifyDeps,
  options: WitnessedVerifyOptions = {},
): Promise<WitnessedAuditReport> {
  const { db } = deps;
  const chain = await deps.audit.verify();
  const head = await repo.head(db);
  const local = await repo.all(db);
  const own = deps.identity?.();
  const nodeId = own?.nodeId ?? local[local.length - 1]?.node_id ?? null;
  const publicKeys = own
    ? checkKeyHistory(own.descriptor())
    : [...new Set(local.map((r) => r.public_key))];
  const receipts = await repo.receiptsOf(
    db,
    local.map((r) => r.id),
  );
  const claims: CheckpointClaim[] = local.map((r) => ({
    source: 'local',
    checkpoint: { nodeId: r.node_id, seq: r.seq, headHash: r.head_hash, at: r.at },
    signature: r.signature,
    countersignatures: receipts
      .filter((x) => x.checkpoint_id === r.id)
      .map((x) => ({
        witness: x.witness_node_id,
        publicKey: x.witness_public_key,
        receivedAt: x.received_at,
        signature: x.signature,
      })),
  }));
  const sources: CheckpointSource[] = [
    { source: 'local', witness: null, checkpoints: local.length, error: null },
  ];
  const sourceProblems: WitnessedProblem[] = [];
  const add = (copy: ReturnType<typeof readWitnessCopy>) => {
    claims.push(...copy.claims);
    sources.push(copy.summary);
    sourceProblems.push(...copy.problems);
  };
  const urls = options.witnessUrls ?? deps.witnessUrls;
  for (const url of urls) {
    const source = `witness ${url}`;
    if (nodeId === null) {
      add(readWitnessCopy(null, source, ''));
      continue;
    }
    try {
      add(readWitnessCopy(await deps.witnesses.fetchCopy(url, nodeId), source, nodeId));
    } catch (err) {
      const message = `witness ${url} could not be asked: ${(err as Error).message}`;
      sources.push({ source, witness: null, checkpoints: 0, error: message });
      sourceProblems.push({ kind: 'witness', source, seq: null, message });
    }
  }
  for (const file of options.witnessFiles ?? []) {
    add(readWitnessCopy(file.content, `file ${file.name}`, nodeId ?? ''));
  }
  const headSeq = head?.seq ?? 0;
  const hashAt = await repo.hashesAt(
    db,
    claims.map((c) => c.checkpoint.seq).filter((s) => s <= headSeq),
  );
  return assessCheckpoints({
    chain,
    headSeq,
    hashAt,
    nodeId: nodeId ?? '',
    publicKeys,
    claims,
    sources,
    sourceProblems,
  });
}
