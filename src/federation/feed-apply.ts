import type { ObjectService } from '../objects/object.service.js';
import type { Distribution } from '../objects/object.types.js';
import { objectVersionsRepository as versionsRepo } from '../objects/object-versions.repository.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import { effectiveTlp } from '../policy/read-policy.js';
import { checkKeyHistory } from './descriptor.js';
import type {
  ApplyOutcome,
  ChangeItem,
  ObjectBody,
  WithdrawalBody,
  WithdrawalReceipt,
} from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import type { FeedCore } from './feed-core.js';
import { parseItem, signReceipt, verifyItem } from './feed-item.js';
import { feedLogRepository as log } from './feed-log.repository.js';
import { applyMembership } from './feed-membership.js';
import { refused, type ApplyResult } from './feed-apply-result.js';

/**
 * Applying what a peer sends (issue 6 §4): every item is parsed, its origin must be a known
 * peer and its signature that origin's; an item already applied is a duplicate (at-least-once
 * delivery, exactly-once effect). Objects go through the normal ingest path as the service
 * actor `federation` on behalf of the owning organisation, so the read policy decides who on
 * this node reads them exactly as for local content; an object id + version already stored is
 * a duplicate. `all` objects are appended to this node's log unchanged (the relay). A refused
 * item is logged with its reason and counted; it changes nothing.
 */
export interface FeedApplier {
  receive(peer: PeerRecord, items: readonly unknown[]): Promise<ApplyOutcome>;
}

/** Objects being applied right now: their own `objects.stored` events are not local changes. */
export type ApplyingIds = Set<string>;

type Result = ApplyResult;

