import { describe, expect, it } from 'vitest';
import { TLP } from '../../stix/index.js';
import type { IntakeContext, IntakeItem } from '../intake-item.js';
import { readLines } from '../text-lines.js';
import { parseFeedDefinition } from './feed-definition.js';
import { feedIntakeParser } from './feed-intake.js';

const ctx: IntakeContext = {
  now: '2026-11-28T10:00:00.000Z',
  uuid: () => '00000000-0000-4000-8000-000000000000',
  defaultMarkingRefs: [TLP.AMBER.id],
};

const definition = (() => {
  const parsed = parseFeedDefinition({
    name: 'test-csv',
    format: 'csv',
    options: { header: true },
    fields: {
      'time.source': { column: 'seen', convert: 'timestamp', timestamp: 'iso', required: true },
      'source.ip': { column: 'ip', convert: 'ip' },
      'source.url': { column: 'url', convert: 'url' },
      'classification.type': { column: 'kind' },
    },
    tlp: 'GREEN',
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.definition;
})();

async function* chunked(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(items: AsyncIterable<IntakeItem>): Promise<IntakeItem[]> {
  const out: IntakeItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('readLines', () => {
  it('splits lines across chunk boundaries, with CRLF and a last line without newline', async () => {
    const lines = [];
    for await (const l of readLines(chunked('ab\r\ncdé\n\nlast', 3))) lines.push(l);
    expect(lines).toEqual([
      { kind: 'line', line: 1, text: 'ab' },
      { kind: 'line', line: 2, text: 'cdé' },
      { kind: 'line', line: 3, text: '' },
      { kind: 'line', line: 4, text: 'last' },
    ]);
  });

  it('skips a line over the limit without buffering it, and goes on', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const lines = [];
    for await (const l of readLines(chunked(`a\n${huge}\nb\n`, 1 << 16), 1 << 20)) lines.push(l);
    expect(lines).toEqual([
      { kind: 'line', line: 1, text: 'a' },
      { kind: 'too-long', line: 2, bytes: huge.length },
      { kind: 'line', line: 3, text: 'b' },
    ]);
  });
});

describe('feedIntakeParser', () => {
  it('maps each line to observables and an observation, and each broken line to its reason', async () => {
    const text = [
      'seen,ip,url,kind',
      '2026-11-27T08:00:00Z,192.0.2.1,,scanner',
      '2026-11-27T09:00:00Z,,HTTP://Example.COM:80/login,phishing',
      'yesterday,192.0.2.2,,scanner',
      '2026-11-27T10:00:00Z,192.0.2.3',
      '2026-11-27T11:00:00Z,,,scanner',
    ].join('\n');
    const items = await collect(feedIntakeParser(definition)(chunked(text, 7), ctx));
    expect(items.map((i) => (i.kind === 'error' ? [i.line, i.reason] : [i.line, 'ok']))).toEqual([
      [2, 'ok'],
      [3, 'ok'],
      [4, expect.stringMatching(/^time\.source: .*yesterday/)],
      [5, 'expected 4 columns, got 2'],
      [6, 'no observable: the event has no URL, domain, IP address, network or AS number'],
    ]);
    const [ip, url] = items as Extract<IntakeItem, { kind: 'objects' }>[];
    expect(ip!.objects).toEqual([
      expect.objectContaining({
        type: 'ipv4-addr',
        value: '192.0.2.1',
        object_marking_refs: [TLP.GREEN.id],
      }),
    ]);
    expect(ip!.observation).toEqual({
      subjectRef: ip!.objects[0]!.id,
      objectRefs: [ip!.objects[0]!.id],
      seen: '2026-11-27T08:00:00.000Z',
      labels: ['scanner'],
    });
    expect(url!.objects[0]).toMatchObject({ type: 'url', value: 'http://example.com/login' });
  });

  it('reports a 10 MB line by its number and reads the lines after it', async () => {
    const text = `seen,ip,url,kind\n${'9'.repeat(10 * 1024 * 1024)}\n2026-11-27T08:00:00Z,192.0.2.9,,scanner\n`;
    const items = await collect(feedIntakeParser(definition)(chunked(text, 1 << 20), ctx));
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      kind: 'error',
      record: 2,
      line: 2,
      reason: `line of ${10 * 1024 * 1024} bytes is longer than the 1048576-byte limit; skipped`,
    });
    expect(items[1]).toMatchObject({ kind: 'objects', line: 3 });
  });
});
