import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { actorLabel, type Actor, type Role } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import type { AudienceDirectory } from '../access/directory.js';
import type { ReaderContext, ReaderResolver } from '../access/reader.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import { audienceOf } from '../policy/audience.js';
import {
  isNonPublic,
  readDecision,
  readFilterFor,
  sharingGroupOf,
  withinReachFilter,
  type ReadableMeta,
} from '../policy/read-policy.js';
import { normalizeTimestamp, type StixObject } from '../stix/index.js';
import { batchesOf } from './batches.js';
import { seqRuns, type SeqRuns } from './seq-runs.js';
import { decodeCursor, encodeCursor } from './object-cursor.js';
import type { ObjectRow } from './object-row.js';
import { planVersions, validateBatch } from './object-batch.js';
import { objectVersionsRepository as versionsRepo } from './object-versions.repository.js';
import {
  createObjectRepository,
  type ObjectRecord,
  type Recipient,
  type Recipients,
} from './object.repository.js';
import type {
  Distribution,
  IngestOptions,
  DeleteQuery,
  IngestSummary,
  ObjectFilters,
  ObjectFolder,
  ObjectPage,
  Rejection,
  StoredObject,
  VersionInfo,
  VersionPage,
  VersionQuery,
} from './object.types.js';

/** Where a batch is stored: its distribution and owning organisation. */
interface StorageTarget {
  readonly distribution: Distribution;
  readonly distributionOf?: (object: StixObject) => Distribution | undefined;
  readonly ownerOrgId: string | null;
  readonly fold?: ObjectFolder;
  /** Recipients named for every stored object id. */
  readonly recipients: { readonly kind: 'organisation' | 'user'; readonly id: string }[];
  /** User named as recipient of what they store as RED (the submitter), if a user stores. */
  readonly submitter: string | null;
}

/** A record the reader may read, and whether only a break-glass window allowed it. */
interface Decided {
  readonly record: ObjectRecord;
  readonly decision: 'allowed' | 'break-glass';
}

/**
 * Derived indexes of stored versions (the observable index of `correlate/`), written in the
 * transaction that stores the versions so that they commit or roll back together. A deleted
 * version's index rows are deleted with it (`object_seq`).
 */
export interface VersionIndexer {
  index(trx: Kysely<Database>, versions: readonly IndexedVersion[]): Promise<void>;
}

export interface IndexedVersion {
  readonly seq: number;
  readonly row: ObjectRow;
  /** The object `row.content` was serialised from, when at hand (saves parsing it again). */
  readonly object?: StixObject;
}

export interface ObjectServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Builds the policy's reader of an actor (sharing groups, break-glass). */
  readonly readers: ReaderResolver;
  /** Indexes written with each stored version; none when absent. */
  readonly indexer?: VersionIndexer;
  /**
   * Checks that the actor may store with a distribution (a sharing group must exist and have
   * the actor's organisation as owner or member) and that named recipients exist.
   */
  readonly access: {
    checkDistribution(actor: Actor, distribution: string): Promise<void>;
    /** The user ids of `usernames`; throws naming the first unknown organisation or user. */
    resolveRecipients(recipients: {
      organizations: readonly string[];
      usernames: readonly string[];
    }): Promise<{ organizations: string[]; users: string[] }>;
    /** The organisations and users the audience of an object may be shown over, for `actor`. */
    audienceDirectory(
      actor: Actor,
      input: { groupId: string | null; ownerOrgId: string | null; userIds: readonly string[] },
    ): Promise<AudienceDirectory>;
  };
  /**
   * Where `objects.stored` is published, after each transaction that stored versions has
   * committed (never inside it: a subscriber reads the rows back at once).
   */
  readonly events?: NodeEvents;
  /**
   * Told of every deletion (`remove`): `within` in its transaction, `after` once it committed
   * (federation: the deleted object's tombstone to the peers holding it). None when absent.
   */
  readonly removal?: {
    within(trx: Kysely<Database>, objectId: string): Promise<void>;
    after(objectId: string): Promise<void>;
  };
}

