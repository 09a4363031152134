import { describe, expect, it } from 'vitest';
import {
  computeCoverage,
  coverageLevel,
  gapReasons,
  median,
  type ItemTally,
  type LevelInput,
} from './coverage-rules.js';

describe('median', () => {
  it('is null for nothing, the middle value for an odd count, the mean of the middle two else', () => {
    expect(median([])).toBeNull();
    expect(median([42])).toBe(42);
    expect(median([300, 60, 120])).toBe(120);
    expect(median([60, 121, 10, 4000])).toBe(90.5);
  });
});

describe('coverage level and gaps', () => {
  const base: LevelInput = {
    pointsOfContact: 0,
    certs: 0,
    abuseContacts: 0,
    due: 0,
    answeredInTime: 0,
  };

  it('ranks none, partial, covered by the kinds of contact present', () => {
    expect(coverageLevel(base)).toBe('none');
    expect(coverageLevel({ ...base, abuseContacts: 2 })).toBe('partial');
    expect(coverageLevel({ ...base, pointsOfContact: 1, certs: 1 })).toBe('partial');
    expect(coverageLevel({ ...base, pointsOfContact: 1, certs: 1, abuseContacts: 1 })).toBe(
      'covered',
    );
  });

  it('is unresponsive when findings are due and none was answered in time, whatever the contacts', () => {
    const full = { ...base, pointsOfContact: 1, certs: 1, abuseContacts: 1 };
    expect(coverageLevel({ ...full, due: 3 })).toBe('unresponsive');
    expect(coverageLevel({ ...full, due: 3, answeredInTime: 1 })).toBe('covered');
    // Nothing due yet: no verdict on answers.
    expect(coverageLevel({ ...full, due: 0 })).toBe('covered');
    expect(gapReasons({ ...base, due: 1 })).toEqual(['no-answer', 'no-point-of-contact']);
    expect(gapReasons({ ...full, due: 1 })).toEqual(['no-answer']);
    expect(gapReasons(full)).toEqual([]);
    expect(gapReasons({ ...base, certs: 1 })).toEqual(['no-point-of-contact']);
  });
});

describe('computeCoverage', () => {
  const items = (country: string | null, t: Partial<ItemTally>): ItemTally => ({
    country,
    routed: 0,
    acknowledged: 0,
    actioned: 0,
    rejected: 0,
    unanswered: 0,
    due: 0,
    oldestUnansweredAt: null,
    ...t,
  });

  const c = computeCoverage({
    countries: ['DE', 'FR', 'IT', 'NL'],
    contacts: [
      { country: 'NL', kind: 'poc', count: 1 },
      { country: 'NL', kind: 'cert', count: 1 },
      { country: 'NL', kind: 'abuse', count: 2 },
      { country: 'FR', kind: 'poc', count: 1 },
      { country: 'DE', kind: 'poc', count: 1 },
      { country: null, kind: 'abuse', count: 3 },
      { country: null, kind: 'cert', count: 1 },
    ],
    items: [
      items('NL', {
        routed: 3,
        acknowledged: 2,
        actioned: 1,
        unanswered: 1,
        due: 3,
        oldestUnansweredAt: '2026-11-28T09:00:00.000Z',
      }),
      items('FR', {
        routed: 2,
        unanswered: 2,
        due: 1,
        oldestUnansweredAt: '2026-11-27T10:00:00.000Z',
      }),
      items('DE', { routed: 1, rejected: 1, due: 1 }),
      items(null, { routed: 4 }),
    ],
    answered: [
      {
        country: 'NL',
        routedAt: '2026-11-28T08:00:00.000Z',
        acknowledgedAt: '2026-11-28T08:01:00.000Z',
        rejectedAt: null,
      },
      {
        country: 'NL',
        routedAt: '2026-11-28T08:00:00.000Z',
        acknowledgedAt: '2026-11-28T08:03:00.000Z',
        rejectedAt: null,
      },
      // Rejected without acknowledging, in time: an answer, but no time to acknowledge.
      {
        country: 'DE',
        routedAt: '2026-11-27T08:00:00.000Z',
        acknowledgedAt: null,
        rejectedAt: '2026-11-27T09:00:00.000Z',
      },
    ],
    now: new Date('2026-11-28T10:00:00.000Z'),
    answerWithinSeconds: 3600,
  });
  const of = (cc: string) => c.countries.find((k) => k.country === cc)!;

  it('counts contacts and items per country, with the median time to acknowledge', () => {
    expect(c.countries.map((k) => k.country)).toEqual(['DE', 'FR', 'IT', 'NL']);
    expect(of('NL')).toEqual({
      country: 'NL',
      level: 'covered',
      pointsOfContact: 1,
      certs: 1,
      abuseContacts: 2,
      routed: 3,
      acknowledged: 2,
      actioned: 1,
      rejected: 0,
      unanswered: 1,
      medianAcknowledgeSeconds: 120,
      oldestUnansweredSeconds: 3600,
    });
    expect(of('DE')).toMatchObject({
      level: 'partial',
      rejected: 1,
      medianAcknowledgeSeconds: null,
    });
    expect(of('FR')).toMatchObject({ level: 'unresponsive', oldestUnansweredSeconds: 86_400 });
    expect(of('IT')).toMatchObject({ level: 'none', routed: 0, oldestUnansweredSeconds: null });
    expect(c.withoutCountry).toEqual({ contacts: 4, routed: 4 });
  });

  it('lists the gaps: unresponsive first, then by findings routed, then by code', () => {
    expect(c.gaps).toEqual([
      { country: 'FR', reasons: ['no-answer'] },
      { country: 'IT', reasons: ['no-point-of-contact'] },
    ]);
    expect(c.answerWithinSeconds).toBe(3600);
  });

  it('counts an answer later than the window as no answer', () => {
    const late = computeCoverage({
      countries: ['NL'],
      contacts: [{ country: 'NL', kind: 'poc', count: 1 }],
      items: [items('NL', { routed: 1, acknowledged: 1, due: 1 })],
      answered: [
        {
          country: 'NL',
          routedAt: '2026-11-28T08:00:00.000Z',
          acknowledgedAt: '2026-11-28T09:00:01.000Z',
          rejectedAt: null,
        },
      ],
      now: new Date('2026-11-28T10:00:00.000Z'),
      answerWithinSeconds: 3600,
    });
    expect(late.countries[0]).toMatchObject({
      level: 'unresponsive',
      medianAcknowledgeSeconds: 3601,
    });
    expect(late.gaps).toEqual([{ country: 'NL', reasons: ['no-answer'] }]);
  });
});
