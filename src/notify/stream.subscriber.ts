import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { ObjectRecord, Recipients } from '../objects/object.repository.js';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import {
  isNonPublic,
  readDecision,
  withinReachFilter,
  type ReadableMeta,
  type ReadFilter,
  type Reader,
} from '../policy/read-policy.js';

/** One message of a subscription: a STIX object (its stored JSON) or the end by overflow. */
export type StreamMessage =
  | {
      readonly kind: 'object';
      readonly seq: number;
      readonly type: string;
      readonly content: string;
    }
  | { readonly kind: 'overflow' }
  /** An outbreak alert that concerns the subscriber: `{ change, alert: <STIX note> }`. */
  | { readonly kind: 'alert'; readonly content: string }
  /** A routed item of the subscriber's organisation's queue (JSON), without a resume id. */
  | { readonly kind: 'routed'; readonly content: string }
  /** A federation peer unreachable too long (JSON), for administrators. */
  | { readonly kind: 'peer-unreachable'; readonly content: string }
  /** A reminder or escalation of a legal clock for the subscriber (issue 7), without a resume id. */
  | { readonly kind: 'deadline'; readonly content: string }
  /** An unusual-access alert on the audit (JSON), for oversight subscribers. */
  | { readonly kind: 'audit-alert'; readonly content: string };

type RoutedMessage = Extract<StreamMessage, { kind: 'routed' | 'deadline' | 'audit-alert' }>;
type AlertMessage = Extract<StreamMessage, { kind: 'alert' }>;
type PeerMessage = Extract<StreamMessage, { kind: 'peer-unreachable' }>;

/**
 * One subscriber's messages, in order: the catch-up (when resuming), then live objects.
 * Iterate it once; `close` ends the iteration and detaches it from the node's events.
 */
export interface StreamSubscription extends AsyncIterable<StreamMessage> {
  /** Appends one audit entry for the non-public objects sent since the last flush, if any. */
  flushAudit(): Promise<void>;
  /** Ends the subscription (idempotent); the pending audit entry is written. */
  close(): Promise<void>;
}

/** The subscriber as the stream service drives it. */
export interface Subscriber {
  readonly actor: Actor;
  readonly subscription: StreamSubscription;
  /** Queues the rows of an event that `reader` may read (and of the subscriber's types). */
  offer(rows: readonly ObjectRecord[], reader: Reader, recipients: Map<string, Recipients>): void;
  /** Queues routed items (JSON) the caller decided this subscriber may be told of. */
  offerRouted(contents: readonly string[]): void;
  /** Queues audit alerts (JSON); the caller checked the subscriber is oversight. */
  offerAuditAlerts(contents: readonly string[]): void;
  /** Queues a peer-unreachable notice (JSON) the caller decided this subscriber may see. */
  offerPeerUnreachable(content: string): void;
  /**
   * Queues an alert message about `row` (the alert's note) when `reader` may read the note;
   * whom the alert concerns is decided by the caller.
   */
  offerAlert(
    row: ObjectRecord,
    reader: Reader,
    recipients: Map<string, Recipients>,
    content: string,
  ): void;
  /** Queues a legal-clock notice (JSON) the caller decided is for this subscriber. */
  offerDeadline(content: string): void;
  /** Ends the subscription with an `overflow` message: the client must resume. */
  interrupt(): void;
}

interface SubscriberDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly actor: Actor;
  readonly reader: Reader;
  readonly options: {
    readonly since: number | null;
    readonly types: readonly string[] | null;
    readonly queueLimit: number;
  };
  /** One policy-filtered page of latest versions after `afterSeq`, in `seq` order. */
  catchUp(filter: ReadFilter, afterSeq: number, limit: number): Promise<ObjectRecord[]>;
  detach(s: Subscriber): void;
}

const CATCH_UP_PAGE = 500;
/** Non-public reads gathered into one audit entry (the REST list also records 100 ids). */
const AUDIT_BATCH = 100;
/**
 * How many recently sent `seq`s are remembered to drop a second copy: a version the catch-up
 * sent whose event is published (or still queued) after it, or a newer version read back for
 * an older event. Only versions committed around the subscription's start or in one event's
 * window can arrive twice, far fewer than this.
 */
const RECENT_SEQS = 10_000;

/** What the read policy needs of a stored row and its named recipients. */
export function readableMeta(r: ObjectRecord, recipients: Map<string, Recipients>): ReadableMeta {
  const named = recipients.get(r.id);
  return {
    ownerOrgId: r.owner_org_id,
    tlp: r.tlp,
    distribution: r.distribution,
    recipientOrgIds: named?.organizations ?? [],
    recipientUserIds: named?.users ?? [],
  };
}

