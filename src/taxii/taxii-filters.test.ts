import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { decodeNext, encodeNext, MAX_PAGE, parseFilters } from './taxii-filters.js';

const ID1 = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const ID2 = 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return `${err.code} ${err.details[0]?.path}`;
    throw err;
  }
  return 'no error';
}

describe('TAXII filters (TAXII 2.1 §3.4)', () => {
  it('defaults: latest versions, 100 per page, from the start', () => {
    expect(parseFilters({}, 'objects')).toEqual({ limit: 100, after: null });
  });

  it('splits comma-separated lists and joins repeated parameters', () => {
    const f = parseFilters(
      { 'match[id]': [`${ID1},${ID2}`, ID1], 'match[type]': 'indicator,malware' },
      'objects',
    );
    expect(f.ids).toEqual([ID1, ID2, ID1]);
    expect(f.types).toEqual(['indicator', 'malware']);
  });

  it('parses match[version] keywords and timestamps', () => {
    const f = parseFilters(
      { 'match[version]': 'first,last,all,2026-01-02T03:04:05.6Z' },
      'objects',
    );
    expect(f.versions).toEqual([
      { kind: 'first' },
      { kind: 'last' },
      { kind: 'all' },
      { kind: 'at', modified: '2026-01-02T03:04:05.600000Z' },
    ]);
  });

  it('normalises added_after and caps limit', () => {
    const f = parseFilters({ added_after: '2026-01-02T03:04:05Z', limit: '5000' }, 'objects');
    expect(f.addedAfter).toBe('2026-01-02T03:04:05.000000Z');
    expect(f.limit).toBe(MAX_PAGE);
  });

  it.each([
    [{ 'match[version]': 'newest' }, 'objects', 'NH_ERR_VALIDATION match[version]'],
    [{ 'match[id]': 'x' }, 'objects', 'NH_ERR_VALIDATION match[id]'],
    [{ 'match[id]': `${ID1},` }, 'objects', 'NH_ERR_VALIDATION match[id]'],
    [{ 'match[type]': 'A' }, 'objects', 'NH_ERR_VALIDATION match[type]'],
    [{ 'match[spec_version]': '2' }, 'objects', 'NH_ERR_VALIDATION match[spec_version]'],
    [{ 'match[foo]': 'x' }, 'objects', 'NH_ERR_VALIDATION match[foo]'],
    [{ added_after: 'today' }, 'objects', 'NH_ERR_VALIDATION added_after'],
    [{ added_after: ['2026-01-02T03:04:05Z', 'x'] }, 'objects', 'NH_ERR_VALIDATION added_after'],
    [{ limit: '0' }, 'objects', 'NH_ERR_VALIDATION limit'],
    [{ limit: '1.5' }, 'objects', 'NH_ERR_VALIDATION limit'],
    [{ next: 'xyz' }, 'objects', 'NH_ERR_BAD_CURSOR next'],
    [{ 'match[type]': 'indicator' }, 'versions', 'NH_ERR_VALIDATION match[type]'],
    [{ limit: '5' }, 'delete', 'NH_ERR_VALIDATION limit'],
  ] as const)('refuses %j on %s', (query, set, code) => {
    expect(codeOf(() => parseFilters(query, set))).toBe(code);
  });

  it('ignores parameters outside TAXII (cache busters)', () => {
    expect(parseFilters({ _: '123' }, 'objects')).toEqual({ limit: 100, after: null });
  });

  it('next round-trips and refuses what it did not issue', () => {
    const position = { dateAdded: '2026-01-02T03:04:05.000000Z', seq: 42 };
    expect(decodeNext(encodeNext(position))).toEqual(position);
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const v of [[1, 2], ['2026-01-02T03:04:05Z', 1], [position.dateAdded, -1], {}]) {
      expect(codeOf(() => decodeNext(forged(v)))).toBe('NH_ERR_BAD_CURSOR next');
    }
  });
});
