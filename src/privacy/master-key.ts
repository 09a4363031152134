import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
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

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Writes the key file (current key first), replacing it atomically. */
export function writeKeyFile(dataDir: string, keys: readonly Buffer[]): void {
  const dir = join(dataDir, 'privacy');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeAtomically(masterKeyPath(dataDir), keys.map((k) => `${k.toString('base64')}\n`).join(''));
}

function readKeyFile(path: string): MasterKeyring {
  const mode = statSync(path).mode;
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyError(
      `the master key ${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); run "chmod 600 ${path}" and start again`,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MasterKeyError(`cannot read the master key ${path}: ${(err as Error).message}`);
  }
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
