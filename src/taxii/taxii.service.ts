import type { Kysely } from 'kysely';
import type { ObjectService } from '../objects/object.service.js';
import type { ListedVersion, VersionQuery } from '../objects/object.types.js';
import type { Actor } from '../platform/actor.js';
import { actorLabel } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { viewOf, type CollectionService } from './collection.service.js';
import type { CollectionAccess } from './collection.types.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { statusRepository } from './status.repository.js';
import type { StatusDetail, TaxiiStatus } from './status.types.js';
import type { TaxiiFilters } from './taxii-filters.js';
import type { RoutingService } from '../route/routing.service.js';
import { ROUTABLE_TYPES } from '../route/routing-rules.js';

export interface TaxiiServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly objects: ObjectService;
  readonly collections: CollectionService;
  /**
   * Routes what a TAXII producer adds to whoever must act on it (issue 5, item 4), as intake
   * imports and the report wizard do. Absent: nothing is routed.
   */
  readonly routing?: Pick<RoutingService, 'hasContacts' | 'routeAfterImport'>;
}

/** One page of a TAXII listing, before it becomes an envelope, manifest or versions resource. */
export interface TaxiiPage {
  readonly items: readonly ListedVersion[];
  readonly more: boolean;
}

export interface TaxiiService {
  collections(actor: Actor): Promise<CollectionAccess[]>;
  collection(actor: Actor, id: string): Promise<CollectionAccess>;
  /** Objects (and manifest) of a collection: versions the actor may read, in date_added order. */
  objects(actor: Actor, collectionId: string, filters: TaxiiFilters): Promise<TaxiiPage>;
  /** Versions of one object of a collection; NH_ERR_OBJECT_NOT_FOUND when it has none there. */
  object(actor: Actor, collectionId: string, id: string, filters: TaxiiFilters): Promise<TaxiiPage>;
  /**
   * Adds objects through a collection (TAXII 2.1 §5.5): a status is stored as pending, the
   * valid objects are stored (invalid ones become per-object failures), and the completed
   * status is returned.
   */
  add(actor: Actor, collectionId: string, objects: readonly unknown[]): Promise<TaxiiStatus>;
  /** Deletes versions of an object of a collection the actor may write (TAXII 2.1 §5.7). */
  remove(actor: Actor, collectionId: string, id: string, filters: TaxiiFilters): Promise<void>;
  /** A status resource; only its creator reads it (others get NH_ERR_NOT_FOUND). */
  status(actor: Actor, id: string): Promise<TaxiiStatus>;
}

/** Who owns a status resource: the user (whatever credential they used), or the named service. */
function ownerOf(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : actorLabel(actor);
}

function intersect(a: readonly string[] | undefined, b: readonly string[] | undefined) {
  if (!a) return b;
  if (!b) return a;
  return a.filter((x) => b.includes(x));
}

/** The version an object states, for status details. */
function versionOfInput(o: unknown): { id: string; version: string } {
  const r = (o !== null && typeof o === 'object' ? o : {}) as Record<string, unknown>;
  const id = typeof r.id === 'string' ? r.id : '';
  const version =
    typeof r.modified === 'string' ? r.modified : typeof r.created === 'string' ? r.created : '';
  return { id, version };
}

