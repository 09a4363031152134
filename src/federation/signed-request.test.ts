import { describe, expect, it } from 'vitest';
import { signDescriptor, signRotation, type NodeDescriptor } from './descriptor.js';
import { DEFAULT_PEER_POLICY, type NodeIdentity, type PeerRecord } from './federation.types.js';
import { createNonceCache, signRequest } from './signed-request.js';
import { verifySignedRequest, type IncomingRequest } from './signed-request.verify.js';
import { generateNodeKeyPair, signCanonical, type NodeKeyPair } from './signing.js';

const SENDER = 'node--6f1c2f0e-55a4-4e55-9f51-1c0b4a0f7c11';
const RECEIVER = 'node--0a4b8d1f-6d59-4d2b-8a59-9a3c8a2f4d10';
const NOW = new Date('2026-05-04T10:00:00.000Z');
const BODY = Buffer.from('{"items":[1,2,3]}');

function descriptorOf(keys: NodeKeyPair, keyHistory: NodeDescriptor['keyHistory'] = []) {
  return signDescriptor(keys.privateKey, {
    nodeId: SENDER,
    name: 'CERT-FR node',
    organization: { id: 'identity--0a4b8d1f-6d59-4d2b-8a59-9a3c8a2f4d11', name: 'CERT-FR' },
    sector: 'cert',
    country: 'FR',
    baseUrl: 'https://nohaven.cert.example',
    publicKey: keys.publicKey,
    keyHistory,
  });
}

function identityOf(keys: NodeKeyPair, descriptor: NodeDescriptor): NodeIdentity {
  return {
    nodeId: SENDER,
    descriptor: () => descriptor,
    sign: (v) => signCanonical(keys.privateKey, v),
  };
}

const keys = generateNodeKeyPair();
const descriptor = descriptorOf(keys);
const identity = identityOf(keys, descriptor);
const activePeer: PeerRecord = {
  nodeId: SENDER,
  descriptor,
  state: 'active',
  policy: DEFAULT_PEER_POLICY,
  organizations: [],
};

let nonceCounter = 0;
function nonce(): string {
  nonceCounter += 1;
  return Buffer.alloc(18, nonceCounter).toString('base64url');
}

function signed(
  overrides: { to?: string; at?: Date; body?: Buffer | null; path?: string; nonce?: string } = {},
  who: NodeIdentity = identity,
): IncomingRequest {
  const body = overrides.body === undefined ? BODY : overrides.body;
  const path = overrides.path ?? '/federation/v1/feed?after=10';
  const headers = signRequest(
    who,
    { method: 'POST', path, to: overrides.to ?? RECEIVER, body, now: overrides.at ?? NOW },
    overrides.nonce ?? nonce(),
  );
  return { method: 'POST', path, headers, body, hello: false };
}

function verify(
  req: IncomingRequest,
  peer: PeerRecord | null = activePeer,
  nonces = createNonceCache(900),
) {
  return verifySignedRequest(
    {
      selfNodeId: RECEIVER,
      find: async (id) => (peer !== null && id === peer.nodeId ? peer : null),
      nonces,
      now: NOW,
      skewSeconds: 900,
    },
    req,
  );
}

