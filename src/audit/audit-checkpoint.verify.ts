import { parseDescriptor } from '../federation/descriptor.js';
import { verifyCanonical } from '../federation/signing.js';
import {
  checkpointSignatureValid,
  parseCheckpoint,
  receiptStatement,
  type Checkpoint,
} from './audit-checkpoint.js';
import { copyStatement, type HeldCheckpoint } from './audit-witness.service.js';
import type { AuditVerification } from './audit.types.js';

/**
 * Comparing the audit chain with signed checkpoints (issue 8, item 4) — pure. The chain check
 * alone finds a changed, removed or reordered entry, but not a history rewritten with every
 * hash recomputed, nor removed newest entries; a checkpoint whose head hash a witness holds
 * does: the chain's hash at the checkpoint's seq must still be the witnessed one.
 */

/** One checkpoint as one source (the local table, a witness, a witness's file) has it. */
export interface CheckpointClaim {
  readonly source: string;
  readonly checkpoint: Checkpoint;
  readonly signature: string;
  readonly countersignatures: readonly {
    readonly witness: string;
    readonly publicKey: string;
    readonly receivedAt: string;
    readonly signature: string;
  }[];
  /** The witness holds another checkpoint of the same seq with a different head hash. */
  readonly equivocation?: boolean;
}

export type WitnessedProblemKind =
  | 'chain'
  | 'signature'
  | 'countersignature'
  | 'head-mismatch'
  | 'truncated'
  | 'equivocation'
  | 'witness';

export interface WitnessedProblem {
  readonly kind: WitnessedProblemKind;
  /** `local`, `witness <url>` or `file <path>`. */
  readonly source: string;
  readonly seq: number | null;
  readonly message: string;
}

export interface CheckpointSource {
  readonly source: string;
  /** The witness's node id, when its copy could be read. */
  readonly witness: string | null;
  readonly checkpoints: number;
  readonly error: string | null;
}

/** Where the rewritten history starts, as narrowly as the checkpoints allow. */
export interface Divergence {
  /** The newest seq a valid checkpoint confirms (0: none). */
  readonly lastMatchingSeq: number;
  /** The oldest seq a valid checkpoint contradicts (or the first missing entry). */
  readonly firstDivergingSeq: number;
  /** The exact first broken entry, when the chain itself is broken. */
  readonly firstBrokenSeq: number | null;
  readonly message: string;
}

export interface WitnessedAuditReport {
  readonly ok: boolean;
  readonly chain: AuditVerification;
  /** The chain's last seq (0 when empty). */
  readonly headSeq: number;
  /** Checkpoints compared with the chain (each source counts). */
  readonly checkpoints: number;
  readonly sources: CheckpointSource[];
  readonly problems: WitnessedProblem[];
  readonly divergence: Divergence | null;
}

