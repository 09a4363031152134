import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { requireRole } from '../auth/roles.js';
import { DISTRIBUTIONS, type VersionQuery } from '../objects/object.types.js';
import { WRITER_ROLES } from '../objects/object.service.js';
import { isRole, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { TLP_LEVELS } from '../stix/index.js';
import { collectionRepository as repo } from './collection.repository.js';
import {
  COLLECTION_KINDS,
  type Audience,
  type Collection,
  type CollectionAccess,
  type NewCollection,
} from './collection.types.js';

export interface CollectionServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
}

/** Marks that the node's default collection was created once (an admin may remove it later). */
const DEFAULT_SETTING = 'taxii.default-collection';
const ALIAS = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const EVERYONE: Audience = { roles: [], organizationIds: [] };

export interface CollectionService {
  /** Collections the actor may read or write, with its rights (TAXII collections resource). */
  list(actor: Actor): Promise<CollectionAccess[]>;
  /** One collection by id or alias; NH_ERR_NOT_FOUND when unknown or invisible to the actor. */
  get(actor: Actor, idOrAlias: string): Promise<CollectionAccess>;
  /** Admin: every collection, whoever may use it. */
  listAll(actor: Actor): Promise<Collection[]>;
  /** Admin: defines a collection. */
  create(actor: Actor, input: NewCollection): Promise<Collection>;
  /** Admin: removes a collection (the objects stay in the store). */
  remove(actor: Actor, id: string): Promise<void>;
  /** Records objects added through an inbox collection. */
  /** Records what was added through an inbox collection (in `trx` when given). */
  recordContributions(
    collection: Collection,
    objectIds: readonly string[],
    trx?: Kysely<Database>,
  ): Promise<void>;
  /**
   * Creates the node's default collection once: every member reads (what the policy lets
   * them read) and writes (with a writer role). Idempotent; safe from several processes.
   */
  ensureDefault(actor: Actor): Promise<void>;
}

function inAudience(actor: Actor, audience: Audience | null): boolean {
  if (audience === null) return false;
  return (
    (audience.roles.length === 0 || audience.roles.includes(actor.role)) &&
    (audience.organizationIds.length === 0 ||
      audience.organizationIds.includes(actor.organizationId))
  );
}

/** The actor's rights on a collection: its audiences, and a writer role to write. */
export function accessOf(actor: Actor, collection: Collection): CollectionAccess {
  return {
    collection,
    canRead: inAudience(actor, collection.readers),
    canWrite: inAudience(actor, collection.writers) && WRITER_ROLES.includes(actor.role),
  };
}

