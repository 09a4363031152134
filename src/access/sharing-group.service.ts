import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { sharingGroupOf } from '../policy/read-policy.js';
import type { NodeEvents } from '../notify/event-bus.js';

const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SharingGroupMember {
  /** Organisation identity id. */
  readonly organizationId: string;
  /** Its name when it is an organisation of this node, else null (a remote organisation). */
  readonly name: string | null;
}

export interface SharingGroupView {
  readonly id: string;
  readonly name: string;
  readonly ownerOrgId: string;
  readonly hideMembers: boolean;
  readonly createdAt: string;
  readonly memberCount: number;
  /** Null when the member list is hidden from this actor. */
  readonly members: readonly SharingGroupMember[] | null;
}

export interface NewSharingGroup {
  readonly name: string;
  readonly hideMembers?: boolean;
  /** Owner organisation; admins only may name another than their own. */
  readonly ownerOrgId?: string;
}

/**
 * Sharing groups: named sets of organisations (of this node or others, by identity id) that an
 * object's distribution can name (`sharing-group:<id>`). Node admins and the owner
 * organisation manage a group; members see the group, and its member list unless hidden.
 * Everyone else does not learn that the group exists (404).
 */
export interface SharingGroupService {
  create(actor: Actor, input: NewSharingGroup): Promise<SharingGroupView>;
  list(actor: Actor): Promise<SharingGroupView[]>;
  show(actor: Actor, id: string): Promise<SharingGroupView>;
  addMember(actor: Actor, id: string, organizationId: string): Promise<SharingGroupView>;
  removeMember(actor: Actor, id: string, organizationId: string): Promise<SharingGroupView>;
  /** Ids of the groups `organizationId` is a member of. */
  groupsOf(organizationId: string): Promise<string[]>;
  /**
   * Throws unless `distribution` is a known distribution that `actor` may store with: a
   * sharing group must exist and the actor's organisation must own it or be a member.
   */
  checkDistribution(actor: Actor, distribution: string): Promise<void>;
}

type GroupRow = Database['sharing_groups'];

