import type { Kysely } from 'kysely';
import { requireRole } from '../auth/roles.js';
import { parseDescriptor } from '../federation/descriptor.js';
import type { NodeIdentity, PeerDirectory } from '../federation/federation.types.js';
import { verifyCanonical } from '../federation/signing.js';
import { retryDelayMs } from '../notify/delivery-schedule.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import {
  checkpointDue,
  receiptStatement,
  type Checkpoint,
  type Countersignature,
} from './audit-checkpoint.js';
import { checkpointRepository as repo, type CheckpointRow } from './audit-checkpoint.repository.js';
import type { CheckpointWitnessPort } from './audit-witness.port.js';
import type { AuditLog } from './audit.types.js';

export interface CheckpointServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** The node key that signs checkpoints; absent, checkpoints cannot be taken. */
  /** This node's identity, once loaded (undefined: none yet). */
  readonly identity?: () => NodeIdentity | undefined;
  readonly witnesses: CheckpointWitnessPort;
  /** Base URLs of the outside witnesses (config `auditWitnesses`). */
  readonly witnessUrls: readonly string[];
  /** The node's peers (issue 6), who witness too once federation is wired. */
  readonly peers?: Pick<PeerDirectory, 'active'>;
  /** Seconds between periodic checkpoints; 0: on demand only. */
  readonly intervalSeconds: number;
  /** Delay before the first retry of a witness; doubles each time (at most 6 hours). */
  readonly retryBaseMs: number;
  /** The actor of the periodic sweep (a named, least-privilege service actor). */
  readonly sweepActor: () => Promise<Actor>;
}

/** One checkpoint as admins and oversight read it, with its witnesses. */
export interface CheckpointView extends Checkpoint {
  readonly id: string;
  readonly signature: string;
  readonly receipts: (Countersignature & { readonly witnessUrl: string })[];
  readonly deliveries: {
    readonly witnessUrl: string;
    readonly state: 'pending' | 'delivered';
    readonly attempts: number;
    readonly lastError: string | null;
    readonly nextAttemptAt: string;
  }[];
}

export interface CheckpointService {
  /** Signs the chain's head, stores and audits it, and queues it for every witness. */
  take(actor: Actor): Promise<CheckpointView>;
  /** Newest first (admin, oversight). */
  list(actor: Actor, query: { limit?: number; beforeSeq?: number }): Promise<CheckpointView[]>;
  /** Sends due outbox rows to their witnesses; returns how many were tried. */
  deliverDue(): Promise<number>;
  /** One sweep pass: a checkpoint when due, then the witness outbox. */
  tick(): Promise<void>;
}

const DELIVERY_PAGE = 50;

