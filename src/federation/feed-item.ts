import { parseAggregateReport } from '../alerts/federated-report.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { isPublicKeyText, verifyCanonical } from './signing.js';
import type {
  ChangeItem,
  ChangeKind,
  MembershipBody,
  ObjectBody,
  UnsignedChangeItem,
  WithdrawalBody,
  WithdrawalReceipt,
} from './change-feed.types.js';
import type { NodeIdentity } from './federation.types.js';

/**
 * Change-feed items as data (issue 6 §3): signing by the origin, checking what arrives. Pure.
 * A received item is parsed member by member before anything else looks at it; a malformed or
 * oversized item is refused with the reason, never half-applied.
 */

/** Largest item accepted, in bytes of its JSON text. */
export const MAX_ITEM_BYTES = 256 * 1024;

const KINDS: readonly ChangeKind[] = [
  'object',
  'tombstone',
  'withdrawal',
  'membership',
  'alert',
  'aggregate',
];
const ITEM_ID = /^change--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NODE_ID = /^node--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STIX_ID = /^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GROUP_ID = /^sg-[0-9a-f-]{36}$/;

export function signItem(identity: NodeIdentity, unsigned: UnsignedChangeItem): ChangeItem {
  return { ...unsigned, signature: identity.sign(unsigned) };
}

/**
 * True when `item.signature` is `publicKey`'s signature of the rest of the item (as
 * `verifyCanonical` decides, with the key object kept per key: a catch-up verifies thousands
 * of items of the same few origins).
 */
export function verifyItem(publicKey: string, item: ChangeItem): boolean {
  const { signature, ...unsigned } = item;
  const key = keyObject(publicKey);
  if (key === null || typeof signature !== 'string' || !SIGNATURE_TEXT.test(signature))
    return false;
  return verify(
    null,
    Buffer.from(canonicalJson(unsigned)),
    key,
    Buffer.from(signature, 'base64url'),
  );
}

/**
 * {@link verifyItem} with the Ed25519 check off this thread: it runs in libuv's thread pool, so
 * the items of a page are checked on every core at once while this thread goes on (a catch-up
 * spends most of its time in these checks). The canonical form is made here, synchronously.
 */
export function verifyItemAsync(publicKey: string, item: ChangeItem): Promise<boolean> {
  const { signature, ...unsigned } = item;
  const key = keyObject(publicKey);
  if (key === null || typeof signature !== 'string' || !SIGNATURE_TEXT.test(signature))
    return Promise.resolve(false);
  const data = Buffer.from(canonicalJson(unsigned));
  return new Promise((resolve) => {
    verify(null, data, key, Buffer.from(signature, 'base64url'), (err, ok) =>
      resolve(err === null && ok),
    );
  });
}

const SIGNATURE_TEXT = /^[A-Za-z0-9_-]{86}$/;
const KEY_CACHE_LIMIT = 1000;
const keyObjects = new Map<string, KeyObject | null>();

function keyObject(publicKey: string): KeyObject | null {
  let key = keyObjects.get(publicKey);
  if (key !== undefined) return key;
  key = null;
  if (isPublicKeyText(publicKey)) {
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    } catch {
      key = null;
    }
  }
  if (keyObjects.size >= KEY_CACHE_LIMIT) keyObjects.clear();
  keyObjects.set(publicKey, key);
  return key;
}

/** Byte length of the item's JSON text, the unit of the payload bounds. */
export function itemBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item));
}

export type ParsedItem =
  | { readonly ok: true; readonly item: ChangeItem }
  | { readonly ok: false; readonly id: string | null; readonly reason: string };

