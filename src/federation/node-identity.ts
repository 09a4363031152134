import { existsSync } from 'node:fs';
import type { Config } from '../platform/config.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { signDescriptor, type KeyRotation, type NodeDescriptor } from './descriptor.js';
import type { NodeIdentity } from './federation.types.js';
import {
  identityFilePath,
  identityFileVersion,
  loadOrCreateIdentity,
  rotateStoredKey,
  type StoredIdentity,
} from './node-identity-files.js';
import { deriveEncryptionKey, type EncryptionKeyPair } from './encryption-key.js';
import { fingerprint, signCanonical, type PublicKeyText } from './signing.js';
import type { KeyObject } from 'node:crypto';

/** This node's identity with what the operator sees of it (`nohaven node show`). */
export interface LocalNodeIdentity extends NodeIdentity {
  readonly publicKey: PublicKeyText;
  readonly fingerprint: string;
  readonly keyHistory: readonly KeyRotation[];
  readonly organization: { readonly id: string; readonly name: string };
  /**
   * The keys of the exchange of legal requests (issue 7, item 5): the Ed25519 signing key (JWS
   * EdDSA) and the X25519 key derived from it that peers encrypt to (JWE ECDH-ES).
   */
  exchangeKeys(): { readonly signing: KeyObject; readonly encryption: EncryptionKeyPair };
}

export interface NodeIdentityService {
  /**
   * The identity, its key and files created at the first call (`<dataDir>/federation/`).
   * Throws `NodeIdentityError` when the key file is unsafe, unreadable or corrupt. Follows a
   * rotation made by another process (the CLI) since the last call.
   */
  current(): Promise<LocalNodeIdentity>;
  /**
   * The identity when its files exist (made by `current()`, which `nohaven start` calls), else
   * null — never creates them. What background parts of a node (the change feed, federated
   * early warning) use, so that an app built only to describe itself (the OpenAPI script) or a
   * test node leaves no key behind unless asked.
   */
  existing(): Promise<LocalNodeIdentity | null>;
  /** Rotates the key: the old key signs the new one; peers follow the chain. */
  rotateKey(): Promise<{ readonly previousFingerprint: string; readonly fingerprint: string }>;
}

export interface NodeIdentityDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Identity id of the node organisation (created at the first run). */
  readonly organizationId: () => Promise<string>;
}

/** The error a descriptor request gets while the node's country is not configured. */
export function countryMissing(): DomainError {
  return new DomainError(
    'NH_ERR_NOT_READY',
    'federation needs the node country: set NOHAVEN_COUNTRY (or "country" in the config file) to its ISO 3166-1 alpha-2 code and restart',
  );
}

export function createNodeIdentityService(deps: NodeIdentityDeps): NodeIdentityService {
  const { config, clock, random } = deps;
  let loaded: { stored: StoredIdentity; version: string } | null = null;

  function stored(): StoredIdentity {
    const version = identityFileVersion(config.dataDir);
    if (loaded === null || loaded.version !== version) {
      const s = loadOrCreateIdentity(config.dataDir, () => `node--${random.uuid()}`, clock.now());
      loaded = { stored: s, version: identityFileVersion(config.dataDir) };
    }
    return loaded.stored;
  }

  function build(s: StoredIdentity, organization: { id: string; name: string }) {
    let descriptor: NodeDescriptor | null = null;
    const encryption = deriveEncryptionKey(s.keys.privateKey);
    const identity: LocalNodeIdentity = {
      nodeId: s.file.nodeId,
      publicKey: s.keys.publicKey,
      fingerprint: fingerprint(s.keys.publicKey),
      keyHistory: s.file.keyHistory,
      organization,
      descriptor() {
        if (config.country === null) throw countryMissing();
        descriptor ??= signDescriptor(s.keys.privateKey, {
          nodeId: s.file.nodeId,
          name: config.nodeName,
          organization,
          sector: config.sector,
          country: config.country,
          baseUrl: config.baseUrl,
          publicKey: s.keys.publicKey,
          keyHistory: s.file.keyHistory,
          encryptionKey: encryption.publicKey,
        });
        return descriptor;
      },
      sign: (value) => signCanonical(s.keys.privateKey, value),
      exchangeKeys: () => ({ signing: s.keys.privateKey, encryption }),
    };
    return identity;
  }

  let built: { stored: StoredIdentity; identity: LocalNodeIdentity } | null = null;

  return {
    async current() {
      const s = stored();
      if (built?.stored !== s) {
        const organization = { id: await deps.organizationId(), name: config.organization };
        built = { stored: s, identity: build(s, organization) };
      }
      return built.identity;
    },
    async existing() {
      return existsSync(identityFilePath(config.dataDir)) ? this.current() : null;
    },
    async rotateKey() {
      const before = stored();
      const after = rotateStoredKey(config.dataDir, before, clock.now());
      loaded = { stored: after, version: identityFileVersion(config.dataDir) };
      return {
        previousFingerprint: fingerprint(before.keys.publicKey),
        fingerprint: fingerprint(after.keys.publicKey),
      };
    },
  };
}
