import { randomUUID, type KeyObject } from 'node:crypto';
import { signDescriptor } from '../../src/federation/descriptor.js';
import type { NodeIdentity } from '../../src/federation/federation.types.js';
import { generateNodeKeyPair, signCanonical } from '../../src/federation/signing.js';

/** A real node identity (Ed25519 key, self-signed descriptor), as issue 6 will wire it. */
export function makeIdentity(
  name: string,
  baseUrl = 'http://127.0.0.1:1',
): NodeIdentity & { readonly privateKey: KeyObject } {
  const keys = generateNodeKeyPair();
  const descriptor = signDescriptor(keys.privateKey, {
    nodeId: `node--${randomUUID()}`,
    name,
    organization: { id: `identity--${randomUUID()}`, name },
    sector: 'cert',
    country: 'FR',
    baseUrl,
    publicKey: keys.publicKey,
    keyHistory: [],
  });
  return {
    nodeId: descriptor.nodeId,
    privateKey: keys.privateKey,
    descriptor: () => descriptor,
    sign: (value) => signCanonical(keys.privateKey, value),
  };
}
