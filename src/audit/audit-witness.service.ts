import type { Kysely } from 'kysely';
import { requireRole } from '../auth/roles.js';
import { checkKeyHistory, parseDescriptor, type NodeDescriptor } from '../federation/descriptor.js';
import type { NodeIdentity, PeerDirectory } from '../federation/federation.types.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import {
  checkpointSignatureValid,
  parseCheckpoint,
  receiptStatement,
  type Checkpoint,
} from './audit-checkpoint.js';
import type { WitnessReceipt } from './audit-witness.port.js';
import type { AuditLog } from './audit.types.js';

/**
 * This node as a witness of other nodes' audit checkpoints (issue 8, item 4). It accepts a
 * checkpoint only from a node whose key it knows — an active peer, or a node an administrator
 * registered here with its fingerprint — keeps every checkpoint it accepted (append-only: a
 * second, different checkpoint for the same node and seq is kept too and shown as an
 * equivocation), and signs each back.
 */
export interface WitnessService {
  receive(submission: unknown): Promise<WitnessReceipt>;
  /** Everything held for `nodeId`, signed by this witness (see {@link WitnessCopy}). */
  copyFor(nodeId: string): Promise<WitnessCopy>;
  register(
    actor: Actor,
    input: { descriptor: unknown; fingerprint: string },
  ): Promise<WitnessedNode>;
  listNodes(actor: Actor): Promise<WitnessedNode[]>;
}

export interface WitnessedNode {
  readonly nodeId: string;
  readonly name: string;
  readonly fingerprint: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

/** One checkpoint as the witness holds it. */
export interface HeldCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly signature: string;
  /** The key the checkpoint was verified with when it came. */
  readonly publicKey: string;
  readonly receivedAt: string;
  /** The witness's countersignature over `{ checkpoint, checkpointSignature, receivedAt }`. */
  readonly countersignature: string;
  /** Another checkpoint of the same node and seq has a different head hash. */
  readonly equivocation: boolean;
}

/**
 * The witness's signed copy for one node (`GET /federation/v1/audit-witness/:nodeId`, or a
 * file): `signature` is the witness key over `{ nodeId, at, checkpoints }`.
 */
export interface WitnessCopy {
  readonly witness: NodeDescriptor;
  readonly nodeId: string;
  readonly at: string;
  readonly checkpoints: HeldCheckpoint[];
  readonly signature: string;
}

export interface WitnessServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** This node's identity, once loaded (undefined: none yet). */
  readonly identity?: () => NodeIdentity | undefined;
  readonly peers?: Pick<PeerDirectory, 'find'>;
}

/** What a witness copy's signature covers. */
export function copyStatement(copy: Pick<WitnessCopy, 'nodeId' | 'at' | 'checkpoints'>) {
  return { nodeId: copy.nodeId, at: copy.at, checkpoints: copy.checkpoints };
}

