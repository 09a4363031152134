/**
 * `nohaven coverage` (issue 5, item 5) in another process, on both databases: the countries
 * with a contact, the gaps, the JSON of the API, and a bad answer window refused.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './support/cli-process.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const SLOW = 120_000;

describeDialects('nohaven coverage', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await dialect.create();
    env = { NOHAVEN_DATA_DIR: db.dataDir, ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}) };
    // NL: abuse and 24/7; DE: abuse; FR: a sector CERT (line 5 of the file is skipped).
    await runCli(
      ['contact', 'import', join(import.meta.dirname, 'fixtures', 'routing', 'contacts.csv')],
      env,
    );
  }, SLOW);
  afterAll(async () => db?.dispose());

  it(
    'lists the countries with a contact, then a summary',
    async () => {
      const r = await runCli(['coverage'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')).toEqual([
        'DE  partial       poc 0  cert 0  abuse 1  routed 0  acknowledged 0  actioned 0  rejected 0  new 0  median-ack -  oldest-new -',
        'FR  partial       poc 0  cert 1  abuse 0  routed 0  acknowledged 0  actioned 0  rejected 0  new 0  median-ack -  oldest-new -',
        'NL  partial       poc 1  cert 0  abuse 1  routed 0  acknowledged 0  actioned 0  rejected 0  new 0  median-ack -  oldest-new -',
        '249 countries: 0 covered, 3 partial, 0 unresponsive, 246 without contact; 248 gaps',
        '',
      ]);
    },
    SLOW,
  );

  it(
    'lists the gaps, as text and as JSON',
    async () => {
      const gaps = await runCli(['coverage', '--gaps'], env);
      expect(gaps.code).toBe(0);
      const lines = gaps.stdout.trim().split('\n');
      expect(lines).toHaveLength(249);
      expect(lines[0]).toBe('AD  no-point-of-contact');
      expect(lines).not.toContain('NL  no-point-of-contact');
      expect(lines.at(-1)).toBe('248 gaps of 249 countries');

      const json = await runCli(['coverage', '--json', '--answer-within', '3600'], env);
      expect(json.code).toBe(0);
      const body = JSON.parse(json.stdout) as {
        answer_within: number;
        countries: { country: string; level: string; abuse_contacts: number }[];
        gaps: unknown[];
      };
      expect(body.answer_within).toBe(3600);
      expect(body.countries).toHaveLength(249);
      expect(body.countries.find((c) => c.country === 'DE')).toMatchObject({
        level: 'partial',
        abuse_contacts: 1,
      });
      expect(body.gaps).toHaveLength(248);
    },
    SLOW,
  );

  it(
    'refuses a bad answer window',
    async () => {
      const usage = await runCli(['coverage', '--answer-within', 'soon'], env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--answer-within must be a number of seconds');
      const range = await runCli(['coverage', '--answer-within', '5'], env);
      expect(range.code).toBe(1);
      expect(range.stderr).toContain('error: the answer window must be');
    },
    SLOW,
  );
});