/** The collection's filter as the object store's version-query fields. */
export function viewOf(collection: Collection): Partial<VersionQuery> {
  const f = collection.filter;
  const out: { -readonly [K in keyof VersionQuery]?: VersionQuery[K] } = {};
  if (f.types && f.types.length > 0) out.types = f.types;
  if (f.maxTlp !== undefined) {
    out.tlpLevels = TLP_LEVELS.slice(0, TLP_LEVELS.indexOf(f.maxTlp) + 1);
    out.includeUnmarked = f.includeUnmarked ?? true;
  }
  if (f.ownerOrgIds) out.ownerOrgIds = f.ownerOrgIds;
  if (collection.kind === 'inbox') out.collectionId = collection.id;
  return out;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('NH_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

function checkAudience(path: string, a: Audience | null | undefined): Audience | null {
  if (a === undefined) return EVERYONE;
  if (a === null) return null;
  const wrongRole = a.roles.find((r) => !isRole(r));
  if (wrongRole !== undefined) throw invalid(`${path}.roles`, `"${wrongRole}" is not a role`);
  return { roles: [...a.roles], organizationIds: [...a.organizationIds] };
}

/** Validates an admin's collection definition into a stored collection. */
export function checkCollection(input: NewCollection, id: string, now: string): Collection {
  const title = input.title.trim();
  if (title.length === 0 || title.length > 200)
    throw invalid('title', 'must be 1 to 200 characters');
  const alias = input.alias ?? null;
  if (alias !== null && !ALIAS.test(alias))
    throw invalid('alias', 'must be 1 to 64 of a-z 0-9 . _ - and start with a letter or digit');
  const kind = input.kind ?? 'view';
  if (!COLLECTION_KINDS.includes(kind))
    throw invalid('kind', `must be one of ${COLLECTION_KINDS.join(', ')}`);
  const distribution = input.distribution ?? 'community';
  if (!DISTRIBUTIONS.includes(distribution))
    throw invalid('distribution', `must be one of ${DISTRIBUTIONS.join(', ')}`);
  const f = input.filter ?? {};
  const wrongType = f.types?.find((t) => !STIX_TYPE.test(t));
  if (wrongType !== undefined)
    throw invalid('filter.types', `"${wrongType}" is not a STIX type name`);
  if (f.maxTlp !== undefined && !TLP_LEVELS.includes(f.maxTlp))
    throw invalid('filter.maxTlp', `must be one of ${TLP_LEVELS.join(', ')}`);
  return {
    id,
    title,
    description: input.description?.trim() || null,
    alias,
    kind,
    filter: {
      ...(f.types ? { types: [...f.types] } : {}),
      ...(f.maxTlp !== undefined ? { maxTlp: f.maxTlp } : {}),
      ...(f.includeUnmarked !== undefined ? { includeUnmarked: f.includeUnmarked } : {}),
      ...(f.ownerOrgIds ? { ownerOrgIds: [...f.ownerOrgIds] } : {}),
    },
    readers: checkAudience('readers', input.readers),
    writers: checkAudience('writers', input.writers),
    distribution,
    createdAt: now,
  };
}

/** TAXII collections: admin-defined named views over the object store (issue #3). */
export function createCollectionService(deps: CollectionServiceDeps): CollectionService {
  const { db, capabilities, audit, clock, random } = deps;

  async function insert(actor: Actor, c: Collection): Promise<void> {
    await inWriteTransaction(db, capabilities, async (trx) => {
      if (c.alias !== null && (await repo.find(trx, c.alias)) !== null)
        throw new DomainError('NH_ERR_CONFLICT', `a collection with alias ${c.alias} exists`);
      await repo.insert(trx, c);
      await audit.append(trx, actor, {
        action: 'collection.create',
        target: c.id,
        details: { title: c.title, kind: c.kind },
      });
    });
  }

  return {
    async list(actor) {
      return (await repo.list(db))
        .map((c) => accessOf(actor, c))
        .filter((a) => a.canRead || a.canWrite);
    },

    async get(actor, idOrAlias) {
      const c = await repo.find(db, idOrAlias);
      const access = c ? accessOf(actor, c) : null;
      if (!access || !(access.canRead || access.canWrite)) throw notFound('collection', idOrAlias);
      return access;
    },

    async listAll(actor) {
      requireRole(actor, 'admin');
      return repo.list(db);
    },

    async create(actor, input) {
      requireRole(actor, 'admin');
      const c = checkCollection(input, random.uuid(), clock.now().toISOString());
      await insert(actor, c);
      return c;
    },

    async remove(actor, id) {
      requireRole(actor, 'admin');
      await inWriteTransaction(db, capabilities, async (trx) => {
        const c = await repo.find(trx, id);
        if (!c || !(await repo.remove(trx, c.id))) throw notFound('collection', id);
        await audit.append(trx, actor, { action: 'collection.remove', target: c.id });
      });
    },

    async recordContributions(collection, objectIds, trx) {
      if (collection.kind !== 'inbox' || objectIds.length === 0) return;
      if (trx) return repo.addContributions(trx, collection.id, objectIds);
      await inWriteTransaction(db, capabilities, (trx) =>
        repo.addContributions(trx, collection.id, objectIds),
      );
    },

    async ensureDefault(actor) {
      if ((await repo.getSetting(db, DEFAULT_SETTING)) !== null) return;
      const c = checkCollection(
        {
          title: 'Default',
          description:
            'Every object you may read on this node. Objects you add are shared with the node community.',
          alias: 'default',
        },
        random.uuid(),
        clock.now().toISOString(),
      );
      await inWriteTransaction(db, capabilities, async (trx) => {
        // Another process may have won the race: the setting row decides.
        if ((await repo.getSetting(trx, DEFAULT_SETTING)) !== null) return;
        await repo.putSetting(trx, DEFAULT_SETTING, c.id);
        if ((await repo.find(trx, c.alias ?? '')) !== null) return;
        await repo.insert(trx, c);
        await audit.append(trx, actor, {
          action: 'collection.create',
          target: c.id,
          details: { title: c.title, kind: c.kind },
        });
      });
    },
  };
}
