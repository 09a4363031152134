import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveEncryptionKey } from '../federation/encryption-key.js';
import { generateNodeKeyPair } from '../federation/signing.js';
import {
  digestOf,
  openMessage,
  sealMessage,
  signJws,
  verifyJws,
  verifyReceipt,
} from './exchange-envelope.js';
import { signManifest, verifyPackage } from './exchange-manifest.js';

const sender = generateNodeKeyPair();
const recipient = generateNodeKeyPair();
const recipientX = deriveEncryptionKey(recipient.privateKey);
const payload = { v: 1, message: { id: 'm-1', state: 'sent', facts: 'botnet controller' } };

const seal = () =>
  sealMessage({
    payload,
    signingKey: sender.privateKey,
    senderNodeId: 'node-a',
    recipientNodeId: 'node-b',
    recipientEncryptionKey: recipientX.publicKey,
  });

/** Flips one character of the middle of a compact JOSE part. */
function tamper(compact: string, part: number): string {
  const parts = compact.split('.');
  const p = parts[part]!;
  const i = Math.floor(p.length / 2);
  parts[part] = p.slice(0, i) + (p[i] === 'A' ? 'B' : 'A') + p.slice(i + 1);
  return parts.join('.');
}

describe('JOSE envelope of legal-cooperation messages', () => {
  it('derives a stable X25519 key from the signing key, another one for another key', () => {
    expect(deriveEncryptionKey(recipient.privateKey).publicKey).toBe(recipientX.publicKey);
    expect(deriveEncryptionKey(sender.privateKey).publicKey).not.toBe(recipientX.publicKey);
    expect(recipientX.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signs then encrypts: the relay sees no content; the recipient opens and verifies it', async () => {
    const { jwe, jws } = await seal();
    expect(jwe.split('.')).toHaveLength(5);
    const header = JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'node-b' });
    expect(jwe).not.toContain(Buffer.from('botnet').toString('base64url').slice(0, 6));
    const opened = await openMessage({
      jwe,
      encryptionKey: recipientX.privateKey,
      senderPublicKey: sender.publicKey,
    });
    expect(opened.payload).toEqual(payload);
    expect(opened.jws).toBe(jws);
  });

  it('refuses a tampered ciphertext, the wrong decryption key and the wrong signer', async () => {
    const { jwe } = await seal();
    const open = (over: Partial<Parameters<typeof openMessage>[0]>) =>
      openMessage({
        jwe,
        encryptionKey: recipientX.privateKey,
        senderPublicKey: sender.publicKey,
        ...over,
      });
    await expect(open({ jwe: tamper(jwe, 3) })).rejects.toThrow(/cannot be decrypted/);
    await expect(open({ jwe: tamper(jwe, 4) })).rejects.toThrow(/cannot be decrypted/);
    await expect(
      open({ encryptionKey: deriveEncryptionKey(sender.privateKey).privateKey }),
    ).rejects.toThrow(/cannot be decrypted/);
    await expect(open({ senderPublicKey: recipient.publicKey })).rejects.toThrow(
      /signature is not the sender node’s/,
    );
  });

  it('refuses a JWS of another kind and a tampered JWS payload', async () => {
    const receipt = await signJws('receipt', { a: 1 }, sender.privateKey, 'node-a');
    await expect(verifyJws('message', receipt, sender.publicKey)).rejects.toThrow(/not a message/);
    await expect(verifyJws('receipt', tamper(receipt, 1), sender.publicKey)).rejects.toThrow(
      /signature/,
    );
    expect(await verifyJws('receipt', receipt, sender.publicKey)).toEqual({ a: 1 });
  });

  it('checks a receipt against the message id, the digest and the receiving node', async () => {
    const { jws } = await seal();
    const statement = {
      messageId: 'm-1',
      digest: digestOf(jws),
      receivedAt: '2026-11-29T10:00:00.000Z',
      node: 'node-b',
    };
    const receipt = await signJws('receipt', statement, recipient.privateKey, 'node-b');
    const expected = { messageId: 'm-1', digest: digestOf(jws), node: 'node-b' };
    expect(await verifyReceipt(receipt, expected, recipient.publicKey)).toEqual(statement);
    await expect(
      verifyReceipt(receipt, { ...expected, digest: digestOf('other') }, recipient.publicKey),
    ).rejects.toThrow(/another message/);
    await expect(verifyReceipt(receipt, expected, sender.publicKey)).rejects.toThrow(/signature/);
  });

  it('verifies a data package against its signed manifest and names a tampered file', async () => {
    const files = [
      { name: 'logs.txt', mediaType: 'text/plain', content: Buffer.from('203.0.113.9 08:55') },
      { name: 'subscriber.json', mediaType: 'application/json', content: Buffer.from('{}') },
    ];
    const manifest = {
      requestId: 'r-1',
      transitionId: 't-1',
      producer: 'org-b',
      files: files.map((f) => ({
        name: f.name,
        mediaType: f.mediaType,
        sha256: createHash('sha256').update(f.content).digest('hex'),
        size: f.content.length,
      })),
    };
    const jws = await signManifest(manifest, recipient.privateKey, 'node-b');
    const expected = { requestId: 'r-1', transitionId: 't-1', producer: 'org-b' };
    expect(await verifyPackage(jws, recipient.publicKey, expected, files)).toEqual(manifest);
    const altered = [files[0]!, { ...files[1]!, content: Buffer.from('{"x":1}') }];
    await expect(verifyPackage(jws, recipient.publicKey, expected, altered)).rejects.toThrow(
      /evidence file "subscriber.json" does not match its signed manifest/,
    );
    await expect(verifyPackage(jws, recipient.publicKey, expected, [files[0]!])).rejects.toThrow(
      /"subscriber.json" of the signed manifest is missing/,
    );
    const forged = await signManifest(
      { ...manifest, files: [{ ...manifest.files[0]!, sha256: '0'.repeat(64) }] },
      sender.privateKey,
      'node-a',
    );
    await expect(verifyPackage(forged, recipient.publicKey, expected, files)).rejects.toThrow(
      /not signed by the producing party/,
    );
    await expect(
      verifyPackage(jws, recipient.publicKey, { ...expected, transitionId: 't-2' }, files),
    ).rejects.toThrow(/another request, step or producer/);
  });
});
