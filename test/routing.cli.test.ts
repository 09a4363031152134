/**
 * `nohaven contact import|list` (issue 5, item 4) in another process, on both databases:
 * malformed rows are named by line and field and skipped, the valid ones stored; `--replace`
 * swaps the whole directory.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './support/cli-process.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'routing');
const SLOW = 120_000;

describeDialects('nohaven contact', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await dialect.create();
    env = { NOHAVEN_DATA_DIR: db.dataDir, ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}) };
  }, SLOW);
  afterAll(async () => db?.dispose());

  it(
    'imports a CSV file, names the bad row, lists what was stored',
    async () => {
      const r = await runCli(['contact', 'import', join(FIXTURES, 'contacts.csv')], env);
      expect(r.stdout).toBe('csv: 5 records, stored 4, skipped 1\n');
      // (The first command of a node also prints the first-run note on stderr.)
      expect(r.stderr).toMatch(/^line 5: asn: "AS-one" is not an ASN \(AS64500 or 64500\)$/m);
      expect(r.stderr.match(/^line /gm)).toHaveLength(1);
      expect(r.code).toBe(1);

      const list = await runCli(['contact', 'list', '--kind', 'abuse'], env);
      expect(list.code).toBe(0);
      const lines = list.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(
        lines.some((l) => l.includes('abuse  DE  AS64500  Transit AS abuse  <webhook:https:')),
      ).toBe(true);
      expect(lines.some((l) => l.includes('192.0.2.0/24  Example hosting abuse'))).toBe(true);
    },
    SLOW,
  );

  it(
    'replaces the directory with a JSON file',
    async () => {
      const r = await runCli(
        ['contact', 'import', join(FIXTURES, 'contacts.json'), '--replace'],
        env,
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('json: 2 records, stored 2, skipped 0, removed 4 old contacts\n');
      expect(r.code).toBe(0);
      const list = await runCli(['contact', 'list'], env);
      const names = list.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('  ').at(-2));
      expect(names.sort()).toEqual(['France 24/7', 'Registrar abuse']);
      const usage = await runCli(['contact', 'import', 'x.csv', '--format', 'xml'], env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--format must be csv or json');
    },
    SLOW,
  );
});
