import type { Actor } from '../platform/actor.js';

/**
 * What the read policy needs to know about a stored object version. The full policy (sharing
 * groups, peers, break-glass) arrives with issue #3; this is the one decision every read path
 * already goes through.
 */
export interface ReadableMeta {
  /** Organisation (identity id) on whose behalf the object was stored. */
  readonly ownerOrgId: string | null;
  /** Strictest TLP 2.0 level of the object's markings, or null when unmarked. */
  readonly tlp: string | null;
  readonly distribution: string;
}

/** TLP levels that members of other organisations on this node may read. */
export const COMMUNITY_TLP_LEVELS: readonly string[] = ['clear', 'green', 'amber'];

/**
 * The read decision. The owner organisation reads its own objects; other organisations on the
 * node read objects distributed beyond the owner organisation whose TLP is CLEAR, GREEN or
 * AMBER (or unmarked). AMBER+STRICT and RED never leave the owner organisation here. Admins get
 * no bypass.
 */
export function canRead(actor: Actor, meta: ReadableMeta): boolean {
  if (meta.ownerOrgId !== null && meta.ownerOrgId === actor.organizationId) return true;
  if (meta.distribution === 'organisation') return false;
  return meta.tlp === null || COMMUNITY_TLP_LEVELS.includes(meta.tlp);
}

/**
 * {@link canRead} as data, for storage to translate into a query filter: a row is readable when
 * its owner is `ownOrgId`, or when its distribution is not in `hiddenDistributions` and its TLP
 * is null or in `tlpLevels`.
 */
export interface ReadFilter {
  readonly ownOrgId: string;
  readonly hiddenDistributions: readonly string[];
  readonly tlpLevels: readonly string[];
}

export function readFilterFor(actor: Actor): ReadFilter {
  return {
    ownOrgId: actor.organizationId,
    hiddenDistributions: ['organisation'],
    tlpLevels: COMMUNITY_TLP_LEVELS,
  };
}

/** Whether reading this object is a read of non-public content that the audit chain records. */
export function isNonPublic(meta: ReadableMeta): boolean {
  return meta.tlp !== 'clear';
}
