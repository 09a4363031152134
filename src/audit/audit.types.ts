import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';

/** What happened, as the caller describes it. `details` must be JSON-serialisable. */
export interface AuditEntryInput {
  /** Dotted verb, e.g. `auth.sign-in`, `user.create`, `objects.import`. */
  readonly action: string;
  /** What the action was about: a username, an object id, a batch id… */
  readonly target?: string | null;
  /** Why (a stated purpose), when the action needs one. */
  readonly reason?: string | null;
  readonly details?: Record<string, unknown>;
}

/** One entry of the chain as oversight reads it. */
export interface AuditEntryView {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  readonly details: Record<string, unknown> | null;
  readonly prevHash: string;
  readonly hash: string;
  /**
   * Fields whose personal data was masked for an oversight reader (see `audit-redaction.ts`);
   * the hash is of the entry as stored.
   */
  readonly redacted?: string[];
}

/** Kinds of damage {@link AuditLog.verify} tells apart. */
export type AuditProblem = 'changed' | 'removed' | 'reordered' | 'inserted';

export type AuditVerification =
  | { readonly ok: true; readonly entries: number }
  | {
      readonly ok: false;
      /** Entries read before the first bad one. */
      readonly entries: number;
      readonly firstBad: {
        readonly seq: number;
        readonly problem: AuditProblem;
        readonly message: string;
      };
    };

export interface AuditQuery {
  /** Only entries with a larger seq (the cursor). */
  readonly afterSeq?: number;
  /** 1 to 1000; default 100. */
  readonly limit?: number;
  /** Only entries with exactly this action. */
  readonly action?: string;
  /** Only entries of this actor (its audit label, e.g. `user:alice`). */
  readonly actor?: string;
  /** Only entries with exactly this target. */
  readonly target?: string;
  /** Only entries at or after this time (RFC 3339). */
  readonly from?: string;
  /** Only entries before this time (RFC 3339). */
  readonly to?: string;
  /** Only break-glass entries: windows opened and closed, reads only a window allowed. */
  readonly breakGlass?: boolean;
}

/** The actions of the break-glass procedure (issue 3), which oversight reviews one by one. */
export const BREAK_GLASS_ACTIONS: readonly string[] = [
  'break-glass.open',
  'break-glass.close',
  'object.read.break-glass',
];

/**
 * The node's append-only, hash-chained audit log: each entry carries the SHA-256 of its own
 * content and of the previous entry's hash, so any later change, removal or reordering of an
 * entry breaks the chain at that entry.
 */
export interface AuditLog {
  /**
   * Appends one entry. `executor` is either the caller's transaction — the entry then commits or
   * rolls back with the caller's write — or the database, in which case the entry is written in
   * its own transaction. Sequence numbers are gapless (1, 2, 3…) even when several processes
   * append at once. Call it once per batch, not once per object.
   */
  append(executor: Kysely<Database>, actor: Actor | null, entry: AuditEntryInput): Promise<void>;
  /** Walks the whole chain in seq order (bounded memory) and names the first bad entry. */
  verify(): Promise<AuditVerification>;
  /**
   * Entries in seq order, for roles `oversight` and `admin` only (else NH_ERR_FORBIDDEN);
   * oversight reads them without the personal data they record (`redacted`).
   */
  list(
    actor: Actor,
    query: AuditQuery,
  ): Promise<{ entries: AuditEntryView[]; nextAfterSeq: number | null }>;
}
