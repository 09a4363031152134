import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../src/platform/config.js';
import { startNode } from '../src/server.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

describeDialects('a node’s federation key at start', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await dialect.create();
  });
  afterAll(async () => db?.dispose());

  it('is made at the first start; a key readable by others stops the next start, named', async () => {
    const config = parseConfig({
      NOHAVEN_DATA_DIR: db.dataDir,
      NOHAVEN_PORT: '0',
      NOHAVEN_COUNTRY: 'GB',
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    });
    const options = { logger: false, out: new PassThrough(), webRoot: null };
    const first = await startNode(config, options);
    const res = await fetch(`${first.address}/federation/v1/descriptor`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { country: string }).country).toBe('GB');
    await first.close();

    const key = join(db.dataDir, 'federation', 'node-key.pem');
    chmodSync(key, 0o644);
    await expect(startNode(config, options)).rejects.toThrow(
      `the node key ${key} is readable by group or others (mode 644); run "chmod 600 ${key}" and start again`,
    );
    chmodSync(key, 0o600);
    const again = await startNode(config, options);
    await again.close();
  });
});