export function createSharingGroupService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Where membership changes are announced after commit (the federation feed listens). */
  readonly events?: NodeEvents;
}): SharingGroupService {
  const { db, audit, clock, random } = deps;

  const isMember = async (groupId: string, org: string) =>
    (await db
      .selectFrom('sharing_group_members')
      .select('group_id')
      .where('group_id', '=', groupId)
      .where('organization_id', '=', org)
      .executeTakeFirst()) !== undefined;

  const announce = (groupId: string, organizationId: string, change: 'added' | 'removed') =>
    deps.events?.publish({ kind: 'sharing-group.membership', groupId, organizationId, change });

  const mayManage = (actor: Actor, g: GroupRow) =>
    actor.role === 'admin' || (g.owner_org_id === actor.organizationId && actor.role === 'analyst');

  async function load(actor: Actor, id: string): Promise<{ row: GroupRow; member: boolean }> {
    const row = await db
      .selectFrom('sharing_groups')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    const member = row ? await isMember(id, actor.organizationId) : false;
    if (!row || !(actor.role === 'admin' || row.owner_org_id === actor.organizationId || member)) {
      throw new DomainError('NH_ERR_NOT_FOUND', `sharing group ${id} was not found`);
    }
    return { row, member };
  }

  async function view(actor: Actor, row: GroupRow): Promise<SharingGroupView> {
    const members = await db
      .selectFrom('sharing_group_members as m')
      .leftJoin('organizations as o', 'o.id', 'm.organization_id')
      .select(['m.organization_id', 'o.name'])
      .where('m.group_id', '=', row.id)
      .orderBy('m.organization_id')
      .execute();
    const seesMembers =
      row.hide_members === 0 || actor.role === 'admin' || row.owner_org_id === actor.organizationId;
    return {
      id: row.id,
      name: row.name,
      ownerOrgId: row.owner_org_id,
      hideMembers: row.hide_members === 1,
      createdAt: row.created_at,
      memberCount: members.length,
      members: seesMembers
        ? members.map((m) => ({ organizationId: m.organization_id, name: m.name ?? null }))
        : null,
    };
  }

  function requireManager(actor: Actor, row: GroupRow) {
    if (!mayManage(actor, row)) {
      throw new DomainError(
        'NH_ERR_FORBIDDEN',
        `only an admin or an analyst of the owner organisation manages sharing group ${row.id}`,
      );
    }
  }

  return {
    async create(actor, input) {
      if (actor.role !== 'admin' && actor.role !== 'analyst') {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          'creating a sharing group needs the role admin or analyst',
        );
      }
      const name = input.name.trim();
      if (name.length === 0 || name.length > 200) {
        throw new DomainError('NH_ERR_VALIDATION', 'name: 1 to 200 characters', [
          { path: 'name', message: '1 to 200 characters' },
        ]);
      }
      const owner = input.ownerOrgId ?? actor.organizationId;
      if (owner !== actor.organizationId && actor.role !== 'admin') {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          'only an admin may create a group owned by another organisation',
        );
      }
      const org = await db
        .selectFrom('organizations')
        .select('id')
        .where('id', '=', owner)
        .executeTakeFirst();
      if (!org) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `ownerOrgId: no organisation ${owner} on this node`,
          [{ path: 'ownerOrgId', message: 'not an organisation of this node' }],
        );
      }
      const taken = await db
        .selectFrom('sharing_groups')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken)
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `a sharing group named "${name}" exists (${taken.id})`,
        );
      const now = clock.now().toISOString();
      const row: GroupRow = {
        id: `sg-${random.uuid()}`,
        name,
        owner_org_id: owner,
        hide_members: input.hideMembers ? 1 : 0,
        created_at: now,
      };
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await trx.insertInto('sharing_groups').values(row).execute();
        await trx
          .insertInto('sharing_group_members')
          .values({ group_id: row.id, organization_id: owner, added_at: now })
          .execute();
        await audit.append(trx, actor, {
          action: 'sharing-group.create',
          target: row.id,
          details: { name, owner, hideMembers: row.hide_members === 1 },
        });
      });
      announce(row.id, owner, 'added');
      return view(actor, row);
    },

    async list(actor) {
      let q = db.selectFrom('sharing_groups').selectAll().orderBy('name');
      if (actor.role !== 'admin') {
        const org = actor.organizationId;
        q = q.where((eb) =>
          eb.or([
            eb('owner_org_id', '=', org),
            eb(
              'id',
              'in',
              eb
                .selectFrom('sharing_group_members')
                .select('group_id')
                .where('organization_id', '=', org),
            ),
          ]),
        );
      }
      const rows = await q.execute();
      return Promise.all(rows.map((r) => view(actor, r)));
    },

    async show(actor, id) {
      return view(actor, (await load(actor, id)).row);
    },

    async addMember(actor, id, organizationId) {
      const { row } = await load(actor, id);
      requireManager(actor, row);
      if (!IDENTITY_ID.test(organizationId)) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `organizationId: "${organizationId}" is not an identity id`,
          [{ path: 'organizationId', message: 'must be identity--<UUID>' }],
        );
      }
      if (!(await isMember(id, organizationId))) {
        await inWriteTransaction(db, deps.capabilities, async (trx) => {
          await trx
            .insertInto('sharing_group_members')
            .values({
              group_id: id,
              organization_id: organizationId,
              added_at: clock.now().toISOString(),
            })
            .execute();
          await audit.append(trx, actor, {
            action: 'sharing-group.add-member',
            target: id,
            details: { organizationId },
          });
        });
        announce(id, organizationId, 'added');
      }
      return view(actor, row);
    },

    async removeMember(actor, id, organizationId) {
      const { row } = await load(actor, id);
      requireManager(actor, row);
      if (organizationId === row.owner_org_id) {
        throw new DomainError(
          'NH_ERR_CONFLICT',
          'the owner organisation stays a member of its group',
        );
      }
      if (!(await isMember(id, organizationId))) {
        throw new DomainError('NH_ERR_NOT_FOUND', `${organizationId} is not a member of ${id}`);
      }
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await trx
          .deleteFrom('sharing_group_members')
          .where('group_id', '=', id)
          .where('organization_id', '=', organizationId)
          .execute();
        await audit.append(trx, actor, {
          action: 'sharing-group.remove-member',
          target: id,
          details: { organizationId },
        });
      });
      announce(id, organizationId, 'removed');
      return view(actor, row);
    },

    async groupsOf(organizationId) {
      const rows = await db
        .selectFrom('sharing_group_members')
        .select('group_id')
        .where('organization_id', '=', organizationId)
        .execute();
      return rows.map((r) => r.group_id);
    },

    async checkDistribution(actor, distribution) {
      if (['organisation', 'community', 'connected', 'all'].includes(distribution)) return;
      const id = sharingGroupOf(distribution);
      if (id === null) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `distribution: "${distribution}" is not one of organisation, community, connected, all, sharing-group:<id>`,
          [{ path: 'distribution', message: 'unknown distribution' }],
        );
      }
      const row = await db
        .selectFrom('sharing_groups')
        .select(['id', 'owner_org_id'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (
        !row ||
        (row.owner_org_id !== actor.organizationId && !(await isMember(id, actor.organizationId)))
      ) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `distribution: sharing group ${id} does not exist or your organisation is not a member of it`,
          [{ path: 'distribution', message: 'unknown sharing group, or not a member' }],
        );
      }
    },
  };
}
