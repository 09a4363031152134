/**
 * The outbox as admins see it (issue 5, "an SMTP server that refuses is retried and then
 * dead-lettered, visible in the UI"): deliveries by state with their attempts and last error,
 * a retry of a dead letter, and the signing secret of a webhook contact (shown once).
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { requireRole } from '../auth/roles.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { contactRepository } from '../route/contact.repository.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import type { Delivery, DeliveryState } from './delivery.types.js';

export interface DeliveryServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
}

export interface WebhookSecret {
  readonly contactId: string;
  /** 32 random bytes, hex: the HMAC-SHA256 key. Returned once; not readable later. */
  readonly secret: string;
  readonly createdAt: string;
}

export interface DeliveryService {
  list(
    actor: Actor,
    query: { state?: DeliveryState; limit?: number; offset?: number },
  ): Promise<Delivery[]>;
  /** Puts a dead delivery back in the queue, due now, with its attempts counted afresh. */
  retry(actor: Actor, id: string): Promise<Delivery>;
  /** Makes (or replaces) the signing secret of a webhook contact; the old one stops working. */
  rotateSecret(actor: Actor, contactId: string): Promise<WebhookSecret>;
  /** The signing secret of a contact, or null (for the webhook sender). */
  secretOf(contactId: string): Promise<string | null>;
}

export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const { db, capabilities, audit, clock, random } = deps;
  return {
    async list(actor, query) {
      requireRole(actor, 'admin');
      return repo.list(db, {
        ...(query.state !== undefined ? { state: query.state } : {}),
        limit: Math.min(Math.max(query.limit ?? 100, 1), 500),
        offset: Math.max(query.offset ?? 0, 0),
      });
    },

    async retry(actor, id) {
      requireRole(actor, 'admin');
      return inWriteTransaction(db, capabilities, async (trx) => {
        const d = await repo.find(trx, id);
        if (!d) throw notFound('delivery', id);
        if (!(await repo.revive(trx, id, clock.now().toISOString())))
          throw new DomainError(
            'NH_ERR_CONFLICT',
            `delivery ${id} is ${d.state}: only a dead delivery can be retried`,
          );
        await audit.append(trx, actor, {
          action: 'delivery.retry',
          target: id,
          details: { channel: d.channel, address: d.address, attempts: d.attempts },
        });
        return (await repo.find(trx, id))!;
      });
    },

    async rotateSecret(actor, contactId) {
      requireRole(actor, 'admin');
      const contact = await contactRepository.find(db, contactId);
      if (!contact) throw notFound('contact', contactId);
      if (contact.channel !== 'webhook')
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `contact ${contactId} is reached by ${contact.channel}, not by webhook: it has no signing secret`,
          [{ path: 'id', message: 'not a webhook contact' }],
        );
      const secret = random.bytes(32).toString('hex');
      const createdAt = clock.now().toISOString();
      await inWriteTransaction(db, capabilities, async (trx) => {
        await trx
          .insertInto('webhook_secrets')
          .values({ contact_id: contactId, secret, created_at: createdAt })
          .onConflict((oc) =>
            oc.column('contact_id').doUpdateSet({ secret, created_at: createdAt }),
          )
          .execute();
        await audit.append(trx, actor, {
          action: 'webhook.secret.rotate',
          target: contactId,
          details: { address: contact.address },
        });
      });
      return { contactId, secret, createdAt };
    },

    async secretOf(contactId) {
      const row = await db
        .selectFrom('webhook_secrets')
        .select('secret')
        .where('contact_id', '=', contactId)
        .executeTakeFirst();
      return row?.secret ?? null;
    },
  };
}
