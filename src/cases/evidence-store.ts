import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from './custody-chain.js';

/**
 * Where evidence bytes live: content-addressed by SHA-256, written once, never changed. The
 * database holds the item's facts and custody; the store only bytes.
 */
export interface EvidenceStore {
  /** Stores `bytes` (idempotent: the same content is stored once); answers its SHA-256. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes stored under `sha256`; throws when absent. */
  read(sha256: string): Promise<Buffer>;
  /** Deletes the file stored under `sha256` (retention); idempotent: absent is done. */
  remove(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The store in the node's data folder: `<dataDir>/evidence/<sha256>`, mode 0600. A file is
 * written aside and renamed into place, so a name never shows partial content. On a PostgreSQL
 * node served by several processes, the data folder must be shared between them.
 */
export function fileEvidenceStore(dataDir: string): EvidenceStore {
  const dir = join(dataDir, 'evidence');
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const path = join(dir, sha256);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Stored already, intact: nothing to write (an altered copy is replaced).
      const existing = await readFile(path).catch(() => null);
      if (existing !== null && sha256Hex(existing) === sha256) return sha256;
      const aside = join(dir, `.${sha256}.${randomUUID()}.part`);
      try {
        await writeFile(aside, bytes, { mode: 0o600, flush: true });
        await rename(aside, path);
      } finally {
        await rm(aside, { force: true });
      }
      return sha256;
    },
    async read(sha256) {
      if (!SHA256.test(sha256)) throw new RangeError(`not a SHA-256: ${sha256}`);
      return readFile(join(dir, sha256));
    },
    async remove(sha256) {
      if (!SHA256.test(sha256)) throw new RangeError(`not a SHA-256: ${sha256}`);
      await rm(join(dir, sha256), { force: true });
    },
  };
}
