import type { StixObject } from '../stix/index.js';

/**
 * Distribution of an object (DESIGN.md §5): the owner organisation only, this node's
 * organisations, this node and its direct peers, everyone (further relays allowed), or the
 * members of one sharing group. See `policy/read-policy.ts` for what each allows.
 */
export type Distribution =
  'organisation' | 'community' | 'connected' | 'all' | `sharing-group:${string}`;
/** The distributions that name no sharing group. */
export const DISTRIBUTIONS: readonly Distribution[] = [
  'organisation',
  'community',
  'connected',
  'all',
];

/** One stored version of a STIX object with the node's own metadata (TAXII `date_added`). */
export interface StoredObject {
  readonly object: StixObject;
  /** When this version reached this node (RFC 3339, microseconds). */
  readonly dateAdded: string;
  /** True when this is the newest version of the id. */
  readonly latest: boolean;
  /** Strictest TLP 2.0 level among the object's markings (`clear` … `red`), or null. */
  readonly tlp: string | null;
  readonly distribution: Distribution;
}

export interface VersionInfo {
  /** The version's `modified` as the object carries it. */
  readonly modified: string;
  readonly dateAdded: string;
  readonly latest: boolean;
  readonly revoked: boolean;
}

/** Filters of a listing (REST `GET /api/v1/objects`, `nohaven export`). */
export interface ObjectFilters {
  readonly types?: readonly string[];
  /** Identity id in `created_by_ref`. */
  readonly createdBy?: string;
  /** Marking-definition id in `object_marking_refs`. */
  readonly marking?: string;
  /** Only versions whose `modified` is at or after this RFC 3339 time. */
  readonly modifiedSince?: string;
  /** Case-insensitive text match on `name` and `description`. */
  readonly text?: string;
  /** Include revoked objects (default false). */
  readonly includeRevoked?: boolean;
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
  /** Page size, 1–1000 (default 100). */
  readonly limit?: number;
}

export interface ObjectPage {
  readonly items: readonly StoredObject[];
  /** Cursor of the next page, or null on the last page. */
  readonly nextCursor: string | null;
}

/** How a batch is applied: `atomic` stores all or nothing; `partial` stores the valid ones. */
export type IngestMode = 'atomic' | 'partial';

export interface IngestOptions {
  readonly mode: IngestMode;
  /** Distribution of the stored objects (default `community`). */
  readonly distribution?: Distribution;
  /**
   * Recipients named for every stored object: organisations (identity ids) that read AMBER
   * and AMBER+STRICT content, users (by user name) that read RED content. A user storing RED
   * content is named automatically.
   */
  readonly recipients?: {
    readonly organizations?: readonly string[];
    readonly usernames?: readonly string[];
  };
  /** Called after every batch with the number of objects read so far. */
  readonly onProgress?: (read: number) => void;
  /**
   * Reference content of the node itself (the TLP marking definitions): owned by no
   * organisation, readable by everyone the distribution allows.
   */
  readonly builtIn?: boolean;
  /**
   * Folds a new version into the stored one instead of storing it as received (de-duplicated
   * observations: counts add up, first/last seen widen). Applied inside the write transaction,
   * with the object's id locked, to each object `applies` accepts whose id is already stored
   * (or seen earlier in the same batch).
   */
  readonly fold?: ObjectFolder;
  /** Per-object distribution, where it differs from `distribution` (e.g. a MISP attribute's). */
  readonly distributionOf?: (object: StixObject) => Distribution | undefined;
  /**
   * Atomic mode: asked once the source is exhausted; true rolls everything back, as a
   * rejection would (the intake pipeline's per-record errors).
   */
  readonly rollbackIf?: () => boolean;
}

export interface ObjectFolder {
  applies(object: unknown): boolean;
  merge(incoming: StixObject, latest: StixObject): StixObject;
}

/** One rejected object: its position in the input, its id when it had one, and why. */
export interface Rejection {
  readonly index: number;
  readonly id: string | null;
  readonly errors: readonly { readonly path: string; readonly message: string }[];
}

export interface IngestSummary {
  /** Objects read from the input. */
  readonly read: number;
  /** New versions stored. */
  readonly stored: number;
  /** Versions already present (same id and `modified`), not stored again. */
  readonly duplicates: number;
  readonly rejected: readonly Rejection[];
  /** True when nothing was stored because the batch was atomic and something was rejected. */
  readonly rolledBack: boolean;
}

/**
 * Which versions of each object a version listing returns (TAXII 2.1 §3.4.2 `match[version]`):
 * the latest, the earliest, every version, or the one whose `modified` is a given time.
 */
export type VersionMatch =
  | { readonly kind: 'last' }
  | { readonly kind: 'first' }
  | { readonly kind: 'all' }
  | { readonly kind: 'at'; readonly modified: string };

/** Position in a version listing: the last (date_added, seq) returned. */
export interface VersionCursor {
  readonly dateAdded: string;
  readonly seq: number;
}

/**
 * A listing of object versions in `date_added` order (oldest first), as TAXII's objects,
 * manifest and versions endpoints page over. Everything is further limited by the read policy.
 */
export interface VersionQuery {
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  /** Versions to return; default `[{ kind: 'last' }]`; several are OR-ed. */
  readonly versions?: readonly VersionMatch[];
  /** STIX `spec_version`s; objects without one count as 2.1. */
  readonly specVersions?: readonly string[];
  /** Only versions added strictly after this (normalised) time. */
  readonly addedAfter?: string;
  /** Strictest TLP level shown, in order clear < green < amber < amber+strict < red. */
  readonly tlpLevels?: readonly string[];
  /** Whether unmarked objects pass `tlpLevels`. */
  readonly includeUnmarked?: boolean;
  readonly ownerOrgIds?: readonly string[];
  /** Only objects contributed through this inbox collection. */
  readonly collectionId?: string;
  readonly after?: VersionCursor | null;
  /** 1–1000. */
  readonly limit: number;
}

/** One listed version: the object as stored, its node metadata and its cursor position. */
export interface ListedVersion {
  readonly object: StixObject;
  readonly id: string;
  /** The version as the object states it (`modified`, else `created`, else `date_added`). */
  readonly version: string;
  readonly dateAdded: string;
  readonly specVersion: string;
  readonly position: VersionCursor;
}

export interface VersionPage {
  readonly items: readonly ListedVersion[];
  /** True when more versions match after the last one returned. */
  readonly more: boolean;
}

/** Which versions of an object a delete removes (TAXII 2.1 §5.7). */
export interface DeleteQuery {
  readonly versions?: readonly VersionMatch[];
  readonly specVersions?: readonly string[];
}
