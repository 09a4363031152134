import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { Channel, Contact, ContactFilters, ContactKind } from './contact.types.js';

type Db = Kysely<Database>;
type Row = Database['routing_contacts'];

function toContact(r: Row): Contact {
  return {
    id: r.id,
    kind: r.kind as ContactKind,
    name: r.name,
    network: r.network,
    asn: r.asn === null ? null : Number(r.asn),
    domain: r.domain,
    country: r.country,
    sector: r.sector,
    languages: JSON.parse(r.languages) as string[],
    channel: r.channel as Channel,
    address: r.address,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(c: Contact): Row {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    network: c.network,
    asn: c.asn,
    domain: c.domain,
    country: c.country,
    sector: c.sector,
    languages: JSON.stringify(c.languages),
    channel: c.channel,
    address: c.address,
    notes: c.notes,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Storage of the contact directory (migration 0006). */
export const contactRepository = {
  async list(db: Db, caps: DialectCapabilities, f: ContactFilters = {}): Promise<Contact[]> {
    let q = db.selectFrom('routing_contacts').selectAll();
    if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
    if (f.country !== undefined) q = q.where('country', '=', f.country);
    if (f.sector !== undefined) q = q.where('sector', '=', f.sector);
    if (f.text !== undefined) {
      // `%` and `_` in the text act as wildcards (SQLite's LIKE has no default escape).
      const like = `%${f.text}%`;
      const op = caps.caseInsensitiveLike;
      q = q.where((eb) =>
        eb.or((['name', 'network', 'domain', 'address'] as const).map((col) => eb(col, op, like))),
      );
    }
    const rows = await q.orderBy('kind').orderBy('country').orderBy('name').orderBy('id').execute();
    return rows.map(toContact);
  },

  async count(db: Db): Promise<number> {
    const r = await db
      .selectFrom('routing_contacts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  async find(db: Db, id: string): Promise<Contact | null> {
    const row = await db
      .selectFrom('routing_contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toContact(row) : null;
  },

  async insert(db: Db, contacts: readonly Contact[]): Promise<void> {
    for (let i = 0; i < contacts.length; i += 500) {
      await db
        .insertInto('routing_contacts')
        .values(contacts.slice(i, i + 500).map(toRow))
        .execute();
    }
  },

  async update(db: Db, c: Contact): Promise<void> {
    const { id: _id, created_at: _created, ...rest } = toRow(c);
    await db.updateTable('routing_contacts').set(rest).where('id', '=', c.id).execute();
  },

  async remove(db: Db, id: string): Promise<boolean> {
    const r = await db.deleteFrom('routing_contacts').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  async removeAll(db: Db): Promise<number> {
    const r = await db.deleteFrom('routing_contacts').executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** Ids of this node's organisations (the `nohaven` channel names one). */
  async organizationIds(db: Db): Promise<Set<string>> {
    const rows = await db.selectFrom('organizations').select('id').execute();
    return new Set(rows.map((r) => r.id));
  },
};
