import {
  expressionBuilder,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
} from 'kysely';
import { bulkInsert, chunkSizes } from '../platform/database/bulk-insert.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { ReadFilter } from '../policy/read-policy.js';
import type { StixObject } from '../stix/index.js';
import type { ObjectRef, ObjectRow } from './object-row.js';

export type ObjectRecord = Database['stix_objects'] extends infer T
  ? { [K in keyof T]: T[K] extends import('kysely').Generated<infer U> ? U : T[K] }
  : never;

/** A new version to insert, with its references and whether it becomes the latest. */
export interface NewVersion {
  readonly row: ObjectRow;
  /** The validated object `row` was derived from (not stored; `row.content` is). */
  readonly object?: StixObject;
  readonly refs: readonly ObjectRef[];
  readonly latest: boolean;
}

export interface ListQuery {
  readonly types?: readonly string[];
  readonly createdBy?: string;
  readonly marking?: string;
  /** Normalised timestamp. */
  readonly modifiedSince?: string;
  readonly text?: string;
  readonly includeRevoked: boolean;
  readonly afterSeq: number | null;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
}

type Db = Kysely<Database>;

/** One named recipient of an object id. */
export interface Recipient {
  readonly objectId: string;
  readonly kind: 'organisation' | 'user';
  readonly principalId: string;
}

export interface Recipients {
  readonly organizations: string[];
  readonly users: string[];
}

/** `is_latest = 1` as a literal, so that the planners use the partial indexes on latest versions. */
const LATEST = sql.lit(1);

export interface LatestVersion {
  readonly seq: number;
  readonly modified: string;
  readonly revoked: boolean;
}

/** Largest rows per multi-row INSERT, under every engine's bind-parameter limit. */
const INSERT_CHUNK = 500;
const ID_CHUNK = 500;

