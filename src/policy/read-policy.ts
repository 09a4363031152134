/**
 * The one read decision of the node (DESIGN.md §5, issue #3). Every path that returns STIX
 * content asks {@link readDecision} (one object in hand) or {@link readFilterFor} (a query over
 * many). Both are built from the same rule table below, and a property test checks on both
 * engines that the SQL translation of the filter and the decision agree row for row.
 *
 * Rules (a reader may read an object when the distribution AND the TLP both allow it):
 *
 * Distribution — who may receive the object at all:
 * - the owner organisation is always within the distribution;
 * - `organisation`: the owner organisation only;
 * - `community`, `connected`, `all`: every organisation of this node (peers, which `connected`
 *   and `all` add, arrive with federation); an unauthenticated reader only for `all`;
 * - `sharing-group:<id>`: organisations that are members of that group;
 * - anything else: nobody (the decision is total: unknown values deny).
 *
 * TLP 2.0 (the strictest marking; an unmarked object counts as {@link UNMARKED_TLP}):
 * - CLEAR: anyone the distribution allows, unauthenticated readers included;
 * - GREEN: members of the community, i.e. any organisation of this node, never the public;
 * - AMBER: the recipient organisations — the owner, the organisations named as recipients of
 *   the object, and, when the object is distributed to a sharing group, the group's members
 *   (the group is the need-to-know circle of its owner's clients);
 * - AMBER+STRICT: the owner and the organisations named as recipients only (a sharing group
 *   does not widen it);
 * - RED: the individual users named as recipients only (the submitting user is named
 *   automatically when a user stores RED content); organisations never read RED as a whole;
 * - an unknown level counts as RED.
 *
 * Roles do not widen any of this. An admin reads beyond their reach only inside an explicit
 * break-glass window ({@link Reader.breakGlass}); such reads are {@link ReadDecision}
 * `break-glass`, which the caller must audit with the window's reason.
 */

/** TLP 2.0 levels, least to most restrictive (same values as `stix/tlp.ts`). */
export const TLP_ORDER = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

/**
 * The node's default for unmarked content: GREEN. Unmarked content then stays inside the
 * community (never public) and its reach is set by its distribution, which every stored object
 * carries (`community` unless the writer chose otherwise) — the intent of the foundation
 * issue's baseline, where unmarked objects were readable by the node's organisations.
 */
export const UNMARKED_TLP = 'green';

/** Distributions that every organisation of this node is within. */
export const NODE_WIDE_DISTRIBUTIONS: readonly string[] = ['community', 'connected', 'all'];

export const SHARING_GROUP_PREFIX = 'sharing-group:';

/** Who reads, as the policy needs to know them (built from an actor by the access service). */
export interface Reader {
  /** Organisation (identity id) of the reader on this node; null for an unauthenticated reader. */
  readonly organizationId: string | null;
  /** The reader's user id; null for service actors and unauthenticated readers. */
  readonly userId: string | null;
  /** Ids of the sharing groups the reader's organisation is a member of. */
  readonly sharingGroupIds: readonly string[];
  /** True while the reader (an admin) has an open break-glass window. */
  readonly breakGlass: boolean;
}

/** What the read policy needs to know about one stored object version. */
export interface ReadableMeta {
  /** Organisation (identity id) on whose behalf the object was stored; null for built-in content. */
  readonly ownerOrgId: string | null;
  /** Strictest TLP 2.0 level of the object's markings, or null when unmarked. */
  readonly tlp: string | null;
  readonly distribution: string;
  /** Organisations named as recipients of the object (AMBER, AMBER+STRICT). */
  readonly recipientOrgIds: readonly string[];
  /** Users named as recipients of the object (RED). */
  readonly recipientUserIds: readonly string[];
}

/** `allowed`: within the reader's reach; `break-glass`: only an open break-glass window allows it. */
export type ReadDecision = 'allowed' | 'break-glass' | 'denied';

/** The sharing group id of a `sharing-group:<id>` distribution, else null. */
export function sharingGroupOf(distribution: string): string | null {
  return distribution.startsWith(SHARING_GROUP_PREFIX)
    ? distribution.slice(SHARING_GROUP_PREFIX.length)
    : null;
}

/** The TLP level the policy applies: the marking's, the default when unmarked, RED when unknown. */
export function effectiveTlp(tlp: string | null): (typeof TLP_ORDER)[number] {
  if (tlp === null) return UNMARKED_TLP;
  return (TLP_ORDER as readonly string[]).includes(tlp)
    ? (tlp as (typeof TLP_ORDER)[number])
    : 'red';
}

function distributionAllows(reader: Reader, meta: ReadableMeta): boolean {
  const org = reader.organizationId;
  if (org === null) return meta.distribution === 'all';
  if (meta.ownerOrgId !== null && meta.ownerOrgId === org) return true;
  if (NODE_WIDE_DISTRIBUTIONS.includes(meta.distribution)) return true;
  const group = sharingGroupOf(meta.distribution);
  return group !== null && reader.sharingGroupIds.includes(group);
}

function tlpAllows(reader: Reader, meta: ReadableMeta): boolean {
  const org = reader.organizationId;
  const isRecipientOrg =
    org !== null && (meta.ownerOrgId === org || meta.recipientOrgIds.includes(org));
  switch (effectiveTlp(meta.tlp)) {
    case 'clear':
      return true;
    case 'green':
      return org !== null;
    case 'amber': {
      const group = sharingGroupOf(meta.distribution);
      return isRecipientOrg || (group !== null && reader.sharingGroupIds.includes(group));
    }
    case 'amber+strict':
      return isRecipientOrg;
    case 'red':
      return reader.userId !== null && meta.recipientUserIds.includes(reader.userId);
  }
}

