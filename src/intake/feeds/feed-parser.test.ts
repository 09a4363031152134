import { describe, expect, it } from 'vitest';
import { parseFeedDefinition, type FeedDefinition } from './feed-definition.js';
import { createFeedLineParser, parseFeed } from './feed-parser.js';

function definition(input: unknown): FeedDefinition {
  const result = parseFeedDefinition(input);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.definition;
}

const csv = definition({
  name: 'test-csv',
  format: 'csv',
  options: { header: true, commentPrefixes: ['#', '//'] },
  fields: {
    'source.ip': { column: 'ip', convert: 'ip', required: true },
    'time.source': { column: 'seen', convert: 'timestamp', timestamp: 'iso' },
    'source.fqdn': { column: 'host', convert: 'fqdn' },
    'extra.note': { column: 'note' },
  },
  constants: {
    'classification.type': 'scanner',
    'classification.taxonomy': 'information-gathering',
  },
  tlp: 'GREEN',
});

describe('parseFeed', () => {
  it('keeps good records and reports broken ones with line numbers and reasons', () => {
    const text = [
      '# test feed',
      'ip,seen,host,note',
      '192.0.2.1,2024-01-02 03:04:05,Host.Example.org,"a, quoted ""note"""',
      '192.0.2.300,2024-01-02,,',
      '',
      '192.0.2.2,2024-13-40,,',
      '192.0.2.3,2024-01-02',
      '// trailing comment',
      ',2024-01-02,,',
      '2001:db8::7,,,',
    ].join('\n');
    const { events, errors } = parseFeed(csv, text);
    expect(errors).toEqual([
      { line: 4, reason: 'source.ip: invalid IP address "192.0.2.300"' },
      { line: 6, reason: 'time.source: unparsable date "2024-13-40" (expected iso)' },
      { line: 7, reason: 'expected 4 columns, got 2' },
      { line: 9, reason: 'source.ip: value is missing' },
    ]);
    expect(events).toEqual([
      {
        line: 3,
        fields: {
          'classification.type': 'scanner',
          'classification.taxonomy': 'information-gathering',
          'source.ip': '192.0.2.1',
          'time.source': '2024-01-02T03:04:05+00:00',
          'source.fqdn': 'host.example.org',
          'extra.note': 'a, quoted "note"',
          tlp: 'GREEN',
        },
      },
      {
        line: 10,
        fields: {
          'classification.type': 'scanner',
          'classification.taxonomy': 'information-gathering',
          'source.ip': '2001:db8::7',
          tlp: 'GREEN',
        },
      },
    ]);
  });

  it('stops with one error when the header lacks a mapped column', () => {
    const { events, errors } = parseFeed(csv, 'address,seen,host,note\n192.0.2.1,,,\n');
    expect(events).toEqual([]);
    expect(errors).toEqual([{ line: 1, reason: 'header lacks column(s) ip' }]);
  });

  it('reports an unterminated quote', () => {
    expect(parseFeed(csv, 'ip,seen,host,note\n"192.0.2.1,,,\n').errors).toEqual([
      { line: 2, reason: 'unterminated quoted value' },
    ]);
  });

  it('takes a document time from a comment line and joins columns', () => {
    const def = definition({
      name: 'test-tsv',
      format: 'tsv',
      options: {
        columns: ['start', 'bits'],
        commentPrefixes: ['#'],
        documentTime: { pattern: 'updated: (.+)$', timestamp: 'epoch' },
      },
      fields: { 'source.network': { columns: ['start', 'bits'], join: '/', convert: 'cidr' } },
    });
    const { events, errors } = parseFeed(
      def,
      '# updated: 0\n198.51.100.0\t24\r\n# updated: soon\n',
    );
    expect(events).toEqual([
      {
        line: 2,
        fields: {
          'source.network': '198.51.100.0/24',
          'time.source': '1970-01-01T00:00:00+00:00',
          tlp: 'AMBER',
        },
      },
    ]);
    expect(errors).toEqual([{ line: 3, reason: 'unparsable document date "soon"' }]);
  });

  it('reads JSON documents by path with fallbacks, numbering records from 1', () => {
    const def = definition({
      name: 'test-json',
      format: 'json',
      options: { recordsPath: 'data.items' },
      fields: {
        'source.url': { path: 'url', convert: 'url', required: true },
        'source.asn': { path: ['net.0.asn', 'asn'], convert: 'asn' },
      },
    });
    const text = JSON.stringify({
      data: {
        items: [
          { url: 'https://example.org/a', net: [{ asn: 'AS64500' }] },
          { url: 'https://example.org/b', asn: 64501 },
          { url: ['https://example.org/c'] },
          { url: 'nope' },
        ],
      },
    });
    const { events, errors } = parseFeed(def, text);
    expect(events.map((e) => [e.line, e.fields['source.asn']])).toEqual([
      [1, 64500],
      [2, 64501],
    ]);
    expect(errors).toEqual([
      { line: 3, reason: 'source.url: expected a single value, not a list or object' },
      { line: 4, reason: 'source.url: invalid URL "nope"' },
    ]);
    expect(parseFeed(def, '{oops').errors[0]?.reason).toMatch(/^invalid JSON/);
    expect(parseFeed(def, '{}').errors).toEqual([
      { line: 1, reason: 'no array of records at "data.items"' },
    ]);
  });

  it('reads JSON lines one by one through the per-line parser', () => {
    const def = definition({
      name: 'test-jsonl',
      format: 'json',
      options: { jsonLines: true },
      fields: { 'source.ip': { path: 'ip', convert: 'ip', required: true } },
    });
    const parseLine = createFeedLineParser(def);
    expect(parseLine('{"ip":"192.0.2.9"}', 1)).toEqual({
      event: { line: 1, fields: { 'source.ip': '192.0.2.9', tlp: 'AMBER' } },
    });
    expect(parseLine('{"ip":', 2)).toEqual({ error: { line: 2, reason: 'invalid JSON' } });
    expect(parseLine('   ', 3)).toBeUndefined();
  });
});