export function createFeedApplier(
  core: FeedCore,
  deps: {
    readonly objects: ObjectService;
    readonly applying: ApplyingIds;
    /** Withdraws an object this node relayed from the peers it sent it to. */
    readonly cascadeWithdrawal: (objectId: string) => Promise<void>;
  },
): FeedApplier {
  const { db } = core;

  async function originKeys(origin: string): Promise<string[] | null> {
    const peer = await core.peers.find(origin);
    if (peer === null || peer.state === 'requested' || peer.state === 'removed') return null;
    try {
      return checkKeyHistory(peer.descriptor);
    } catch {
      return [peer.descriptor.publicKey];
    }
  }

  async function applyObject(item: ChangeItem, from: PeerRecord): Promise<Result> {
    const body = item.body as ObjectBody;
    const { distribution } = item.audience;
    if (distribution !== 'all' && item.origin !== from.nodeId)
      return refused(`${distribution} content is never relayed`);
    if (effectiveTlp(item.audience.tlp) === 'amber+strict')
      return refused('TLP:AMBER+STRICT never leaves its node');
    if (
      distribution !== 'connected' &&
      distribution !== 'all' &&
      !distribution.startsWith('sharing-group:')
    )
      return refused(`distribution ${distribution} is not shared between nodes`);
    const named = [...new Set(item.audience.recipientOrgIds)];
    // Recipients this node knows as organisations; others cannot be named here.
    const known =
      named.length === 0
        ? []
        : await db.selectFrom('organizations').select('id').where('id', 'in', named).execute();
    deps.applying.add(body.object.id);
    try {
      const summary = await deps.objects.ingest(core.actor(body.ownerOrgId), [body.object], {
        mode: 'atomic',
        distribution: distribution as Distribution,
        recipients: { organizations: known.map((o) => o.id) },
      });
      const rejection = summary.rejected[0];
      if (rejection)
        return refused(`invalid STIX: ${JSON.stringify(rejection.errors).slice(0, 300)}`);
      await log.markApplied(
        db,
        {
          itemId: item.id,
          origin: item.origin,
          kind: item.kind,
          objectId: body.object.id,
          peer: from.nodeId,
        },
        core.now(),
      );
      if (distribution === 'all') await core.appendRelayed(item, from.nodeId);
      return summary.stored > 0 ? { kind: 'applied' } : { kind: 'duplicate' };
    } catch (err) {
      // A concurrent writer (another process) is transient: the sender retries the batch.
      if (err instanceof DomainError && err.code !== 'NH_ERR_CONFLICT') return refused(err.message);
      throw err;
    } finally {
      deps.applying.delete(body.object.id);
    }
  }

  async function applyWithdrawal(item: ChangeItem, from: PeerRecord): Promise<Result> {
    const body = item.body as WithdrawalBody;
    if (item.origin !== from.nodeId) return refused('a withdrawal is never relayed');
    if (!body.addressedTo.includes(core.identity.nodeId))
      return refused('the withdrawal is not addressed to this node');
    const sources = await log.objectSources(db, body.objectId);
    const stored = await db
      .selectFrom('stix_objects')
      .select(['seq', 'owner_org_id'])
      .where('id', '=', body.objectId)
      .execute();
    if (stored.length > 0 && !sources.has(item.origin))
      return refused(`${item.origin} did not send ${body.objectId}; only its origin withdraws it`);
    const deletedAt = core.now();
    await inWriteTransaction(db, core.capabilities, async (trx) => {
      await versionsRepo.deleteVersions(
        trx,
        body.objectId,
        stored.map((r) => Number(r.seq)),
      );
      await trx.deleteFrom('object_recipients').where('object_id', '=', body.objectId).execute();
      await trx
        .deleteFrom('taxii_collection_objects')
        .where('object_id', '=', body.objectId)
        .execute();
      await log.deleteObjectItems(trx, body.objectId);
      await log.markApplied(
        trx,
        {
          itemId: item.id,
          origin: item.origin,
          kind: item.kind,
          objectId: body.objectId,
          peer: from.nodeId,
        },
        deletedAt,
      );
      await core.audit.append(trx, core.actor(from.descriptor.organization.id), {
        action: 'federation.withdrawal.apply',
        target: body.objectId,
        details: {
          item: item.id,
          origin: item.origin,
          versions: stored.length,
          reason: body.reason,
        },
      });
    });
    await deps.cascadeWithdrawal(body.objectId);
    const receipt = signReceipt(core.identity, {
      itemId: item.id,
      objectId: body.objectId,
      deletedAt,
    });
    return { kind: 'applied', receipt };
  }

  async function applyOne(raw: unknown, from: PeerRecord): Promise<Result & { id: string | null }> {
    const parsed = parseItem(raw);
    if (!parsed.ok) return { ...refused(parsed.reason), id: parsed.id };
    const { item } = parsed;
    const id = item.id;
    if (item.origin === core.identity.nodeId) return { kind: 'duplicate', id };
    const keys = await originKeys(item.origin);
    if (keys === null) return { ...refused(`unknown origin ${item.origin}`), id };
    if (!keys.some((k) => verifyItem(k, item)))
      return { ...refused('bad signature: not the origin’s signature of the item'), id };
    const objectId = (item.body as Partial<ObjectBody>).object?.id;
    if ((item.kind === 'object' || item.kind === 'alert') && objectId !== undefined)
      await log.addSources(db, objectId, [item.origin, from.nodeId]);
    if ((await log.appliedIds(db, [id])).has(id)) return { kind: 'duplicate', id };
    switch (item.kind) {
      case 'object':
      case 'alert':
        return { ...(await applyObject(item, from)), id };
      case 'withdrawal':
        return { ...(await applyWithdrawal(item, from)), id };
      case 'membership':
        return { ...(await applyMembership(core, item, from)), id };
      case 'tombstone':
        return { ...refused('tombstone items are not applied by this node version'), id };
    }
  }

  // One batch at a time in this process: the same item pushed by two peers at once is applied
  // once and found a duplicate the second time.
  let chain: Promise<unknown> = Promise.resolve();

  return {
    receive(peer, items) {
      const run = chain.then(() => receiveBatch(peer, items));
      chain = run.catch(() => undefined);
      return run;
    },
  };

  async function receiveBatch(peer: PeerRecord, items: readonly unknown[]): Promise<ApplyOutcome> {
    {
      let applied = 0;
      let duplicates = 0;
      const refusedItems: { id: string | null; reason: string }[] = [];
      const receipts: WithdrawalReceipt[] = [];
      for (const raw of items) {
        const r = await applyOne(raw, peer);
        if (r.kind === 'applied') {
          applied += 1;
          if (r.receipt) receipts.push(r.receipt);
        } else if (r.kind === 'duplicate') duplicates += 1;
        else {
          refusedItems.push({ id: r.id, reason: r.reason });
          core.warn('federation: item refused', {
            peer: peer.nodeId,
            item: r.id,
            reason: r.reason,
          });
          await log.refuse(db, peer.nodeId, r.id, r.reason, core.now());
        }
      }
      return { applied, duplicates, refused: refusedItems, receipts };
    }
  }
}
