import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  generateNodeKeyPair,
  keyPairFromPem,
  privateKeyPem,
  signCanonical,
  verifyCanonical,
} from './signing.js';
import {
  parseDescriptor,
  signDescriptor,
  signRotation,
  type NodeDescriptor,
} from './descriptor.js';

const base = {
  nodeId: 'node--6f1c2f0e-55a4-4e55-9f51-1c0b4a0f7c11',
  name: 'CERT-FR node',
  organization: { id: 'identity--0a4b8d1f-6d59-4d2b-8a59-9a3c8a2f4d10', name: 'CERT-FR' },
  sector: 'cert',
  country: 'FR',
  baseUrl: 'https://nohaven.cert.example:8443',
};

describe('Ed25519 canonical signatures', () => {
  it('verifies what it signed, whatever the key order, and nothing altered', () => {
    const keys = generateNodeKeyPair();
    const signature = signCanonical(keys.privateKey, { b: 1, a: [1, 2] });
    expect(verifyCanonical(keys.publicKey, { a: [1, 2], b: 1 }, signature)).toBe(true);
    expect(verifyCanonical(keys.publicKey, { a: [1, 2], b: 2 }, signature)).toBe(false);
    expect(verifyCanonical(generateNodeKeyPair().publicKey, { a: [1, 2], b: 1 }, signature)).toBe(
      false,
    );
    expect(verifyCanonical('not-a-key', {}, signature)).toBe(false);
    expect(verifyCanonical(keys.publicKey, {}, 'short')).toBe(false);
  });

  it('survives a PEM round trip and prints an SSH-style fingerprint', () => {
    const keys = generateNodeKeyPair();
    const again = keyPairFromPem(privateKeyPem(keys.privateKey));
    expect(again.publicKey).toBe(keys.publicKey);
    expect(fingerprint(keys.publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('node descriptors', () => {
  it('accepts a self-signed descriptor and refuses one altered in transit', () => {
    const keys = generateNodeKeyPair();
    const descriptor = signDescriptor(keys.privateKey, {
      ...base,
      publicKey: keys.publicKey,
      keyHistory: [],
    });
    expect(parseDescriptor(JSON.parse(JSON.stringify(descriptor)))).toEqual(descriptor);
    expect(() => parseDescriptor({ ...descriptor, baseUrl: 'https://evil.example' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: '/signature' })] }),
    );
  });

  it('names every malformed member', () => {
    expect(() => parseDescriptor({ nodeId: 'x', country: 'ZZ', keyHistory: [] })).toThrow(
      expect.objectContaining({
        details: expect.arrayContaining([
          expect.objectContaining({ path: '/nodeId' }),
          expect.objectContaining({ path: '/country' }),
          expect.objectContaining({ path: '/publicKey' }),
          expect.objectContaining({ path: '/baseUrl' }),
        ]),
      }),
    );
  });

  it('follows a key rotation signed by the old key and refuses a forged one', () => {
    const old = generateNodeKeyPair();
    const next = generateNodeKeyPair();
    const rotation = signRotation(old.privateKey, base.nodeId, {
      previousKey: old.publicKey,
      newKey: next.publicKey,
      rotatedAt: '2026-11-29T10:00:00.000Z',
    });
    const rotated: NodeDescriptor = signDescriptor(next.privateKey, {
      ...base,
      publicKey: next.publicKey,
      keyHistory: [rotation],
    });
    expect(parseDescriptor(rotated).publicKey).toBe(next.publicKey);

    const intruder = generateNodeKeyPair();
    const forged = signDescriptor(intruder.privateKey, {
      ...base,
      publicKey: intruder.publicKey,
      keyHistory: [
        signRotation(intruder.privateKey, base.nodeId, {
          previousKey: old.publicKey,
          newKey: intruder.publicKey,
          rotatedAt: '2026-11-29T10:00:00.000Z',
        }),
      ],
    });
    expect(() => parseDescriptor(forged)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: '/keyHistory/0' })] }),
    );
  });
});
