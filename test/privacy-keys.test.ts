/**
 * The master key of sealed personal data (issue 8, item 1), on both databases: made at the first
 * start as a 0600 file; a node whose key is wrong, missing or readable by others does not start
 * and says why; a rotation re-wraps every data key while a running process keeps opening data,
 * resumes after an interruption, and retires the old key.
 */
import { chmodSync, readFileSync, renameSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, createServices, type Services } from '../src/app.js';
import { main } from '../src/cli/main.js';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import { withCooperationTables } from '../src/cooperation/cooperation.tables.js';
import { requestRepository } from '../src/cooperation/request.repository.js';
import { masterKeyPath } from '../src/privacy/master-key.js';
import { rotateMasterKey } from '../src/privacy/master-key-rotation.js';
import { masterKeyId } from '../src/privacy/envelope.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { scanRawDatabase } from './support/raw-scan.js';

const SECRET = 'victim.rossignol@example.net';

describeDialects('privacy master key', (dialect) => {
  let node: TestNode;
  let token = '';
  const ids: string[] = [];
  const settings = { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 };

  beforeAll(async () => {
    node = await makeTestNode(dialect, { deps: { cooperation: settings } });
    const root = node.actor('admin');
    await node.services.auth.createUser(root, {
      username: 'inv',
      role: 'investigator',
      organization: 'Test CERT',
      password: 'privacy-password-1',
    });
    token = (await node.services.auth.createTokenForUser(root, 'inv', 't')).token;
    for (let i = 0; i < 3; i++) {
      const res = await node.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          type: 'R4',
          fields: { identifiers: [{ kind: 'email', value: `${i}.${SECRET}` }] },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push((res.json() as { id: string }).id);
    }
  });
  afterAll(async () => node?.close());

  /** Services of another process of the same node (same database, own caches). */
  const otherProcess = (masterKey: string | null = null): Services =>
    createServices({
      config: { ...node.config, masterKey },
      database: node.db.handle,
      cooperation: settings,
    });
  const start = (masterKey: string | null = null) =>
    buildApp(
      { config: { ...node.config, masterKey }, database: node.db.handle, cooperation: settings },
      otherProcess(masterKey),
    );
  /** The identifiers of request `id` as the repository opens them through `services`. */
  const identifiers = async (services: Services, id: string) => {
    const db = withCooperationTables(node.db.handle.db.withPlugin(services.privacy.vault.plugin));
    const row = await requestRepository.get(db, id);
    return (JSON.parse(row!.fields) as { identifiers: unknown }).identifiers;
  };

  it('makes the key file at the first start, mode 0600, and seals with it', async () => {
    const path = masterKeyPath(node.config.dataDir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await scanRawDatabase(node.db, [SECRET])).hits).toEqual([]);
    expect(await identifiers(node.services, ids[0]!)).toEqual([
      { kind: 'email', value: `0.${SECRET}` },
    ]);
  });

  it('does not start with a wrong, missing or exposed master key, and says why', async () => {
    await expect(start(randomBytes(32).toString('base64'))).rejects.toThrow(
      /is not the one that sealed this node's personal data/,
    );
    await expect(start('not-a-key')).rejects.toThrow(/not 32 bytes of base64/);
    const path = masterKeyPath(node.config.dataDir);
    renameSync(path, `${path}.away`);
    try {
      await expect(start()).rejects.toThrow(/master key .* is missing/);
    } finally {
      renameSync(`${path}.away`, path);
    }
    chmodSync(path, 0o644);
    try {
      await expect(start()).rejects.toThrow(/readable by group or others/);
    } finally {
      chmodSync(path, 0o600);
    }
    // The right key, from the environment, starts it.
    const key = readFileSync(path, 'utf8').trim();
    const app = await start(key);
    await app.close();
  });

  it('rotates without downtime: resumes after an interruption, a running process keeps reading', async () => {
    const path = masterKeyPath(node.config.dataDir);
    const oldKey = readFileSync(path, 'utf8').trim();
    const oldId = masterKeyId(Buffer.from(oldKey, 'base64'));
    const running = otherProcess();
    await running.privacy.vault.ready();

    const rotating = otherProcess();
    const deps = {
      db: node.db.handle.db,
      vault: rotating.privacy.vault,
      keys: { dataDir: node.config.dataDir, fromEnv: null },
      clock: { now: () => new Date() },
      random: { uuid: () => '', bytes: (n: number) => randomBytes(n) },
      batchSize: 1,
    };
    await expect(
      rotateMasterKey({
        ...deps,
        onProgress: () => {
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    // Half-way: the file holds the new key and the old one; a process starting now still starts.
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
    await (await start()).close();
    expect(await identifiers(running, ids[1]!)).toEqual([{ kind: 'email', value: `1.${SECRET}` }]);

    const done = await rotateMasterKey(deps);
    expect(done.resumed).toBe(true);
    // The requests' data keys and the blind-index key (`privacy/blind-index.ts`), one of them
    // re-wrapped before the interruption.
    expect(done.rewrapped).toBe(ids.length);
    expect(done.retired).toEqual([oldId]);
    expect(done.newKeyId).not.toBe(oldId);
    const keys = readFileSync(path, 'utf8').trim().split('\n');
    expect(keys).toHaveLength(1);
    expect(masterKeyId(Buffer.from(keys[0]!, 'base64'))).toBe(done.newKeyId);

    const stored = await node.db.handle.db
      .withTables<{ privacy_data_keys: { master_key_id: string } }>()
      .selectFrom('privacy_data_keys')
      .select('master_key_id')
      .execute();
    expect(stored.map((r) => r.master_key_id)).toEqual([...ids, 'index'].map(() => done.newKeyId));

    // The process that ran all along reads the re-wrapped keys (it reloads the key file) …
    expect(await identifiers(running, ids[2]!)).toEqual([{ kind: 'email', value: `2.${SECRET}` }]);
    // … a fresh start opens everything with the new key, and the old key alone no longer starts.
    const fresh = otherProcess();
    for (const [i, id] of ids.entries())
      expect(await identifiers(fresh, id)).toEqual([{ kind: 'email', value: `${i}.${SECRET}` }]);
    await expect(start(oldKey)).rejects.toThrow(/is not the one that sealed/);
  });

  it('rotates through `nohaven privacy rotate-master-key`, audited; refuses with the key in the environment', async () => {
    const out: string[] = [];
    const sink = { write: (chunk: string) => (out.push(String(chunk)), true) };
    const io = (masterKey: string | null) => ({
      stdout: sink as never,
      stderr: sink as never,
      env: {},
      interactive: false,
      openNode: async () => ({
        config: { ...node.config, masterKey },
        database: node.db.handle,
        services: otherProcess(masterKey),
        close: async () => {},
      }),
    });
    expect(await main(['privacy', 'rotate-master-key'], io(null))).toBe(0);
    expect(out.join('')).toMatch(
      /^rotated to master key [0-9a-f]{16}: 4 data keys re-wrapped; retired [0-9a-f]{16}\n$/,
    );
    const [entry] = (
      await node.services.audit.list(node.actor('admin'), { action: 'privacy.rotate-master-key' })
    ).entries;
    expect(entry).toMatchObject({
      actor: 'service:cli',
      details: { rewrapped: 4, resumed: false },
    });
    const fresh = otherProcess();
    expect(await identifiers(fresh, ids[0]!)).toEqual([{ kind: 'email', value: `0.${SECRET}` }]);

    out.length = 0;
    const key = readFileSync(masterKeyPath(node.config.dataDir), 'utf8').trim();
    expect(await main(['privacy', 'rotate-master-key'], io(key))).toBe(1);
    expect(out.join('')).toContain('set it to "NEW,OLD"');
  });
});
