/**
 * The delivery outbox (issue 5 item 6): one row per (recipient, notification) to a recipient
 * outside nohaven, delivered asynchronously with retries, then delivered or dead-lettered.
 */
export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export type DeliveryChannel = 'webhook' | 'email';

/**
 * What a delivery is about: ids only. The content is read and passes the external policy when
 * it is sent, so a marking tightened meanwhile is honoured.
 */
export type DeliveryPayload =
  | { readonly kind: 'routed-item'; readonly itemId: string }
  | {
      readonly kind: 'alert';
      readonly alertId: string;
      readonly change: 'opened' | 'updated' | 'closed';
    };

export interface Delivery {
  readonly id: string;
  readonly channel: DeliveryChannel;
  readonly address: string;
  readonly contactId: string;
  /** BCP 47 tag the message is written in. */
  readonly language: string;
  /** `routed-item:<id>` or `alert:<alert id>:<change>:<event id>`: unique per recipient. */
  readonly notification: string;
  readonly payload: DeliveryPayload;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deliveredAt: string | null;
}

/** A new pending delivery, as a producer makes it. */
export type NewDelivery = Pick<
  Delivery,
  'id' | 'channel' | 'address' | 'contactId' | 'language' | 'notification' | 'payload'
> & { readonly dueAt: string };
