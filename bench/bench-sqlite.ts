import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import type { TestDialect } from '../test/support/dialects.js';

/**
 * SQLite databases in temporary folders named `prefix…`, with the node's pragmas (WAL,
 * `synchronous = FULL`), for benches that start nodes with the test kits.
 */
export function benchSqlite(prefix: string): TestDialect {
  return {
    name: 'sqlite',
    async create(options) {
      const dataDir = mkdtempSync(join(tmpdir(), prefix));
      const handle = openDatabase({ url: null, dataDir });
      if (options?.migrate !== false) await migrateToLatest(handle);
      return {
        handle,
        url: null,
        dataDir,
        async dispose() {
          await handle.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}
