import { describe, expect, it } from 'vitest';
import { signDescriptor } from './descriptor.js';
import type { NodeIdentity } from './federation.types.js';
import { createPeerClient, PeerRequestError } from './peer-client.js';
import { bodySha256, readSignedHeaders, verifyRequestSignature } from './signed-request.js';
import { generateNodeKeyPair, signCanonical } from './signing.js';

const keys = generateNodeKeyPair();
const descriptor = signDescriptor(keys.privateKey, {
  nodeId: 'node--6f1c2f0e-55a4-4e55-9f51-1c0b4a0f7c11',
  name: 'CERT-FR node',
  organization: { id: 'identity--0a4b8d1f-6d59-4d2b-8a59-9a3c8a2f4d10', name: 'CERT-FR' },
  sector: 'cert',
  country: 'FR',
  baseUrl: 'https://fr.example',
  publicKey: keys.publicKey,
  keyHistory: [],
});
const identity: NodeIdentity = {
  nodeId: descriptor.nodeId,
  descriptor: () => descriptor,
  sign: (v) => signCanonical(keys.privateKey, v),
};
const peer = {
  nodeId: 'node--0a4b8d1f-6d59-4d2b-8a59-9a3c8a2f4d11',
  descriptor: { baseUrl: 'https://jp.example/' },
};

describe('peer client', () => {
  it('signs the exact bytes it sends, for the recipient, with path and query', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const client = createPeerClient({
      identity,
      timeoutMs: 1000,
      fetch: async (url, init) => {
        seen = { url: String(url), init: init! };
        return new Response('{"ok":true}', { status: 200 });
      },
    });
    const res = await client.request(peer, 'POST', '/federation/v1/feed?after=3', { a: 'é' });
    expect(res).toEqual({ status: 200, json: { ok: true } });
    const { url, init } = seen!;
    expect(url).toBe('https://jp.example/federation/v1/feed?after=3');
    const headers = readSignedHeaders(init.headers as Record<string, string>)!;
    expect(headers).toMatchObject({ node: descriptor.nodeId, to: peer.nodeId });
    const body = init.body as Buffer;
    expect(bodySha256(body)).toBe(bodySha256(Buffer.from('{"a":"é"}')));
    const request = { method: 'POST', path: '/federation/v1/feed?after=3', body };
    expect(verifyRequestSignature(keys.publicKey, headers, request)).toBe(true);
    expect(verifyRequestSignature(keys.publicKey, headers, { ...request, path: '/x' })).toBe(false);
  });

  it('gives up on a peer that does not answer in time', async () => {
    const client = createPeerClient({
      identity,
      timeoutMs: 50,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)),
        ),
    });
    const attempt = client.request(peer, 'GET', '/federation/v1/ping');
    await expect(attempt).rejects.toThrow(PeerRequestError);
    await expect(attempt).rejects.toThrow(/no answer within 50 ms/);
  });

  it('stops reading an answer beyond the size bound, and refuses one that is not JSON', async () => {
    const big = createPeerClient({
      identity,
      timeoutMs: 1000,
      maxResponseBytes: 1024,
      fetch: async () => new Response('x'.repeat(4096), { status: 200 }),
    });
    await expect(big.request(peer, 'GET', '/federation/v1/ping')).rejects.toThrow(
      /exceeds 1024 bytes/,
    );
    const html = createPeerClient({
      identity,
      timeoutMs: 1000,
      fetch: async () => new Response('<html>', { status: 502 }),
    });
    await expect(html.fetchJson('https://jp.example/d')).rejects.toThrow(/HTTP 502\) is not JSON/);
  });
});
