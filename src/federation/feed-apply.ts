import type { ObjectService } from '../objects/object.service.js';
import { objectVersionsRepository as versionsRepo } from '../objects/object-versions.repository.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
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
import { parseItem, signReceipt, verifyItemAsync, type ParsedItem } from './feed-item.js';
import { feedLogRepository as log } from './feed-log.repository.js';
import { applyMembership } from './feed-membership.js';
import { applyObjects, objectRefusal } from './feed-apply-objects.js';
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

/** An item parsed, with its origin's keys (null: unknown origin) and whether one signed it. */
interface Verified {
  readonly parsed: ParsedItem;
  readonly keys: string[] | null;
  readonly signed: boolean;
}

export function createFeedApplier(
  core: FeedCore,
  deps: {
    readonly objects: ObjectService;
    readonly applying: ApplyingIds;
    /** Withdraws an object this node relayed from the peers it sent it to. */
    readonly cascadeWithdrawal: (objectId: string) => Promise<void>;
    /** Counts a peer's outbreak aggregate (false: a duplicate); absent: refused. */
    readonly observeAggregate?: (report: unknown) => Promise<boolean>;
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
      await log.deleteObjectItems(trx, [body.objectId]);
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

  /**
   * Parses every item of a batch and checks the signatures of all of them at once (in the
   * thread pool, see `verifyItemAsync`), before any is applied.
   */
  function verifyAll(
    raws: readonly unknown[],
    keysOf: (origin: string) => Promise<string[] | null>,
  ): Promise<Verified[]> {
    return Promise.all(
      raws.map(async (raw): Promise<Verified> => {
        const parsed = parseItem(raw);
        if (!parsed.ok || parsed.item.origin === core.identity.nodeId)
          return { parsed, keys: null, signed: false };
        const keys = await keysOf(parsed.item.origin);
        let signed = false;
        for (const k of keys ?? []) if (!signed) signed = await verifyItemAsync(k, parsed.item);
        return { parsed, keys, signed };
      }),
    );
  }

  /** Checks one verified item; an object item that passes comes back to be applied with its run. */
  function check(
    { parsed, keys, signed }: Verified,
    from: PeerRecord,
    applied: ReadonlySet<string>,
  ): { item: ChangeItem | null; id: string | null; result: Result | null } {
    if (!parsed.ok) return { item: null, id: parsed.id, result: refused(parsed.reason) };
    const { item } = parsed;
    const done = (result: Result) => ({ item, id: item.id, result });
    if (item.origin === core.identity.nodeId) return done({ kind: 'duplicate' });
    if (keys === null) return done(refused(`unknown origin ${item.origin}`));
    if (!signed) return done(refused('bad signature: not the origin’s signature of the item'));
    if (applied.has(item.id)) return done({ kind: 'duplicate' });
    if (item.kind === 'tombstone')
      return done(refused('tombstone items are not applied by this node version'));
    if (item.kind === 'aggregate') {
      if (!deps.observeAggregate) return done(refused('this node counts no aggregates'));
      if ((item.body as { origin?: unknown }).origin !== item.origin)
        return done(refused('the aggregate names another origin than the item'));
    }
    if (item.kind === 'object' || item.kind === 'alert') {
      const refusal = objectRefusal(item, from);
      if (refusal) return done(refusal);
    }
    return { item, id: item.id, result: null };
  }

  /** A peer's outbreak aggregate goes to this node's detector (issue 6 §6). */
  async function applyAggregate(item: ChangeItem, from: PeerRecord): Promise<Result> {
    const counted = await deps.observeAggregate!(item.body);
    await log.markApplied(
      db,
      { itemId: item.id, origin: item.origin, kind: item.kind, objectId: null, peer: from.nodeId },
      core.now(),
    );
    return counted ? { kind: 'applied' } : { kind: 'duplicate' };
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

  async function receiveBatch(from: PeerRecord, raws: readonly unknown[]): Promise<ApplyOutcome> {
    const ids = raws.flatMap((r) => {
      const id = (r as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? [id] : [];
    });
    const applied = new Set(await log.appliedIds(db, ids));
    const keyCache = new Map<string, Promise<string[] | null>>();
    const keysOf = (origin: string) => {
      let keys = keyCache.get(origin);
      if (!keys) keyCache.set(origin, (keys = originKeys(origin)));
      return keys;
    };
    const results: (Result & { id: string | null })[] = [];
    const sources: { objectId: string; node: string }[] = [];
    // Object items wait in a run, applied together before the next item of another kind.
    let run: { item: ChangeItem; at: number }[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const done = await applyObjects(
        core,
        deps,
        run.map((r) => r.item),
        from,
      );
      run.forEach((r, i) => (results[r.at] = { ...done[i]!, id: r.item.id }));
      run = [];
    };
    for (const verified of await verifyAll(raws, keysOf)) {
      const { item, id, result } = check(verified, from, applied);
      const objectId = (item?.body as Partial<ObjectBody> | undefined)?.object?.id;
      if (
        item &&
        objectId !== undefined &&
        (item.kind === 'object' || item.kind === 'alert') &&
        (result === null || result.kind === 'duplicate')
      )
        sources.push({ objectId, node: item.origin }, { objectId, node: from.nodeId });
      if (result !== null || item === null) {
        results.push({ ...(result ?? refused('malformed')), id });
        continue;
      }
      applied.add(item.id);
      if (item.kind === 'object' || item.kind === 'alert') {
        run.push({ item, at: results.length });
        results.push({ kind: 'duplicate', id });
        continue;
      }
      await flush();
      await log.addSources(db, sources.splice(0));
      const r =
        item.kind === 'withdrawal'
          ? await applyWithdrawal(item, from)
          : item.kind === 'aggregate'
            ? await applyAggregate(item, from)
            : await applyMembership(core, item, from);
      results.push({ ...r, id });
    }
    await flush();
    await log.addSources(db, sources);

    let appliedCount = 0;
    let duplicates = 0;
    const refusedItems: { id: string | null; reason: string }[] = [];
    const receipts: WithdrawalReceipt[] = [];
    for (const r of results) {
      if (r.kind === 'applied') {
        appliedCount += 1;
        if (r.receipt) receipts.push(r.receipt);
      } else if (r.kind === 'duplicate') duplicates += 1;
      else {
        refusedItems.push({ id: r.id, reason: r.reason });
        core.warn('federation: item refused', { peer: from.nodeId, item: r.id, reason: r.reason });
        await log.refuse(db, from.nodeId, r.id, r.reason, core.now());
      }
    }
    return { applied: appliedCount, duplicates, refused: refusedItems, receipts };
  }
}
