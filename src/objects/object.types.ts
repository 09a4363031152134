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
