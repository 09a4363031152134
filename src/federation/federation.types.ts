import type { NodeDescriptor } from './descriptor.js';

/**
 * Contracts between the parts of federation (issue 6): the node's own identity, the directory
 * of peers, and what a verified node-to-node request carries. Implementations live in
 * `node-identity.ts`, `peer.service.ts`, `signed-request.ts` and `change-feed*.ts`.
 */

/** This node's identity: its descriptor and the ability to sign with its current key. */
export interface NodeIdentity {
  readonly nodeId: string;
  /** The current, self-signed descriptor (changes when the key is rotated). */
  descriptor(): NodeDescriptor;
  /** Base64url Ed25519 signature of the canonical JSON of `value` by the current key. */
  sign(value: unknown): string;
}

/**
 * A peer's life cycle. `awaiting-remote`: this side's administrator added and confirmed it, the
 * other side has not yet; `requested`: the other side asked to peer and nobody here confirmed
 * it (never trusted: nothing flows); `active`: both sides accepted; `suspended`: nothing flows
 * either way until resumed; `removed`: kept for the record, never reactivated implicitly.
 */
export type PeerState = 'requested' | 'awaiting-remote' | 'active' | 'suspended' | 'removed';

/** TLP levels a peer may receive at most. AMBER+STRICT never leaves the owning node. */
export type PeerTlpCeiling = 'clear' | 'green' | 'amber' | 'red';

/** Kinds of content that may flow to a peer. */
export type PeerContent = 'objects' | 'alerts' | 'aggregates' | 'legal';

/**
 * What may flow from this node to one peer (issue 6 §2). An object flows when its distribution
 * is listed (or is `sharing-group:<id>` with the id listed), its TLP is at most `maxTlp`, and
 * for RED only when a named recipient belongs to an organisation the peer hosts.
 */
export interface PeerPolicy {
  readonly distributions: readonly ('connected' | 'all')[];
  readonly sharingGroups: readonly string[];
  readonly maxTlp: PeerTlpCeiling;
  readonly content: readonly PeerContent[];
}

export const DEFAULT_PEER_POLICY: PeerPolicy = {
  distributions: ['connected', 'all'],
  sharingGroups: [],
  maxTlp: 'green',
  content: ['objects', 'alerts', 'aggregates', 'legal'],
};

/** An organisation a peer hosts, as the peer announced it. */
export interface HostedOrganization {
  readonly id: string;
  readonly name: string;
  readonly country: string;
}

export interface PeerRecord {
  readonly nodeId: string;
  /** The descriptor as last confirmed (or followed through a signed key rotation). */
  readonly descriptor: NodeDescriptor;
  readonly state: PeerState;
  readonly policy: PeerPolicy;
  /** Organisations the peer hosts (from its hello), for recipients and sharing groups. */
  readonly organizations: readonly HostedOrganization[];
}

/** What federation code needs to know about peers; implemented by the peer service. */
export interface PeerDirectory {
  /** The peer with this node id in any state, or null when this node does not know it. */
  find(nodeId: string): Promise<PeerRecord | null>;
  /** Peers in state `active`. */
  active(): Promise<readonly PeerRecord[]>;
  /** Health bookkeeping shown on the federation page: one call per exchange with the peer. */
  recordExchange(nodeId: string, outcome: ExchangeOutcome): Promise<void>;
}

export type ExchangeOutcome =
  | {
      readonly ok: true;
      readonly sent?: number;
      readonly received?: number;
      readonly refused?: number;
    }
  | { readonly ok: false; readonly error: string; readonly refused?: number };

/** The peer a signed node-to-node request was verified to come from. */
export interface VerifiedPeer {
  readonly peer: PeerRecord;
}
