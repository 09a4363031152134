import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-process.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { bundle, indicator, malware, type Obj } from './support/stix-fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const OASIS = join(ROOT, '..', 'shared', 'reference', 'stix2.1', 'examples');
const SLOW = 120_000;

/** Runs the real CLI (from the test bundle, test/support/cli-bundle.ts) with only the given NOHAVEN_* settings. */
const cli = runCli;

const tmp = mkdtempSync(join(tmpdir(), 'nohaven-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;
function file(content: string | Buffer | object): string {
  const path = join(tmp, `input-${files++}.json`);
  writeFileSync(
    path,
    typeof content === 'string' || Buffer.isBuffer(content)
      ? content
      : JSON.stringify(content, null, 2),
  );
  return path;
}

describe('nohaven (no database)', () => {
  it(
    'config check prints the settings with the database password masked',
    async () => {
      const r = await cli(['config', 'check'], {
        NOHAVEN_DATABASE_URL: 'postgres://nh:s3cret-pw@db.example:5432/nohaven',
        NOHAVEN_PORT: '9000',
      });
      expect(r.code).toBe(0);
      const config = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(config).toMatchObject({
        port: 9000,
        databaseUrl: 'postgres://nh:****@db.example:5432/nohaven',
      });
      expect(r.stdout).not.toContain('s3cret-pw');
    },
    SLOW,
  );

  it(
    'config check names a bad setting and exits 1',
    async () => {
      const r = await cli(['config', 'check'], { NOHAVEN_PORT: 'abc' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/NOHAVEN_PORT: "abc" is not a whole number/);
    },
    SLOW,
  );

  it(
    'exits 2 with the usage for an unknown command, option or format; --help exits 0',
    async () => {
      const unknown = await cli(['frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: nohaven/);
      const format = await cli(['import', '--format', 'nonsense', '-']);
      expect(format.code).toBe(2);
      expect(format.stderr).toMatch(/unknown format "nonsense" \(supported: auto, stix/);
      const help = await cli(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/import .*STIX/);
    },
    SLOW,
  );
});

describeDialects('nohaven CLI', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  const countStored = async (): Promise<number> => {
    const row = await db.handle.db
      .selectFrom('stix_objects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const storedIds = async (): Promise<Set<string>> =>
    new Set(
      (await db.handle.db.selectFrom('stix_objects').select('id').execute()).map((r) => r.id),
    );

  beforeAll(async () => {
    db = await dialect.create();
    env = { NOHAVEN_DATA_DIR: db.dataDir, ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}) };
  });
  afterAll(() => db?.dispose());

  it(
    'migrate applies the migrations of a fresh database, then has nothing to do',
    async () => {
      const fresh = await dialect.create({ migrate: false });
      try {
        const freshEnv = {
          NOHAVEN_DATA_DIR: fresh.dataDir,
          ...(fresh.url ? { NOHAVEN_DATABASE_URL: fresh.url } : {}),
        };
        const first = await cli(['migrate'], freshEnv);
        expect(first.code).toBe(0);
        expect(first.stdout).toMatch(/applied 0001-initial/);
        const again = await cli(['migrate'], freshEnv);
        expect(again.stdout).toMatch(/up to date/);
      } finally {
        await fresh.dispose();
      }
    },
    SLOW,
  );

  it(
    'imports a bundle, then counts a re-import as duplicates',
    async () => {
      const objects = [indicator(), malware(), indicator()];
      const path = file(bundle(objects));
      const first = await cli(['import', path], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        /^stix: 3 records, stored 3, duplicates 0, folded 0, problems 0$/m,
      );
      const again = await cli(['import', path], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(
        /^stix: 3 records, stored 0, duplicates 3, folded 0, problems 0$/m,
      );
      const ids = await storedIds();
      for (const o of objects) expect(ids.has(o.id)).toBe(true);
    },
    SLOW,
  );

  it(
    'stores nothing of a bundle with bad objects unless --partial, and reports each one',
    async () => {
      const good = [indicator(), malware()];
      const noPattern = indicator();
      delete noPattern.pattern;
      const badTime = malware({ modified: 'yesterday' });
      const path = file(bundle([good[0], noPattern, good[1], badTime]));
      const before = await countStored();

      const atomic = await cli(['import', path], env);
      expect(atomic.code).toBe(1);
      expect(atomic.stdout, atomic.stderr).toMatch(/stored 0, duplicates 0, folded 0, problems 2/);
      expect(atomic.stdout).toMatch(/nothing was stored/);
      expect(await countStored()).toBe(before);

      const partial = await cli(['import', '--partial', path], env);
      expect(partial.code).toBe(1);
      expect(partial.stdout).toMatch(
        /^stix: 4 records, stored 2, duplicates 0, folded 0, problems 2$/m,
      );
      expect(partial.stdout).toMatch(new RegExp(`^record 2 ${noPattern.id}: /pattern: .+`, 'm'));
      expect(partial.stdout).toMatch(new RegExp(`^record 4 ${badTime.id}: /modified: .+`, 'm'));
      const ids = await storedIds();
      expect([ids.has(good[0]!.id), ids.has(good[1]!.id), ids.has(noPattern.id)]).toEqual([
        true,
        true,
        false,
      ]);
    },
    SLOW,
  );

  it(
    'refuses malformed input with the line and column, storing nothing',
    async () => {
      const before = await countStored();
      const malformed = await cli(['import', join(ROOT, 'test/fixtures/cli/malformed.json')], env);
      expect(malformed.code).toBe(1);
      expect(malformed.stderr).toMatch(/object #0 at line 5, column 50: expected ',' or '}'/);

      const notBundle = await cli(
        ['import', '--format', 'stix', join(ROOT, 'test/fixtures/cli/not-a-bundle.json')],
        env,
      );
      expect(notBundle.code).toBe(1);
      expect(notBundle.stderr).toMatch(
        /line 2, column 11: not a STIX bundle: "type" is "indicator"/,
      );
      const unknown = await cli(['import', join(ROOT, 'test/fixtures/cli/not-a-bundle.json')], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/unknown input: not in a known format \(tried: stix/);
      const binary = await cli(['import', file(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))], env);
      expect(binary.code).toBe(1);
      expect(binary.stderr).toMatch(/unknown input: the input is binary data, not text/);

      const proto = `{"type":"bundle","id":"bundle--1","objects":[${JSON.stringify(indicator())},\n{"type":"note","__proto__":{"polluted":true}}]}`;
      const polluted = await cli(['import', file(proto)], env);
      expect(polluted.code).toBe(1);
      expect(polluted.stderr).toMatch(
        /object #1 at line 2, column 1: the key "__proto__" is not allowed/,
      );

      const utf8 = Buffer.concat([
        Buffer.from('{"type":"bundle","id":"bundle--1","objects":[\n{"type":"note","content":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}]}'),
      ]);
      const badUtf8 = await cli(['import', file(utf8)], env);
      expect(badUtf8.code).toBe(1);
      expect(badUtf8.stderr).toMatch(/object #0 at line 2, column 30: invalid UTF-8/);
      expect(await countStored()).toBe(before);
    },
    SLOW,
  );

  it(
    'reads stdin with "-" and prints a JSON summary with --json',
    async () => {
      const objects = [indicator(), indicator()];
      const r = await cli(
        ['import', '-', '--json', '--distribution', 'organisation'],
        env,
        JSON.stringify(bundle(objects)),
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        format: 'stix',
        records: 2,
        objects: 2,
        stored: 2,
        duplicates: 0,
        folded: 0,
        problems: [],
        problemCount: 0,
        warnings: [],
        warningCount: 0,
        rolledBack: false,
      });
      const bad = await cli(['import', '-', '--json'], env, '{"type":"bundle",');
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({
        error: { code: 'NH_ERR_MALFORMED_JSON', line: 1, column: 18 },
      });
    },
    SLOW,
  );

  it(
    'exports a bundle that imports into a fresh node as the same objects',
    async () => {
      const objects: Obj[] = [indicator({ name: 'round trip é' }), malware()];
      expect((await cli(['import', file(bundle(objects))], env)).code).toBe(0);
      const out = join(tmp, 'export.json');
      const exported = await cli(['export', '--out', out], env);
      expect(exported.code).toBe(0);
      const first = JSON.parse(readFileSync(out, 'utf8')) as {
        type: string;
        id: string;
        objects: Obj[];
      };
      expect(first.type).toBe('bundle');
      expect(first.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
      expect(first.objects.length).toBe(await countStored());

      const other = await dialect.create();
      try {
        const otherEnv = {
          NOHAVEN_DATA_DIR: other.dataDir,
          ...(other.url ? { NOHAVEN_DATABASE_URL: other.url } : {}),
        };
        const imported = await cli(['import', out], otherEnv);
        expect(imported.code).toBe(0);
        const again = await cli(['export'], otherEnv);
        const second = JSON.parse(again.stdout) as { objects: Obj[] };
        const byId = (list: Obj[]): Obj[] => [...list].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId(second.objects)).toEqual(byId(first.objects));
        const filtered = JSON.parse(
          (await cli(['export', '--type', 'malware'], otherEnv)).stdout,
        ) as { objects: Obj[] };
        expect(filtered.objects.every((o) => o.type === 'malware')).toBe(true);
        expect(filtered.objects.some((o) => o.id === objects[1]!.id)).toBe(true);
      } finally {
        await other.dispose();
      }
    },
    SLOW,
  );

  it.skipIf(!existsSync(OASIS))(
    'imports the OASIS STIX 2.1 example bundles',
    async () => {
      const paths = readdirSync(OASIS, { recursive: true, encoding: 'utf8' }).filter((p) =>
        p.endsWith('.json'),
      );
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) {
        const doc = JSON.parse(readFileSync(join(OASIS, p), 'utf8')) as { type?: string };
        const r = await cli(['import', '--json', join(OASIS, p)], env);
        if (doc.type === 'bundle') {
          expect({ p, code: r.code, stderr: r.stderr }).toEqual({
            p,
            code: 0,
            stderr: expect.any(String) as string,
          });
          expect((JSON.parse(r.stdout) as { problems: unknown[] }).problems).toEqual([]);
        } else {
          expect(r.code).toBe(1);
          expect(r.stdout).toMatch(/not in a known format/);
        }
      }
    },
    300_000,
  );
});

if (!existsSync(OASIS))
  console.log(`OASIS STIX examples not found at ${OASIS}: their import test is skipped`);
