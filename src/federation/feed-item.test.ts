import { describe, expect, it } from 'vitest';
import type { ChangeItem } from './change-feed.types.js';
import type { NodeIdentity } from './federation.types.js';
import {
  MAX_ITEM_BYTES,
  parseItem,
  signItem,
  signReceipt,
  verifyItem,
  verifyItemAsync,
  verifyReceipt,
} from './feed-item.js';
import { generateNodeKeyPair, signCanonical } from './signing.js';

function identity(
  nodeId = 'node--00000000-0000-4000-8000-000000000001',
): NodeIdentity & { publicKey: string } {
  const keys = generateNodeKeyPair();
  return {
    nodeId,
    publicKey: keys.publicKey,
    descriptor: () => {
      throw new Error('not needed');
    },
    sign: (value) => signCanonical(keys.privateKey, value),
  };
}

const unsigned = (origin: string) => ({
  id: 'change--00000000-0000-4000-8000-00000000000a',
  origin,
  originSeq: 1,
  kind: 'object' as const,
  issuedAt: '2026-11-29T09:00:00.000Z',
  audience: { tlp: 'green', distribution: 'all', recipientOrgIds: [], recipientUserIds: [] },
  body: {
    object: { type: 'indicator', id: 'indicator--00000000-0000-4000-8000-00000000000b' },
    ownerOrgId: 'identity--00000000-0000-4000-8000-00000000000c',
    revoked: false,
  },
});

describe('change items: signatures and shape (issue 6 §3)', () => {
  it('the origin’s signature verifies, survives a JSON round trip (a relay), and nothing altered passes', async () => {
    const me = identity();
    const item = signItem(me, unsigned(me.nodeId));
    const relayed = JSON.parse(JSON.stringify(item)) as ChangeItem;
    expect(verifyItem(me.publicKey, relayed)).toBe(true);
    expect(verifyItem(identity().publicKey, item)).toBe(false);
    expect(
      verifyItem(me.publicKey, { ...item, audience: { ...item.audience, tlp: 'clear' } }),
    ).toBe(false);
    expect(verifyItem(me.publicKey, { ...item, originSeq: 2 })).toBe(false);
    // The same decisions off the main thread.
    expect(await verifyItemAsync(me.publicKey, relayed)).toBe(true);
    expect(await verifyItemAsync(identity().publicKey, item)).toBe(false);
    expect(await verifyItemAsync(me.publicKey, { ...item, originSeq: 2 })).toBe(false);
    expect(await verifyItemAsync('not a key', item)).toBe(false);
    expect(await verifyItemAsync(me.publicKey, { ...item, signature: 'x' })).toBe(false);
  });

  it('parses a well-formed item and names what is wrong with others', () => {
    const me = identity();
    const item = signItem(me, unsigned(me.nodeId));
    expect(parseItem(item)).toEqual({ ok: true, item });
    const reason = (v: unknown) => {
      const r = parseItem(v);
      return r.ok ? null : r.reason;
    };
    expect(reason([])).toMatch(/^malformed: an item must be a JSON object/);
    expect(reason({ ...item, id: 'x' })).toMatch(/id must be change--<uuid>/);
    expect(reason({ ...item, origin: 'me' })).toMatch(/origin must be node--<uuid>/);
    expect(reason({ ...item, kind: 'gossip' })).toMatch(/unknown kind/);
    expect(reason({ ...item, signature: undefined })).toMatch(/^unsigned/);
    expect(reason({ ...item, audience: { tlp: 1 } })).toMatch(/audience tlp/);
    expect(reason({ ...item, audience: { ...item.audience, recipientUsers: [1] } })).toMatch(
      /audience recipientUsers must be strings/,
    );
    expect(reason({ ...item, body: { object: {} } })).toMatch(/body object must be a STIX object/);
    expect(reason({ ...item, extra: 1 })).toMatch(/unknown member extra/);
    const big = {
      ...item,
      body: { ...item.body, object: { ...item.body, pad: 'x'.repeat(MAX_ITEM_BYTES) } },
    };
    expect(reason(big)).toMatch(/^oversized/);
    expect(parseItem({ ...item, id: 'x' })).toMatchObject({ ok: false, id: null });
  });

  it('a withdrawal receipt is the confirming node’s signature', () => {
    const peer = identity('node--00000000-0000-4000-8000-000000000002');
    const receipt = signReceipt(peer, {
      itemId: 'change--00000000-0000-4000-8000-00000000000a',
      objectId: 'indicator--00000000-0000-4000-8000-00000000000b',
      deletedAt: '2026-11-29T09:00:00.000Z',
    });
    expect(receipt.nodeId).toBe(peer.nodeId);
    expect(verifyReceipt(peer.publicKey, receipt)).toBe(true);
    expect(verifyReceipt(identity().publicKey, receipt)).toBe(false);
    expect(verifyReceipt(peer.publicKey, { ...receipt, objectId: 'indicator--other' })).toBe(false);
  });
});
