import type { OutbreakWatch } from '../alerts/outbreak-watch.js';
import type { AggregateReport } from '../alerts/federated-report.js';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import { alertPropertiesOf } from '../alerts/alert-extension.js';
import type { NodeEvent, NodeEvents } from '../notify/event-bus.js';
import type { ObjectService } from '../objects/object.service.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { StixObject } from '../stix/index.js';
import type { ApplyOutcome, ChangeItem, FederationPorts, ObjectBody } from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import { createFeedApplier, type ApplyingIds } from './feed-apply.js';
import { PULL_MAX_LIMIT, MAX_BATCH_BYTES } from './feed-batch.js';
import { createFeedCore, sharable, type OwnEntry } from './feed-core.js';
import { feedLogRepository as log } from './feed-log.repository.js';
import {
  createPushWorker,
  DEFAULT_PUSH_SETTINGS,
  systemTimers,
  type PushSettings,
  type PushWorker,
  type Timers,
} from './feed-push.js';
import { createFeedReader } from './feed-serve.js';
import { newestSources, type SourceVersion } from './feed-source.js';
import { createWithdrawals, type Withdrawals } from './withdrawal.js';
import { createDeletions, type Deletions } from './deletion.js';

/**
 * The signed change feed of one node (issue 6 §3–5). Appends, after commit, the changes this
 * node may share (new object versions and revocations, sharing-group membership, alerts); serves
 * them to peers by cursor (pull) and pushes them at once (per-peer workers); applies what peers
 * send, idempotently; withdraws from peers what they may no longer hold.
 */
export interface ChangeFeed {
  /** Subscribes to node events, starts a push worker per active peer, catches up from each. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `GET /federation/v1/changes`: the page of items after `after` that `peer` may receive. */
  serve(
    peer: PeerRecord,
    after: number,
    limit: number,
  ): Promise<{ items: ChangeItem[]; next: number; more: boolean }>;
  /** `POST /federation/v1/changes`: applies a pushed batch; `next` is the sender's cursor. */
  receive(peer: PeerRecord, items: readonly unknown[], next: number | null): Promise<ApplyOutcome>;
  /** Pulls from `peer` after the cursor of what was received from it, until nothing is left. */
  pullFrom(peer: PeerRecord): Promise<void>;
  /** The catch-up started by `start` (resolved when every active peer was pulled). */
  caughtUp(): Promise<void>;
  /** Resolves once every event received so far is in the log. */
  settled(): Promise<void>;
  /** Items `nodeId` may receive beyond what it acknowledged, and the age of the oldest. */
  lag(nodeId: string): Promise<{ items: number; seconds: number } | null>;
  readonly withdrawals: Withdrawals;
  /** Deletion tombstones: the hooks of `objects.remove` (see `deletion.ts`). */
  readonly removal: Pick<Deletions, 'within' | 'after'>;
  /** Refused items of a peer, oldest first (for the peer view and tests). */
  refusals(nodeId: string): Promise<{ itemId: string | null; reason: string }[]>;
}

export interface ChangeFeedDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly audit: AuditLog;
  readonly events: NodeEvents;
  readonly objects: ObjectService;
  readonly ports: Omit<FederationPorts, 'authenticatePeer'>;
  readonly timers?: Timers;
  readonly push?: Partial<PushSettings>;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
  /**
   * Federated early warning (issue 6 §6): the outbreak watch whose local reports leave as
   * `aggregate` items and which counts the peers' ones. Absent: no aggregates.
   */
  readonly aggregates?: Pick<OutbreakWatch, 'onAggregate' | 'observeAggregate'>;
}

