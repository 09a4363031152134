import { describe, expect, it } from 'vitest';
import { compareTimestamps, hasMillisecondPrecision, normalizeTimestamp } from './timestamp.js';

describe('normalizeTimestamp (spec 2.17)', () => {
  it.each([
    ['2016-05-12T08:17:27Z', '2016-05-12T08:17:27.000000Z'],
    ['2016-05-12T08:17:27.1Z', '2016-05-12T08:17:27.100000Z'],
    ['2016-05-12T08:17:27.123Z', '2016-05-12T08:17:27.123000Z'],
    ['2016-05-12T08:17:27.123456Z', '2016-05-12T08:17:27.123456Z'],
    ['2016-05-12T08:17:27.123456789Z', '2016-05-12T08:17:27.123456Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000000Z'],
    ['2000-02-29T23:59:59Z', '2000-02-29T23:59:59.000000Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:60.000000Z'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each([
    '2016-13-01T00:00:00Z',
    '2016-00-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2016-02-30T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-01-00T00:00:00Z',
    '2016-01-01T24:00:00Z',
    '2016-01-01T00:60:00Z',
    '2016-01-01T00:00:61Z',
    '2016-01-01T00:00:00',
    '2016-01-01T00:00:00+00:00',
    '2016-01-01t00:00:00Z',
    '2016-01-01T00:00:00z',
    '2016-01-01 00:00:00Z',
    '2016-1-01T00:00:00Z',
    '2016-01-01T00:00:00.Z',
    '',
    'not a date',
  ])('rejects %s', (input) => {
    expect(normalizeTimestamp(input)).toBeNull();
  });

  it('returns null for non-strings', () => {
    expect(normalizeTimestamp(42 as unknown as string)).toBeNull();
  });

  it('produces lexically sortable output', () => {
    const a = normalizeTimestamp('2016-05-12T08:17:27.9Z') as string;
    const b = normalizeTimestamp('2016-05-12T08:17:27.10Z') as string;
    expect(a > b).toBe(true);
  });
});

describe('compareTimestamps', () => {
  it('compares at full precision', () => {
    expect(
      compareTimestamps('2016-01-01T00:00:00.1234567Z', '2016-01-01T00:00:00.1234568Z'),
    ).toBeLessThan(0);
    expect(compareTimestamps('2016-01-01T00:00:00.100Z', '2016-01-01T00:00:00.1Z')).toBe(0);
    expect(compareTimestamps('2016-01-01T00:00:00Z', '2016-01-01T00:00:00.000Z')).toBe(0);
    expect(compareTimestamps('2017-01-01T00:00:00Z', '2016-12-31T23:59:59.999Z')).toBeGreaterThan(
      0,
    );
  });

  it('detects millisecond precision', () => {
    expect(hasMillisecondPrecision('2016-01-01T00:00:00.000Z')).toBe(true);
    expect(hasMillisecondPrecision('2016-01-01T00:00:00.000001Z')).toBe(true);
    expect(hasMillisecondPrecision('2016-01-01T00:00:00.00Z')).toBe(false);
    expect(hasMillisecondPrecision('2016-01-01T00:00:00Z')).toBe(false);
  });
});
