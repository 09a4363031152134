import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { PublicKeyText } from './signing.js';

/**
 * The node's X25519 encryption key (issue 7, item 5): what peers encrypt legal-cooperation
 * messages to (JWE ECDH-ES). It is derived from the Ed25519 signing key's seed with HKDF-SHA256,
 * so it needs no file of its own, is published in the signed descriptor (`encryptionKey`) and
 * changes when the signing key is rotated.
 */
export interface EncryptionKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: PublicKeyText;
}

/** PKCS#8 DER prefix of a raw 32-byte X25519 private key (RFC 8410). */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function deriveEncryptionKey(signingKey: KeyObject): EncryptionKeyPair {
  const { d } = signingKey.export({ format: 'jwk' });
  if (signingKey.asymmetricKeyType !== 'ed25519' || typeof d !== 'string')
    throw new TypeError('expected an Ed25519 private key');
  const seed = Buffer.from(d, 'base64url');
  const raw = Buffer.from(
    hkdfSync('sha256', seed, 'nohaven', 'nohaven cooperation X25519 encryption key v1', 32),
  );
  const privateKey = createPrivateKey({
    key: Buffer.concat([X25519_PKCS8_PREFIX, raw]),
    format: 'der',
    type: 'pkcs8',
  });
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: x! };
}

/** The X25519 public key object of a descriptor's `encryptionKey`. */
export function encryptionPublicKey(text: PublicKeyText): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: text }, format: 'jwk' });
}
