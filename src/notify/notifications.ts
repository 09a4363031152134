/**
 * Notifications to recipients outside nohaven (issue 5, item 6), wired once per node: the
 * outbox's producers (listening to the node's events), its worker (webhooks, X-ARF e-mail) and
 * the admin service. Started and stopped by the HTTP app's `onReady` / `onClose` hooks.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { ObjectService } from '../objects/object.service.js';
import type { Actor } from '../platform/actor.js';
import type { Config } from '../platform/config.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { createDeliveryContent } from './delivery-content.js';
import { createDeliveryProducer, type DeliveryProducer } from './delivery-producer.js';
import { createDeliveryService, type DeliveryService } from './delivery.service.js';
import { createDeliveryWorker, type DeliveryWorker } from './delivery.worker.js';
import { createMailSender } from './email.js';
import type { NodeEvents } from './event-bus.js';
import { createWebhookSender } from './webhook.js';

export interface NotificationsDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly config: Config;
  readonly events: NodeEvents;
  readonly objects: ObjectService;
  /** The node organisation (alerts are read as its `notify-delivery` service actor). */
  readonly organizationId: () => Promise<string>;
  readonly logError?: (message: string, err: unknown) => void;
}

export interface Notifications {
  readonly deliveries: DeliveryService;
  readonly producer: DeliveryProducer;
  readonly worker: DeliveryWorker;
  /** Listens to events, queues what a stopped node missed, and polls (`deliveryPollMs`). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A mail transport stays open while the node runs; one SMTP server per node. */
export function createNotifications(deps: NotificationsDeps): Notifications {
  const { db, clock, config } = deps;
  const logError =
    deps.logError ??
    ((message: string, err: unknown) =>
      process.stderr.write(`${message}: ${err instanceof Error ? err.message : String(err)}\n`));
  const deliveries = createDeliveryService(deps);
  const producer = createDeliveryProducer({
    db,
    clock,
    random: deps.random,
    mailBatchMs: config.mailBatchSeconds * 1000,
    logError,
  });
  const reader = async (): Promise<Actor> => ({
    kind: 'service',
    name: 'notify-delivery',
    organizationId: await deps.organizationId(),
    role: 'analyst',
  });
  const mail = createMailSender({ smtpUrl: config.smtpUrl, timeoutMs: config.webhookTimeoutMs });
  const worker = createDeliveryWorker({
    db,
    clock,
    retry: {
      maxAttempts: config.deliveryAttempts,
      baseDelayMs: config.retryDelaySeconds * 1000,
    },
    leaseMs: Math.max(config.webhookTimeoutMs * 4, 60_000),
    content: createDeliveryContent({ db, objects: deps.objects, reader, baseUrl: config.baseUrl }),
    webhook: createWebhookSender({
      secretOf: (id) => deliveries.secretOf(id),
      timeoutMs: config.webhookTimeoutMs,
      now: () => clock.now(),
    }),
    mail: mail.send,
    from: config.mailFrom,
    nodeName: config.nodeName,
    beforeRun: () => producer.settled(),
    logError,
  });
  let detach: (() => void) | null = null;
  let sweeping: Promise<void> = Promise.resolve();
  return {
    deliveries,
    producer,
    worker,
    async start() {
      detach ??= producer.attach(deps.events);
      // In the background: a node starts without waiting for the outbox.
      sweeping = producer
        .sweep()
        .then(() => undefined)
        .catch((err: unknown) =>
          logError('queueing notifications missed while stopped failed', err),
        );
      worker.start(config.deliveryPollMs);
    },
    async stop() {
      detach?.();
      detach = null;
      await sweeping;
      await producer.settled();
      await worker.stop();
      mail.close();
    },
  };
}
