/**
 * Producers of the delivery outbox: on `routing.queued`, one delivery per routed item whose
 * contact is reached by webhook or e-mail; on `alert.changed` (opened, updated, closed), one
 * per 24/7 point of contact and CERT of the alert's countries reached by webhook or e-mail.
 *
 * A producer only inserts rows — sending is the worker's — so a slow or dead endpoint never
 * slows intake. E-mail rows join the open batch of their recipient and language (due when the
 * batch window that the first row opened ends), so a recipient gets one message per window.
 *
 * Rows are made after the event's transaction committed: a node that stops in between loses
 * no routed item ({@link DeliveryProducer.sweep}, run when the worker starts, queues what was
 * missed), but an alert change published just before a stop is not notified by e-mail/webhook.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { AlertChangedEvent, NodeEvent, NodeEvents } from './event-bus.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { recipientRepository, type ExternalContact } from './delivery-recipients.repository.js';
import type { NewDelivery } from './delivery.types.js';
import { messageLanguage } from './x-arf-text.js';

export interface DeliveryProducerDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** How long e-mail rows to one recipient gather into one message, in milliseconds. */
  readonly mailBatchMs: number;
  readonly logError: (message: string, err: unknown) => void;
}

export interface DeliveryProducer {
  /** Starts listening to the node's events; returns the function that stops it. */
  attach(events: NodeEvents): () => void;
  /** Queues deliveries for these routed items (those to webhook or e-mail contacts). */
  routedItems(itemIds: readonly string[]): Promise<void>;
  alertChanged(event: AlertChangedEvent): Promise<void>;
  /** Queues routed items to webhook or e-mail contacts that have no delivery yet. */
  sweep(): Promise<number>;
  /** Resolves when the work started by events so far is done (tests, shutdown). */
  settled(): Promise<void>;
}

export function createDeliveryProducer(deps: DeliveryProducerDeps): DeliveryProducer {
  const { db, clock, random } = deps;
  let pending: Promise<void> = Promise.resolve();

  /** Due time of each row: now for webhooks; the recipient's open batch for e-mail. */
  async function queue(rows: readonly Omit<NewDelivery, 'id' | 'dueAt'>[]): Promise<void> {
    if (rows.length === 0) return;
    const now = clock.now();
    const nowIso = now.toISOString();
    const batches = new Map<string, string>();
    const out: NewDelivery[] = [];
    for (const r of rows) {
      let dueAt = nowIso;
      if (r.channel === 'email') {
        const key = `${r.address}\u0000${r.language}`;
        let due = batches.get(key);
        if (due === undefined) {
          due =
            (await recipientRepository.openBatch(db, r.address, r.language, nowIso)) ??
            new Date(now.getTime() + deps.mailBatchMs).toISOString();
          batches.set(key, due);
        }
        dueAt = due;
      }
      out.push({ ...r, id: random.uuid(), dueAt });
    }
    await repo.insert(db, out, nowIso);
  }

  const delivery = (c: ExternalContact) => ({
    channel: c.channel,
    address: c.address,
    contactId: c.id,
    language: messageLanguage(c.languages),
  });

  const producer: DeliveryProducer = {
    attach(events) {
      return events.subscribe((event: NodeEvent) => {
        let work: (() => Promise<void>) | null = null;
        if (event.kind === 'routing.queued') work = () => producer.routedItems(event.itemIds);
        if (event.kind === 'alert.changed') work = () => producer.alertChanged(event);
        if (work === null) return;
        const run = work;
        pending = pending
          .then(run)
          .catch((err: unknown) => deps.logError('queueing notifications failed', err));
      });
    },

    async routedItems(itemIds) {
      const items = await recipientRepository.externalItems(db, itemIds);
      await queue(
        items.map(({ itemId, contact }) => ({
          ...delivery(contact),
          notification: `routed-item:${itemId}`,
          payload: { kind: 'routed-item', itemId },
        })),
      );
    },

    async alertChanged(event) {
      if (event.change === 'acknowledged') return;
      const change = event.change;
      const contacts = await recipientRepository.countryContacts(db, event.countries);
      const eventId = random.uuid();
      await queue(
        contacts.map((c) => ({
          ...delivery(c),
          notification: `alert:${event.alertId}:${change}:${eventId}`,
          payload: { kind: 'alert', alertId: event.alertId, change },
        })),
      );
    },

    async sweep() {
      let total = 0;
      for (;;) {
        const ids = await repo.unqueuedRoutedItems(db, 500);
        if (ids.length === 0) return total;
        await producer.routedItems(ids);
        total += ids.length;
        if (ids.length < 500) return total;
      }
    },

    async settled() {
      let seen: Promise<void>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
  };
  return producer;
}
