import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const tmp = mkdtempSync(join(tmpdir(), 'nohaven-feed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `nohaven ARGS` in process and captures its output. */
async function run(args: string[]) {
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
  });
  return { code, stdout, stderr };
}

describe('nohaven feed test (issue #4: an operator tries a definition on a sample)', () => {
  it('prints one event per record of a shipped feed, and each broken record with its line', async () => {
    const sample = file('imap.txt', '192.0.2.4\nnot-an-ip\n\n198.51.100.34\n');
    const r = await run(['feed', 'test', 'blocklistde-imap', sample]);
    expect(r.code).toBe(1);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.line, e.fields['source.ip']])).toEqual([
      [1, '192.0.2.4'],
      [4, '198.51.100.34'],
    ]);
    expect(r.stderr).toContain('line 2: source.ip');
    expect(r.stderr).toContain('2 events, 1 broken records');
  });

  it('takes a definition file written by the operator, no code', async () => {
    const def = file(
      'my-feed.json',
      JSON.stringify({
        name: 'my-feed',
        format: 'csv',
        options: { header: true },
        fields: { 'source.url': { column: 'url', convert: 'url', required: true } },
        constants: { 'classification.type': 'phishing' },
        tlp: 'GREEN',
      }),
    );
    const sample = file('urls.csv', 'url,seen\nhttp://phish.example/login,2026-01-01\n');
    const r = await run(['feed', 'test', def, sample]);
    expect(r.stderr).toContain('my-feed: 1 events, 0 broken records');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).fields).toMatchObject({
      'source.url': 'http://phish.example/login',
      'classification.type': 'phishing',
    });
  });

  it('names what is wrong with a bad definition, and refuses an unknown feed with a usage error', async () => {
    const def = file('bad.json', JSON.stringify({ name: 'bad', format: 'xml', fields: {} }));
    const bad = await run(['feed', 'test', def, def]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/format/);
    const unknown = await run(['feed', 'test', 'no-such-feed', def]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('neither a shipped feed nor a definition file');
  });
});
