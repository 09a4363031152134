import { isCountryCode } from '../platform/countries.js';
import { DomainError, type ErrorDetail } from '../platform/errors.js';
import {
  fingerprint,
  isPublicKeyText,
  signCanonical,
  verifyCanonical,
  type PublicKeyText,
} from './signing.js';
import type { KeyObject } from 'node:crypto';

/**
 * A node's descriptor (issue 6 §1): who the node is, where to reach it and the key it signs
 * with. An operator hands it to a prospective peer (file or URL); the peer's administrator
 * compares {@link NodeDescriptor.fingerprint} with the one the operator reads out of band.
 *
 * The descriptor is self-signed: `signature` is the node key's signature over the canonical
 * form of every other member, so a descriptor cannot be altered in transit without the
 * fingerprint check or the signature failing. After a key rotation, `keyHistory` holds one
 * {@link KeyRotation} per rotation, oldest first, each signed by the key it replaces, so a peer
 * that confirmed an older key can follow the chain to the current one.
 */
export interface NodeDescriptor {
  /** `node--<uuid>`: stable for the node's whole life, whatever its key. */
  readonly nodeId: string;
  readonly name: string;
  /** The operating organisation: its STIX identity id and name. */
  readonly organization: { readonly id: string; readonly name: string };
  /** Free sector code of the operator, e.g. `law-enforcement`, `cert`, `isp`, `finance`. */
  readonly sector: string;
  /** ISO 3166-1 alpha-2 code of the operator's country. */
  readonly country: string;
  /** Base URL the node's federation API is reached at (`http(s)://host[:port]`). */
  readonly baseUrl: string;
  readonly publicKey: PublicKeyText;
  /** `fingerprint(publicKey)`; repeated so that operators can read it in the file. */
  readonly fingerprint: string;
  readonly keyHistory: readonly KeyRotation[];
  /**
   * Base64url of the raw X25519 public key that messages to this node are encrypted to (JWE
   * ECDH-ES, legal cooperation, issue 7 item 5); derived from the signing key, so it changes
   * with it. Absent from descriptors of nodes older than the exchange of legal requests.
   */
  readonly encryptionKey?: PublicKeyText;
  /** Base64url Ed25519 signature by `publicKey` over the descriptor without this member. */
  readonly signature: string;
}

/** One key rotation: the previous key signs `{ nodeId, previousKey, newKey, rotatedAt }`. */
export interface KeyRotation {
  readonly previousKey: PublicKeyText;
  readonly newKey: PublicKeyText;
  /** ISO 8601 UTC. */
  readonly rotatedAt: string;
  /** Signature by `previousKey` over the other members plus the node id. */
  readonly signature: string;
}

export type UnsignedDescriptor = Omit<NodeDescriptor, 'signature' | 'fingerprint'>;

const NODE_ID = /^node--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IDENTITY_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && NODE_ID.test(value);
}

/** Completes and signs a descriptor with the node's current private key. */
export function signDescriptor(privateKey: KeyObject, input: UnsignedDescriptor): NodeDescriptor {
  const unsigned = { ...input, fingerprint: fingerprint(input.publicKey) };
  return { ...unsigned, signature: signCanonical(privateKey, unsigned) };
}

/** The statement a previous key signs when it hands over to a new key. */
export function rotationStatement(nodeId: string, rotation: Omit<KeyRotation, 'signature'>) {
  return {
    nodeId,
    previousKey: rotation.previousKey,
    newKey: rotation.newKey,
    rotatedAt: rotation.rotatedAt,
  };
}

export function signRotation(
  previousPrivateKey: KeyObject,
  nodeId: string,
  rotation: Omit<KeyRotation, 'signature'>,
): KeyRotation {
  return {
    ...rotation,
    signature: signCanonical(previousPrivateKey, rotationStatement(nodeId, rotation)),
  };
}

/**
 * Checks a descriptor received from elsewhere (a file, a URL, a peer's hello) member by member
 * and its signatures; returns it typed, or throws `NH_ERR_VALIDATION` naming every problem.
 * It does not decide trust: that is the fingerprint the administrator confirmed.
 */
