import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, readSecretFile, writeSecretFile } from '../platform/secret-files.js';
import type { KeyRotation } from './descriptor.js';
import { isNodeId } from './descriptor.js';
import {
  generateNodeKeyPair,
  keyPairFromPem,
  privateKeyPem,
  type NodeKeyPair,
  type PublicKeyText,
} from './signing.js';
import { signRotation } from './descriptor.js';

/**
 * The node's identity on disk (issue 6 §1), in `<dataDir>/federation/` (mode 0700):
 * `node-key.pem` — the current Ed25519 private key, PKCS#8 PEM, mode 0600 — and
 * `node-identity.json` — `{ nodeId, publicKey, keyHistory, createdAt }`. A rotated-out key is
 * kept as `node-key.<n>.pem` (0600), n = 1 for the first key. Files are replaced atomically
 * (write a temporary file, then rename).
 *
 * Like SSH, a key file that group or others may read is refused: the node does not start.
 */
export interface IdentityFile {
  readonly nodeId: string;
  readonly publicKey: PublicKeyText;
  readonly keyHistory: readonly KeyRotation[];
  readonly createdAt: string;
}

export interface StoredIdentity {
  readonly keys: NodeKeyPair;
  readonly file: IdentityFile;
}

/** The identity files cannot be used: the node refuses to start, and says why and where. */
export class NodeIdentityError extends Error {
  override name = 'NodeIdentityError';
}

export function federationDir(dataDir: string): string {
  return join(dataDir, 'federation');
}

export function keyFilePath(dataDir: string): string {
  return join(federationDir(dataDir), 'node-key.pem');
}

export function identityFilePath(dataDir: string): string {
  return join(federationDir(dataDir), 'node-identity.json');
}

/** Creates the identity files; refuses when a key file already exists. */
function create(dataDir: string, nodeId: string, now: Date): StoredIdentity {
  const dir = federationDir(dataDir);
  ensurePrivateDir(dir);
  const keys = generateNodeKeyPair();
  const file: IdentityFile = {
    nodeId,
    publicKey: keys.publicKey,
    keyHistory: [],
    createdAt: now.toISOString(),
  };
  writeSecretFile(keyFilePath(dataDir), privateKeyPem(keys.privateKey));
  writeSecretFile(identityFilePath(dataDir), `${JSON.stringify(file, null, 2)}\n`);
  return { keys, file };
}

function readKey(path: string): NodeKeyPair {
  const pem = readSecretFile(path, 'the node key', (m) => new NodeIdentityError(m));
  try {
    return keyPairFromPem(pem);
  } catch (err) {
    throw new NodeIdentityError(
      `the node key ${path} is not a valid Ed25519 private key (${(err as Error).message}); restore it from a backup`,
    );
  }
}

function readIdentityFile(path: string): IdentityFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new NodeIdentityError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const f = value as Partial<IdentityFile> | null;
  if (
    f === null ||
    typeof f !== 'object' ||
    !isNodeId(f.nodeId) ||
    typeof f.publicKey !== 'string' ||
    !Array.isArray(f.keyHistory) ||
    typeof f.createdAt !== 'string'
  ) {
    throw new NodeIdentityError(
      `${path} is not a node identity file (nodeId, publicKey, keyHistory, createdAt)`,
    );
  }
  return f as IdentityFile;
}

/**
 * The stored identity, created on the very first call (`newNodeId` names the node). Finishes a
 * rotation interrupted between its two renames. Throws {@link NodeIdentityError}.
 */
export function loadOrCreateIdentity(
  dataDir: string,
  newNodeId: () => string,
  now: Date,
): StoredIdentity {
  const keyPath = keyFilePath(dataDir);
  const idPath = identityFilePath(dataDir);
  if (!existsSync(keyPath) && !existsSync(idPath)) return create(dataDir, newNodeId(), now);
  if (!existsSync(idPath)) {
    throw new NodeIdentityError(
      `${idPath} is missing next to ${keyPath}; restore it from a backup`,
    );
  }
  const keys = readKey(keyPath);
  let file = readIdentityFile(idPath);
  if (file.publicKey !== keys.publicKey && existsSync(`${idPath}.tmp`)) {
    // A rotation stopped after the key's rename: its identity file is the temporary one.
    const pending = readIdentityFile(`${idPath}.tmp`);
    if (pending.publicKey === keys.publicKey) {
      renameSync(`${idPath}.tmp`, idPath);
      file = pending;
    }
  }
  if (file.publicKey !== keys.publicKey) {
    throw new NodeIdentityError(
      `the node key ${keyPath} does not match the public key in ${idPath}; restore both from a backup`,
    );
  }
  return { keys, file };
}

/**
 * Replaces the node key by a new one that the old key signs over (`signRotation`): the old
 * key is kept as `node-key.<n>.pem`, then the new key and identity file replace the old ones.
 */
export function rotateStoredKey(
  dataDir: string,
  current: StoredIdentity,
  now: Date,
): StoredIdentity {
  const next = generateNodeKeyPair();
  const rotation = signRotation(current.keys.privateKey, current.file.nodeId, {
    previousKey: current.keys.publicKey,
    newKey: next.publicKey,
    rotatedAt: now.toISOString(),
  });
  const file: IdentityFile = {
    ...current.file,
    publicKey: next.publicKey,
    keyHistory: [...current.file.keyHistory, rotation],
  };
  const archive = join(
    federationDir(dataDir),
    `node-key.${current.file.keyHistory.length + 1}.pem`,
  );
  writeSecretFile(archive, privateKeyPem(current.keys.privateKey));
  const idPath = identityFilePath(dataDir);
  writeFileSync(`${idPath}.tmp`, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  writeSecretFile(keyFilePath(dataDir), privateKeyPem(next.privateKey));
  renameSync(`${idPath}.tmp`, idPath);
  return { keys: next, file };
}

/**
 * What tells one identity file from the next (a rotation by another process replaces it): its
 * inode — a rotation renames a new file over it — and modification time.
 */
export function identityFileVersion(dataDir: string): string {
  try {
    const s = statSync(identityFilePath(dataDir));
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return '';
  }
}
