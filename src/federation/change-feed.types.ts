import type { AggregateReport } from '../alerts/federated-report.js';
import type { NodeIdentity, PeerDirectory, PeerRecord } from './federation.types.js';

/**
 * The items of the federation change feed (issue 6 §3) and the ports the feed is built on.
 *
 * An item is signed by its origin node: `signature` is `identity.sign()` over the canonical
 * JSON of the item without `signature` (see `change-item.ts`). A relaying node passes the item
 * on byte for byte, origin and signature untouched, so provenance survives any number of hops.
 */

/** `aggregate`: an outbreak report as an aggregate, for peers' detectors (issue 6 §6). */
export type ChangeKind =
  'object' | 'tombstone' | 'withdrawal' | 'membership' | 'alert' | 'aggregate';

/** Who may hold the item's content, as the origin stored it (the read policy's inputs). */
export interface ChangeAudience {
  /** Strictest TLP 2.0 level of the content's markings, or null when unmarked. */
  readonly tlp: string | null;
  /** `connected`, `all` or `sharing-group:<id>` (nothing else enters the feed). */
  readonly distribution: string;
  /** Organisations (identity ids) named as recipients. */
  readonly recipientOrgIds: readonly string[];
  /** Users (ids on the origin node) named as recipients. */
  readonly recipientUserIds: readonly string[];
  /**
   * The same users, and those of organisations that peers host, as organisation-qualified
   * names (`username@<identity id>`, see `access/qualified-user.ts`): what a receiving node
   * resolves to its own users. Absent when no user is named (and from older nodes).
   */
  readonly recipientUsers?: readonly string[];
}

export interface ChangeItem {
  /** `change--<uuid>`: the same on every node; the unit of exactly-once apply. */
  readonly id: string;
  /** Node id of the origin. */
  readonly origin: string;
  /** The item's position in the origin's own log (informative; cursors are per hop). */
  readonly originSeq: number;
  readonly kind: ChangeKind;
  /** RFC 3339, the origin's clock (never used for ordering). */
  readonly issuedAt: string;
  readonly audience: ChangeAudience;
  readonly body: ChangeBody;
  readonly signature: string;
}

export type UnsignedChangeItem = Omit<ChangeItem, 'signature'>;

/** A new version of a STIX object (`object.revoked` marks a revocation), or an alert's note. */
export interface ObjectBody {
  readonly object: Record<string, unknown> & { readonly id: string; readonly type: string };
  /** Organisation (identity id) on whose behalf the origin stored it. */
  readonly ownerOrgId: string;
  readonly revoked: boolean;
}

/** The origin asks the addressed peers to delete every version of an object (issue 6 §5). */
export interface WithdrawalBody {
  readonly objectId: string;
  /** Node ids of the peers that must delete it. */
  readonly addressedTo: readonly string[];
  readonly reason:
    | 'audience-narrowed'
    | 'membership-removed'
    | 'peer-policy-narrowed'
    | 'retention-expired'
    | 'deleted';
}

/** A sharing group gained or lost a member organisation. */
export interface MembershipBody {
  readonly groupId: string;
  readonly groupName: string;
  /** The group's owner organisation (identity id). */
  readonly ownerOrgId: string;
  readonly organizationId: string;
  readonly change: 'added' | 'removed';
}

export type ChangeBody = ObjectBody | WithdrawalBody | MembershipBody | AggregateReport;

/** What a receiver answers to a pushed batch (`POST /federation/v1/changes`). */
export interface ApplyOutcome {
  readonly applied: number;
  readonly duplicates: number;
  readonly refused: readonly { readonly id: string | null; readonly reason: string }[];
  /** Signed receipts of the withdrawals applied in the batch. */
  readonly receipts: readonly WithdrawalReceipt[];
}

/** A peer's signed confirmation that it deleted a withdrawn object. */
export interface WithdrawalReceipt {
  readonly itemId: string;
  readonly objectId: string;
  /** The confirming node. */
  readonly nodeId: string;
  readonly deletedAt: string;
  /** That node's `identity.sign()` over the receipt without this member. */
  readonly signature: string;
}

/** Signed node-to-node requests to one peer (the fed-peering client). */
export interface PeerTransport {
  request(
    peer: PeerRecord,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }>;
}

/**
 * The sender of a verified node-to-node request; throws a DomainError NH_ERR_UNAUTHENTICATED
 * when the request is not signed by an active peer.
 */
export type AuthenticatePeer = (request: import('fastify').FastifyRequest) => Promise<PeerRecord>;

/** Everything the change feed needs from the rest of federation. */
export interface FederationPorts {
  readonly identity: NodeIdentity;
  readonly peers: PeerDirectory;
  readonly transport: PeerTransport;
  readonly authenticatePeer: AuthenticatePeer;
}
