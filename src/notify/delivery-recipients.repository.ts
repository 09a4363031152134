import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { DeliveryChannel } from './delivery.types.js';

type Db = Kysely<Database>;

/** A contact of the directory reached outside nohaven (webhook or e-mail). */
export interface ExternalContact {
  readonly id: string;
  readonly channel: DeliveryChannel;
  readonly address: string;
  readonly languages: readonly string[];
}

const EXTERNAL: DeliveryChannel[] = ['webhook', 'email'];
const CHUNK = 500;

/** Who the delivery producers notify (the contact directory of migration 0006). */
export const recipientRepository = {
  /**
   * The routed items among `itemIds` whose contact is reached by webhook or e-mail, with the
   * contact as routed (address and channel) and its current languages (English when the
   * contact left the directory).
   */
  async externalItems(
    db: Db,
    itemIds: readonly string[],
  ): Promise<{ itemId: string; contact: ExternalContact }[]> {
    const out: { itemId: string; contact: ExternalContact }[] = [];
    for (let i = 0; i < itemIds.length; i += CHUNK) {
      const rows = await db
        .selectFrom('routed_items as i')
        .leftJoin('routing_contacts as c', 'c.id', 'i.contact_id')
        .select(['i.id', 'i.contact_id', 'i.channel', 'i.address', 'c.languages'])
        .where('i.id', 'in', itemIds.slice(i, i + CHUNK))
        .where('i.channel', 'in', EXTERNAL)
        .execute();
      for (const r of rows)
        out.push({
          itemId: r.id,
          contact: {
            id: r.contact_id,
            channel: r.channel as DeliveryChannel,
            address: r.address,
            languages: r.languages === null ? [] : (JSON.parse(r.languages) as string[]),
          },
        });
    }
    return out;
  },

  /** 24/7 points of contact and CERTs of `countries` reached by webhook or e-mail. */
  async countryContacts(db: Db, countries: readonly string[]): Promise<ExternalContact[]> {
    if (countries.length === 0) return [];
    const rows = await db
      .selectFrom('routing_contacts')
      .select(['id', 'channel', 'address', 'languages'])
      .where('kind', 'in', ['poc', 'cert'])
      .where('country', 'in', [...countries])
      .where('channel', 'in', EXTERNAL)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel as DeliveryChannel,
      address: r.address,
      languages: JSON.parse(r.languages) as string[],
    }));
  },

  /**
   * The due time of the open e-mail batch of (address, language): a pending row not yet tried
   * and not yet due at `now`; null when there is none.
   */
  async openBatch(db: Db, address: string, language: string, now: string): Promise<string | null> {
    const row = await db
      .selectFrom('notification_deliveries')
      .select('next_attempt_at')
      .where('channel', '=', 'email')
      .where('address', '=', address)
      .where('language', '=', language)
      .where('state', '=', 'pending')
      .where('attempts', '=', 0)
      .where('next_attempt_at', '>', now)
      .orderBy('next_attempt_at')
      .limit(1)
      .executeTakeFirst();
    return row?.next_attempt_at ?? null;
  },
};
