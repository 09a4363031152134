import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, readSecretFile, writeSecretFile } from '../platform/secret-files.js';
import { masterKeyId } from './envelope.js';

/**
 * The node master key (issue 8, item 1), held outside the database: the key file
 * `<dataDir>/privacy/master.key` (mode 0600 in a 0700 folder, made at the first start like the
 * federation key), or the secret `NOHAVEN_MASTER_KEY`. Both hold one or more base64 keys of
 * 32 bytes — the file one per line, the variable comma-separated — the current key first; a
 * second key is the previous one, kept while a rotation re-wraps the data keys.
 */
export interface MasterKeyring {
  /** The key new data keys are wrapped with. */
  readonly current: { readonly id: string; readonly key: Buffer };
  /** Every key by id (current and previous). */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** Where the keys came from: the key file's path, or `NOHAVEN_MASTER_KEY`. */
  readonly source: string;
}

/** The master key cannot be used: the node does not start, and says why. */
export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

export const ENV_NAME = 'NOHAVEN_MASTER_KEY';

export function masterKeyPath(dataDir: string): string {
  return join(dataDir, 'privacy', 'master.key');
}

function parseKeys(texts: readonly string[], source: string): MasterKeyring {
  const keys = texts.map((t) => t.trim()).filter((t) => t !== '');
  if (keys.length === 0) throw new MasterKeyError(`${source} holds no master key`);
  const buffers = keys.map((k, i) => {
    const b = Buffer.from(k, 'base64');
    if (!/^[A-Za-z0-9+/]+=*$/.test(k) || b.length !== 32) {
      throw new MasterKeyError(
        `${source}: key ${i + 1} is not 32 bytes of base64 (make one with "openssl rand -base64 32")`,
      );
    }
    return b;
  });
  return {
    current: { id: masterKeyId(buffers[0]!), key: buffers[0]! },
    keys: new Map(buffers.map((b) => [masterKeyId(b), b])),
    source,
  };
}

export function keyringFromText(text: string, source: string): MasterKeyring {
  return parseKeys(text.split(/[\n,]/), source);
}

/** Writes the key file (current key first), replacing it atomically. */
export function writeKeyFile(dataDir: string, keys: readonly Buffer[]): void {
  ensurePrivateDir(join(dataDir, 'privacy'));
  writeSecretFile(masterKeyPath(dataDir), keys.map((k) => `${k.toString('base64')}\n`).join(''));
}

function readKeyFile(path: string): MasterKeyring {
  const text = readSecretFile(path, 'the master key', (m) => new MasterKeyError(m));
  return keyringFromText(text, path);
}

/**
 * The master keys: from `fromEnv` when set, else from the key file — made with a fresh key
 * only when `mayCreate` (no personal data is stored yet); a missing file otherwise is an
 * error, since the data keys in the database cannot be opened without it.
 */
export function loadMasterKeyring(
  dataDir: string,
  fromEnv: string | null,
  newKey: () => Buffer,
  mayCreate: boolean,
): MasterKeyring {
  if (fromEnv !== null) return keyringFromText(fromEnv, ENV_NAME);
  const path = masterKeyPath(dataDir);
  if (!existsSync(path)) {
    if (!mayCreate) {
      throw new MasterKeyError(
        `the master key ${path} is missing but the database holds personal data sealed with one; restore the key file from a backup or set ${ENV_NAME}`,
      );
    }
    writeKeyFile(dataDir, [newKey()]);
  }
  return readKeyFile(path);
}
