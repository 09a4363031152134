/**
 * In-process publish/subscribe of the node's own events (DESIGN.md §11 "live updates",
 * issue #5 item 6). Producers publish only what has been committed: an event is a fact that a
 * reader may act on at once (the live stream reads the stored rows back).
 *
 * Events are a discriminated union on `kind`. Each kind says what happened, never who may see
 * it: deciding per subscriber belongs to the consumer of the kind, through the one read policy
 * (`notify/stream.service.ts` maps every kind to its delivery, so a new kind — `alert.opened`,
 * `alert.updated`, `routing.item` — cannot be added without saying how its audience is
 * decided).
 *
 * The bus is synchronous and never throws to the publisher: a listener that throws is
 * reported to `onListenerError` and the others still run.
 */

/** New object versions were stored and their transaction committed. */
export interface ObjectsStoredEvent {
  readonly kind: 'objects.stored';
  /** STIX ids of the versions stored (each the newest version inserted for that id). */
  readonly ids: readonly string[];
}

/**
 * An outbreak alert (issue 5, item 3) was stored as opened, updated (grew, merged, severity
 * rose), closed, or acknowledged. Its audience — analysts of the reporting organisations and
 * the contact points of the affected countries — is decided by each consumer.
 */
export interface AlertChangedEvent {
  readonly kind: 'alert.changed';
  readonly change: 'opened' | 'updated' | 'closed' | 'acknowledged';
  /** STIX id of the stored alert object. */
  readonly alertId: string;
  /** Identity ids of the organisations whose reports are in the alert. */
  readonly organisations: readonly string[];
  /** ISO 3166-1 alpha-2 codes of the countries the alert concerns. */
  readonly countries: readonly string[];
}

/** Findings were routed into recipients' queues (issue 5, item 4), after commit. */
export interface RoutingQueuedEvent {
  readonly kind: 'routing.queued';
  /** Ids of the routed items created (`routed_items.id`). */
  readonly itemIds: readonly string[];
}

/**
 * A federation peer has been unreachable longer than `peerUnreachableAlertSeconds` (issue 6
 * §7); published once per outage. For the node's administrators only.
 */
export interface PeerUnreachableEvent {
  readonly kind: 'peer.unreachable';
  readonly nodeId: string;
  readonly name: string;
  /** When the outage started (first failed exchange), ISO 8601. */
  readonly since: string;
  readonly lastError: string | null;
}

/** A sharing group gained or lost a member organisation (after commit; issue 6 §3). */
export interface SharingGroupMembershipEvent {
  readonly kind: 'sharing-group.membership';
  readonly groupId: string;
  readonly organizationId: string;
  readonly change: 'added' | 'removed';
}

/**
 * A legal clock of a cooperation request (issue 7, item 4) reminded its users before it runs
 * out, or ran out and was escalated; the notices are stored, `userIds` are their recipients.
 */
export interface CooperationDeadlineEvent {
  readonly kind: 'cooperation.deadline';
  readonly requestId: string;
  readonly deadline: string;
  readonly notice: 'reminder' | 'escalation';
  readonly userIds: readonly string[];
}

/** Unusual-access alerts on the audit were raised (issue 8, item 5); for oversight only. */
export interface AuditAlertEvent {
  readonly kind: 'audit.alert';
  /** Ids of the alerts stored (`audit_alerts.id`). */
  readonly alertIds: readonly string[];
}

/** Every event the node publishes. Add a kind here and its delivery in the stream service. */
export type NodeEvent =
  | ObjectsStoredEvent
  | AlertChangedEvent
  | RoutingQueuedEvent
  | PeerUnreachableEvent
  | SharingGroupMembershipEvent
  | CooperationDeadlineEvent
  | AuditAlertEvent;

export type NodeEventKind = NodeEvent['kind'];

export type NodeEventListener = (event: NodeEvent) => void;

/** The port producers and consumers see. */
export interface NodeEvents {
  /** Hands `event` to every current listener, synchronously, in subscription order. */
  publish(event: NodeEvent): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: NodeEventListener): () => void;
}

export function createEventBus(
  options: { onListenerError?: (err: unknown) => void } = {},
): NodeEvents {
  const listeners = new Set<NodeEventListener>();
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (err) {
          options.onListenerError?.(err);
        }
      }
    },
    subscribe(listener) {
      // A wrapper per subscription: the same function subscribed twice is two subscriptions.
      const wrapped: NodeEventListener = (e) => listener(e);
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },
  };
}