/** Roles that may store STIX content. */
export const WRITER_ROLES: readonly Role[] = [
  'reporter',
  'analyst',
  'contact-point',
  'investigator',
  'admin',
];
const BATCH_SIZE = 1000;
/** Most ids per `objects.stored` event announcing a large atomic ingest. */
const PUBLISH_CHUNK = 1000;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export interface BatchCommit {
  readonly read: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Ids of the versions this batch stored. */
  readonly storedIds: readonly string[];
}

/** A checked partial ingest, waiting for the caller's transaction (see `prepareIngest`). */
export interface PreparedIngest {
  into(trx: Kysely<Database>, source: Iterable<unknown>): Promise<IngestSummary>;
  /** Call once the caller's transaction has committed: publishes what `into` stored. */
  committed(): void;
}

export interface ObjectService {
  /**
   * Validates and stores objects read from `source`, in batches. `atomic`: one transaction for
   * the whole input; when anything is rejected nothing is stored (every rejection is still
   * reported). `partial`: each batch commits on its own with its valid objects; `onCommit`
   * reports what each committed batch stored. The same version (id + `modified`) is stored once.
   */
  ingest(
    actor: Actor,
    source: AsyncIterable<unknown> | Iterable<unknown>,
    options: IngestOptions & { onCommit?: (batch: BatchCommit) => void },
  ): Promise<IngestSummary>;
  /**
   * Partial ingest inside the caller's write transaction: the checks that read the database
   * (writer role, distribution, recipients) run now, outside any transaction; `into` then
   * stores the valid objects and reports the rejected ones, in `trx`, so the caller commits
   * its own records (a TAXII status resource) with them.
   */
  prepareIngest(
    actor: Actor,
    options: Omit<IngestOptions, 'mode' | 'rollbackIf' | 'onProgress'>,
  ): Promise<PreparedIngest>;
  /** The latest version, or the version whose `modified` is `version`. */
  get(actor: Actor, id: string, version?: string): Promise<StoredObject>;
  /** Every version of an object the actor may read, newest first. */
  versions(actor: Actor, id: string): Promise<VersionInfo[]>;
  /** Latest versions matching the filters, one page at a time (newest first by default). */
  list(actor: Actor, filters: ObjectFilters & { order?: 'asc' | 'desc' }): Promise<ObjectPage>;
  /** Every matching latest version in storage order, page by page (bounded memory). */
  stream(
    actor: Actor,
    filters: Omit<ObjectFilters, 'cursor' | 'limit'>,
  ): AsyncIterable<StoredObject>;
  /** Latest, non-revoked objects the actor may read, counted by type. */
  counts(actor: Actor): Promise<{ total: number; byType: Record<string, number> }>;
  /**
   * "Who can see this?": the organisations (every role alike) and the individually named users
   * that may read the latest version of an object the actor may read, computed by the policy.
   */
  audience(actor: Actor, id: string): Promise<ObjectAudience>;
  /**
   * Versions the actor may read in `date_added` order, oldest first, one page after
   * `query.after` (TAXII objects, manifest, versions and get-by-id). Adding objects while a
   * client pages never shifts pages: a new version's `date_added` is later than every cursor.
   */
  pageVersions(actor: Actor, query: VersionQuery): Promise<VersionPage>;
  /**
   * Deletes the versions of `id` that match `query` (default: every version). Only writers of
   * the organisation that stored a version may delete it (its owner organisation's writer roles,
   * admin included); NH_ERR_OBJECT_NOT_FOUND when the actor reads no matching version,
   * NH_ERR_FORBIDDEN when some matching version belongs to another organisation. Returns the
   * number of versions deleted. Audited.
   */
  remove(actor: Actor, id: string, query: DeleteQuery): Promise<number>;
}

