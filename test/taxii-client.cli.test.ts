import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, runCli, startNodeProcess, type StartedNode } from './support/cli-process.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { bundle, indicator, malware, type Obj } from './support/stix-fixtures.js';

/**
 * `nohaven taxii` (one process) against nohaven's own TAXII 2.1 server (`nohaven start`, another
 * process): push, pull, resume from the saved cursor, push from the store, errors — on each
 * database engine, for both the serving node and the pulling node.
 */

const SLOW = 180_000;
/** Small enough that a push of a few objects needs several envelopes. */
const BODY_LIMIT = 4096;

const tmp = mkdtempSync(join(tmpdir(), 'nohaven-taxii-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;
function file(content: unknown): string {
  const path = join(tmp, `in-${files++}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describeDialects('nohaven taxii against a nohaven node in another process', (dialect) => {
  let remoteDb: TestDatabase;
  let localDb: TestDatabase;
  let remote: StartedNode;
  /** The CLI's environment: the local node, the remote node's admin credentials. */
  let env: Record<string, string>;
  let discovery: string;
  let collection: string;

  beforeAll(async () => {
    remoteDb = await dialect.create({ migrate: false });
    localDb = await dialect.create({ migrate: false });
    const port = await freePort();
    remote = await startNodeProcess({
      NOHAVEN_DATA_DIR: remoteDb.dataDir,
      NOHAVEN_PORT: String(port),
      NOHAVEN_NODE_NAME: 'Remote CERT',
      NOHAVEN_BODY_LIMIT: String(BODY_LIMIT),
      ...(remoteDb.url ? { NOHAVEN_DATABASE_URL: remoteDb.url } : {}),
    });
    const password = /password:\s+(\S+)/.exec(remote.output())?.[1];
    if (!password) throw new Error(`no admin password in ${remote.output()}`);
    env = {
      NOHAVEN_DATA_DIR: localDb.dataDir,
      NOHAVEN_NODE_NAME: 'Local CERT',
      ...(localDb.url ? { NOHAVEN_DATABASE_URL: localDb.url } : {}),
      NOHAVEN_TAXII_USER: 'admin',
      NOHAVEN_TAXII_PASSWORD: password,
    };
    discovery = `${remote.url}/taxii2/`;
  }, SLOW);

  afterAll(async () => {
    await remote?.stop();
    await remoteDb?.dispose();
    await localDb?.dispose();
  });

  async function exported(type: string): Promise<string[]> {
    const r = await runCli(['export', '--type', type], env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout).objects as Obj[]).map((o) => o.id).sort();
  }

  const pull = async () => {
    const r = await runCli(
      ['taxii', 'pull', discovery, '--collection', collection, '--json', '--limit', '3'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it(
    'discover finds the default API root and collection',
    async () => {
      const r = await runCli(['taxii', 'discover', discovery, '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.default).toBe(`${remote.url}/taxii2/nohaven/`);
      expect(out.roots[0].max_content_length).toBe(BODY_LIMIT);
      const writable = (out.roots[0].collections as { id: string; can_write: boolean }[]).find(
        (c) => c.can_write,
      );
      expect(writable).toBeDefined();
      collection = writable!.id;
    },
    SLOW,
  );

  it(
    'push, pull, resume: the second pull gets nothing, the third only what was added',
    async () => {
      const first = [
        ...Array.from({ length: 6 }, () =>
          indicator({ description: 'Beacons every minute. '.repeat(20) }),
        ),
        malware(),
      ];
      const pushed = await runCli(
        ['taxii', 'push', discovery, '--collection', collection, file(bundle(first)), '--json'],
        env,
      );
      expect(pushed.code, pushed.stderr).toBe(0);
      const report = JSON.parse(pushed.stdout);
      expect(report.envelopes).toBeGreaterThan(1);
      expect(report.successes.map((s: Obj) => s.id).sort()).toEqual(first.map((o) => o.id).sort());

      const s1 = await pull();
      expect(s1.rejected).toBe(0);
      expect(s1.pages as number).toBeGreaterThan(1);
      expect(s1.stored as number).toBeGreaterThanOrEqual(first.length);
      expect(await exported('indicator')).toEqual(
        first
          .filter((o) => o.type === 'indicator')
          .map((o) => o.id)
          .sort(),
      );

      const s2 = await pull();
      expect(s2).toMatchObject({ received: 0, stored: 0, cursor: s1.cursor });

      const later = [indicator(), indicator()];
      const pushed2 = await runCli(
        ['taxii', 'push', discovery, '--collection', collection, '-'],
        env,
        JSON.stringify(bundle(later)),
      );
      expect(pushed2.code, pushed2.stderr).toBe(0);
      expect(pushed2.stdout).toContain('successes 2, failures 0, pending 0');
      const s3 = await pull();
      expect(s3).toMatchObject({ received: 2, stored: 2, duplicates: 0 });
      expect(await exported('indicator')).toHaveLength(8);
    },
    SLOW,
  );

  it(
    'pushes from the local store with a filter',
    async () => {
      const r = await runCli(
        [
          'taxii',
          'push',
          discovery,
          '--collection',
          collection,
          '--from-store',
          '--type',
          'malware',
        ],
        env,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/: 1 objects in 1 envelopes: successes 1, failures 0, pending 0/);
    },
    SLOW,
  );

  it(
    'a wrong password, an unknown collection: exit 1 naming the URL, status and error; nothing stored',
    async () => {
      const bad = await runCli(['taxii', 'pull', discovery, '--collection', collection], {
        ...env,
        NOHAVEN_TAXII_PASSWORD: 'wrong',
      });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`GET ${discovery} → 401`);
      const missing = await runCli(
        ['taxii', 'pull', discovery, '--collection', 'no-such-collection'],
        env,
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/collections\/no-such-collection\/objects\/.* → 404/);
      expect(missing.stderr).toContain('nothing was stored; the cursor is unchanged');
      expect(await exported('indicator')).toHaveLength(8);
    },
    SLOW,
  );
});