export function createSubscriber(deps: SubscriberDeps): Subscriber {
  const { options } = deps;
  let queue: (ObjectRecord | RoutedMessage | AlertMessage | PeerMessage)[] = [];
  let overflowed = false;
  let closed = false;
  let wake: (() => void) | null = null;
  const recent = new Set<number>();
  let unaudited: string[] = [];

  function signal() {
    const w = wake;
    wake = null;
    w?.();
  }

  /** The message for a row, or null when this `seq` was already sent. */
  function message(r: ObjectRecord): StreamMessage | null {
    const seq = Number(r.seq);
    if (recent.has(seq)) return null;
    recent.add(seq);
    if (recent.size > RECENT_SEQS) recent.delete(recent.values().next().value as number);
    if (isNonPublic(r)) unaudited.push(r.id);
    return { kind: 'object', seq, type: r.type, content: r.content };
  }

  async function flushAudit() {
    if (unaudited.length === 0) return;
    const ids = unaudited;
    unaudited = [];
    await deps.audit.append(deps.db, deps.actor, {
      action: 'object.stream',
      target: null,
      details: { count: ids.length, ids },
    });
  }

  async function* messages(): AsyncGenerator<StreamMessage> {
    if (options.since !== null) {
      const filter = withinReachFilter(deps.reader);
      let after = options.since;
      for (;;) {
        if (closed || overflowed) break;
        const page = await deps.catchUp(filter, after, CATCH_UP_PAGE);
        for (const r of page) {
          const m = message(r);
          if (m) yield m;
          if (unaudited.length >= AUDIT_BATCH) await flushAudit();
          if (closed) return;
        }
        await flushAudit();
        const last = page[page.length - 1];
        if (page.length < CATCH_UP_PAGE || last === undefined) break;
        after = Number(last.seq);
      }
    }
    for (;;) {
      if (closed) return;
      if (overflowed) {
        yield { kind: 'overflow' };
        return;
      }
      const r = queue.shift();
      if (r === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('kind' in r) {
        yield r;
        continue;
      }
      const m = message(r);
      if (m) yield m;
      if (unaudited.length >= AUDIT_BATCH) await flushAudit();
    }
  }

  const self: Subscriber = {
    actor: deps.actor,
    offer(rows, reader, recipients) {
      if (closed || overflowed) return;
      const allowed = rows.filter((r) => {
        if (options.types !== null && !options.types.includes(r.type)) return false;
        return readDecision(reader, readableMeta(r, recipients)) === 'allowed';
      });
      if (allowed.length === 0) return;
      if (queue.length + allowed.length > options.queueLimit) {
        self.interrupt();
        return;
      }
      queue.push(...allowed);
      signal();
    },
    offerRouted(contents) {
      if (closed || overflowed || contents.length === 0) return;
      if (queue.length + contents.length > options.queueLimit) {
        self.interrupt();
        return;
      }
      queue.push(...contents.map((content) => ({ kind: 'routed' as const, content })));
      signal();
    },
    offerPeerUnreachable(content) {
      if (closed || overflowed) return;
      if (queue.length + 1 > options.queueLimit) {
        self.interrupt();
        return;
      }
      queue.push({ kind: 'peer-unreachable', content });
      signal();
    },
    offerDeadline(content) {
      if (closed || overflowed) return;
      if (queue.length + 1 > options.queueLimit) {
        self.interrupt();
        return;
      }
      queue.push({ kind: 'deadline', content });
      signal();
    },
    offerAuditAlerts(contents) {
      if (closed || overflowed || contents.length === 0) return;
      if (queue.length + contents.length > options.queueLimit) {
        self.interrupt();
        return;
      }
      queue.push(...contents.map((content) => ({ kind: 'audit-alert' as const, content })));
      signal();
    },
    offerAlert(row, reader, recipients, content) {
      if (closed || overflowed) return;
      if (readDecision(reader, readableMeta(row, recipients)) !== 'allowed') return;
      if (queue.length + 1 > options.queueLimit) {
        self.interrupt();
        return;
      }
      // The alert's note is a read like any object: audited with the others.
      if (isNonPublic(row)) unaudited.push(row.id);
      queue.push({ kind: 'alert', content });
      signal();
    },
    interrupt() {
      if (closed) return;
      overflowed = true;
      queue = [];
      signal();
    },
    subscription: {
      [Symbol.asyncIterator]: () => {
        const it = messages();
        return {
          next: () => it.next(),
          return: async () => {
            await self.subscription.close();
            return it.return(undefined);
          },
        };
      },
      flushAudit,
      async close() {
        if (!closed) {
          closed = true;
          queue = [];
          deps.detach(self);
          signal();
        }
        await flushAudit();
      },
    },
  };
  return self;
}