export interface ObjectAudience {
  readonly public: boolean;
  readonly organizations: readonly { readonly id: string; readonly name: string }[];
  readonly users: readonly { readonly id: string; readonly username: string }[];
  /** The object's sharing group hides its member list from the actor: members not listed. */
  readonly membersHidden: boolean;
}

export function createObjectService(deps: ObjectServiceDeps): ObjectService {
  const { db, audit, clock } = deps;
  const repo = createObjectRepository(deps.capabilities);

  /** Announces committed versions (see `ObjectServiceDeps.events`). */
  function publishStored(ids: readonly string[]) {
    if (ids.length > 0) deps.events?.publish({ kind: 'objects.stored', ids: [...ids] });
  }

  /** Stores one validated batch inside `trx`; returns what it stored. */
  /** Checks the writer and the options, and resolves where and for whom objects are stored. */
  async function storageTarget(
    actor: Actor,
    options: Omit<IngestOptions, 'mode'>,
  ): Promise<StorageTarget> {
    requireWriter(actor);
    const distribution = options.distribution ?? 'community';
    await deps.access.checkDistribution(actor, distribution);
    const named = { organizations: [] as string[], users: [] as string[] };
    if (options.recipients) {
      Object.assign(
        named,
        await deps.access.resolveRecipients({
          organizations: [...new Set(options.recipients.organizations ?? [])],
          usernames: [...new Set(options.recipients.usernames ?? [])],
        }),
      );
    }
    const { organizations, users } = named;
    return {
      distribution,
      distributionOf: options.distributionOf,
      ownerOrgId: options.builtIn ? null : actor.organizationId,
      fold: options.fold,
      recipients: [
        ...organizations.map((id) => ({ kind: 'organisation' as const, id })),
        ...users.map((id) => ({ kind: 'user' as const, id })),
      ],
      submitter: actor.kind === 'user' ? actor.userId : null,
    };
  }

  async function storeBatch(
    trx: Kysely<Database>,
    objects: unknown[],
    firstIndex: number,
    target: StorageTarget,
    dryRun: boolean,
  ) {
    if (target.fold) await foldBatch(trx, objects, target.fold);
    const { distributionOf } = target;
    const validated = validateBatch(
      objects,
      firstIndex,
      distributionOf ? (o) => distributionOf(o) ?? target.distribution : target.distribution,
    );
    const ids = [...new Set(validated.candidates.map((c) => c.version.row.id))];
    await repo.lockIds(trx, ids);
    const { existing, latest } = await repo.storedVersions(trx, ids);
    const plan = planVersions(validated, existing, latest);
    const rejected = [...validated.rejected, ...plan.rejected].sort((a, b) => a.index - b.index);
    let seqs: number[] = [];
    if (!dryRun && plan.insert.length > 0) {
      if (plan.supersede.length > 0) await repo.clearLatest(trx, plan.supersede);
      seqs = await repo.insertVersions(trx, plan.insert, dateAdded(clock), target.ownerOrgId);
      if (deps.indexer)
        await deps.indexer.index(
          trx,
          plan.insert.map((v, i) => ({ seq: seqs[i] ?? 0, row: v.row, object: v.object })),
        );
      const named: Recipient[] = [];
      for (const v of plan.insert) {
        for (const r of target.recipients)
          named.push({ objectId: v.row.id, kind: r.kind, principalId: r.id });
        if (target.submitter !== null && v.row.tlp === 'red')
          named.push({ objectId: v.row.id, kind: 'user', principalId: target.submitter });
      }
      if (named.length > 0) await repo.addRecipients(trx, named);
    }
    return {
      stored: plan.insert.map((v) => v.row.id),
      storedSeqs: seqs,
      duplicates: plan.duplicates,
      rejected,
    };
  }

  /**
   * Announces the versions of a committed transaction by their seqs, read back to ids in
   * chunks of {@link PUBLISH_CHUNK} (one event per chunk), so that memory stays bounded.
   */
  async function publishRuns(runs: SeqRuns) {
    if (!deps.events || runs.count === 0) return;
    for (const [first, last] of runs.runs()) {
      for (let from = first; from <= last;) {
        const rows = await repo.idsInSeqRange(db, from, last, PUBLISH_CHUNK);
        publishStored(rows.map((r) => r.id));
        if (rows.length < PUBLISH_CHUNK) break;
        from = rows[rows.length - 1]!.seq + 1;
      }
    }
  }

  /** Replaces, in place, each foldable object whose id is stored by its merge with the latest. */
  async function foldBatch(trx: Kysely<Database>, objects: unknown[], folder: ObjectFolder) {
    const positions = objects.flatMap((o, i) => (folder.applies(o) ? [i] : []));
    if (positions.length === 0) return;
    const ids = [...new Set(positions.map((i) => (objects[i] as StixObject).id))];
    await repo.lockIds(trx, ids);
    const stored = await repo.latestContents(trx, ids);
    const latest = new Map<string, StixObject>();
    for (const i of positions) {
      const incoming = objects[i] as StixObject;
      const content = stored.get(incoming.id);
      const base =
        latest.get(incoming.id) ??
        (content !== undefined ? (JSON.parse(content) as StixObject) : undefined);
      const merged = base ? folder.merge(incoming, base) : incoming;
      objects[i] = merged;
      latest.set(incoming.id, merged);
    }
  }

  function meta(r: ObjectRecord, recipients: Recipients | undefined): ReadableMeta {
    return {
      ownerOrgId: r.owner_org_id,
      tlp: r.tlp,
      distribution: r.distribution,
      recipientOrgIds: recipients?.organizations ?? [],
      recipientUserIds: recipients?.users ?? [],
    };
  }

  /** The records the reader may read, each with the decision (`allowed` or `break-glass`). */
  async function decide(ctx: ReaderContext, records: readonly ObjectRecord[]): Promise<Decided[]> {
    const recipients = await repo.recipientsOf(
      db,
      records.map((r) => r.id),
    );
    return records
      .map((r) => ({
        record: r,
        decision: readDecision(ctx.reader, meta(r, recipients.get(r.id))),
      }))
      .filter((d): d is Decided => d.decision !== 'denied');
  }

  /**
   * Audits a read: non-public content read within reach (`action`), and separately, with the
   * window's reason, everything only an open break-glass window allowed.
   */
  async function auditReads(
    actor: Actor,
    ctx: ReaderContext,
    action: string,
    decided: readonly Decided[],
    target: string | null,
  ) {
    const window = ctx.breakGlass;
    const sensitive = decided
      .filter((d) => d.decision === 'allowed' && isNonPublic(d.record))
      .map((d) => d.record.id);
    if (sensitive.length > 0 || (window !== null && decided.length > 0)) {
      await audit.append(db, actor, {
        action,
        target,
        details: {
          count: sensitive.length,
          ids: sensitive.slice(0, 100),
          ...(window ? { breakGlassWindow: window.id } : {}),
        },
      });
    }
    const glass = decided.filter((d) => d.decision === 'break-glass').map((d) => d.record.id);
    if (window !== null && glass.length > 0) {
      await audit.append(db, actor, {
        action: 'object.read.break-glass',
        target,
        reason: window.reason,
        details: { window: window.id, via: action, count: glass.length, ids: glass },
      });
    }
  }

  return {
    async prepareIngest(actor, options) {
      const target = await storageTarget(actor, options);
      const storedIds: string[] = [];
      return {
        committed() {
          publishStored(storedIds.splice(0));
        },
        async into(trx, source) {
          try {
            return await storeAll(trx, source);
          } catch (err) {
            throw translateStorageError(err);
          }
        },
      };
      async function storeAll(
        trx: Kysely<Database>,
        source: Iterable<unknown>,
      ): Promise<IngestSummary> {
        let read = 0;
        let stored = 0;
        let duplicates = 0;
        const rejected: Rejection[] = [];
        for await (const batch of batchesOf(source, BATCH_SIZE)) {
          const r = await storeBatch(trx, batch, read, target, false);
          read += batch.length;
          rejected.push(...r.rejected);
          storedIds.push(...r.stored);
          stored += r.stored.length;
          duplicates += r.duplicates;
        }
        if (stored > 0) {
          await audit.append(trx, actor, {
            action: 'object.ingest',
            target: null,
            details: { mode: 'partial', read, stored, duplicates, rejected: rejected.length },
          });
        }
        return { read, stored, duplicates, rejected, rolledBack: false };
      }
    },

    async ingest(actor, source, options) {
      const target = await storageTarget(actor, options);
      let read = 0;
      let stored = 0;
      let duplicates = 0;
      const rejected: Rejection[] = [];
      const auditEntry = () => ({
        action: 'object.ingest',
        target: null,
        details: { mode: options.mode, read, stored, duplicates, rejected: rejected.length },
      });

      if (options.mode === 'atomic') {
        const rollback = new Error('rollback');
        // What was stored, as seq runs (not ids): an atomic import may store millions.
        const storedSeqs = seqRuns();
        try {
          await inWriteTransaction(db, deps.capabilities, async (trx) => {
            for await (const batch of batchesOf(source, BATCH_SIZE)) {
              // After the first rejection, keep validating (to report every problem) but store nothing.
              const r = await storeBatch(
                trx,
                batch,
                read,
                target,
                rejected.length > 0 || options.rollbackIf?.() === true,
              );
              read += batch.length;
              rejected.push(...r.rejected);
              storedSeqs.add(r.storedSeqs);
              stored += r.stored.length;
              duplicates += r.duplicates;
              options.onProgress?.(read);
            }
            if (rejected.length > 0 || options.rollbackIf?.()) throw rollback;
            if (stored > 0) await audit.append(trx, actor, auditEntry());
          });
        } catch (err) {
          if (err !== rollback) throw translateStorageError(err);
          return { read, stored: 0, duplicates, rejected, rolledBack: true };
        }
        await publishRuns(storedSeqs);
        return { read, stored, duplicates, rejected, rolledBack: false };
      }

      for await (const batch of batchesOf(source, BATCH_SIZE)) {
        const first = read;
        const r = await inWriteTransaction(db, deps.capabilities, async (trx) => {
          const result = await storeBatch(trx, batch, first, target, false);
          if (result.stored.length === 0) return result;
          await audit.append(trx, actor, {
            action: 'object.ingest',
            target: null,
            details: {
              mode: 'partial',
              read: batch.length,
              stored: result.stored.length,
              duplicates: result.duplicates,
              rejected: result.rejected.length,
            },
          });
          return result;
        }).catch((err: unknown) => {
          throw translateStorageError(err);
        });
        publishStored(r.stored);
        read += batch.length;
        stored += r.stored.length;
        duplicates += r.duplicates;
        rejected.push(...r.rejected);
        options.onCommit?.({
          read,
          stored: r.stored.length,
          duplicates: r.duplicates,
          rejected: r.rejected.length,
          storedIds: r.stored,
        });
        options.onProgress?.(read);
      }
      return { read, stored, duplicates, rejected, rolledBack: false };
    },

    async get(actor, id, version) {
      let key: string | null = null;
      if (version !== undefined) {
        key = normalizeTimestamp(version);
        if (key === null)
          throw new DomainError(
            'NH_ERR_VALIDATION',
            `version "${version}" is not an RFC 3339 timestamp`,
            [{ path: 'version', message: 'not an RFC 3339 timestamp' }],
          );
      }
      const ctx = await deps.readers.readerOf(actor);
      const record = await repo.findVersion(db, id, key);
      const decided = record ? await decide(ctx, [record]) : [];
      if (!record || decided.length === 0) {
        throw new DomainError(
          'NH_ERR_OBJECT_NOT_FOUND',
          version
            ? `object ${id} has no version ${version} that you may read`
            : `object ${id} was not found`,
        );
      }
      await auditReads(actor, ctx, 'object.read', decided, id);
      return toStored(record);
    },

    async versions(actor, id) {
      const ctx = await deps.readers.readerOf(actor);
      const decided = await decide(ctx, await repo.listVersions(db, id));
      if (decided.length === 0)
        throw new DomainError('NH_ERR_OBJECT_NOT_FOUND', `object ${id} was not found`);
      await auditReads(actor, ctx, 'object.versions', decided, id);
      return decided.map(({ record: r }) => ({
        modified: versionOf(r),
        dateAdded: r.date_added,
        latest: r.is_latest === 1,
        revoked: r.revoked === 1,
      }));
    },

    async list(actor, filters) {
      const limit = Math.min(Math.max(filters.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
      const cursor = filters.cursor ? decodeCursor(filters.cursor) : null;
      const order = cursor?.order ?? filters.order ?? 'desc';
      let modifiedSince: string | undefined;
      if (filters.modifiedSince !== undefined) {
        modifiedSince = normalizeTimestamp(filters.modifiedSince) ?? undefined;
        if (modifiedSince === undefined) {
          throw new DomainError(
            'NH_ERR_VALIDATION',
            `modified_since "${filters.modifiedSince}" is not an RFC 3339 timestamp`,
            [{ path: 'modified_since', message: 'not an RFC 3339 timestamp' }],
          );
        }
      }
      const ctx = await deps.readers.readerOf(actor);
      const records = await repo.list(db, readFilterFor(ctx.reader), {
        types: filters.types,
        createdBy: filters.createdBy,
        marking: filters.marking,
        modifiedSince,
        text: filters.text,
        includeRevoked: filters.includeRevoked ?? false,
        afterSeq: cursor?.afterSeq ?? null,
        order,
        limit: limit + 1,
      });
      const page = records.slice(0, limit);
      // Without a break-glass window every row is within reach (the filter said so).
      const decided = ctx.breakGlass
        ? await decide(ctx, page)
        : page.map((record) => ({ record, decision: 'allowed' as const }));
      await auditReads(actor, ctx, 'object.list', decided, null);
      const last = page[page.length - 1];
      return {
        items: page.map(toStored),
        nextCursor:
          records.length > limit && last ? encodeCursor({ afterSeq: last.seq, order }) : null,
      };
    },

    async *stream(actor, filters) {
      let cursor: string | undefined;
      do {
        const page = await this.list(actor, { ...filters, cursor, limit: MAX_LIMIT, order: 'asc' });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },

    async audience(actor, id) {
      const ctx = await deps.readers.readerOf(actor);
      const record = await repo.findVersion(db, id, null);
      // The audience is shown only to readers within reach: break-glass does not extend to it.
      const decided = record
        ? await decide({ ...ctx, reader: { ...ctx.reader, breakGlass: false } }, [record])
        : [];
      if (!record || decided.length === 0)
        throw new DomainError('NH_ERR_OBJECT_NOT_FOUND', `object ${id} was not found`);
      const recipients = (await repo.recipientsOf(db, [id])).get(id);
      const m = meta(record, recipients);
      const dir = await deps.access.audienceDirectory(actor, {
        groupId: sharingGroupOf(m.distribution),
        ownerOrgId: m.ownerOrgId,
        userIds: m.recipientUserIds,
      });
      const a = audienceOf(m, dir.organizations, dir.users);
      return {
        public: a.public,
        organizations: dir.organizations
          .filter((o) => a.organizationIds.includes(o.id))
          .map((o) => ({ id: o.id, name: o.name })),
        users: dir.users
          .filter((u) => a.userIds.includes(u.id))
          .map((u) => ({ id: u.id, username: u.username })),
        membersHidden: dir.membersHidden,
      };
    },

    async pageVersions(actor, query) {
      const limit = Math.min(Math.max(query.limit, 1), MAX_LIMIT);
      const ctx = await deps.readers.readerOf(actor);
      const records = await versionsRepo.page(db, readFilterFor(ctx.reader), {
        ...query,
        limit: limit + 1,
      });
      const page = records.slice(0, limit);
      const decided = ctx.breakGlass
        ? await decide(ctx, page)
        : page.map((record) => ({ record, decision: 'allowed' as const }));
      await auditReads(actor, ctx, 'object.list', decided, null);
      return {
        items: page.map((r) => {
          const object = JSON.parse(r.content) as StixObject;
          return {
            object,
            id: r.id,
            version: versionOf(r, object),
            dateAdded: r.date_added,
            specVersion: r.spec_version ?? '2.1',
            position: { dateAdded: r.date_added, seq: Number(r.seq) },
          };
        }),
        more: records.length > limit,
      };
    },

    async remove(actor, id, query) {
      requireWriter(actor);
      const { reader } = await deps.readers.readerOf(actor);
      const removed = await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await repo.lockIds(trx, [id]);
        // Deleting stays within the actor's own reach: break-glass opens reading only.
        const records = await versionsRepo.forDelete(trx, withinReachFilter(reader), id, query);
        if (records.length === 0)
          throw new DomainError('NH_ERR_OBJECT_NOT_FOUND', `object ${id} was not found`);
        const foreign = records.filter((r) => r.owner_org_id !== actor.organizationId);
        if (foreign.length > 0) {
          throw new DomainError(
            'NH_ERR_FORBIDDEN',
            `${actorLabel(actor)} may not delete ${id}: ${foreign.length} of its versions were stored by another organisation`,
          );
        }
        await versionsRepo.deleteVersions(
          trx,
          id,
          records.map((r) => Number(r.seq)),
        );
        await audit.append(trx, actor, {
          action: 'object.delete',
          target: id,
          details: { versions: records.map((r) => r.modified) },
        });
        await deps.removal?.within(trx, id);
        return records.length;
      });
      await deps.removal?.after(id);
      return removed;
    },

    async counts(actor) {
      // Counts stay within the reader's own reach: break-glass opens content, not statistics.
      const { reader } = await deps.readers.readerOf(actor);
      const rows = await repo.countByType(db, withinReachFilter(reader));
      const byType: Record<string, number> = {};
      let total = 0;
      for (const r of rows) {
        byType[r.type] = r.n;
        total += r.n;
      }
      return { total, byType };
    },
  };
}

function requireWriter(actor: Actor): void {
  if (!WRITER_ROLES.includes(actor.role)) {
    throw new DomainError(
      'NH_ERR_FORBIDDEN',
      `${actorLabel(actor)} (role ${actor.role}) may not store objects`,
    );
  }
}

function toStored(r: ObjectRecord): StoredObject {
  return {
    object: JSON.parse(r.content) as StixObject,
    dateAdded: r.date_added,
    latest: r.is_latest === 1,
    tlp: r.tlp,
    distribution: r.distribution as Distribution,
  };
}

/** The version as the object states it (its `modified`, else `created`, else `date_added`). */
function versionOf(r: ObjectRecord, parsed?: StixObject): string {
  const o = parsed ?? (JSON.parse(r.content) as StixObject);
  return typeof o.modified === 'string'
    ? o.modified
    : typeof o.created === 'string'
      ? o.created
      : r.date_added;
}

/** RFC 3339 with microseconds, as TAXII's `date_added` expects. */
function dateAdded(clock: Clock): string {
  return clock.now().toISOString().replace('Z', '000Z');
}

/** A unique-constraint race with another writer process is a conflict the client may retry. */
function translateStorageError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : String(err);
  if (/unique|duplicate key/i.test(message)) {
    return new DomainError(
      'NH_ERR_CONFLICT',
      'another writer stored a version of the same object at the same time; retry the request',
    );
  }
  return err;
}