/** The read decision for one object version (pure and total). */
export function readDecision(reader: Reader, meta: ReadableMeta): ReadDecision {
  if (distributionAllows(reader, meta) && tlpAllows(reader, meta)) return 'allowed';
  return reader.breakGlass ? 'break-glass' : 'denied';
}

export function canRead(reader: Reader, meta: ReadableMeta): boolean {
  return readDecision(reader, meta) !== 'denied';
}

/**
 * {@link canRead} as data, for storage to translate into a query condition over one object row
 * (`owner_org_id`, `tlp`, `distribution`) and its recipients. SQL NULL semantics are spelled out
 * so that the translation is literal: `eq` on a NULL column is false; `tlp-in` with
 * `unmarked: true` also matches a NULL `tlp`; `tlp-not-in` matches only non-NULL values outside
 * the list.
 */
export type ReadFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'and' | 'or'; readonly of: readonly ReadFilter[] }
  | { readonly kind: 'owner'; readonly organizationId: string }
  | { readonly kind: 'distribution-in'; readonly values: readonly string[] }
  | { readonly kind: 'tlp-in'; readonly values: readonly string[]; readonly unmarked: boolean }
  | { readonly kind: 'tlp-not-in'; readonly values: readonly string[] }
  | {
      readonly kind: 'recipient';
      readonly principal: 'organisation' | 'user';
      readonly id: string;
    };

const ALL: ReadFilter = { kind: 'all' };
const NONE: ReadFilter = { kind: 'none' };

function or(...of: ReadFilter[]): ReadFilter {
  const rest = of.filter((f) => f.kind !== 'none');
  if (rest.some((f) => f.kind === 'all')) return ALL;
  if (rest.length === 0) return NONE;
  return rest.length === 1 ? rest[0]! : { kind: 'or', of: rest };
}

function and(...of: ReadFilter[]): ReadFilter {
  const rest = of.filter((f) => f.kind !== 'all');
  if (rest.some((f) => f.kind === 'none')) return NONE;
  if (rest.length === 0) return ALL;
  return rest.length === 1 ? rest[0]! : { kind: 'and', of: rest };
}

/** Rows at a TLP level, counting unmarked rows as {@link UNMARKED_TLP}. */
function tlpIs(level: string): ReadFilter {
  return { kind: 'tlp-in', values: [level], unmarked: level === UNMARKED_TLP };
}

/**
 * The rows a reader may read (as {@link canRead} decides) as a filter. With an open
 * break-glass window every row matches; the caller then tells the break-glass reads apart
 * with {@link readDecision}.
 */
export function readFilterFor(reader: Reader): ReadFilter {
  if (reader.breakGlass) return ALL;
  return withinReachFilter(reader);
}

/** The rows within the reader's own reach (ignoring break-glass). */
export function withinReachFilter(reader: Reader): ReadFilter {
  const org = reader.organizationId;
  const groups = reader.sharingGroupIds.map((g) => `${SHARING_GROUP_PREFIX}${g}`);
  const owner: ReadFilter = org === null ? NONE : { kind: 'owner', organizationId: org };
  const recipientOrg: ReadFilter =
    org === null ? NONE : { kind: 'recipient', principal: 'organisation', id: org };
  const inGroup: ReadFilter =
    groups.length === 0 ? NONE : { kind: 'distribution-in', values: groups };

  const distribution =
    org === null
      ? ({ kind: 'distribution-in', values: ['all'] } as ReadFilter)
      : or(owner, { kind: 'distribution-in', values: [...NODE_WIDE_DISTRIBUTIONS, ...groups] });

  const tlp = or(
    tlpIs('clear'),
    org === null ? NONE : tlpIs('green'),
    and(tlpIs('amber'), or(owner, recipientOrg, inGroup)),
    and(tlpIs('amber+strict'), or(owner, recipientOrg)),
    and(
      or(tlpIs('red'), { kind: 'tlp-not-in', values: TLP_ORDER.filter((l) => l !== 'red') }),
      reader.userId === null ? NONE : { kind: 'recipient', principal: 'user', id: reader.userId },
    ),
  );
  return and(distribution, tlp);
}

/** Evaluates a filter against one object in memory (the reference semantics of the translation). */
export function matchesFilter(filter: ReadFilter, meta: ReadableMeta): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'and':
      return filter.of.every((f) => matchesFilter(f, meta));
    case 'or':
      return filter.of.some((f) => matchesFilter(f, meta));
    case 'owner':
      return meta.ownerOrgId !== null && meta.ownerOrgId === filter.organizationId;
    case 'distribution-in':
      return filter.values.includes(meta.distribution);
    case 'tlp-in':
      return meta.tlp === null ? filter.unmarked : filter.values.includes(meta.tlp);
    case 'tlp-not-in':
      return meta.tlp !== null && !filter.values.includes(meta.tlp);
    case 'recipient':
      return (
        filter.principal === 'organisation' ? meta.recipientOrgIds : meta.recipientUserIds
      ).includes(filter.id);
  }
}

/** Whether reading this object is a read of non-public content that the audit chain records. */
export function isNonPublic(meta: Pick<ReadableMeta, 'tlp'>): boolean {
  return meta.tlp !== 'clear';
}