/** The TAXII 2.1 server's rules over collections, the object store and status resources. */
export function createTaxiiService(deps: TaxiiServiceDeps): TaxiiService {
  const { db, clock, random, objects, collections } = deps;

  async function readable(actor: Actor, collectionId: string): Promise<CollectionAccess> {
    const access = await collections.get(actor, collectionId);
    if (!access.canRead) {
      throw new DomainError(
        'NH_ERR_FORBIDDEN',
        `${actorLabel(actor)} may not read collection ${access.collection.id}`,
      );
    }
    return access;
  }

  /**
   * After commit: the stored observables (and observed-data, routed by what they refer to) go
   * to the routing service, which never throws (a failure is logged and counted; the status
   * stands). Objects the status lists as failures are not in the store and are skipped.
   */
  async function routeAdded(actor: Actor, input: readonly unknown[], status: TaxiiStatus) {
    if (!deps.routing || status.successCount === 0) return;
    const stored = new Set(status.successes.map((s) => s.id));
    const toRoute = new Set<string>();
    for (const o of input) {
      const { id, type } = (o ?? {}) as { id?: unknown; type?: unknown };
      if (typeof id !== 'string' || typeof type !== 'string' || !stored.has(id)) continue;
      if (ROUTABLE_TYPES.has(type) || type === 'observed-data') toRoute.add(id);
    }
    if (toRoute.size > 0 && (await deps.routing.hasContacts()))
      await deps.routing.routeAfterImport(actor, [...toRoute]);
  }

  function query(access: CollectionAccess, filters: TaxiiFilters): VersionQuery {
    const view = viewOf(access.collection);
    const types = intersect(view.types, filters.types);
    return {
      ...view,
      ids: filters.ids,
      types,
      versions: filters.versions,
      specVersions: filters.specVersions,
      addedAfter: filters.addedAfter,
      after: filters.after,
      limit: filters.limit,
    };
  }

  function page(actor: Actor, q: VersionQuery): Promise<TaxiiPage> {
    // Both the view and the request filter by type and share nothing: an empty page.
    if (q.types !== undefined && q.types.length === 0)
      return Promise.resolve({ items: [], more: false });
    return objects.pageVersions(actor, q);
  }

  return {
    collections: (actor) => collections.list(actor),
    collection: (actor, id) => collections.get(actor, id),

    async objects(actor, collectionId, filters) {
      const access = await readable(actor, collectionId);
      return page(actor, query(access, filters));
    },

    async object(actor, collectionId, id, filters) {
      const access = await readable(actor, collectionId);
      const result = await page(actor, { ...query(access, filters), ids: [id] });
      if (result.items.length === 0 && filters.after === null) {
        // Distinguish "no such object here" from "filters exclude every version".
        const any = await page(actor, {
          ...query(access, { limit: 1, after: null }),
          ids: [id],
          versions: [{ kind: 'all' }],
        });
        if (any.items.length === 0)
          throw new DomainError(
            'NH_ERR_OBJECT_NOT_FOUND',
            `object ${id} is not in this collection`,
          );
      }
      return result;
    },

    async add(actor, collectionId, input) {
      const access = await collections.get(actor, collectionId);
      if (!access.canWrite) {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `${actorLabel(actor)} may not add objects to collection ${access.collection.id}`,
        );
      }
      const owner = ownerOf(actor);
      const requested: TaxiiStatus = {
        id: random.uuid(),
        status: 'pending',
        requestTimestamp: clock.now().toISOString(),
        totalCount: input.length,
        successCount: 0,
        successes: [],
        failureCount: 0,
        failures: [],
        pendingCount: input.length,
        pendings: [],
      };
      const ingest = await objects.prepareIngest(actor, {
        distribution: access.collection.distribution,
      });
      // One transaction: the objects, the inbox's contributions and the complete status
      // resource commit together (one wait for the disk); the response is only sent once the
      // status is complete, so a pending status would never be seen.
      const complete = await inWriteTransaction(db, deps.capabilities, async (trx) => {
        const summary = await ingest.into(trx, input);
        const rejected = new Map(summary.rejected.map((r) => [r.index, r]));
        const successes: StatusDetail[] = [];
        const failures: StatusDetail[] = [];
        input.forEach((o, i) => {
          const ref = versionOfInput(o);
          const r = rejected.get(i);
          if (r === undefined) successes.push(ref);
          else
            failures.push({
              ...ref,
              message: `object ${i}: ${r.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`,
            });
        });
        await collections.recordContributions(
          access.collection,
          successes.map((s) => s.id),
          trx,
        );
        const status: TaxiiStatus = {
          ...requested,
          status: 'complete',
          successCount: successes.length,
          successes,
          failureCount: failures.length,
          failures,
          pendingCount: 0,
        };
        await statusRepository.upsert(trx, owner, access.collection.id, status);
        return status;
      });
      ingest.committed();
      await routeAdded(actor, input, complete);
      return complete;
    },

    async remove(actor, collectionId, id, filters) {
      const access = await readable(actor, collectionId);
      if (!access.canWrite) {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `${actorLabel(actor)} may not delete from collection ${access.collection.id}`,
        );
      }
      const inView = await page(actor, {
        ...query(access, { limit: 1, after: null }),
        ids: [id],
        versions: [{ kind: 'all' }],
      });
      if (inView.items.length === 0)
        throw new DomainError('NH_ERR_OBJECT_NOT_FOUND', `object ${id} is not in this collection`);
      await objects.remove(actor, id, {
        versions: filters.versions,
        specVersions: filters.specVersions,
      });
    },

    async status(actor, id) {
      const s = await statusRepository.find(db, id, ownerOf(actor));
      if (!s) throw notFound('status', id);
      return s;
    },
  };
}
