import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { ReaderResolver } from '../access/reader.service.js';
import { createObjectRepository, type ObjectRecord } from '../objects/object.repository.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { readDecision, type Reader } from '../policy/read-policy.js';
import type { NodeEvent, NodeEventKind, NodeEvents } from './event-bus.js';
import { alertAudience } from '../alerts/alert-audience.js';
import { deadlineNotice } from '../cooperation/deadline-notice.js';
import { streamRepository } from './stream.repository.js';
import {
  createSubscriber,
  readableMeta,
  type StreamSubscription,
  type Subscriber,
} from './stream.subscriber.js';

export type { StreamMessage, StreamSubscription } from './stream.subscriber.js';

export interface StreamServiceDeps {
  readonly db: Kysely<Database>;
  /** Unusual-access alerts by id (issue 8), sent to oversight subscribers only. */
  readonly auditAlerts?: { byIds(ids: readonly string[]): Promise<readonly unknown[]> };
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly events: NodeEvents;
  readonly readers: ReaderResolver;
}

export interface StreamOptions {
  /**
   * Resume after this `seq` (SSE `Last-Event-ID`): first the latest version of every object
   * stored or changed after it that the actor may read, in `seq` order, then live. Null: live only.
   */
  readonly since: number | null;
  /** Only objects of these STIX types; null: every type. */
  readonly types: readonly string[] | null;
  /**
   * Most live objects waiting to be written to this subscriber; beyond it the subscription
   * ends with an `overflow` message (the client resumes with `Last-Event-ID`).
   */
  readonly queueLimit: number;
}

/**
 * The live stream (issue #5 item 6) of one node: per-subscriber delivery of committed node
 * events, each object passing the one read policy for that subscriber (issue #3), exactly as
 * REST decides it — except that a break-glass window never extends the stream.
 *
 * Ordering: live objects go out in the order their transactions committed; the resume cursor
 * is the version's `seq`. Where writers are serialised (SQLite) `seq` order is commit order,
 * so a resume neither skips nor repeats. With concurrent writers on PostgreSQL two
 * transactions may commit out of `seq` order; live delivery still sends both, but a client
 * that disconnects between them and resumes from the higher `seq` misses the lower one (the
 * same limit as the TAXII `date_added` cursor; a commit-ordered change feed would lift it).
 */
export interface StreamService {
  open(actor: Actor, options: StreamOptions): Promise<StreamSubscription>;
  /** Open subscriptions (for shutdown and tests). */
  readonly size: number;
}

/**
 * How each event kind reaches subscribers. A mapped type over every kind: a new kind in
 * `NodeEvent` does not compile until it says how its audience is decided.
 */
type Deliveries = {
  [K in NodeEventKind]: (event: Extract<NodeEvent, { kind: K }>) => Promise<void>;
};

