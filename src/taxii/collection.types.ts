import type { Distribution } from '../objects/object.types.js';
import type { Role } from '../platform/actor.js';
import type { TlpLevel } from '../stix/index.js';

/**
 * `view`: the objects of the store that match the collection's filter (and that the reader
 * may read). `inbox`: the objects contributed through the collection (still filtered and
 * policed the same way).
 */
export type CollectionKind = 'view' | 'inbox';
export const COLLECTION_KINDS: readonly CollectionKind[] = ['view', 'inbox'];

/** Which objects a collection shows, on top of the read policy. Absent fields do not filter. */
export interface CollectionFilter {
  /** STIX types shown. */
  readonly types?: readonly string[];
  /** Strictest TLP shown (e.g. `green` shows CLEAR and GREEN). */
  readonly maxTlp?: TlpLevel;
  /** Whether objects without a TLP marking pass `maxTlp` (default true). */
  readonly includeUnmarked?: boolean;
  /** Only objects stored by these organisations (identity ids). */
  readonly ownerOrgIds?: readonly string[];
}

/**
 * Who may read or write a collection: users holding one of `roles` in one of
 * `organizationIds`; an empty list does not restrict. `{ roles: [], organizationIds: [] }` is
 * every member of the node; a missing audience (null) is nobody.
 */
export interface Audience {
  readonly roles: readonly Role[];
  readonly organizationIds: readonly string[];
}

export interface Collection {
  /** UUID; the TAXII collection id. */
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly kind: CollectionKind;
  readonly filter: CollectionFilter;
  readonly readers: Audience | null;
  readonly writers: Audience | null;
  /** Distribution of the objects added through the collection. */
  readonly distribution: Distribution;
  readonly createdAt: string;
}

export interface NewCollection {
  readonly title: string;
  readonly description?: string | null;
  readonly alias?: string | null;
  readonly kind?: CollectionKind;
  readonly filter?: CollectionFilter;
  readonly readers?: Audience | null;
  readonly writers?: Audience | null;
  readonly distribution?: Distribution;
}

/** A collection as one actor sees it (TAXII `can_read` / `can_write`). */
export interface CollectionAccess {
  readonly collection: Collection;
  readonly canRead: boolean;
  readonly canWrite: boolean;
}
