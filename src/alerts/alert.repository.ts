/** Storage of outbreak alerts' detector view and acknowledgements (migration 0007). */
import { sql, type Kysely } from 'kysely';
import type { OutbreakAlert } from '../correlate/outbreak-alert.js';
import type { Database } from '../platform/database/schema.js';
import { readableWhere } from '../objects/object.repository.js';
import type { ReadFilter } from '../policy/read-policy.js';

type Db = Kysely<Database>;
const LATEST = sql.lit(1);

export interface AlertRow {
  readonly id: string;
  readonly status: 'open' | 'closed';
  readonly organisations: readonly string[];
  readonly countries: readonly string[];
  readonly modified: string;
}

export interface Acknowledgement {
  readonly at: string;
  readonly by: string;
}

/** A listed alert: the note's content as the reader may read it and the reader's own ack. */
export interface ListedAlert {
  readonly content: string;
  readonly acknowledged: Acknowledgement | null;
}

function toRow(r: Database['outbreak_alerts']): AlertRow {
  return {
    id: r.id,
    status: r.status === 'closed' ? 'closed' : 'open',
    organisations: JSON.parse(r.organisations) as string[],
    countries: JSON.parse(r.countries) as string[],
    modified: r.modified,
  };
}

export const alertRepository = {
  async find(db: Db, id: string): Promise<AlertRow | undefined> {
    const r = await db
      .selectFrom('outbreak_alerts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toRow(r) : undefined;
  },

  async open(db: Db): Promise<AlertRow[]> {
    const rows = await db
      .selectFrom('outbreak_alerts')
      .selectAll()
      .where('status', '=', 'open')
      .execute();
    return rows.map(toRow);
  },

  /** Writes the alert's newest state (inside the transaction that stores its note version). */
  async save(db: Db, id: string, alert: OutbreakAlert, modified: string): Promise<void> {
    const values = {
      status: alert.status,
      severity: alert.severity,
      opened_at: alert.openedAt,
      last_seen: alert.lastSeen,
      closed_at: alert.closedAt,
      organisations: JSON.stringify(alert.organisations),
      countries: JSON.stringify(alert.countries),
      modified,
    };
    await db
      .insertInto('outbreak_alerts')
      .values({ id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  },

  /** Newest first, the alerts whose note the filter allows, with `organizationId`'s ack. */
  async list(
    db: Db,
    filter: ReadFilter,
    q: { organizationId: string; status?: 'open' | 'closed'; limit: number; offset: number },
  ): Promise<ListedAlert[]> {
    let query = db
      .selectFrom('outbreak_alerts as a')
      .innerJoin('stix_objects as o', (j) =>
        j.onRef('o.id', '=', 'a.id').on('o.is_latest', '=', LATEST),
      )
      .leftJoin('outbreak_alert_acks as k', (j) =>
        j.onRef('k.alert_id', '=', 'a.id').on('k.organization_id', '=', q.organizationId),
      )
      .select(['o.content', 'k.acknowledged_at', 'k.acknowledged_by'])
      .where((eb) => readableWhere(eb, filter));
    if (q.status) query = query.where('a.status', '=', q.status);
    const rows = await query
      .orderBy('a.opened_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return rows.map((r) => ({
      content: r.content,
      acknowledged:
        r.acknowledged_at && r.acknowledged_by
          ? { at: r.acknowledged_at, by: r.acknowledged_by }
          : null,
    }));
  },

  async acknowledgement(
    db: Db,
    alertId: string,
    organizationId: string,
  ): Promise<Acknowledgement | null> {
    const r = await db
      .selectFrom('outbreak_alert_acks')
      .select(['acknowledged_at', 'acknowledged_by'])
      .where('alert_id', '=', alertId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return r ? { at: r.acknowledged_at, by: r.acknowledged_by } : null;
  },

  /** Records the acknowledgement unless the organisation already gave one; true when new. */
  async acknowledge(
    db: Db,
    alertId: string,
    organizationId: string,
    ack: Acknowledgement,
  ): Promise<boolean> {
    const r = await db
      .insertInto('outbreak_alert_acks')
      .values({
        alert_id: alertId,
        organization_id: organizationId,
        acknowledged_at: ack.at,
        acknowledged_by: ack.by,
      })
      .onConflict((oc) => oc.columns(['alert_id', 'organization_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },
};
