import { DomainError } from '../platform/errors.js';
import type { Actor } from '../platform/actor.js';
import { requireRole } from '../auth/roles.js';
import type { ChangeAudience, WithdrawalBody, WithdrawalReceipt } from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import type { FeedCore } from './feed-core.js';
import { loadFlowLookups } from './feed-flow-context.js';
import { verifyReceipt } from './feed-item.js';
import { feedLogRepository as log } from './feed-log.repository.js';
import { newestSources } from './feed-source.js';
import { mayFlow } from './peer-flow.js';

/**
 * Withdrawal at the origin (issue 6 §5): when the audience of an object narrows — a new version
 * with tighter markings or distribution, a sharing group losing a member, a peer's policy
 * narrowing — every peer that was sent the object and may no longer hold it receives a signed
 * `withdrawal` item addressed to it; per object × peer the origin keeps when it withdrew and
 * when the peer's signed receipt confirmed the deletion.
 */
export interface Withdrawals {
  /** Withdraws `objectId` from the peers holding it that `audience` no longer reaches. */
  afterNewAudience(objectId: string, audience: ChangeAudience): Promise<string[]>;
  /** Re-decides every object of the group that peers hold (after a member was removed). */
  afterMembershipRemoved(groupId: string): Promise<void>;
  /** Re-decides every object `peer` holds under its current policy; returns how many withdrawn. */
  reconsiderPeer(peer: PeerRecord): Promise<number>;
  /**
   * The object was deleted here when its retention period ended (issue 8, item 3): withdraws
   * it from every peer still holding it; returns those peers. Nothing to do when none holds it.
   */
  afterRetention(objectId: string): Promise<string[]>;
  /**
   * Versions of the object were deleted here (see `deletion.ts`): withdraws it from every peer
   * still holding it; returns those peers.
   */
  afterDeletion(objectId: string): Promise<string[]>;
  /** Checks and records signed receipts sent by `peer`; returns how many confirmed. */
  acceptReceipts(peer: PeerRecord, receipts: readonly unknown[]): Promise<number>;
  /** Which peers hold, were withdrawn from and confirmed an object (admins). */
  objectFederation(actor: Actor, objectId: string): Promise<ObjectFederation>;
}

export interface ObjectFederation {
  readonly objectId: string;
  readonly peers: readonly {
    readonly nodeId: string;
    readonly name: string | null;
    readonly state: 'holds' | 'withdrawn' | 'confirmed';
    readonly sentAt: string;
    readonly withdrawnAt: string | null;
    readonly confirmedAt: string | null;
  }[];
}

type Reason = WithdrawalBody['reason'];

export function createWithdrawals(core: FeedCore): Withdrawals {
  const { db } = core;

  /** Appends one withdrawal addressed to `peers` and records it against each. */
  async function withdraw(objectId: string, peers: readonly string[], reason: Reason) {
    if (peers.length === 0) return;
    const item = await core.appendOwn(
      'withdrawal',
      objectId,
      { tlp: null, distribution: 'connected', recipientOrgIds: [], recipientUserIds: [] },
      { objectId, addressedTo: [...peers], reason },
    );
    await log.markWithdrawn(db, objectId, peers, item.id, core.now());
    await core.audit.append(db, core.actor(core.identity.descriptor().organization.id), {
      action: 'federation.withdraw',
      target: objectId,
      details: { item: item.id, peers: [...peers], reason },
    });
  }

  /** Peers holding `objectId` (among `only`, if given) that `audience` no longer reaches. */
  async function unreached(
    objectId: string,
    audience: ChangeAudience,
    only?: string,
  ): Promise<string[]> {
    const held = (await log.sentTo(db, objectId)).filter(
      (s) => s.withdrawnAt === null && (only === undefined || s.peer === only),
    );
    if (held.length === 0) return [];
    const lookups = await loadFlowLookups(db);
    const ctx = { ...lookups, selfNodeId: core.identity.nodeId, receivedFrom: null };
    const out: string[] = [];
    for (const s of held) {
      const peer = await core.peers.find(s.peer);
      // A peer no longer known cannot be told; it stays recorded as holding the object.
      if (peer === null) continue;
      const active: PeerRecord = { ...peer, state: 'active' };
      const item = { origin: core.identity.nodeId, kind: 'object' as const, audience };
      if (!mayFlow(item, active, ctx).allowed) out.push(s.peer);
    }
    return out;
  }

  /** Withdraws `objectId` from every peer that holds it; returns those peers. */
  async function withdrawFromHolders(objectId: string, reason: Reason) {
    const peers = (await log.sentTo(db, objectId))
      .filter((s) => s.withdrawnAt === null)
      .map((s) => s.peer);
    await withdraw(objectId, peers, reason);
    return peers;
  }

  async function reconsider(objectIds: readonly string[], reason: Reason, only?: string) {
    let count = 0;
    for (const source of await newestSources(db, core.capabilities, objectIds)) {
      const peers = await unreached(source.row.id, source.audience, only);
      await withdraw(source.row.id, peers, reason);
      count += peers.length;
    }
    return count;
  }

  return {
    async afterNewAudience(objectId, audience) {
      const peers = await unreached(objectId, audience);
      await withdraw(objectId, peers, 'audience-narrowed');
      return peers;
    },

    async afterMembershipRemoved(groupId) {
      const ids = await log.heldWithDistribution(db, `sharing-group:${groupId}`);
      await reconsider(ids, 'membership-removed');
    },

    afterRetention: (objectId) => withdrawFromHolders(objectId, 'retention-expired'),
    afterDeletion: (objectId) => withdrawFromHolders(objectId, 'deleted'),

    async reconsiderPeer(peer) {
      return reconsider(await log.heldBy(db, peer.nodeId), 'peer-policy-narrowed', peer.nodeId);
    },

    async acceptReceipts(peer, receipts) {
      let confirmed = 0;
      for (const raw of receipts) {
        const r = raw as WithdrawalReceipt;
        const valid =
          r !== null &&
          typeof r === 'object' &&
          r.nodeId === peer.nodeId &&
          typeof r.itemId === 'string' &&
          typeof r.objectId === 'string' &&
          verifyReceipt(peer.descriptor.publicKey, r);
        if (!valid) {
          core.warn('federation: a withdrawal receipt was refused', { peer: peer.nodeId });
          await log.refuse(db, peer.nodeId, null, 'receipt: bad signature or shape', core.now());
          continue;
        }
        const text = JSON.stringify(r);
        if (await log.confirm(db, r.objectId, peer.nodeId, r.itemId, text, core.now()))
          confirmed += 1;
      }
      return confirmed;
    },

    async objectFederation(actor, objectId) {
      requireRole(actor, 'admin');
      const rows = await log.sentTo(db, objectId);
      if (rows.length === 0) {
        throw new DomainError(
          'NH_ERR_NOT_FOUND',
          `object ${objectId} was never sent to a peer of this node`,
        );
      }
      const peers = [];
      for (const s of rows) {
        const peer = await core.peers.find(s.peer);
        peers.push({
          nodeId: s.peer,
          name: peer?.descriptor.name ?? null,
          state:
            s.confirmedAt !== null
              ? ('confirmed' as const)
              : s.withdrawnAt !== null
                ? ('withdrawn' as const)
                : ('holds' as const),
          sentAt: s.firstSentAt,
          withdrawnAt: s.withdrawnAt,
          confirmedAt: s.confirmedAt,
        });
      }
      return { objectId, peers };
    },
  };
}