export function createStreamService(deps: StreamServiceDeps): StreamService {
  const { db } = deps;
  const objectRepo = createObjectRepository(deps.capabilities);
  const subscribers = new Set<Subscriber>();
  let unsubscribe: (() => void) | null = null;
  // Events are delivered one after another, so every subscriber sees them in publish order.
  let delivering: Promise<void> = Promise.resolve();

  const deliveries: Deliveries = {
    // An outbreak alert goes, as `event: alert`, to the subscribers it concerns (its
    // reporting organisations, the points of contact and CERTs of its countries, the
    // organisations located there), each passing the read policy on the alert's note.
    async 'alert.changed'(event) {
      if (subscribers.size === 0) return;
      const [row] = await streamRepository.newestVersions(db, [event.alertId]);
      if (!row) return;
      const targets = [...subscribers];
      const audience = await alertAudience(
        db,
        event,
        targets.map((s) => s.actor.organizationId),
      );
      const concerned = targets.filter((s) => audience.has(s.actor.organizationId));
      if (concerned.length === 0) return;
      const recipients = await objectRepo.recipientsOf(db, [row.id]);
      const content = `{"change":${JSON.stringify(event.change)},"alert":${row.content}}`;
      await Promise.all(
        concerned.map(async (s) => {
          const reader = withinReach((await deps.readers.readerOf(s.actor)).reader);
          s.offerAlert(row, reader, recipients, content);
        }),
      );
    },
    // `event: routed` to the subscribers of the item's recipient organisation that may read
    // the finding (the reasons quote it).
    async 'routing.queued'(event) {
      if (subscribers.size === 0) return;
      const items = await streamRepository.routedItems(db, event.itemIds);
      if (items.length === 0) return;
      const rows = await streamRepository.newestVersions(
        db,
        items.map((i) => i.objectId),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const recipients = await objectRepo.recipientsOf(db, [...byId.keys()]);
      await Promise.all(
        [...subscribers].map(async (s) => {
          const mine = items.filter((i) => i.recipientOrgId === s.actor.organizationId);
          if (mine.length === 0) return;
          const reader = withinReach((await deps.readers.readerOf(s.actor)).reader);
          s.offerRouted(
            mine
              .filter((i) => {
                const row = byId.get(i.objectId);
                return (
                  row !== undefined &&
                  readDecision(reader, readableMeta(row, recipients)) === 'allowed'
                );
              })
              .map((i) => JSON.stringify(i.view)),
          );
        }),
      );
    },
    // A federation peer unreachable too long (issue 6 §7): to administrators only; it names
    // a peer node and its error, nothing of any object.
    async 'peer.unreachable'(event) {
      const content = JSON.stringify({
        nodeId: event.nodeId,
        name: event.name,
        since: event.since,
        lastError: event.lastError,
      });
      for (const s of subscribers) if (s.actor.role === 'admin') s.offerPeerUnreachable(content);
    },
    // Membership changes reach subscribers through the objects they open or close, not as such.
    async 'sharing-group.membership'() {},
    // `event: deadline` to the users a legal-clock notice names (issue 7), while their
    // organisation is a party to the request.
    async 'cooperation.deadline'(event) {
      if (subscribers.size === 0) return;
      const notice = await deadlineNotice(db, event);
      if (!notice) return;
      for (const s of subscribers)
        if (s.actor.kind === 'user' && notice.mayReceive(s.actor.userId, s.actor.organizationId))
          s.offerDeadline(notice.content);
    },
    // `event: audit-alert` to oversight subscribers only: the alert names the audited actor.
    async 'audit.alert'(event) {
      const oversight = [...subscribers].filter((s) => s.actor.role === 'oversight');
      if (oversight.length === 0 || !deps.auditAlerts) return;
      const contents = (await deps.auditAlerts.byIds(event.alertIds)).map((a) => JSON.stringify(a));
      for (const s of oversight) s.offerAuditAlerts(contents);
    },
    async 'objects.stored'(event) {
      const rows = await streamRepository.newestVersions(db, event.ids);
      if (rows.length === 0) return;
      const recipients = await objectRepo.recipientsOf(
        db,
        rows.map((r) => r.id),
      );
      await Promise.all(
        [...subscribers].map(async (s) => {
          // The reader is loaded again for each event: a sharing group left, a membership
          // revoked, take effect on the next object.
          const reader = withinReach((await deps.readers.readerOf(s.actor)).reader);
          s.offer(rows, reader, recipients);
        }),
      );
    },
  };

  /** The delivery of `event`'s kind (the mapped type guarantees it takes that kind). */
  const deliver = (event: NodeEvent): Promise<void> =>
    (deliveries[event.kind] as (e: NodeEvent) => Promise<void>)(event);

  function onEvent(event: NodeEvent) {
    delivering = delivering
      .then(() => deliver(event))
      .catch(() => {
        // What could not be delivered is still stored: each subscriber is told to resume
        // from its last `seq`, which catches up without a gap.
        for (const s of subscribers) s.interrupt();
      });
  }

  function detach(s: Subscriber) {
    subscribers.delete(s);
    if (subscribers.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  }

  return {
    get size() {
      return subscribers.size;
    },

    async open(actor, options) {
      const { reader } = await deps.readers.readerOf(actor);
      const s = createSubscriber({
        db,
        audit: deps.audit,
        actor,
        reader: withinReach(reader),
        options,
        catchUp: (filter, afterSeq, limit): Promise<ObjectRecord[]> =>
          objectRepo.list(db, filter, {
            types: options.types ?? undefined,
            includeRevoked: true,
            afterSeq,
            order: 'asc',
            limit,
          }),
        detach,
      });
      // Attached before the catch-up reads: what commits meanwhile is queued, not lost
      // (the subscriber drops a `seq` the catch-up already sent).
      subscribers.add(s);
      unsubscribe ??= deps.events.subscribe(onEvent);
      return s.subscription;
    },
  };
}

/** The stream reads within the reader's own reach: break-glass opens REST reads only. */
function withinReach(reader: Reader): Reader {
  return { ...reader, breakGlass: false };
}
