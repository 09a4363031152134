import { describe, expect, it } from 'vitest';
import { aggregateOf, countable } from './aggregate.js';

const r = (
  organizationId: string,
  country: string | null,
  tlp: string | null,
  aggregateTlp: string | null = null,
) => ({
  organizationId,
  country,
  tlp,
  aggregateTlp,
});

describe('aggregate of reporters', () => {
  it('counts CLEAR, GREEN and unmarked reports by default, never AMBER or RED', () => {
    expect(countable(null, null)).toBe(true);
    expect(countable('clear', null)).toBe(true);
    expect(countable('green', null)).toBe(true);
    expect(countable('amber', null)).toBe(false);
    expect(countable('amber+strict', null)).toBe(false);
    expect(countable('red', null)).toBe(false);
  });

  it('follows each organisation’s own setting', () => {
    expect(countable('red', 'red')).toBe(true);
    expect(countable('amber', 'amber')).toBe(true);
    expect(countable('amber+strict', 'amber')).toBe(false);
    expect(countable('clear', 'none')).toBe(false);
    expect(countable('green', 'clear')).toBe(false);
  });

  it('counts distinct other organisations and their distinct countries', () => {
    const a = aggregateOf(
      [
        r('own', 'FR', null),
        r('a', 'DE', 'green'),
        r('a', 'DE', 'clear'),
        r('b', 'DE', null),
        r('c', 'NL', 'amber'),
        r('d', 'NL', 'amber', 'amber'),
        r('e', null, 'clear'),
        r('f', 'PH', 'clear', 'none'),
      ],
      'own',
    );
    expect(a).toEqual({ organizations: 4, countries: 2 });
  });
});