/** Reads a witness's signed copy (from its endpoint or a file) into claims, checking it. */
export function readWitnessCopy(
  value: unknown,
  source: string,
  nodeId: string,
): { claims: CheckpointClaim[]; summary: CheckpointSource; problems: WitnessedProblem[] } {
  const fail = (message: string) => ({
    claims: [],
    summary: { source, witness: null, checkpoints: 0, error: message },
    problems: [{ kind: 'witness' as const, source, seq: null, message }],
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('the witness copy is not a JSON object');
  }
  const v = value as Record<string, unknown>;
  let witnessKey: string;
  let witness: string;
  try {
    const d = parseDescriptor(v.witness);
    witnessKey = d.publicKey;
    witness = d.nodeId;
  } catch (err) {
    return fail(`the witness copy's descriptor is not valid: ${(err as Error).message}`);
  }
  if (v.nodeId !== nodeId)
    return fail(`the witness copy is for ${String(v.nodeId)}, not ${nodeId}`);
  if (
    !Array.isArray(v.checkpoints) ||
    typeof v.at !== 'string' ||
    typeof v.signature !== 'string'
  ) {
    return fail('the witness copy lacks { at, checkpoints, signature }');
  }
  const held = v.checkpoints as HeldCheckpoint[];
  if (
    !verifyCanonical(
      witnessKey,
      copyStatement({ nodeId, at: v.at, checkpoints: held }),
      v.signature,
    )
  ) {
    return fail(`the witness copy is not signed by witness ${witness}'s key`);
  }
  const claims: CheckpointClaim[] = [];
  const problems: WitnessedProblem[] = [];
  held.forEach((h, i) => {
    try {
      const checkpoint = parseCheckpoint(h.checkpoint, `/checkpoints/${i}/checkpoint`);
      claims.push({
        source,
        checkpoint,
        signature: String(h.signature),
        countersignatures: [
          {
            witness,
            publicKey: witnessKey,
            receivedAt: String(h.receivedAt),
            signature: String(h.countersignature),
          },
        ],
        equivocation: h.equivocation === true,
      });
    } catch (err) {
      problems.push({ kind: 'witness', source, seq: null, message: (err as Error).message });
    }
  });
  return {
    claims,
    summary: { source, witness, checkpoints: claims.length, error: null },
    problems,
  };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Compares every claim with the chain: `hashAt` holds the chain's stored hash at each claimed
 * seq up to `headSeq`; `publicKeys` are the keys the node has signed with.
 */
export function assessCheckpoints(input: {
  readonly chain: AuditVerification;
  readonly headSeq: number;
  readonly hashAt: ReadonlyMap<number, string>;
  readonly nodeId: string;
  readonly publicKeys: readonly string[];
  readonly claims: readonly CheckpointClaim[];
  readonly sources: CheckpointSource[];
  readonly sourceProblems: readonly WitnessedProblem[];
}): WitnessedAuditReport {
  const problems: WitnessedProblem[] = [];
  if (!input.chain.ok) {
    const { seq, problem, message } = input.chain.firstBad;
    problems.push({
      kind: 'chain',
      source: 'local',
      seq,
      message: `the chain is broken at entry #${seq} (${problem}): ${message}`,
    });
  }
  problems.push(...input.sourceProblems);
  const matching: number[] = [];
  const diverging: number[] = [];
  let compared = 0;
  for (const c of input.claims) {
    const { checkpoint: cp, source } = c;
    if (cp.nodeId !== input.nodeId) {
      problems.push({
        kind: 'witness',
        source,
        seq: cp.seq,
        message: `checkpoint #${cp.seq} is of node ${cp.nodeId}`,
      });
      continue;
    }
    if (!input.publicKeys.some((k) => checkpointSignatureValid(k, cp, c.signature))) {
      problems.push({
        kind: 'signature',
        source,
        seq: cp.seq,
        message: `checkpoint #${cp.seq} is not signed by this node's key`,
      });
      continue;
    }
    for (const cs of c.countersignatures) {
      const statement = receiptStatement(cp, c.signature, cs.receivedAt);
      if (!verifyCanonical(cs.publicKey, statement, cs.signature)) {
        problems.push({
          kind: 'countersignature',
          source,
          seq: cp.seq,
          message: `witness ${cs.witness}'s countersignature of checkpoint #${cp.seq} is not valid`,
        });
      }
    }
    if (c.equivocation) {
      problems.push({
        kind: 'equivocation',
        source,
        seq: cp.seq,
        message: `the witness holds two different checkpoints #${cp.seq} signed by this node (equivocation)`,
      });
    }
    compared += 1;
    if (cp.seq > input.headSeq) {
      diverging.push(input.headSeq + 1);
      problems.push({
        kind: 'truncated',
        source,
        seq: cp.seq,
        message: `checkpoint #${cp.seq} is beyond the chain's end (#${input.headSeq}): entries #${input.headSeq + 1} to #${cp.seq} were removed`,
      });
      continue;
    }
    const actual = input.hashAt.get(cp.seq);
    if (actual === cp.headHash) {
      matching.push(cp.seq);
      continue;
    }
    diverging.push(cp.seq);
    problems.push({
      kind: 'head-mismatch',
      source,
      seq: cp.seq,
      message:
        actual === undefined
          ? `checkpoint #${cp.seq} names an entry the chain no longer has`
          : `checkpoint #${cp.seq} (taken ${cp.at}) holds head hash ${short(cp.headHash)} but the chain's entry #${cp.seq} has ${short(actual)}: history was rewritten`,
    });
  }
  const divergence = locate(input.chain, input.headSeq, matching, diverging);
  return {
    ok: problems.length === 0,
    chain: input.chain,
    headSeq: input.headSeq,
    checkpoints: compared,
    sources: input.sources,
    problems,
    divergence,
  };
}

function locate(
  chain: AuditVerification,
  headSeq: number,
  matching: readonly number[],
  diverging: readonly number[],
): Divergence | null {
  const firstBrokenSeq = chain.ok ? null : chain.firstBad.seq;
  if (diverging.length === 0 && firstBrokenSeq === null) return null;
  const firstDivergingSeq = Math.min(
    ...diverging,
    ...(firstBrokenSeq === null ? [] : [firstBrokenSeq]),
  );
  const lastMatchingSeq = Math.max(0, ...matching.filter((s) => s < firstDivergingSeq));
  let message: string;
  if (firstBrokenSeq !== null && firstBrokenSeq === firstDivergingSeq) {
    message = `the history diverges at entry #${firstBrokenSeq}, the first broken entry of the chain`;
  } else if (firstDivergingSeq > headSeq) {
    message =
      `entries after #${headSeq} were removed: a witnessed checkpoint lies beyond the chain's end` +
      (lastMatchingSeq > 0
        ? `; entries up to #${lastMatchingSeq} match a witnessed checkpoint`
        : '');
  } else {
    message =
      lastMatchingSeq + 1 === firstDivergingSeq
        ? `the history diverges at entry #${firstDivergingSeq}`
        : `the history diverges from the witnessed checkpoints at an entry between #${lastMatchingSeq + 1} and #${firstDivergingSeq}` +
          (lastMatchingSeq > 0 ? ` (entries up to #${lastMatchingSeq} match)` : '');
    if (firstBrokenSeq !== null)
      message += `; the chain's first broken entry is #${firstBrokenSeq}`;
  }
  return { lastMatchingSeq, firstDivergingSeq, firstBrokenSeq, message };
}
