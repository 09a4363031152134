import type { KeyObject } from 'node:crypto';
import type { PeerRecord } from '../federation/federation.types.js';
import type { PeerClient } from '../federation/peer-client.js';
import type { OutboxMessage } from './request.transport.js';

/**
 * Ports of the exchange of legal requests between nodes (issue 7, item 5), given by the app
 * from federation (issue 6): this node's keys, its active peers with the organisations each
 * hosts (learned from the peers' hellos: the directory of remote organisations), and the signed
 * node-to-node client.
 */
export interface ExchangePorts {
  /** This node's id and keys; null while the node has no identity yet. */
  identity(): Promise<ExchangeIdentity | null>;
  /** The active peers. */
  peers(): Promise<readonly PeerRecord[]>;
  readonly client: Pick<PeerClient, 'request'>;
}

export interface ExchangeIdentity {
  readonly nodeId: string;
  /** Ed25519: signs messages, receipts and manifests (JWS EdDSA). */
  readonly signing: KeyObject;
  /** X25519: opens the envelopes peers encrypted to this node (JWE ECDH-ES). */
  readonly encryption: KeyObject;
}

/** The route a node receives legal-cooperation messages on (inside the signed scope). */
export const MESSAGES_PATH = '/federation/v1/cooperation/messages';

/** What the sending node signs (then encrypts): the outbox message with its package. */
export interface ExchangePayload {
  readonly v: 1;
  readonly from: { readonly node: string; readonly organization: string };
  readonly to: { readonly node: string; readonly organization: string };
  readonly message: OutboxMessage;
  /** The data package's files, base64, when the step carries one. */
  readonly files: readonly { name: string; mediaType: string; contentBase64: string }[];
  /** The package's manifest signed by the producing party's node (JWS), or null. */
  readonly manifest: string | null;
}

/**
 * The one answer for a recipient this node cannot route to, whether it exists elsewhere or
 * not, on both sides of the exchange.
 */
export const NO_ROUTE = 'no route to the recipient';

/** The active peer hosting `organizationId` that legal content may flow to, if any. */
export function peerHosting(
  peers: readonly PeerRecord[],
  organizationId: string,
): PeerRecord | null {
  return (
    peers.find(
      (p) =>
        p.state === 'active' &&
        p.policy.content.includes('legal') &&
        p.organizations.some((o) => o.id === organizationId),
    ) ?? null
  );
}
