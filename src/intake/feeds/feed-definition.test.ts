import { describe, expect, it } from 'vitest';
import { parseFeedDefinition } from './feed-definition.js';

const minimal = {
  name: 'tiny',
  format: 'lines',
  fields: { 'source.ip': { column: 0, convert: 'ip' } },
};

function errorsOf(input: unknown): readonly string[] {
  const result = parseFeedDefinition(input);
  return result.ok ? [] : result.errors;
}

describe('parseFeedDefinition', () => {
  it('accepts a minimal definition and fills defaults', () => {
    const result = parseFeedDefinition(minimal);
    expect(result).toMatchObject({
      ok: true,
      definition: { name: 'tiny', description: '', options: {}, constants: {}, tlp: 'AMBER' },
    });
  });

  it('refuses non-objects without throwing', () => {
    expect(errorsOf(null)).toEqual(['definition: must be a JSON object']);
    expect(errorsOf([minimal])).toEqual(['definition: must be a JSON object']);
  });

  it('names each bad property', () => {
    const errors = errorsOf({
      name: 'Bad Name',
      format: 'xml',
      tlp: 'PURPLE',
      options: { delimiter: '', header: 'yes', documentTime: { pattern: '(', timestamp: 'rfc' } },
      fields: {
        'Source IP': { column: 0 },
        'source.asn': { column: -1, convert: 'number' },
        'time.source': { column: 1, convert: 'timestamp' },
        'source.url': { column: 2, path: 'url' },
      },
      constants: { 'classification.type': { nested: true } },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name:/),
        expect.stringMatching(/^format: must be one of csv, tsv, json, lines/),
        expect.stringMatching(/^tlp:/),
        'options.delimiter: must be a non-empty string',
        'options.header: must be true or false',
        'options.documentTime.pattern: is not a valid regular expression',
        expect.stringMatching(/^options\.documentTime\.timestamp:/),
        'fields["Source IP"]: is not a harmonization field name',
        'fields["source.asn"].column: must be a column name or a 0-based index',
        expect.stringMatching(/^fields\["source\.asn"\]\.convert: must be one of ip, cidr/),
        expect.stringMatching(/^fields\["time\.source"\]\.timestamp:/),
        'fields["source.url"]: needs exactly one of column, columns, path',
        'constants["classification.type"]: must be a string or a number',
      ]),
    );
  });

  it('requires fields, and paths for JSON feeds only', () => {
    expect(errorsOf({ ...minimal, fields: {} })).toEqual([
      'fields: must map at least one output field',
    ]);
    expect(errorsOf({ ...minimal, format: 'json' })).toContain(
      'fields["source.ip"].path: is required for format "json"',
    );
    expect(errorsOf({ ...minimal, fields: { 'source.ip': { path: 'ip' } } })).toContain(
      'fields["source.ip"].path: only applies to format "json"; use column',
    );
    expect(errorsOf({ ...minimal, options: { recordsPath: 'data' } })).toContain(
      'options.recordsPath/jsonLines: only apply to format "json"',
    );
  });
});