export function createCheckpointService(deps: CheckpointServiceDeps): CheckpointService {
  const { db, clock } = deps;

  function requireIdentity(): NodeIdentity {
    const identity = deps.identity?.();
    if (!identity) {
      throw new DomainError(
        'NH_ERR_NOT_READY',
        'this node has no node identity yet, so it cannot sign audit checkpoints',
      );
    }
    return identity;
  }

  async function witnessTargets(): Promise<string[]> {
    const peers = deps.peers ? await deps.peers.active() : [];
    return [...new Set([...deps.witnessUrls, ...peers.map((p) => p.descriptor.baseUrl)])];
  }

  async function views(rows: readonly CheckpointRow[]): Promise<CheckpointView[]> {
    const ids = rows.map((r) => r.id);
    const [receipts, outbox] = await Promise.all([
      repo.receiptsOf(db, ids),
      repo.outboxOf(db, ids),
    ]);
    return rows.map((r) => ({
      id: r.id,
      nodeId: r.node_id,
      seq: r.seq,
      headHash: r.head_hash,
      at: r.at,
      signature: r.signature,
      receipts: receipts
        .filter((x) => x.checkpoint_id === r.id)
        .map((x) => ({
          witness: x.witness_node_id,
          witnessUrl: x.witness_url,
          receivedAt: x.received_at,
          signature: x.signature,
        })),
      deliveries: outbox
        .filter((o) => o.checkpoint_id === r.id)
        .map((o) => ({
          witnessUrl: o.witness_url,
          state: o.state,
          attempts: o.attempts,
          lastError: o.last_error,
          nextAttemptAt: o.next_attempt_at,
        })),
    }));
  }

  async function take(actor: Actor): Promise<CheckpointView> {
    requireRole(actor, 'admin');
    const identity = requireIdentity();
    const targets = await witnessTargets();
    const row = await inWriteTransaction(db, deps.capabilities, async (trx) => {
      const head = await repo.head(trx);
      if (!head) {
        throw new DomainError('NH_ERR_CONFLICT', 'the audit chain is empty: nothing to checkpoint');
      }
      const existing = await repo.bySeq(trx, identity.nodeId, head.seq);
      if (existing) return existing;
      const checkpoint: Checkpoint = {
        nodeId: identity.nodeId,
        seq: head.seq,
        headHash: head.hash,
        at: clock.now().toISOString(),
      };
      const stored: CheckpointRow = {
        id: deps.random.uuid(),
        node_id: checkpoint.nodeId,
        seq: checkpoint.seq,
        head_hash: checkpoint.headHash,
        at: checkpoint.at,
        signature: identity.sign(checkpoint),
        public_key: identity.descriptor().publicKey,
      };
      await repo.insert(trx, stored);
      await repo.enqueue(trx, stored.id, targets, checkpoint.at);
      await deps.audit.append(trx, actor, {
        action: 'audit.checkpoint',
        target: `#${checkpoint.seq}`,
        details: { checkpointId: stored.id, headHash: checkpoint.headHash, witnesses: targets },
      });
      return stored;
    });
    return (await views([row]))[0]!;
  }

  /** Checks the witness's answer: its descriptor, and its signature over the receipt. */
  function checkedReceipt(row: CheckpointRow, answer: unknown): Countersignature & { key: string } {
    const a = (answer ?? {}) as Record<string, unknown>;
    const descriptor = parseDescriptor(a.descriptor);
    if (a.witness !== descriptor.nodeId || typeof a.receivedAt !== 'string') {
      throw new Error('the witness answered a receipt that does not name it');
    }
    const checkpoint = { nodeId: row.node_id, seq: row.seq, headHash: row.head_hash, at: row.at };
    const statement = receiptStatement(checkpoint, row.signature, a.receivedAt);
    if (
      typeof a.signature !== 'string' ||
      !verifyCanonical(descriptor.publicKey, statement, a.signature)
    ) {
      throw new Error('the witness’s countersignature is not valid');
    }
    return {
      witness: descriptor.nodeId,
      receivedAt: a.receivedAt,
      signature: a.signature,
      key: descriptor.publicKey,
    };
  }

  async function deliverDue(): Promise<number> {
    const now = clock.now();
    const due = await repo.due(db, now.toISOString(), DELIVERY_PAGE);
    for (const o of due) {
      const row = await repo.byId(db, o.checkpoint_id);
      if (!row) continue;
      try {
        const identity = requireIdentity();
        const answer = await deps.witnesses.submit(o.witness_url, {
          checkpoint: { nodeId: row.node_id, seq: row.seq, headHash: row.head_hash, at: row.at },
          signature: row.signature,
          descriptor: identity.descriptor(),
        });
        const receipt = checkedReceipt(row, answer);
        await inWriteTransaction(db, deps.capabilities, async (trx) => {
          await repo.insertReceipt(trx, {
            checkpoint_id: row.id,
            witness_node_id: receipt.witness,
            witness_url: o.witness_url,
            witness_public_key: receipt.key,
            received_at: receipt.receivedAt,
            signature: receipt.signature,
          });
          await repo.delivered(trx, o, clock.now().toISOString());
        });
      } catch (err) {
        const attempts = o.attempts + 1;
        const delay = retryDelayMs(attempts, { baseDelayMs: deps.retryBaseMs, maxAttempts: 0 });
        await repo.failed(db, o, {
          attempts,
          nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
          error: err instanceof Error ? err.message : String(err),
          now: clock.now().toISOString(),
        });
      }
    }
    return due.length;
  }

  return {
    take,
    async list(actor, query) {
      requireRole(actor, 'admin', 'oversight');
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
      return views(await repo.list(db, limit, query.beforeSeq));
    },
    deliverDue,
    async tick() {
      if (deps.identity?.()) {
        const [head, last] = await Promise.all([repo.head(db), repo.latest(db)]);
        const due = checkpointDue({
          now: clock.now(),
          intervalSeconds: deps.intervalSeconds,
          last: last ?? null,
          headSeq: head?.seq ?? 0,
        });
        if (due) await take(await deps.sweepActor());
      }
      await deliverDue();
    },
  };
}