describe('signed node-to-node requests', () => {
  it('accepts a request signed by an active peer’s confirmed key', async () => {
    expect(await verify(signed())).toEqual({
      ok: true,
      peer: activePeer,
      descriptor,
      rotated: false,
    });
    expect((await verify(signed({ body: null }))).ok).toBe(true);
  });

  it('refuses each fault with its reason', async () => {
    const reason = async (req: IncomingRequest, peer: PeerRecord | null = activePeer) => {
      const v = await verify(req, peer);
      return v.ok ? 'accepted' : v.reason;
    };
    const { 'x-nohaven-signature': _, ...unsignedHeaders } = signed().headers as Record<
      string,
      string
    >;
    expect(await reason({ ...signed(), headers: unsignedHeaders })).toBe('missing-headers');
    expect(await reason(signed(), null)).toBe('unknown-node');
    expect(await reason(signed({ to: SENDER }))).toBe('wrong-recipient');
    expect(await reason({ ...signed(), body: Buffer.from('{"items":[1,2,4]}') })).toBe(
      'bad-signature',
    );
    expect(await reason({ ...signed(), path: '/federation/v1/feed?after=0' })).toBe(
      'bad-signature',
    );
    const other = generateNodeKeyPair();
    expect(await reason(signed({}, identityOf(other, descriptorOf(other))))).toBe('bad-signature');
    expect(await reason(signed(), { ...activePeer, state: 'suspended' })).toBe('not-active');
    expect(await reason(signed(), { ...activePeer, state: 'requested' })).toBe('not-active');
    expect(await reason(signed(), { ...activePeer, state: 'removed' })).toBe('removed');
    const shortNonce = signed({ nonce: 'abc' });
    expect(await reason(shortNonce)).toBe('missing-headers');
  });

  it('accepts ±10 minutes of clock skew and refuses ±20', async () => {
    const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);
    for (const m of [-10, 10]) expect((await verify(signed({ at: minutes(m) }))).ok).toBe(true);
    for (const m of [-20, 20]) {
      expect(await verify(signed({ at: minutes(m) }))).toMatchObject({
        ok: false,
        reason: 'stale-date',
      });
    }
  });

  it('refuses a replayed request', async () => {
    const nonces = createNonceCache(900);
    const req = signed();
    expect((await verify(req, activePeer, nonces)).ok).toBe(true);
    expect(await verify(req, activePeer, nonces)).toMatchObject({
      ok: false,
      reason: 'replayed-nonce',
    });
  });

  it('follows a signed key rotation from the confirmed key, never an unrelated key', async () => {
    const next = generateNodeKeyPair();
    const rotation = signRotation(keys.privateKey, SENDER, {
      previousKey: keys.publicKey,
      newKey: next.publicKey,
      rotatedAt: NOW.toISOString(),
    });
    const rotated = descriptorOf(next, [rotation]);
    const req = signed({}, identityOf(next, rotated));
    const withDescriptor = {
      ...req,
      headers: {
        ...req.headers,
        'x-nohaven-descriptor': Buffer.from(JSON.stringify(rotated)).toString('base64url'),
      },
    };
    expect(await verify(req)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await verify(withDescriptor)).toMatchObject({
      ok: true,
      rotated: true,
      descriptor: rotated,
    });
    const stranger = generateNodeKeyPair();
    const forged = descriptorOf(stranger);
    const forgedReq = signed({}, identityOf(stranger, forged));
    expect(
      await verify({
        ...forgedReq,
        headers: {
          ...forgedReq.headers,
          'x-nohaven-descriptor': Buffer.from(JSON.stringify(forged)).toString('base64url'),
        },
      }),
    ).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('checks an unknown node’s hello against the descriptor it carries', async () => {
    const hello = (d: unknown): IncomingRequest => ({
      ...signed({ path: '/federation/v1/hello' }),
      hello: true,
      helloDescriptor: d,
    });
    expect(await verify(hello(descriptor), null)).toMatchObject({
      ok: true,
      peer: null,
      descriptor,
    });
    const impostor = generateNodeKeyPair();
    expect(await verify(hello(descriptorOf(impostor)), null)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(await verify(hello(undefined), null)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('keeps the nonce cache bounded', () => {
    const cache = createNonceCache(900, 3);
    for (let i = 0; i < 10; i++) cache.remember(SENDER, `n${i}`, NOW);
    expect(cache.size).toBeLessThanOrEqual(3);
    const later = new Date(NOW.getTime() + 31 * 60_000);
    const fresh = createNonceCache(900);
    fresh.remember(SENDER, 'a', NOW);
    fresh.remember(SENDER, 'b', later);
    expect(fresh.size).toBe(1);
  });
});