export function parseDescriptor(value: unknown): NodeDescriptor {
  const problems: ErrorDetail[] = [];
  const at = (path: string, message: string) => problems.push({ path, message });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('NH_ERR_VALIDATION', 'a node descriptor must be a JSON object');
  }
  const d = value as Record<string, unknown>;
  if (!isNodeId(d.nodeId)) at('/nodeId', 'must be node--<uuid>');
  if (typeof d.name !== 'string' || d.name.trim() === '' || d.name.length > 200) {
    at('/name', 'must be a non-empty string of at most 200 characters');
  }
  const org = d.organization as Record<string, unknown> | null | undefined;
  if (org === null || typeof org !== 'object') at('/organization', 'must be an object');
  else {
    if (typeof org.id !== 'string' || !IDENTITY_ID.test(org.id)) {
      at('/organization/id', 'must be a STIX identity id');
    }
    if (typeof org.name !== 'string' || org.name.trim() === '') {
      at('/organization/name', 'must be a non-empty string');
    }
  }
  if (typeof d.sector !== 'string' || !/^[a-z0-9-]{1,64}$/.test(d.sector)) {
    at('/sector', 'must be a lower-case code (letters, digits, hyphens)');
  }
  if (typeof d.country !== 'string' || !isCountryCode(d.country)) {
    at('/country', 'must be an ISO 3166-1 alpha-2 country code');
  }
  if (typeof d.baseUrl !== 'string' || !isHttpBaseUrl(d.baseUrl)) {
    at('/baseUrl', 'must be an http(s) URL without query or fragment');
  }
  if (!isPublicKeyText(d.publicKey)) at('/publicKey', 'must be a base64url Ed25519 public key');
  else if (d.fingerprint !== fingerprint(d.publicKey)) {
    at('/fingerprint', 'does not match the public key');
  }
  if (!Array.isArray(d.keyHistory)) at('/keyHistory', 'must be an array');
  if (d.encryptionKey !== undefined && !isPublicKeyText(d.encryptionKey)) {
    at('/encryptionKey', 'must be a base64url X25519 public key');
  }
  if (typeof d.signature !== 'string') at('/signature', 'must be a string');
  if (problems.length > 0) {
    throw new DomainError('NH_ERR_VALIDATION', 'the node descriptor is not valid', problems);
  }
  const descriptor = d as unknown as NodeDescriptor;
  const { signature, ...unsigned } = descriptor;
  if (!verifyCanonical(descriptor.publicKey, unsigned, signature)) {
    throw new DomainError('NH_ERR_VALIDATION', 'the node descriptor is not valid', [
      { path: '/signature', message: 'is not the node key’s signature of the descriptor' },
    ]);
  }
  checkKeyHistory(descriptor);
  return descriptor;
}

/**
 * Every rotation must be signed by the key it replaces and the chain must end at the current
 * key. Returns every key the node has held, oldest first.
 */
export function checkKeyHistory(descriptor: NodeDescriptor): PublicKeyText[] {
  const keys: PublicKeyText[] = [];
  descriptor.keyHistory.forEach((rotation, i) => {
    const path = `/keyHistory/${i}`;
    const fail = (message: string) => {
      throw new DomainError('NH_ERR_VALIDATION', 'the node descriptor is not valid', [
        { path, message },
      ]);
    };
    if (!isPublicKeyText(rotation.previousKey) || !isPublicKeyText(rotation.newKey)) {
      fail('previousKey and newKey must be base64url Ed25519 public keys');
    }
    if (i > 0 && keys[keys.length - 1] !== rotation.previousKey) {
      fail('previousKey is not the key the previous rotation introduced');
    }
    const statement = rotationStatement(descriptor.nodeId, rotation);
    if (!verifyCanonical(rotation.previousKey, statement, rotation.signature)) {
      fail('is not signed by the key it replaces');
    }
    if (i === 0) keys.push(rotation.previousKey);
    keys.push(rotation.newKey);
  });
  if (keys.length > 0 && keys[keys.length - 1] !== descriptor.publicKey) {
    throw new DomainError('NH_ERR_VALIDATION', 'the node descriptor is not valid', [
      { path: '/keyHistory', message: 'does not end at the current public key' },
    ]);
  }
  return keys.length > 0 ? keys : [descriptor.publicKey];
}

function isHttpBaseUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
}