/** Queries of the STIX object store. Pass a transaction as `db` to take part in it. */
export function createObjectRepository(capabilities: DialectCapabilities) {
  const insertObjects = bulkInsert(
    capabilities,
    'stix_objects',
    [
      'id',
      'type',
      'modified',
      'created',
      'spec_version',
      'date_added',
      'revoked',
      'is_latest',
      'created_by_ref',
      'name',
      'description',
      'tlp',
      'owner_org_id',
      'distribution',
      'content',
    ],
    'seq',
  );
  const insertRefs = bulkInsert(capabilities, 'stix_refs', [
    'object_seq',
    'source_id',
    'ref_id',
    'property',
  ]);
  return {
    /**
     * The stored versions of the given ids, in one pass: every `id|modified` key, and the
     * latest version's seq and key of each id that has one. Locks those rows where the engine
     * can.
     */
    async storedVersions(
      db: Db,
      ids: readonly string[],
    ): Promise<{ existing: Set<string>; latest: Map<string, LatestVersion> }> {
      const existing = new Set<string>();
      const latest = new Map<string, LatestVersion>();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        let q = db
          .selectFrom('stix_objects')
          .select(['id', 'seq', 'modified', 'revoked', 'is_latest'])
          .where('id', 'in', ids.slice(i, i + ID_CHUNK));
        if (capabilities.supportsRowLocks) q = q.forUpdate();
        for (const r of await q.execute()) {
          existing.add(`${r.id}|${r.modified}`);
          if (r.is_latest === 1)
            latest.set(r.id, {
              seq: Number(r.seq),
              modified: r.modified,
              revoked: r.revoked === 1,
            });
        }
      }
      return { existing, latest };
    },

    /** The stored content of the latest version of each id that has one. */
    async latestContents(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = await db
          .selectFrom('stix_objects')
          .select(['id', 'content'])
          .where('is_latest', '=', LATEST)
          .where('id', 'in', ids.slice(i, i + ID_CHUNK))
          .execute();
        for (const r of rows) out.set(r.id, r.content);
      }
      return out;
    },

    /**
     * Serialises writers of the same object ids until the transaction ends, so that two
     * processes storing versions of one object cannot both mark theirs as the latest. Locks are
     * taken in id order. A no-op where the engine serialises all writers (SQLite).
     */
    async lockIds(db: Db, ids: readonly string[]): Promise<void> {
      if (!capabilities.supportsAdvisoryLocks || ids.length === 0) return;
      const sorted = [...ids].sort();
      await sql`select pg_advisory_xact_lock(hashtextextended(k, 7)) from (select unnest(${sorted}::text[]) as k order by k) s`.execute(
        db,
      );
    },

    async clearLatest(db: Db, seqs: readonly number[]): Promise<void> {
      for (let i = 0; i < seqs.length; i += ID_CHUNK) {
        await db
          .updateTable('stix_objects')
          .set({ is_latest: 0 })
          .where('seq', 'in', seqs.slice(i, i + ID_CHUNK))
          .execute();
      }
    },

    /** Inserts versions that are known to be new; returns their seqs in order. */
    async insertVersions(
      db: Db,
      versions: readonly NewVersion[],
      dateAdded: string,
      ownerOrgId: string | null,
    ): Promise<number[]> {
      const seqs: number[] = [];
      let at = 0;
      for (const size of chunkSizes(versions.length, INSERT_CHUNK)) {
        const rows = versions
          .slice(at, at + size)
          .map(({ row, latest }) => [
            row.id,
            row.type,
            row.modified,
            row.created,
            row.spec_version,
            dateAdded,
            row.revoked,
            latest ? 1 : 0,
            row.created_by_ref,
            row.name,
            row.description,
            row.tlp,
            ownerOrgId,
            row.distribution,
            row.content,
          ]);
        at += size;
        const inserted = await db.executeQuery<{ seq: number }>(insertObjects.compile(rows));
        for (const r of inserted.rows) seqs.push(Number(r.seq));
      }
      const refs: unknown[][] = [];
      versions.forEach((v, j) => {
        for (const r of v.refs) refs.push([seqs[j], v.row.id, r.refId, r.property]);
      });
      for (const statement of insertRefs.statements(refs)) await db.executeQuery(statement);
      return seqs;
    },

    /** Versions with seqs from `first` to `last` (inclusive), at most `limit`, by seq. */
    async idsInSeqRange(
      db: Db,
      first: number,
      last: number,
      limit: number,
    ): Promise<{ id: string; seq: number }[]> {
      const rows = await db
        .selectFrom('stix_objects')
        .select(['id', 'seq'])
        .where('seq', '>=', first)
        .where('seq', '<=', last)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, seq: Number(r.seq) }));
    },

    async findVersion(
      db: Db,
      id: string,
      modified: string | null,
    ): Promise<ObjectRecord | undefined> {
      let q = db.selectFrom('stix_objects').selectAll().where('id', '=', id);
      q =
        modified === null ? q.where('is_latest', '=', LATEST) : q.where('modified', '=', modified);
      return (await q.executeTakeFirst()) as ObjectRecord | undefined;
    },

    async listVersions(db: Db, id: string): Promise<ObjectRecord[]> {
      return (await db
        .selectFrom('stix_objects')
        .selectAll()
        .where('id', '=', id)
        .orderBy('modified', 'desc')
        .execute()) as ObjectRecord[];
    },

    /** Names recipients of object ids (kept once each). */
    async addRecipients(db: Db, rows: readonly Recipient[]): Promise<void> {
      for (let i = 0; i < rows.length; i += ID_CHUNK) {
        await db
          .insertInto('object_recipients')
          .values(
            rows.slice(i, i + ID_CHUNK).map((r) => ({
              object_id: r.objectId,
              kind: r.kind,
              principal_id: r.principalId,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },

    /** The named recipients of each given object id. */
    async recipientsOf(db: Db, ids: readonly string[]): Promise<Map<string, Recipients>> {
      const out = new Map<string, Recipients>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += ID_CHUNK) {
        const rows = await db
          .selectFrom('object_recipients')
          .select(['object_id', 'kind', 'principal_id'])
          .where('object_id', 'in', unique.slice(i, i + ID_CHUNK))
          .execute();
        for (const r of rows) {
          const entry = out.get(r.object_id) ?? { organizations: [], users: [] };
          (r.kind === 'organisation' ? entry.organizations : entry.users).push(r.principal_id);
          out.set(r.object_id, entry);
        }
      }
      return out;
    },

    async list(db: Db, filter: ReadFilter, query: ListQuery): Promise<ObjectRecord[]> {
      let q = db
        .selectFrom('stix_objects as o')
        .selectAll('o')
        .where('o.is_latest', '=', LATEST)
        .where((eb) => readableWhere(eb, filter));
      if (!query.includeRevoked) q = q.where('o.revoked', '=', 0);
      if (query.types && query.types.length > 0) q = q.where('o.type', 'in', [...query.types]);
      if (query.createdBy) q = q.where('o.created_by_ref', '=', query.createdBy);
      if (query.modifiedSince) q = q.where('o.modified', '>=', query.modifiedSince);
      if (query.marking) {
        const marking = query.marking;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('stix_refs as r')
              .select('r.object_seq')
              .whereRef('r.object_seq', '=', 'o.seq')
              .where('r.property', '=', 'object_marking_refs')
              .where('r.ref_id', '=', marking),
          ),
        );
      }
      if (query.text) {
        const pattern = `%${query.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            sql<SqlBool>`lower(o.name) like ${pattern} escape '\\'`,
            sql<SqlBool>`lower(o.description) like ${pattern} escape '\\'`,
          ]),
        );
      }
      if (query.afterSeq !== null)
        q = q.where('o.seq', query.order === 'asc' ? '>' : '<', query.afterSeq);
      return (await q.orderBy('o.seq', query.order).limit(query.limit).execute()) as ObjectRecord[];
    },

    async countByType(db: Db, filter: ReadFilter): Promise<{ type: string; n: number }[]> {
      const rows = await db
        .selectFrom('stix_objects as o')
        .select(['o.type', (eb) => eb.fn.countAll<number>().as('n')])
        .where('o.is_latest', '=', LATEST)
        .where('o.revoked', '=', 0)
        .where((eb) => readableWhere(eb, filter))
        .groupBy('o.type')
        .orderBy('o.type')
        .execute();
      return rows.map((r) => ({ type: r.type, n: Number(r.n) }));
    },
  };
}

export type ObjectRepository = ReturnType<typeof createObjectRepository>;

/**
 * The read policy's filter (see `policy/read-policy.ts`) as SQL over `stix_objects as o`, node
 * for node: the policy's `matchesFilter` is the reference semantics, and NULL handling follows it
 * (`tlp-in` names unmarked rows explicitly; `tlp-not-in` excludes NULL).
 */
export function readableWhere(
  _eb: ExpressionBuilder<ObjectsAsO, 'o'>,
  f: ReadFilter,
): Expression<SqlBool> {
  let expression = prebuilt.get(f);
  if (!expression) {
    expression = filterExpression(expressionBuilder<ObjectsAsO, 'o'>(), f);
    prebuilt.set(f, expression);
  }
  return expression;
}

type ObjectsAsO = Database & { o: Database['stix_objects'] };

/**
 * A filter's expression, built once per filter object: building it costs more than compiling
 * the query around it (a lookup that runs several queries for one reader builds it once).
 */
const prebuilt = new WeakMap<ReadFilter, Expression<SqlBool>>();

function filterExpression(
  eb: ExpressionBuilder<ObjectsAsO, 'o'>,
  f: ReadFilter,
): Expression<SqlBool> {
  switch (f.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'none':
      return sql<SqlBool>`1 = 0`;
    case 'and':
      return eb.and(f.of.map((g) => filterExpression(eb, g)));
    case 'or':
      return eb.or(f.of.map((g) => filterExpression(eb, g)));
    case 'owner':
      return eb('o.owner_org_id', '=', f.organizationId);
    case 'distribution-in':
      return eb('o.distribution', 'in', [...f.values]);
    case 'tlp-in': {
      const listed = eb('o.tlp', 'in', [...f.values]);
      return f.unmarked ? eb.or([listed, eb('o.tlp', 'is', null)]) : listed;
    }
    case 'tlp-not-in':
      return eb.and([eb('o.tlp', 'is not', null), eb('o.tlp', 'not in', [...f.values])]);
    case 'recipient':
      return eb.exists(
        eb
          .selectFrom('object_recipients as rc')
          .select('rc.object_id')
          .whereRef('rc.object_id', '=', 'o.id')
          .where('rc.kind', '=', f.principal)
          .where('rc.principal_id', '=', f.id),
      );
  }
}