export function createWitnessService(deps: WitnessServiceDeps): WitnessService {
  const { db, clock } = deps;

  function identity(): NodeIdentity {
    const own = deps.identity?.();
    if (!own) {
      throw new DomainError(
        'NH_ERR_NOT_READY',
        'this node has no node identity yet: it cannot witness',
      );
    }
    return own;
  }

  /** The descriptor this witness trusts for `nodeId`: an active peer's, or a registered one. */
  async function knownDescriptor(nodeId: string): Promise<NodeDescriptor | null> {
    const peer = deps.peers ? await deps.peers.find(nodeId) : null;
    if (peer && peer.state === 'active') return peer.descriptor;
    const row = await db
      .selectFrom('audit_witnessed_nodes')
      .select('descriptor')
      .where('node_id', '=', nodeId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.descriptor) as NodeDescriptor) : null;
  }

  return {
    async receive(submission) {
      const me = identity();
      if (submission === null || typeof submission !== 'object' || Array.isArray(submission)) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          'the body must be { checkpoint, signature, descriptor }',
        );
      }
      const s = submission as Record<string, unknown>;
      const descriptor = parseDescriptor(s.descriptor);
      const checkpoint = parseCheckpoint(s.checkpoint);
      if (typeof s.signature !== 'string' || s.signature === '') {
        throw new DomainError('NH_ERR_VALIDATION', 'the checkpoint is not valid', [
          { path: '/signature', message: 'must be the sender’s signature of the checkpoint' },
        ]);
      }
      if (checkpoint.nodeId !== descriptor.nodeId) {
        throw new DomainError('NH_ERR_VALIDATION', 'the checkpoint is not valid', [
          {
            path: '/checkpoint/nodeId',
            message: `is not the sender’s node id ${descriptor.nodeId}`,
          },
        ]);
      }
      const known = await knownDescriptor(descriptor.nodeId);
      if (known === null) {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `this witness does not know node ${descriptor.nodeId}: it must be a peer or be registered here by an administrator`,
        );
      }
      if (!checkKeyHistory(descriptor).includes(known.publicKey)) {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `node ${descriptor.nodeId} presented a key this witness never confirmed (fingerprint ${descriptor.fingerprint})`,
        );
      }
      if (!checkpointSignatureValid(descriptor.publicKey, checkpoint, s.signature)) {
        throw new DomainError('NH_ERR_VALIDATION', 'the checkpoint is not valid', [
          { path: '/signature', message: 'is not the sender key’s signature of the checkpoint' },
        ]);
      }
      const signature = s.signature;
      return inWriteTransaction(db, deps.capabilities, async (trx) => {
        const same = await trx
          .selectFrom('audit_witnessed_checkpoints')
          .selectAll()
          .where('node_id', '=', checkpoint.nodeId)
          .where('seq', '=', checkpoint.seq)
          .where('head_hash', '=', checkpoint.headHash)
          .where('at', '=', checkpoint.at)
          .executeTakeFirst();
        if (same) {
          return {
            witness: me.nodeId,
            receivedAt: same.received_at,
            signature: same.receipt_signature,
            descriptor: me.descriptor(),
          };
        }
        const other = await trx
          .selectFrom('audit_witnessed_checkpoints')
          .select('head_hash')
          .where('node_id', '=', checkpoint.nodeId)
          .where('seq', '=', checkpoint.seq)
          .where('head_hash', '!=', checkpoint.headHash)
          .executeTakeFirst();
        const receivedAt = clock.now().toISOString();
        const receiptSignature = me.sign(receiptStatement(checkpoint, signature, receivedAt));
        await trx
          .insertInto('audit_witnessed_checkpoints')
          .values({
            id: deps.random.uuid(),
            node_id: checkpoint.nodeId,
            seq: checkpoint.seq,
            head_hash: checkpoint.headHash,
            at: checkpoint.at,
            signature,
            public_key: descriptor.publicKey,
            received_at: receivedAt,
            receipt_signature: receiptSignature,
          })
          .execute();
        await deps.audit.append(trx, null, {
          action: other ? 'audit.witness.equivocation' : 'audit.witness.receive',
          target: checkpoint.nodeId,
          details: {
            seq: checkpoint.seq,
            headHash: checkpoint.headHash,
            ...(other ? { otherHeadHash: other.head_hash } : {}),
          },
        });
        return {
          witness: me.nodeId,
          receivedAt,
          signature: receiptSignature,
          descriptor: me.descriptor(),
        };
      });
    },

    async copyFor(nodeId) {
      const me = identity();
      if ((await knownDescriptor(nodeId)) === null) {
        throw new DomainError('NH_ERR_NOT_FOUND', `this witness holds nothing for node ${nodeId}`);
      }
      const rows = await db
        .selectFrom('audit_witnessed_checkpoints')
        .selectAll()
        .where('node_id', '=', nodeId)
        .orderBy('seq')
        .orderBy('received_at')
        .execute();
      const hashesAt = new Map<number, Set<string>>();
      for (const r of rows) {
        const set = hashesAt.get(r.seq) ?? new Set<string>();
        set.add(r.head_hash);
        hashesAt.set(r.seq, set);
      }
      const checkpoints: HeldCheckpoint[] = rows.map((r) => ({
        checkpoint: { nodeId: r.node_id, seq: r.seq, headHash: r.head_hash, at: r.at },
        signature: r.signature,
        publicKey: r.public_key,
        receivedAt: r.received_at,
        countersignature: r.receipt_signature,
        equivocation: (hashesAt.get(r.seq)?.size ?? 0) > 1,
      }));
      const at = clock.now().toISOString();
      return {
        witness: me.descriptor(),
        nodeId,
        at,
        checkpoints,
        signature: me.sign(copyStatement({ nodeId, at, checkpoints })),
      };
    },

    async register(actor, input) {
      requireRole(actor, 'admin');
      const descriptor = parseDescriptor(input.descriptor);
      if (input.fingerprint.trim() !== descriptor.fingerprint) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          'the fingerprint does not match the descriptor',
          [
            {
              path: '/fingerprint',
              message: `is not the fingerprint of the descriptor's key (${descriptor.fingerprint}); confirm it with the node's operator`,
            },
          ],
        );
      }
      const now = clock.now().toISOString();
      const registeredBy =
        actor.kind === 'user' ? `user:${actor.username}` : `service:${actor.name}`;
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await trx
          .insertInto('audit_witnessed_nodes')
          .values({
            node_id: descriptor.nodeId,
            descriptor: JSON.stringify(descriptor),
            fingerprint: descriptor.fingerprint,
            registered_at: now,
            registered_by: registeredBy,
          })
          .onConflict((oc) =>
            oc.column('node_id').doUpdateSet({
              descriptor: JSON.stringify(descriptor),
              fingerprint: descriptor.fingerprint,
              registered_at: now,
              registered_by: registeredBy,
            }),
          )
          .execute();
        await deps.audit.append(trx, actor, {
          action: 'audit.witnessed-node.register',
          target: descriptor.nodeId,
          details: { name: descriptor.name, fingerprint: descriptor.fingerprint },
        });
      });
      return {
        nodeId: descriptor.nodeId,
        name: descriptor.name,
        fingerprint: descriptor.fingerprint,
        registeredAt: now,
        registeredBy,
      };
    },

    async listNodes(actor) {
      requireRole(actor, 'admin', 'oversight');
      const rows = await db
        .selectFrom('audit_witnessed_nodes')
        .selectAll()
        .orderBy('node_id')
        .execute();
      return rows.map((r) => ({
        nodeId: r.node_id,
        name: (JSON.parse(r.descriptor) as NodeDescriptor).name,
        fingerprint: r.fingerprint,
        registeredAt: r.registered_at,
        registeredBy: r.registered_by,
      }));
    },
  };
}