export function createChangeFeed(deps: ChangeFeedDeps): ChangeFeed {
  const { db } = deps;
  const core = createFeedCore({ ...deps, ...deps.ports });
  const applying: ApplyingIds = new Set();
  const reader = createFeedReader(core);
  const withdrawals = createWithdrawals(core);
  const workers = new Map<string, PushWorker>();
  const settings = { ...DEFAULT_PUSH_SETTINGS, ...deps.push };
  let unsubscribe: (() => void) | null = null;
  let pending: Promise<void> = Promise.resolve();
  let catchUp: Promise<void> = Promise.resolve();
  let stopped = true;

  /** A relayed object withdrawn here is withdrawn from the peers this node sent it to. */
  async function cascadeWithdrawal(objectId: string) {
    const held = (await log.sentTo(db, objectId)).filter((s) => s.withdrawnAt === null);
    if (held.length === 0) return;
    await withdrawals.afterNewAudience(objectId, {
      tlp: null,
      distribution: 'organisation',
      recipientOrgIds: [],
      recipientUserIds: [],
    });
  }
  const applier = createFeedApplier(core, {
    objects: deps.objects,
    applying,
    cascadeWithdrawal,
    observeAggregate: deps.aggregates && ((r) => deps.aggregates!.observeAggregate(r)),
  });
  let unsubscribeAggregates: (() => void) | null = null;

  /** A local outbreak report leaves as an aggregate to the direct peers that take them. */
  function aggregateReported(report: AggregateReport) {
    const run = () =>
      core
        .appendOwn(
          'aggregate',
          null,
          { tlp: 'green', distribution: 'connected', recipientOrgIds: [], recipientUserIds: [] },
          report,
        )
        .then(() => undefined);
    pending = pending.then(run).catch((err: unknown) => {
      core.warn('federation: appending an aggregate failed', { error: String(err) });
    });
  }

  async function sending(peer: PeerRecord, objectIds: string[]) {
    if (objectIds.length > 0) await log.recordSent(db, objectIds, peer.nodeId, core.now());
  }

  async function delivered(peer: PeerRecord, outcome: ApplyOutcome) {
    if (Array.isArray(outcome.receipts) && outcome.receipts.length > 0)
      await withdrawals.acceptReceipts(peer, outcome.receipts);
  }

  function wakeAll() {
    if (stopped) return;
    void deps.ports.peers.active().then(
      (peers) => {
        for (const peer of peers) {
          let worker = workers.get(peer.nodeId);
          if (!worker) {
            worker = createPushWorker(core, {
              peerId: peer.nodeId,
              reader,
              transport: deps.ports.transport,
              timers: deps.timers ?? systemTimers,
              settings,
              sending,
              delivered,
            });
            workers.set(peer.nodeId, worker);
          }
          worker.wake();
        }
      },
      (err: unknown) => core.warn('federation: listing peers failed', { error: String(err) }),
    );
  }
  core.onAppended.add(wakeAll);

  /**
   * New local versions: withdrawals where the audience narrowed, then the items of the whole
   * chunk in one transaction (with the removal of the older items they replace).
   */
  async function objectsStored(ids: readonly string[]) {
    const sources = (await newestSources(db, deps.capabilities, ids)).filter(
      (s): s is SourceVersion & { body: ObjectBody } => s.body !== null,
    );
    if (sources.length === 0) return;
    const objectIds = sources.map((s) => s.row.id);
    const held = await log.heldAmong(db, objectIds);
    for (const source of sources) {
      if (held.has(source.row.id))
        await withdrawals.afterNewAudience(source.row.id, source.audience);
    }
    // Earlier versions logged for another audience no longer go to anyone (a lagging or new
    // peer would otherwise still receive what it may no longer hold).
    const last = await log.lastObjectItems(db, objectIds);
    const replaced = sources
      .filter((s) => {
        const text = last.get(s.row.id);
        if (text === undefined) return false;
        const logged = (JSON.parse(text) as ChangeItem).audience;
        return canonicalJson(logged) !== canonicalJson(s.audience);
      })
      .map((s) => s.row.id);
    const entries: OwnEntry[] = sources
      .filter((s) => sharable(s.audience))
      .map((s) => ({
        kind: alertPropertiesOf(s.body.object as unknown as StixObject) ? 'alert' : 'object',
        objectId: s.row.id,
        audience: s.audience,
        body: s.body,
      }));
    await core.appendOwnMany(
      entries,
      replaced.length === 0 ? undefined : (trx) => log.deleteObjectItems(trx, replaced),
    );
  }

  async function membershipChanged(
    event: Extract<NodeEvent, { kind: 'sharing-group.membership' }>,
  ) {
    const group = await db
      .selectFrom('sharing_groups')
      .selectAll()
      .where('id', '=', event.groupId)
      .executeTakeFirst();
    if (!group) return;
    const local = await db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', group.owner_org_id)
      .executeTakeFirst();
    // Groups mirrored from a peer are its origin's to announce.
    if (!local || (await log.isMirrored(db, event.groupId))) return;
    if (event.change === 'removed') await withdrawals.afterMembershipRemoved(event.groupId);
    const members = await db
      .selectFrom('sharing_group_members')
      .select('organization_id')
      .where('group_id', '=', event.groupId)
      .execute();
    await core.appendOwn(
      'membership',
      null,
      {
        tlp: 'green',
        distribution: `sharing-group:${event.groupId}`,
        recipientOrgIds: members.map((m) => m.organization_id),
        recipientUserIds: [],
      },
      {
        groupId: group.id,
        groupName: group.name,
        ownerOrgId: group.owner_org_id,
        organizationId: event.organizationId,
        change: event.change,
      },
    );
  }

  const deletions = createDeletions(core, { withdrawals, announce: objectsStored });

  /** Runs `work` after everything queued before it (the order of the log). */
  function queue(work: () => Promise<void>, what: string): Promise<void> {
    const run = pending.then(work);
    pending = run.catch((err: unknown) => {
      core.warn(`federation: ${what} failed`, { error: String(err) });
    });
    return pending;
  }

  function onEvent(event: NodeEvent) {
    let work: (() => Promise<void>) | null = null;
    if (event.kind === 'objects.stored') {
      // Decided now, synchronously: what the applier is storing is not a local change.
      const own = event.ids.filter((id) => !applying.has(id));
      if (own.length > 0) work = () => objectsStored(own);
    } else if (event.kind === 'sharing-group.membership') {
      work = () => membershipChanged(event);
    }
    if (work === null) return;
    const run = work;
    pending = pending.then(run).catch((err: unknown) => {
      core.warn('federation: appending to the change feed failed', { error: String(err) });
    });
  }

  async function pullFrom(peer: PeerRecord) {
    for (;;) {
      const { received } = await log.cursor(db, peer.nodeId);
      let answer: { status: number; json: unknown };
      try {
        answer = await deps.ports.transport.request(
          peer,
          'GET',
          `/federation/v1/changes?after=${received}&limit=${PULL_MAX_LIMIT}`,
        );
        if (answer.status !== 200) throw new Error(`the peer answered ${answer.status}`);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        await deps.ports.peers.recordExchange(peer.nodeId, { ok: false, error });
        return;
      }
      const page = answer.json as { items?: unknown; next?: unknown; more?: unknown };
      if (!Array.isArray(page.items) || !Number.isSafeInteger(page.next)) {
        await deps.ports.peers.recordExchange(peer.nodeId, {
          ok: false,
          error: 'the peer answered a malformed page',
        });
        return;
      }
      const outcome = await receive(peer, page.items, page.next as number);
      if (outcome.receipts.length > 0) {
        await deps.ports.transport
          .request(peer, 'POST', '/federation/v1/receipts', { receipts: outcome.receipts })
          .catch((err: unknown) =>
            core.warn('federation: sending receipts failed', {
              peer: peer.nodeId,
              error: String(err),
            }),
          );
      }
      if (page.more !== true || (page.next as number) <= received) return;
    }
  }

  async function receive(peer: PeerRecord, items: readonly unknown[], next: number | null) {
    const outcome = await applier.receive(peer, items);
    if (next !== null) await log.advance(db, peer.nodeId, 'received', next, core.now());
    await deps.ports.peers.recordExchange(peer.nodeId, {
      ok: true,
      received: outcome.applied,
      refused: outcome.refused.length,
    });
    return outcome;
  }

  return {
    withdrawals,
    removal: {
      within: deletions.within,
      // Without a running feed (no identity yet, a CLI process) `start` reconciles later.
      after: (objectId) =>
        stopped
          ? Promise.resolve()
          : queue(() => deletions.after(objectId), 'a deletion tombstone'),
    },
    async start() {
      stopped = false;
      unsubscribe = deps.events.subscribe(onEvent);
      void queue(async () => {
        await deletions.reconcile();
      }, 'reconciling deletions');
      unsubscribeAggregates = deps.aggregates?.onAggregate(aggregateReported) ?? null;
      const peers = await deps.ports.peers.active();
      catchUp = Promise.all(
        peers.map((p) =>
          pullFrom(p).catch((err: unknown) =>
            core.warn('federation: catch-up failed', { peer: p.nodeId, error: String(err) }),
          ),
        ),
      ).then(() => undefined);
      wakeAll();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
      unsubscribeAggregates?.();
      unsubscribeAggregates = null;
      await Promise.allSettled([catchUp, pending]);
      await Promise.all([...workers.values()].map((w) => w.stop()));
      workers.clear();
    },
    async serve(peer, after, limit) {
      if (!Number.isSafeInteger(after) || after < 0 || limit < 1 || limit > PULL_MAX_LIMIT) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `after must be ≥ 0 and limit 1–${PULL_MAX_LIMIT}`,
        );
      }
      // Asking after `after` acknowledges everything up to it.
      if (after > 0) await log.advance(db, peer.nodeId, 'acked', after, core.now());
      const batch = await reader.batchFor(peer, after, {
        maxItems: limit,
        maxBytes: MAX_BATCH_BYTES,
      });
      const objectIds = batch.items.flatMap((i) =>
        i.kind === 'object' || i.kind === 'alert'
          ? [(i.body as { object: { id: string } }).object.id]
          : [],
      );
      if (objectIds.length > 0) await log.recordSent(db, objectIds, peer.nodeId, core.now());
      await deps.ports.peers.recordExchange(peer.nodeId, { ok: true, sent: batch.items.length });
      return { items: batch.items, next: batch.next, more: batch.more };
    },
    receive,
    pullFrom,
    caughtUp: () => catchUp,
    settled: async () => {
      await pending;
    },
    async lag(nodeId) {
      const peer = await deps.ports.peers.find(nodeId);
      return peer === null ? null : reader.lag(peer);
    },
    refusals: (nodeId) => log.refusals(db, nodeId),
  };
}
