import type { Expression, Kysely, SqlBool } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { AnsweredItem, ContactTally, ItemTally } from './coverage-rules.js';

type Db = Kysely<Database>;

/**
 * The tallies of coverage (issue 5, item 5) in three grouped queries, whatever the number of
 * countries: contacts per country and kind, routed items per country (by the country of the
 * contact they were routed to) and state, and the answered items' timestamps (for the median
 * time to acknowledge, which SQLite cannot compute).
 */
export const coverageRepository = {
  async contactTallies(db: Db): Promise<ContactTally[]> {
    const rows = await db
      .selectFrom('routing_contacts')
      .select((eb) => ['country', 'kind', eb.fn.countAll<number | string>().as('n')])
      .groupBy(['country', 'kind'])
      .execute();
    return rows.map((r) => ({ country: r.country, kind: r.kind, count: Number(r.n) }));
  },

  /** `dueBefore`: items routed at or before this instant (ISO 8601) count as due. */
  async itemTallies(db: Db, dueBefore: string): Promise<ItemTally[]> {
    const rows = await db
      .selectFrom('routed_items as i')
      .leftJoin('routing_contacts as c', 'c.id', 'i.contact_id')
      .select((eb) => {
        const when = (e: Expression<SqlBool>) =>
          eb.fn.sum<number | string>(eb.case().when(e).then(1).else(0).end());
        return [
          'c.country',
          eb.fn.countAll<number | string>().as('routed'),
          when(eb('i.acknowledged_at', 'is not', null)).as('acknowledged'),
          when(eb('i.state', '=', 'actioned')).as('actioned'),
          when(eb('i.state', '=', 'rejected')).as('rejected'),
          when(eb('i.state', '=', 'new')).as('unanswered'),
          when(eb('i.routed_at', '<=', dueBefore)).as('due'),
          eb.fn
            .min<string | null>(
              eb.case().when('i.state', '=', 'new').then(eb.ref('i.routed_at')).end(),
            )
            .as('oldest'),
        ];
      })
      .groupBy('c.country')
      .execute();
    return rows.map((r) => ({
      country: r.country ?? null,
      routed: Number(r.routed),
      acknowledged: Number(r.acknowledged),
      actioned: Number(r.actioned),
      rejected: Number(r.rejected),
      unanswered: Number(r.unanswered),
      due: Number(r.due),
      oldestUnansweredAt: r.oldest,
    }));
  },

  async answeredItems(db: Db): Promise<AnsweredItem[]> {
    const rows = await db
      .selectFrom('routed_items as i')
      .leftJoin('routing_contacts as c', 'c.id', 'i.contact_id')
      .select(['c.country', 'i.routed_at', 'i.acknowledged_at', 'i.rejected_at'])
      .where((eb) =>
        eb.or([eb('i.acknowledged_at', 'is not', null), eb('i.rejected_at', 'is not', null)]),
      )
      .execute();
    return rows.map((r) => ({
      country: r.country ?? null,
      routedAt: r.routed_at,
      acknowledgedAt: r.acknowledged_at,
      rejectedAt: r.rejected_at,
    }));
  },
};
