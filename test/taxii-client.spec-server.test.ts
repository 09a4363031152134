import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { startSpecServer, type SpecServer } from './support/spec-taxii-server.js';
import { bundle, indicator, malware, type Obj } from './support/stix-fixtures.js';

/**
 * `nohaven taxii` against a TAXII 2.1 server written from the specification in the tests
 * (test/support/spec-taxii-server.ts), not nohaven's own: paging over several pages, envelope
 * splitting under a small max_content_length, status polling, error resources.
 */

const OASIS = join(import.meta.dirname, '..', '..', 'shared', 'reference', 'stix2.1', 'examples');
const USER = { user: 'feeder', password: 'pw with spaces: ok' };
const tmp = mkdtempSync(join(tmpdir(), 'nohaven-taxii-spec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let files = 0;
function file(content: unknown): string {
  const path = join(tmp, `in-${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Runs `nohaven ARGS` in process with only the given environment. */
async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await main(args, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { NOHAVEN_LOG_LEVEL: 'warn', ...env },
    interactive: false,
  });
  return { code, stdout, stderr };
}

const basicEnv = { NOHAVEN_TAXII_USER: USER.user, NOHAVEN_TAXII_PASSWORD: USER.password };

describe('nohaven taxii against a spec-written server (no local database needed)', () => {
  let server: SpecServer;
  beforeAll(async () => {
    server = await startSpecServer({
      basic: USER,
      token: 'tok-123',
      maxContentLength: 1500,
      pageSize: 10,
      pendingPolls: 2,
      refuseIds: new Set(['indicator--00000000-0000-4000-8000-00000000dead']),
    });
  });
  afterAll(() => server.close());

  it('discover lists the API root, its max_content_length and the collection', async () => {
    const r = await run(['taxii', 'discover', server.url, '--json'], basicEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.default).toBe(server.apiRoot);
    expect(out.roots).toEqual([
      expect.objectContaining({
        url: server.apiRoot,
        max_content_length: 1500,
        collections: [expect.objectContaining({ id: server.collectionId, can_write: true })],
      }),
    ]);
    const text = await run(['taxii', 'discover', server.url, '--token', 'tok-123']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${server.collectionId}  Shared  [read+write]`);
  });

  it('push splits into envelopes under max_content_length and waits for each status', async () => {
    const objects = Array.from({ length: 12 }, () => indicator());
    const before = server.postSizes.length;
    const r = await run(
      [
        'taxii',
        'push',
        server.url,
        '--collection',
        server.collectionId,
        file(bundle(objects)),
        '--json',
      ],
      basicEnv,
    );
    expect(r.stderr).not.toContain('failed');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.envelopes).toBeGreaterThan(1);
    expect(report.successes.map((s: Obj) => s.id).sort()).toEqual(objects.map((o) => o.id).sort());
    expect(report.failures).toEqual([]);
    expect(report.pendings).toEqual([]);
    const sizes = server.postSizes.slice(before);
    expect(sizes).toHaveLength(report.envelopes);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(1500);
    // Each status was polled until complete (pending for two polls).
    expect(server.requests.filter((q) => q.startsWith('GET /api1/status/')).length).toBe(
      2 * sizes.length,
    );
  });

  it('push reports refused and oversized objects per object, exit 1', async () => {
    const refused = indicator({ id: 'indicator--00000000-0000-4000-8000-00000000dead' });
    const huge = malware({ description: 'x'.repeat(3000) });
    const fine = malware();
    const r2 = await run(
      [
        'taxii',
        'push',
        server.apiRoot,
        '--collection',
        server.collectionId,
        file([refused, huge, fine]),
      ],
      { NOHAVEN_TAXII_TOKEN: 'tok-123' },
    );
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('3 objects in 1 envelopes: successes 1, failures 2, pending 0');
    expect(r2.stdout).toContain(`failed ${refused.id} (${refused.modified}): refused by policy`);
    expect(r2.stdout).toMatch(
      new RegExp(`failed ${huge.id}.*over the server's max_content_length of 1500`),
    );
    expect(r2.stderr).toContain('2 objects failed, 0 still pending');
  }, 30_000);

  it('names the URL, status and error resource on 401, and refuses a broken file before sending', async () => {
    const r = await run(['taxii', 'discover', server.url], {
      NOHAVEN_TAXII_USER: USER.user,
      NOHAVEN_TAXII_PASSWORD: 'wrong',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`GET ${server.url} → 401`);
    expect(r.stderr).toContain('Unauthorized: credentials are missing or wrong');
    const before = server.postSizes.length;
    const broken = await run(
      ['taxii', 'push', server.url, '--collection', server.collectionId, file('{"objects": [')],
      basicEnv,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('nothing was sent');
    expect(server.postSizes.length).toBe(before);
  });

  it('an unreachable server, a user without password and a bad --since are clear errors', async () => {
    const closed = await startSpecServer({ maxContentLength: 1, pageSize: 1, pendingPolls: 0 });
    await closed.close();
    const down = await run(['taxii', 'discover', closed.url]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach ${closed.url} (GET): ECONNREFUSED`);
    const nopw = await run(['taxii', 'discover', server.url, '--user', 'feeder']);
    expect(nopw.code).toBe(2);
    expect(nopw.stderr).toContain('set NOHAVEN_TAXII_PASSWORD');
    const since = await run([
      'taxii',
      'pull',
      server.url,
      '--collection',
      'c',
      '--since',
      'yesterday',
    ]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since: "yesterday" is not an RFC 3339 time');
  });
});

describeDialects('nohaven taxii pull from a spec-written server', (dialect) => {
  let server: SpecServer;
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await dialect.create({ migrate: false });
    env = {
      ...basicEnv,
      NOHAVEN_DATA_DIR: db.dataDir,
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    };
  });
  afterAll(async () => db?.dispose());
  afterEach(async () => server?.close());

  async function exported(type: string): Promise<string[]> {
    const r = await run(['export', '--type', type], env);
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout).objects as Obj[]).map((o) => o.id);
  }

  it('follows next over several pages, stores everything, then resumes from the cursor', async () => {
    server = await startSpecServer({
      basic: USER,
      maxContentLength: 100_000,
      pageSize: 10,
      pendingPolls: 0,
    });
    const first = Array.from({ length: 23 }, () => indicator());
    server.seed(first);
    const pull = () =>
      run(
        [
          'taxii',
          'pull',
          server.url,
          '--collection',
          server.collectionId,
          '--json',
          '--limit',
          '50',
        ],
        env,
      );

    const r1 = await pull();
    expect(r1.code, r1.stderr).toBe(0);
    const s1 = JSON.parse(r1.stdout);
    expect(s1).toMatchObject({ pages: 3, received: 23, stored: 23, duplicates: 0, rejected: 0 });
    expect(s1.cursor).toBe(server.stored().at(-1)!.dateAdded);
    expect(server.requests.filter((q) => q.includes('next=')).length).toBe(2);
    expect((await exported('indicator')).sort()).toEqual(first.map((o) => o.id).sort());

    // Nothing new: one request with added_after = the cursor, nothing received.
    const r2 = await pull();
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.stdout)).toMatchObject({
      pages: 0,
      received: 0,
      stored: 0,
      cursor: s1.cursor,
    });
    expect(server.requests.at(-1)).toContain(`added_after=${encodeURIComponent(s1.cursor)}`);

    const later = [malware(), malware()];
    server.seed(later);
    const r3 = await pull();
    expect(JSON.parse(r3.stdout)).toMatchObject({ received: 2, stored: 2, duplicates: 0 });
    expect((await exported('malware')).sort()).toEqual(later.map((o) => o.id).sort());

    // --since overrides the cursor: everything again, all duplicates.
    const r4 = await run(
      [
        'taxii',
        'pull',
        server.url,
        '--collection',
        server.collectionId,
        '--since',
        '2000-01-01T00:00:00Z',
        '--json',
      ],
      env,
    );
    expect(JSON.parse(r4.stdout)).toMatchObject({ received: 25, stored: 0, duplicates: 25 });
  });

  it('stores the OASIS example bundles pulled from the server', async () => {
    const path = join(OASIS, 'indicator-for-c2-ip-address.json');
    if (!existsSync(path)) return;
    server = await startSpecServer({
      basic: USER,
      maxContentLength: 100_000,
      pageSize: 2,
      pendingPolls: 0,
    });
    const objects = (JSON.parse(readFileSync(path, 'utf8')) as { objects: Obj[] }).objects;
    server.seed(objects);
    const r = await run(
      ['taxii', 'pull', server.url, '--collection', server.collectionId, '--json'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ received: objects.length, rejected: 0 });
  });

  it('stores the valid objects of a page, counts and names the rejected ones, exit 1', async () => {
    server = await startSpecServer({
      basic: USER,
      maxContentLength: 100_000,
      pageSize: 10,
      pendingPolls: 0,
    });
    const good = indicator();
    const broken = { type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}` };
    server.seed([good, broken]);
    const r = await run(['taxii', 'pull', server.url, '--collection', server.collectionId], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('received 2, stored 1, duplicates 0, rejected 1');
    expect(r.stdout).toContain(`rejected ${broken.id}: `);
    expect(await exported('indicator')).toContain(good.id);
  });

  it('malformed JSON or a 404 stores nothing and leaves the cursor where it was', async () => {
    server = await startSpecServer({
      basic: USER,
      maxContentLength: 100_000,
      pageSize: 10,
      pendingPolls: 0,
    });
    server.seed([indicator()]);
    const ok = await run(
      ['taxii', 'pull', server.url, '--collection', server.collectionId, '--json'],
      env,
    );
    const cursor = JSON.parse(ok.stdout).cursor as string;
    server.seed([indicator()]);
    server.brokenBody = '{"more": false, "objects": [';
    const broken = await run(
      ['taxii', 'pull', server.url, '--collection', server.collectionId],
      env,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('the body is not valid JSON');
    expect(broken.stderr).toContain('nothing was stored; the cursor is unchanged');
    const missing = await run(
      ['taxii', 'pull', server.url, '--collection', 'no-such-collection'],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/→ 404 .*Not Found: no collection no-such-collection/);
    server.brokenBody = null;
    const again = await run(
      ['taxii', 'pull', server.url, '--collection', server.collectionId, '--json'],
      env,
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ received: 1, stored: 1 });
    expect(server.requests.at(-1)).toContain(`added_after=${encodeURIComponent(cursor)}`);
  });
});
