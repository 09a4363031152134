/**
 * What one delivery says, read when it is sent: the routed item or the alert it refers to,
 * passed through the external policy (`delivery-policy.ts`) for its recipient. Withheld
 * content becomes a notice (the kind, the id on this node and a link), never the content.
 */
import type { Kysely } from 'kysely';
import type { ObjectService } from '../objects/object.service.js';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';
import { routedItemRepository } from '../route/routed-item.repository.js';
import type { RoutedItem } from '../route/routed-item.types.js';
import { externalDecision, type WithheldReason } from './delivery-policy.js';
import type { Delivery } from './delivery.types.js';
import { streamRepository } from './stream.repository.js';

/** A STIX object as JSON. */
export type StixJson = { readonly type: string; readonly id: string } & Record<string, unknown>;

interface Common {
  /** The delivery's id: receivers de-duplicate on it (a retry repeats it). */
  readonly deliveryId: string;
  /** Null when the content is sent; else why only a notice is. */
  readonly withheld: WithheldReason | null;
  /** Where a person signed in to the node reads it. */
  readonly link: string;
}

export type Notification =
  | (Common & {
      readonly kind: 'routed-item';
      readonly item: RoutedItem;
      /** The finding as stored (null when withheld). */
      readonly object: StixJson | null;
    })
  | (Common & {
      readonly kind: 'alert';
      readonly alertId: string;
      readonly change: 'opened' | 'updated' | 'closed';
      readonly object: StixJson | null;
    });

/** A delivery whose subject no longer exists (deleted) or may not be read: never sendable. */
export class UndeliverableError extends Error {}

export interface DeliveryContentDeps {
  readonly db: Kysely<Database>;
  readonly objects: ObjectService;
  /** The least-privilege actor alerts are read as (the node organisation's `notify` service). */
  readonly reader: () => Promise<Actor>;
  readonly baseUrl: string;
}

export function createDeliveryContent(deps: DeliveryContentDeps) {
  const objectLink = (id: string) => `${deps.baseUrl}/objects/${encodeURIComponent(id)}`;

  return async function contentOf(d: Delivery): Promise<Notification> {
    if (d.payload.kind === 'routed-item') {
      const item = await routedItemRepository.find(deps.db, d.payload.itemId);
      if (!item) throw new UndeliverableError(`routed item ${d.payload.itemId} no longer exists`);
      const [row] = await streamRepository.newestVersions(deps.db, [item.objectId]);
      if (!row) throw new UndeliverableError(`finding ${item.objectId} no longer exists`);
      const decision = externalDecision(row, {
        routedToThisContact: item.contactId === d.contactId,
      });
      return {
        kind: 'routed-item',
        deliveryId: d.id,
        withheld: decision.send === 'content' ? null : decision.reason,
        link: `${deps.baseUrl}/queue`,
        item,
        object: decision.send === 'content' ? (JSON.parse(row.content) as StixJson) : null,
      };
    }
    const { alertId, change } = d.payload;
    let stored;
    try {
      stored = await deps.objects.get(await deps.reader(), alertId);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NH_ERR_OBJECT_NOT_FOUND')
        throw new UndeliverableError(`alert ${alertId} does not exist or may not be read`);
      throw err;
    }
    const decision = externalDecision(stored, { routedToThisContact: false });
    return {
      kind: 'alert',
      deliveryId: d.id,
      withheld: decision.send === 'content' ? null : decision.reason,
      link: objectLink(alertId),
      alertId,
      change,
      object: decision.send === 'content' ? (stored.object as unknown as StixJson) : null,
    };
  };
}

export type DeliveryContent = ReturnType<typeof createDeliveryContent>;
