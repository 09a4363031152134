/** Reads of the outbreak feed (`alert-feed.ts`): a few indexed queries per stored batch. */
import { sql, type Kysely } from 'kysely';
import type { ObservableKey, KeyKind } from '../correlate/observable-keys.js';
import type { Database } from '../platform/database/schema.js';
import {
  OBSERVABLE_TYPES,
  REPORT_TYPES,
  warninglistsOf,
  type ObservableKeyRow,
  type Reporter,
  type StoredRow,
} from './alert-feed.js';

type Db = Kysely<Database>;
const LATEST = sql.lit(1);
const ID_CHUNK = 500;
const ROOT_TYPES = [...REPORT_TYPES, 'relationship'];

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ID_CHUNK) out.push(items.slice(i, i + ID_CHUNK));
  return out;
}

function toStored(r: {
  id: string;
  type: string;
  content: string;
  owner_org_id: string | null;
  tlp: string | null;
  distribution: string;
  revoked: number;
  date_added: string;
}): StoredRow {
  return {
    id: r.id,
    type: r.type,
    content: r.content,
    ownerOrgId: r.owner_org_id,
    tlp: r.tlp,
    distribution: r.distribution,
    revoked: Number(r.revoked) === 1,
    dateAdded: r.date_added,
  };
}

const STORED_COLUMNS = [
  'id',
  'type',
  'content',
  'owner_org_id',
  'tlp',
  'distribution',
  'revoked',
  'date_added',
] as const;

export const alertFeedRepository = {
  /** The newest versions among `ids` that are reports or relationships (others are skipped). */
  async storedRows(db: Db, ids: readonly string[]): Promise<StoredRow[]> {
    const out: StoredRow[] = [];
    for (const chunk of chunks([...new Set(ids)])) {
      const rows = await db
        .selectFrom('stix_objects')
        .select(STORED_COLUMNS)
        .where('id', 'in', chunk)
        .where('is_latest', '=', LATEST)
        .where('type', 'in', ROOT_TYPES)
        .execute();
      out.push(...rows.map(toStored));
    }
    return out;
  },

  /** Report roots and relationships stored at or after `since` (a `date_added`), by `seq`. */
  async storedSince(db: Db, since: string, afterSeq: number, limit: number) {
    const rows = await db
      .selectFrom('stix_objects')
      .select([...STORED_COLUMNS, 'seq'])
      .where('date_added', '>=', since)
      .where('seq', '>', afterSeq)
      .where('type', 'in', ROOT_TYPES)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), row: toStored(r) }));
  },

  /** Country and aggregate-sharing setting of each organisation. */
  async reporters(db: Db, organizationIds: readonly string[]): Promise<Map<string, Reporter>> {
    const out = new Map<string, Reporter>();
    for (const chunk of chunks([...new Set(organizationIds)])) {
      const rows = await db
        .selectFrom('organizations as g')
        .leftJoin('organization_settings as s', 's.organization_id', 'g.id')
        .select(['g.id', 'g.country', 's.aggregate_tlp'])
        .where('g.id', 'in', chunk)
        .execute();
      for (const r of rows)
        out.set(r.id, { country: r.country, aggregateTlp: r.aggregate_tlp ?? null });
    }
    return out;
  },

  /** The value keys of the latest versions of the observables `ids`, by observable id. */
  async observableKeys(db: Db, ids: readonly string[]): Promise<Map<string, ObservableKeyRow[]>> {
    const out = new Map<string, ObservableKeyRow[]>();
    for (const chunk of chunks([...new Set(ids)])) {
      const rows = await db
        .selectFrom('observable_keys as k')
        .innerJoin('stix_objects as o', 'o.seq', 'k.object_seq')
        .select(['o.id', 'o.type', 'o.content', 'k.kind', 'k.value'])
        .where('o.id', 'in', chunk)
        .where('o.is_latest', '=', LATEST)
        .where('o.type', 'in', [...OBSERVABLE_TYPES])
        .where('k.role', '=', 'value')
        .execute();
      const lists = new Map<string, string[]>();
      for (const r of rows) {
        let warninglists = lists.get(r.id);
        if (!warninglists) lists.set(r.id, (warninglists = warninglistsOf(r.content)));
        const key: ObservableKey = { kind: r.kind as KeyKind, value: r.value };
        const list = out.get(r.id) ?? [];
        list.push({ objectId: r.id, objectType: r.type, key, warninglists });
        out.set(r.id, list);
      }
    }
    return out;
  },
};
