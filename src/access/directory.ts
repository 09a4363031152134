import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import type { AudienceOrganization, AudienceUser } from '../policy/audience.js';

/** What the "who can see this?" answer may be computed over, for one actor. */
export interface AudienceDirectory {
  readonly organizations: readonly (AudienceOrganization & { readonly name: string })[];
  readonly users: readonly (AudienceUser & { readonly username: string })[];
  /**
   * True when the object's sharing group hides its members from this actor: the answer then
   * names only the actor's own organisation and the owner, never the other members.
   */
  readonly membersHidden: boolean;
}

/**
 * The node's organisations with their sharing-group memberships, and the given users, as
 * the audience of an object distributed to `groupId` may be shown to `actor`.
 */
export async function audienceDirectory(
  db: Kysely<Database>,
  actor: Actor,
  input: { groupId: string | null; ownerOrgId: string | null; userIds: readonly string[] },
): Promise<AudienceDirectory> {
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .orderBy('name')
    .execute();
  const memberships = await db
    .selectFrom('sharing_group_members')
    .select(['group_id', 'organization_id'])
    .execute();
  const users =
    input.userIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'username', 'organization_id'])
          .where('id', 'in', [...input.userIds])
          .execute();
  let membersHidden = false;
  if (input.groupId !== null && actor.role !== 'admin') {
    const g = await db
      .selectFrom('sharing_groups')
      .select(['owner_org_id', 'hide_members'])
      .where('id', '=', input.groupId)
      .executeTakeFirst();
    membersHidden =
      g !== undefined && g.hide_members === 1 && g.owner_org_id !== actor.organizationId;
  }
  const visible = (orgId: string) =>
    !membersHidden || orgId === actor.organizationId || orgId === input.ownerOrgId;
  return {
    organizations: orgs
      .filter((o) => visible(o.id))
      .map((o) => ({
        id: o.id,
        name: o.name,
        sharingGroupIds: memberships
          .filter((m) => m.organization_id === o.id)
          .map((m) => m.group_id),
      })),
    users: users
      .filter(
        (u) => visible(u.organization_id) || u.id === (actor.kind === 'user' ? actor.userId : ''),
      )
      .map((u) => ({ id: u.id, username: u.username, organizationId: u.organization_id })),
    membersHidden,
  };
}
