import { createHash } from 'node:crypto';
import { checkKeyHistory, type NodeDescriptor } from './descriptor.js';
import type { NodeIdentity } from './federation.types.js';
import { verifyCanonical, type PublicKeyText } from './signing.js';

/**
 * Signed node-to-node requests (issue 6 §2), the rules without the I/O. A request from node A
 * to node B carries:
 *
 * - `X-Nohaven-Node`: A's node id;
 * - `X-Nohaven-Date`: ISO 8601 time of sending;
 * - `X-Nohaven-Nonce`: at least 16 random bytes, base64url, never reused within the window;
 * - `X-Nohaven-To`: B's node id (also signed, so that a wrong recipient is told apart);
 * - `X-Nohaven-Signature`: A's signature (`NodeIdentity.sign`) of
 *   `{ method, path, date, nonce, to, bodySha256 }` — `path` with its query, `to` B's node id,
 *   `bodySha256` the base64url SHA-256 of the raw body bytes (of the empty body when none);
 * - `X-Nohaven-Descriptor` (optional): A's current descriptor, base64url JSON, so that a peer
 *   that confirmed an older key follows A's signed rotations.
 */
export const SIGNED_HEADERS = {
  node: 'x-nohaven-node',
  date: 'x-nohaven-date',
  nonce: 'x-nohaven-nonce',
  signature: 'x-nohaven-signature',
  to: 'x-nohaven-to',
  descriptor: 'x-nohaven-descriptor',
} as const;

export interface RequestStatement {
  readonly method: string;
  readonly path: string;
  readonly date: string;
  readonly nonce: string;
  readonly to: string;
  readonly bodySha256: string;
}

export function bodySha256(body: Uint8Array | null | undefined): string {
  return createHash('sha256')
    .update(body ?? new Uint8Array())
    .digest('base64url');
}

/** The headers that sign one request. */
export function signRequest(
  identity: NodeIdentity,
  input: { method: string; path: string; to: string; body: Uint8Array | null; now: Date },
  nonce: string,
): Record<string, string> {
  const statement: RequestStatement = {
    method: input.method.toUpperCase(),
    path: input.path,
    date: input.now.toISOString(),
    nonce,
    to: input.to,
    bodySha256: bodySha256(input.body),
  };
  return {
    [SIGNED_HEADERS.node]: identity.nodeId,
    [SIGNED_HEADERS.date]: statement.date,
    [SIGNED_HEADERS.nonce]: nonce,
    [SIGNED_HEADERS.to]: input.to,
    [SIGNED_HEADERS.signature]: identity.sign(statement),
  };
}

/** Why a signed request is refused; each is answered 401 with its message. */
export type RefusalReason =
  | 'missing-headers'
  | 'unknown-node'
  | 'bad-signature'
  | 'stale-date'
  | 'replayed-nonce'
  | 'wrong-recipient'
  | 'not-active'
  | 'removed';

export const REFUSAL_MESSAGES: Readonly<Record<RefusalReason, string>> = {
  'missing-headers':
    'the request is not signed: X-Nohaven-Node, X-Nohaven-Date, X-Nohaven-Nonce and X-Nohaven-Signature are required',
  'unknown-node': 'unknown node: this node does not peer with the sender',
  'bad-signature': 'bad signature: not the sender node key’s signature of this request',
  'stale-date': 'stale date: X-Nohaven-Date is outside the accepted clock skew',
  'replayed-nonce': 'replayed nonce: X-Nohaven-Nonce was already used',
  'wrong-recipient': 'wrong recipient: the request is signed for another node',
  'not-active': 'the sender is not an active peer of this node',
  removed: 'the sender was removed as a peer of this node; an administrator must add it again',
};

/** The signed headers of a request, checked for shape only. */
export interface SignedHeaders {
  readonly node: string;
  readonly date: string;
  readonly nonce: string;
  readonly signature: string;
  readonly to: string;
  /** The sender's descriptor if it sent one (unparsed JSON value). */
  readonly descriptor: unknown;
}

const NONCE = /^[A-Za-z0-9_-]{22,128}$/;

/** Reads the signed headers; null when one is missing or malformed. */
export function readSignedHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): SignedHeaders | null {
  const one = (name: string): string | null => {
    const v = headers[name];
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const node = one(SIGNED_HEADERS.node);
  const date = one(SIGNED_HEADERS.date);
  const nonce = one(SIGNED_HEADERS.nonce);
  const signature = one(SIGNED_HEADERS.signature);
  const to = one(SIGNED_HEADERS.to);
  if (node === null || date === null || nonce === null || signature === null || to === null)
    return null;
  if (!NONCE.test(nonce) || node.length > 100) return null;
  let descriptor: unknown = undefined;
  const d = one(SIGNED_HEADERS.descriptor);
  if (d !== null) {
    try {
      descriptor = JSON.parse(Buffer.from(d, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  }
  return { node, date, nonce, signature, to, descriptor };
}

/** True when `date` (ISO 8601) is within `skewSeconds` of `now`, either way. */
export function dateWithinSkew(date: string, now: Date, skewSeconds: number): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(date)) return false;
  const t = Date.parse(date);
  return Number.isFinite(t) && Math.abs(t - now.getTime()) <= skewSeconds * 1000;
}

/** Checks the request signature against `publicKey`. */
export function verifyRequestSignature(
  publicKey: PublicKeyText,
  headers: SignedHeaders,
  request: { method: string; path: string; body: Uint8Array | null },
): boolean {
  const statement: RequestStatement = {
    method: request.method.toUpperCase(),
    path: request.path,
    date: headers.date,
    nonce: headers.nonce,
    to: headers.to,
    bodySha256: bodySha256(request.body),
  };
  return verifyCanonical(publicKey, statement, headers.signature);
}

/**
 * True when `candidate` is a later descriptor of the node whose key `confirmedKey` is: its
 * (already verified) rotation chain passes through the confirmed key. A descriptor with the
 * very same key also qualifies.
 */
export function followsFrom(confirmedKey: PublicKeyText, candidate: NodeDescriptor): boolean {
  try {
    return checkKeyHistory(candidate).includes(confirmedKey);
  } catch {
    return false;
  }
}

/**
 * Nonces seen within the clock-skew window, bounded: each is kept until its date leaves the
 * window (a replay later than that fails the date check). Beyond `limit` the oldest go first.
 */
export interface NonceCache {
  /** Records `nonce` of `sender`; false when it was already seen (a replay). */
  remember(sender: string, nonce: string, now: Date): boolean;
  readonly size: number;
}

export function createNonceCache(windowSeconds: number, limit = 100_000): NonceCache {
  const seen = new Map<string, number>();
  return {
    get size() {
      return seen.size;
    },
    remember(sender, nonce, now) {
      const t = now.getTime();
      // Entries are in insertion order: expire from the front.
      for (const [key, at] of seen) {
        if (t - at <= 2 * windowSeconds * 1000 && seen.size < limit) break;
        seen.delete(key);
      }
      const key = `${sender} ${nonce}`;
      if (seen.has(key)) return false;
      seen.set(key, t);
      return true;
    },
  };
}
