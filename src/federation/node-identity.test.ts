import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../platform/config.js';
import { fixedClock, systemRandom } from '../platform/ports.js';
import { checkKeyHistory, parseDescriptor } from './descriptor.js';
import { createNodeIdentityService } from './node-identity.js';
import { NodeIdentityError } from './node-identity-files.js';
import { fingerprint, verifyCanonical } from './signing.js';

const ORG = 'identity--0a4b8d1f-6d59-4d2b-8a59-9a3c8a2f4d10';
const dirs: string[] = [];

function service(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'nohaven-identity-'));
  dirs.push(dataDir);
  const config = parseConfig({
    NOHAVEN_DATA_DIR: dataDir,
    NOHAVEN_NODE_NAME: 'CERT-FR node',
    NOHAVEN_ORG: 'CERT-FR',
    NOHAVEN_COUNTRY: 'FR',
    NOHAVEN_SECTOR: 'cert',
    NOHAVEN_BASE_URL: 'https://nohaven.cert.example',
    ...env,
  });
  const make = () =>
    createNodeIdentityService({
      config,
      clock: fixedClock('2026-05-04T10:00:00Z'),
      random: systemRandom,
      organizationId: async () => ORG,
    });
  return { dataDir, config, make, fed: join(dataDir, 'federation') };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('node identity', () => {
  it('creates the key (0600) and identity file in a 0700 folder at the first call, then reuses them', async () => {
    const { make, fed } = service();
    const first = await make().current();
    expect(statSync(fed).mode & 0o777).toBe(0o700);
    expect(statSync(join(fed, 'node-key.pem')).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(join(fed, 'node-identity.json'), 'utf8'));
    expect(file).toMatchObject({
      nodeId: first.nodeId,
      publicKey: first.publicKey,
      keyHistory: [],
    });
    expect(first.nodeId).toMatch(/^node--[0-9a-f-]{36}$/);
    const again = await make().current();
    expect(again.nodeId).toBe(first.nodeId);
    expect(again.publicKey).toBe(first.publicKey);

    const d = first.descriptor();
    expect(parseDescriptor(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(d).toMatchObject({
      name: 'CERT-FR node',
      organization: { id: ORG, name: 'CERT-FR' },
      sector: 'cert',
      country: 'FR',
      baseUrl: 'https://nohaven.cert.example',
      fingerprint: fingerprint(first.publicKey),
    });
    const signature = first.sign({ a: 1 });
    expect(verifyCanonical(first.publicKey, { a: 1 }, signature)).toBe(true);
  });

  it('refuses a key file readable by group or others, and a corrupt or missing one', async () => {
    const { make, fed } = service();
    await make().current();
    const key = join(fed, 'node-key.pem');
    chmodSync(key, 0o640);
    await expect(make().current()).rejects.toThrow(NodeIdentityError);
    await expect(make().current()).rejects.toThrow(/readable by group or others.*chmod 600/);
    chmodSync(key, 0o600);
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    await expect(make().current()).rejects.toThrow(/not a valid Ed25519 private key/);
    rmSync(key);
    await expect(make().current()).rejects.toThrow(/cannot read the node key/);
  });

  it('tells the operator to set the country before a descriptor can be made', async () => {
    const { make } = service({ NOHAVEN_COUNTRY: '' });
    const identity = await make().current();
    expect(() => identity.descriptor()).toThrow(/set NOHAVEN_COUNTRY/);
  });

  it('rotates: the old key signs the new one, is kept 0600, and the chain checks', async () => {
    const { make, fed } = service();
    const s = make();
    const before = await s.current();
    const r1 = await s.rotateKey();
    const r2 = await s.rotateKey();
    expect(r1.previousFingerprint).toBe(before.fingerprint);
    expect(r2.previousFingerprint).toBe(r1.fingerprint);
    const after = await s.current();
    expect(after.nodeId).toBe(before.nodeId);
    expect(after.fingerprint).toBe(r2.fingerprint);
    expect(after.keyHistory).toHaveLength(2);
    const d = after.descriptor();
    expect(parseDescriptor(JSON.parse(JSON.stringify(d))).publicKey).toBe(after.publicKey);
    expect(checkKeyHistory(d)[0]).toBe(before.publicKey);
    for (const n of [1, 2]) {
      expect(statSync(join(fed, `node-key.${n}.pem`)).mode & 0o777).toBe(0o600);
    }
    // Another process (the CLI) sees the rotation too.
    expect((await make().current()).publicKey).toBe(after.publicKey);
  });

  it('follows a rotation made by another process', async () => {
    const { make } = service();
    const running = make();
    const before = await running.current();
    await make().rotateKey();
    const now = await running.current();
    expect(now.publicKey).not.toBe(before.publicKey);
    expect(checkKeyHistory(now.descriptor())).toEqual([before.publicKey, now.publicKey]);
  });
});
