import type { Channel, ContactKind } from './contact.types.js';
import type { Explanation } from './routing-rules.js';

/**
 * States of a routed item: `new → acknowledged → actioned`, or `rejected` (with a reason) from
 * `new` or `acknowledged`. `actioned` and `rejected` are final.
 */
export const ITEM_STATES = ['new', 'acknowledged', 'actioned', 'rejected'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const ITEM_ACTIONS = ['acknowledge', 'action', 'reject'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/** The state an action leads to, and the states it may start from. */
export const TRANSITIONS: Readonly<
  Record<ItemAction, { to: ItemState; from: readonly ItemState[] }>
> = {
  acknowledge: { to: 'acknowledged', from: ['new'] },
  action: { to: 'actioned', from: ['acknowledged'] },
  reject: { to: 'rejected', from: ['new', 'acknowledged'] },
};

/** Who changed the state, and when. */
export interface Stamp {
  readonly at: string;
  /** The actor's label (`user:alice`, `service:cli`). */
  readonly by: string;
}

/** One finding routed to one contact. */
export interface RoutedItem {
  readonly id: string;
  readonly objectId: string;
  readonly objectType: string;
  readonly contactId: string;
  readonly contactName: string;
  readonly contactKind: ContactKind;
  readonly channel: Channel;
  readonly address: string;
  /** The organisation whose queue holds the item (`nohaven` channel), else null. */
  readonly recipientOrgId: string | null;
  readonly state: ItemState;
  readonly reasons: readonly Explanation[];
  readonly routedAt: string;
  readonly acknowledged: Stamp | null;
  readonly actioned: Stamp | null;
  readonly rejected: (Stamp & { readonly reason: string }) | null;
}