/** Checks the shape of a received item; the signature is checked by the caller (needs the key). */
export function parseItem(value: unknown): ParsedItem {
  const obj = isRecord(value) ? value : null;
  const id = obj && typeof obj.id === 'string' && ITEM_ID.test(obj.id) ? obj.id : null;
  const fail = (reason: string): ParsedItem => ({ ok: false, id, reason });
  if (obj === null) return fail('malformed: an item must be a JSON object');
  if (itemBytes(obj) > MAX_ITEM_BYTES) return fail(`oversized: more than ${MAX_ITEM_BYTES} bytes`);
  if (id === null) return fail('malformed: id must be change--<uuid>');
  if (typeof obj.origin !== 'string' || !NODE_ID.test(obj.origin))
    return fail('malformed: origin must be node--<uuid>');
  if (!Number.isSafeInteger(obj.originSeq) || (obj.originSeq as number) < 1)
    return fail('malformed: originSeq must be a positive integer');
  if (!KINDS.includes(obj.kind as ChangeKind)) return fail('malformed: unknown kind');
  if (typeof obj.issuedAt !== 'string' || Number.isNaN(Date.parse(obj.issuedAt)))
    return fail('malformed: issuedAt must be an RFC 3339 time');
  if (typeof obj.signature !== 'string') return fail('unsigned: no signature');
  const audienceProblem = checkAudience(obj.audience);
  if (audienceProblem) return fail(`malformed: audience ${audienceProblem}`);
  const bodyProblem = checkBody(obj.kind as ChangeKind, obj.body);
  if (bodyProblem) return fail(`malformed: body ${bodyProblem}`);
  const allowed = [
    'id',
    'origin',
    'originSeq',
    'kind',
    'issuedAt',
    'audience',
    'body',
    'signature',
  ];
  const extra = Object.keys(obj).find((k) => !allowed.includes(k));
  if (extra !== undefined) return fail(`malformed: unknown member ${extra}`);
  return { ok: true, item: obj as unknown as ChangeItem };
}

function checkAudience(value: unknown): string | null {
  if (!isRecord(value)) return 'must be an object';
  if (value.tlp !== null && typeof value.tlp !== 'string') return 'tlp must be a string or null';
  if (typeof value.distribution !== 'string') return 'distribution must be a string';
  if (!isStringArray(value.recipientOrgIds)) return 'recipientOrgIds must be strings';
  if (!isStringArray(value.recipientUserIds)) return 'recipientUserIds must be strings';
  if (value.recipientUsers !== undefined && !isStringArray(value.recipientUsers))
    return 'recipientUsers must be strings';
  return null;
}

function checkBody(kind: ChangeKind, value: unknown): string | null {
  if (!isRecord(value)) return 'must be an object';
  switch (kind) {
    case 'object':
    case 'alert':
    case 'tombstone': {
      const b = value as Partial<ObjectBody>;
      if (!isRecord(b.object) || typeof b.object.id !== 'string' || !STIX_ID.test(b.object.id))
        return 'object must be a STIX object with an id';
      if (typeof b.ownerOrgId !== 'string' || !IDENTITY_ID.test(b.ownerOrgId))
        return 'ownerOrgId must be an identity id';
      if (typeof b.revoked !== 'boolean') return 'revoked must be a boolean';
      return null;
    }
    case 'aggregate':
      try {
        parseAggregateReport(value);
        return null;
      } catch (err) {
        const details = (err as { details?: { path: string; message: string }[] }).details ?? [];
        return details.map((d) => `${d.path} ${d.message}`).join('; ') || 'not an aggregate';
      }
    case 'withdrawal': {
      const b = value as Partial<WithdrawalBody>;
      if (typeof b.objectId !== 'string' || !STIX_ID.test(b.objectId))
        return 'objectId must be a STIX id';
      if (!isStringArray(b.addressedTo) || !b.addressedTo.every((n) => NODE_ID.test(n)))
        return 'addressedTo must be node ids';
      return null;
    }
    case 'membership': {
      const b = value as Partial<MembershipBody>;
      if (typeof b.groupId !== 'string' || !GROUP_ID.test(b.groupId))
        return 'groupId must be sg-<uuid>';
      if (typeof b.groupName !== 'string' || b.groupName.length === 0 || b.groupName.length > 200)
        return 'groupName must be 1 to 200 characters';
      if (typeof b.ownerOrgId !== 'string' || !IDENTITY_ID.test(b.ownerOrgId))
        return 'ownerOrgId must be an identity id';
      if (typeof b.organizationId !== 'string' || !IDENTITY_ID.test(b.organizationId))
        return 'organizationId must be an identity id';
      if (b.change !== 'added' && b.change !== 'removed') return 'change must be added or removed';
      return null;
    }
  }
}

export function signReceipt(
  identity: NodeIdentity,
  receipt: Omit<WithdrawalReceipt, 'signature' | 'nodeId'>,
): WithdrawalReceipt {
  const unsigned = { ...receipt, nodeId: identity.nodeId };
  return { ...unsigned, signature: identity.sign(unsigned) };
}

export function verifyReceipt(publicKey: string, receipt: WithdrawalReceipt): boolean {
  if (!isRecord(receipt) || typeof receipt.signature !== 'string') return false;
  const { signature, ...unsigned } = receipt;
  return verifyCanonical(publicKey, unsigned, signature);
}

/** The canonical text of an item (what a relay stores and sends). */
export function itemText(item: ChangeItem): string {
  return canonicalJson(item);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
