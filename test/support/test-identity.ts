import { randomUUID } from 'node:crypto';
import { signDescriptor } from '../../src/federation/descriptor.js';
import type { NodeIdentity } from '../../src/federation/federation.types.js';
import { generateNodeKeyPair, signCanonical } from '../../src/federation/signing.js';

/** A real node identity (Ed25519 key, self-signed descriptor), as issue 6 will wire it. */
export function testIdentity(name = 'Test node'): NodeIdentity {
  const keys = generateNodeKeyPair();
  const nodeId = `node--${randomUUID()}`;
  const descriptor = signDescriptor(keys.privateKey, {
    nodeId,
    name,
    organization: { id: `identity--${randomUUID()}`, name: 'Test CERT' },
    sector: 'law-enforcement',
    country: 'FR',
    baseUrl: 'http://127.0.0.1:1',
    publicKey: keys.publicKey,
    keyHistory: [],
  });
  return { nodeId, descriptor: () => descriptor, sign: (v) => signCanonical(keys.privateKey, v) };
}
