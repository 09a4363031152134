import { describe, expect, it } from 'vitest';
import { advanceCursor, isTimestamp, nextPage } from './pull-cursor.js';

describe('nextPage (TAXII 2.1 §3.4 paging)', () => {
  it('stops when the envelope says no more', () => {
    expect(nextPage({}, { more: false, objectCount: 3, dateAddedLast: 'x' })).toEqual({
      kind: 'done',
    });
  });

  it('follows next, keeping added_after', () => {
    expect(
      nextPage({ addedAfter: '2026-01-01T00:00:00Z' }, { more: true, next: 'abc', objectCount: 2 }),
    ).toEqual({ kind: 'next', request: { addedAfter: '2026-01-01T00:00:00Z', next: 'abc' } });
  });

  it('without next, moves added_after to X-TAXII-Date-Added-Last', () => {
    expect(
      nextPage({}, { more: true, objectCount: 2, dateAddedLast: '2026-01-02T00:00:00Z' }),
    ).toEqual({ kind: 'next', request: { addedAfter: '2026-01-02T00:00:00Z' } });
  });

  it('refuses to loop: same next again, a cursor that does not move, or nothing to go on', () => {
    expect(nextPage({ next: 'a' }, { more: true, next: 'a', objectCount: 1 }).kind).toBe('stuck');
    expect(
      nextPage({ addedAfter: 't' }, { more: true, objectCount: 1, dateAddedLast: 't' }).kind,
    ).toBe('stuck');
    expect(nextPage({}, { more: true, objectCount: 0 }).kind).toBe('stuck');
  });
});

describe('advanceCursor', () => {
  it('keeps the later timestamp and never goes back', () => {
    expect(advanceCursor(undefined, undefined)).toBeUndefined();
    expect(advanceCursor(undefined, '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(advanceCursor('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(
      '2026-01-02T00:00:00Z',
    );
    expect(advanceCursor('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.5Z')).toBe(
      '2026-01-01T00:00:00.5Z',
    );
    expect(advanceCursor('2026-01-01T00:00:00Z', undefined)).toBe('2026-01-01T00:00:00Z');
  });
});

describe('isTimestamp', () => {
  it('takes RFC 3339 date-times only', () => {
    expect(isTimestamp('2026-01-31T00:00:00Z')).toBe(true);
    expect(isTimestamp('2026-01-31T00:00:00.123456+02:00')).toBe(true);
    for (const bad of ['yesterday', '2026-01-31', '2026-13-40T00:00:00Z', '1700000000'])
      expect(isTimestamp(bad)).toBe(false);
  });
});
