import { parseDescriptor, type NodeDescriptor } from './descriptor.js';
import type { PeerRecord } from './federation.types.js';
import {
  dateWithinSkew,
  followsFrom,
  readSignedHeaders,
  verifyRequestSignature,
  type NonceCache,
  type RefusalReason,
} from './signed-request.js';

export interface VerifyDeps {
  /** This node's id: requests signed for another node are refused. */
  readonly selfNodeId: string;
  readonly find: (nodeId: string) => Promise<PeerRecord | null>;
  readonly nonces: NonceCache;
  readonly now: Date;
  readonly skewSeconds: number;
}

export interface IncomingRequest {
  readonly method: string;
  /** Path with its query, as received. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body bytes as received; null when there is none. */
  readonly body: Uint8Array | null;
  /**
   * A hello (`POST /federation/v1/hello`): the sender may be unknown here, and is then checked
   * against the descriptor in the body (`helloDescriptor`), so nobody can speak for a node
   * whose key they do not hold.
   */
  readonly hello: boolean;
  readonly helloDescriptor?: unknown;
}

export type Verification =
  | {
      readonly ok: true;
      /** The sender as this node knows it (null: an unknown node's hello). */
      readonly peer: PeerRecord | null;
      /** The sender's descriptor whose key signed the request. */
      readonly descriptor: NodeDescriptor;
      /** True when that descriptor is a signed rotation beyond the confirmed one (to store). */
      readonly rotated: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: RefusalReason;
      /** The sender, when this node knows it (its refusals are counted). */
      readonly peer: PeerRecord | null;
    };

function parsedOrNull(value: unknown, nodeId: string): NodeDescriptor | null {
  if (value === undefined || value === null) return null;
  try {
    const d = parseDescriptor(value);
    return d.nodeId === nodeId ? d : null;
  } catch {
    return null;
  }
}

/**
 * Decides whether a signed node-to-node request is accepted (see `signed-request.ts` for the
 * headers): recipient, date, sender, signature (by the confirmed key, or by a later key whose
 * signed rotation chain passes through it), nonce, then the sender's state.
 */
export async function verifySignedRequest(
  deps: VerifyDeps,
  req: IncomingRequest,
): Promise<Verification> {
  const headers = readSignedHeaders(req.headers);
  if (headers === null) return { ok: false, reason: 'missing-headers', peer: null };
  const peer = await deps.find(headers.node);
  const refuse = (reason: RefusalReason): Verification => ({ ok: false, reason, peer });
  if (headers.to !== deps.selfNodeId) return refuse('wrong-recipient');
  if (!dateWithinSkew(headers.date, deps.now, deps.skewSeconds)) return refuse('stale-date');
  if (peer?.state === 'removed') return refuse('removed');

  const request = { method: req.method, path: req.path, body: req.body };
  const offered = parsedOrNull(req.hello ? req.helloDescriptor : headers.descriptor, headers.node);
  let descriptor: NodeDescriptor;
  let rotated = false;
  if (peer === null) {
    if (!req.hello) return refuse('unknown-node');
    if (offered === null || !verifyRequestSignature(offered.publicKey, headers, request)) {
      return refuse('bad-signature');
    }
    descriptor = offered;
  } else if (verifyRequestSignature(peer.descriptor.publicKey, headers, request)) {
    descriptor = peer.descriptor;
  } else if (
    offered !== null &&
    offered.publicKey !== peer.descriptor.publicKey &&
    followsFrom(peer.descriptor.publicKey, offered) &&
    verifyRequestSignature(offered.publicKey, headers, request)
  ) {
    descriptor = offered;
    rotated = true;
  } else {
    return refuse('bad-signature');
  }

  if (!deps.nonces.remember(headers.node, headers.nonce, deps.now)) return refuse('replayed-nonce');
  if (!req.hello && peer?.state !== 'active') return refuse('not-active');
  return { ok: true, peer, descriptor, rotated };
}
