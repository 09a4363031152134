import { canRead, type ReadableMeta, type Reader } from './read-policy.js';

/** An organisation of this node as the audience computation needs it. */
export interface AudienceOrganization {
  readonly id: string;
  /** Sharing groups the organisation is a member of. */
  readonly sharingGroupIds: readonly string[];
}

/** An individual user, for RED content that only named users read. */
export interface AudienceUser {
  readonly id: string;
  readonly organizationId: string;
}

/** Who can read one object ("who can see this?"), computed by {@link canRead} itself. */
export interface Audience {
  /** True when an unauthenticated reader could read it (CLEAR with distribution `all`). */
  readonly public: boolean;
  /** Organisations every member of which may read it, whatever their role. */
  readonly organizationIds: readonly string[];
  /** Users who may read it individually although their organisation may not (RED recipients). */
  readonly userIds: readonly string[];
  /** Admins reach it only through an audited break-glass window (always true: admins get no bypass). */
  readonly adminsOnlyByBreakGlass: true;
}

/**
 * The audience of `meta` among `organizations` and the named recipient `users`. Roles do not
 * change the decision, so the answer is per organisation (plus individually named users).
 */
export function audienceOf(
  meta: ReadableMeta,
  organizations: readonly AudienceOrganization[],
  users: readonly AudienceUser[],
): Audience {
  const groupsOf = new Map(organizations.map((o) => [o.id, o.sharingGroupIds]));
  const orgReader = (o: AudienceOrganization): Reader => ({
    organizationId: o.id,
    userId: null,
    sharingGroupIds: o.sharingGroupIds,
    breakGlass: false,
  });
  const organizationIds = organizations.filter((o) => canRead(orgReader(o), meta)).map((o) => o.id);
  const userIds = users
    .filter((u) => !organizationIds.includes(u.organizationId))
    .filter((u) =>
      canRead(
        {
          organizationId: u.organizationId,
          userId: u.id,
          sharingGroupIds: groupsOf.get(u.organizationId) ?? [],
          breakGlass: false,
        },
        meta,
      ),
    )
    .map((u) => u.id);
  const anonymous: Reader = {
    organizationId: null,
    userId: null,
    sharingGroupIds: [],
    breakGlass: false,
  };
  return {
    public: canRead(anonymous, meta),
    organizationIds,
    userIds,
    adminsOnlyByBreakGlass: true,
  };
}
