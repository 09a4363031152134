/**
 * The port between the cooperation workflow and the exchange of requests between parties
 * (issue 7, item 5; the exchange between nodes is the federation issue, 6).
 *
 * Every transition that the other party must learn of (sending, a response, a withdrawal…) puts
 * one {@link OutboxMessage} into the `cooperation_outbox` table in the same transaction as the
 * transition, so nothing is lost when the transport or the other node is down. A dispatcher
 * hands pending messages to the transport in order; a message stays pending (with its error and
 * attempt count) until `deliver` resolves.
 *
 * Contract for an implementer (the federation lead): `deliver` resolves only once the receiving
 * side holds the message durably; it may be called again for a message already delivered (after
 * a crash between delivery and marking), and must then be a no-op on the receiving side; for a
 * recipient it cannot reach or does not know it rejects with {@link TransportError}, whose message
 * must not reveal whether the recipient exists elsewhere.
 */
export interface OutboxMessage {
  /** Outbox row id: unique, the idempotency key of the delivery. */
  readonly id: string;
  readonly requestId: string;
  readonly transitionId: string;
  readonly requestType: string;
  /** The state the request moved to with this message (`sent`, `preserved`, `withdrawn`…). */
  readonly state: string;
  readonly fromOrganizationId: string;
  readonly toOrganizationId: string;
  readonly at: string;
  readonly reason: string | null;
  readonly ground: string | null;
  /** The request itself when it is sent (`state: sent`): urgency, channel and fields. */
  readonly request: {
    readonly urgency: string;
    readonly channel: string;
    readonly fields: Readonly<Record<string, unknown>>;
    /** BC Art 27(8): only the named handlers (user names) read it on the receiving side. */
    readonly confidential?: boolean;
    readonly handlers?: readonly string[];
    /**
     * The request it follows up or is the child of (R5 → its R4, R6 → the R4 it names), with
     * the same id on both nodes; the receiving node links its copies when it holds that one.
     */
    readonly parentId?: string | null;
  } | null;
  /** Files of a data package: name, media type, SHA-256, size (contents stay in the store). */
  readonly files: readonly {
    readonly name: string;
    readonly mediaType: string;
    readonly sha256: string;
    readonly size: number;
  }[];
}

/**
 * What the receiving side signed on taking the message (a node of the exchange between nodes):
 * the compact JWS of the receipt and the time in it, which starts the legal clocks.
 */
export interface DeliveryReceipt {
  readonly receipt: string;
  readonly receivedAt: string;
}

export interface RequestTransport {
  /** Resolves once delivered, with the receiving side's signed receipt when it gives one. */
  deliver(message: OutboxMessage): Promise<DeliveryReceipt | void>;
}

export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * The receiving side refused the message for good (e.g. a response to a request its sender
 * withdrew meanwhile): the outbox stops retrying it and shows the refusal.
 */
export class TransportRefusal extends TransportError {
  constructor(message: string) {
    super(message);
    this.name = 'TransportRefusal';
  }
}

/** What the local transport needs of the workflow: the receipt of a request sent to it. */
export interface LocalReceiver {
  isLocalOrganization(id: string): Promise<boolean>;
  /** Records that the request reached its recipient (sent → received, starting its clocks). */
  receive(message: OutboxMessage): Promise<void>;
}

/**
 * The transport for parties on this node: both organisations share the request's row, so a
 * sent request is received at once (its clocks start at receipt), and every other message is
 * already visible to the other party. A recipient not on this node is refused: reaching other
 * nodes is the federation transport's work.
 */
export function createLocalTransport(receiver: LocalReceiver): RequestTransport {
  return {
    async deliver(message) {
      if (!(await receiver.isLocalOrganization(message.toOrganizationId)))
        throw new TransportError('no route to the recipient');
      if (message.state === 'sent') await receiver.receive(message);
    },
  };
}
