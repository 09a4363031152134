import { sql } from 'kysely';
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
  MembershipBody,
  ObjectBody,
  WithdrawalBody,
  WithdrawalReceipt,
} from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import type { FeedCore } from './feed-core.js';
import { parseItem, signReceipt, verifyItem } from './feed-item.js';
import { feedLogRepository as log } from './feed-log.repository.js';

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

type Result =
  | { readonly kind: 'applied'; readonly receipt?: WithdrawalReceipt }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'refused'; readonly reason: string };

const refused = (reason: string): Result => ({ kind: 'refused', reason });

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
    if (effectiveTlp(item.audience.tlp) === 'amber+strict')
      return refused('TLP:AMBER+STRICT never leaves its node');
    if (
      distribution !== 'connected' &&
      distribution !== 'all' &&
      !distribution.startsWith('sharing-group:')
    )
      return refused(`distribution ${distribution} is not shared between nodes`);
    const known = await db
      .selectFrom('organizations')
      .select('id')
      .where(
        'id',
        'in',
        item.audience.recipientOrgIds.length > 0 ? [...item.audience.recipientOrgIds] : [''],
      )
      .execute();
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

  /** Mirrors a peer's sharing group here, so its members read what it distributes. */
  async function applyMembership(item: ChangeItem, from: PeerRecord): Promise<Result> {
    const body = item.body as MembershipBody;
    const at = core.now();
    const group = await db
      .selectFrom('sharing_groups')
      .selectAll()
      .where('id', '=', body.groupId)
      .executeTakeFirst();
    if (group && group.owner_org_id !== body.ownerOrgId)
      return refused(`sharing group ${body.groupId} belongs to another organisation here`);
    const origin = await core.peers.find(item.origin);
    const hosted = [...from.organizations, ...(origin?.organizations ?? [])].find(
      (o) => o.id === body.ownerOrgId,
    );
    await inWriteTransaction(db, core.capabilities, async (trx) => {
      const owner = await trx
        .selectFrom('organizations')
        .select('id')
        .where('id', '=', body.ownerOrgId)
        .executeTakeFirst();
      if (!owner) {
        // The owner is known here as a remote organisation, as recipients of other nodes are.
        const name = hosted?.name ?? origin?.descriptor.organization.name ?? body.ownerOrgId;
        const taken = await trx
          .selectFrom('organizations')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirst();
        await trx
          .insertInto('organizations')
          .values({
            id: body.ownerOrgId,
            name: taken ? `${name} (${body.ownerOrgId})` : name,
            sector: 'other',
            country: hosted?.country ?? origin?.descriptor.country ?? null,
            created_at: at,
          })
          .execute();
      }
      if (!group) {
        const taken = await trx
          .selectFrom('sharing_groups')
          .select('id')
          .where('name', '=', body.groupName)
          .executeTakeFirst();
        await trx
          .insertInto('sharing_groups')
          .values({
            id: body.groupId,
            name: taken ? `${body.groupName} (${body.groupId})` : body.groupName,
            owner_org_id: body.ownerOrgId,
            hide_members: 1,
            created_at: at,
          })
          .execute();
      }
      if (body.change === 'added') {
        await trx
          .insertInto('sharing_group_members')
          .values({ group_id: body.groupId, organization_id: body.organizationId, added_at: at })
          .onConflict((oc) => oc.columns(['group_id', 'organization_id']).doNothing())
          .execute();
      } else {
        await trx
          .deleteFrom('sharing_group_members')
          .where('group_id', '=', body.groupId)
          .where('organization_id', '=', body.organizationId)
          .where('organization_id', '!=', sql.lit(body.ownerOrgId))
          .execute();
      }
      await log.markApplied(
        trx,
        {
          itemId: item.id,
          origin: item.origin,
          kind: item.kind,
          // The group id: this node's copy of the group is a mirror (see `isMirrored`).
          objectId: body.groupId,
          peer: from.nodeId,
        },
        at,
      );
      await core.audit.append(trx, core.actor(body.ownerOrgId), {
        action: 'federation.membership.apply',
        target: body.groupId,
        details: {
          item: item.id,
          origin: item.origin,
          organizationId: body.organizationId,
          change: body.change,
        },
      });
    });
    return { kind: 'applied' };
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
        return { ...(await applyMembership(item, from)), id };
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
