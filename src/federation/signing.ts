import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';

/**
 * Ed25519 signatures over the RFC 8785 canonical JSON form of a value: the one way a node signs
 * what it sends (descriptors, change-feed items, receipts) and checks what it receives.
 *
 * Keys travel as text: a public key is the base64url of its 32 raw bytes (the JWK `x` member,
 * RFC 8037), a signature the base64url of its 64 bytes. A key's fingerprint is what operators
 * compare out of band, as with SSH: `SHA256:` followed by the unpadded base64 of the SHA-256
 * of the raw public key.
 */

/** Base64url of the 32 raw bytes of an Ed25519 public key. */
export type PublicKeyText = string;

const PUBLIC_KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;
const SIGNATURE_TEXT = /^[A-Za-z0-9_-]{86}$/;

export interface NodeKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: PublicKeyText;
}

export function generateNodeKeyPair(): NodeKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKeyText(publicKey) };
}

/** The PKCS#8 PEM of a private key, to store in the data folder. */
export function privateKeyPem(privateKey: KeyObject): string {
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Reads a PKCS#8 PEM Ed25519 private key; throws when it is anything else. */
export function keyPairFromPem(pem: string): NodeKeyPair {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`expected an Ed25519 private key, got ${privateKey.asymmetricKeyType}`);
  }
  return { privateKey, publicKey: publicKeyText(createPublicKey(privateKey)) };
}

export function publicKeyText(publicKey: KeyObject): PublicKeyText {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new TypeError('expected an Ed25519 public key');
  }
  return jwk.x;
}

export function isPublicKeyText(text: unknown): text is PublicKeyText {
  return typeof text === 'string' && PUBLIC_KEY_TEXT.test(text);
}

/** `SHA256:<base64, unpadded>` of the raw public key bytes, as `ssh-keygen -l` shows. */
export function fingerprint(publicKey: PublicKeyText): string {
  const digest = createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** Signs the canonical JSON of `value`; returns the base64url signature. */
export function signCanonical(privateKey: KeyObject, value: unknown): string {
  return sign(null, Buffer.from(canonicalJson(value)), privateKey).toString('base64url');
}

/**
 * True when `signature` is `publicKey`'s signature of the canonical JSON of `value`. Malformed
 * keys or signatures are simply not valid (false), never an exception.
 */
export function verifyCanonical(publicKey: string, value: unknown, signature: string): boolean {
  if (!isPublicKeyText(publicKey) || !SIGNATURE_TEXT.test(signature)) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    return false;
  }
  return verify(null, Buffer.from(canonicalJson(value)), key, Buffer.from(signature, 'base64url'));
}
