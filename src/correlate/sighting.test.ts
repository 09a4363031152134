import { describe, expect, it } from 'vitest';
import { TLP } from '../stix/index.js';
import {
  MAX_COUNTED_REFS,
  countryLocationId,
  narrowerDistribution,
  nextSighting,
  seenOf,
  sightingId,
  sightingReach,
  stricterTlp,
  type SightingInput,
} from './sighting.js';
import { sightingSummary } from './sighting-view.js';

const IND = 'indicator--11111111-1111-4111-8111-111111111111';
const ORG = 'identity--22222222-2222-4222-8222-222222222222';
const NODE = 'identity--33333333-3333-4333-8333-333333333333';
const GREEN = { tlp: 'green', distribution: 'community', userIds: [] } as const;

function input(report: string, first: string, last: string, now: string): SightingInput {
  return {
    indicatorId: IND,
    organizationId: ORG,
    country: 'nl',
    reach: GREEN,
    createdBy: NODE,
    report: { id: report, type: report.split('--')[0] ?? '', firstSeen: first, lastSeen: last },
    now,
  };
}

describe('sighting reach', () => {
  it('takes the stricter TLP, unmarked as GREEN', () => {
    expect(stricterTlp(null, 'clear')).toBe('green');
    expect(stricterTlp('amber', 'green')).toBe('amber');
    expect(stricterTlp('green', 'amber+strict')).toBe('amber+strict');
    expect(stricterTlp('weird', 'clear')).toBe('red');
  });

  it('takes the narrower distribution; two sharing groups leave the owner only', () => {
    expect(narrowerDistribution('all', 'community')).toBe('community');
    expect(narrowerDistribution('community', 'sharing-group:a')).toBe('sharing-group:a');
    expect(narrowerDistribution('sharing-group:a', 'sharing-group:a')).toBe('sharing-group:a');
    expect(narrowerDistribution('sharing-group:a', 'sharing-group:b')).toBe('organisation');
    expect(narrowerDistribution('organisation', 'all')).toBe('organisation');
  });

  it('names the report’s users only for RED', () => {
    const report = { tlp: 'red', distribution: 'community', recipientUserIds: ['u2', 'u1'] };
    const indicator = { tlp: null, distribution: 'all', recipientUserIds: [] };
    expect(sightingReach(report, indicator)).toEqual({
      tlp: 'red',
      distribution: 'community',
      userIds: ['u1', 'u2'],
    });
    expect(sightingReach({ ...report, tlp: 'amber' }, indicator).userIds).toEqual([]);
  });

  it('derives one id per indicator, organisation and reach', () => {
    const a = sightingId(IND, ORG, GREEN);
    expect(a).toMatch(/^sighting--[0-9a-f-]{36}$/);
    expect(sightingId(IND, ORG, GREEN)).toBe(a);
    expect(sightingId(IND, ORG, { ...GREEN, tlp: 'amber' })).not.toBe(a);
    expect(sightingId(IND, NODE, GREEN)).not.toBe(a);
    expect(countryLocationId('nl')).toBe(countryLocationId('NL'));
  });
});

describe('nextSighting', () => {
  const od1 = 'observed-data--44444444-4444-4444-8444-444444444444';
  const od2 = 'observed-data--55555555-5555-4555-8555-555555555555';
  const rep = 'report--66666666-6666-4666-8666-666666666666';

  it('starts a sighting at count 1 with the report’s window, where and marking', () => {
    const s = nextSighting(
      undefined,
      input(od1, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00.000Z'),
    );
    expect(s).toEqual({
      type: 'sighting',
      spec_version: '2.1',
      id: sightingId(IND, ORG, GREEN),
      created_by_ref: NODE,
      created: '2026-03-01T10:00:00.000Z',
      modified: '2026-03-01T10:00:00.000Z',
      sighting_of_ref: IND,
      count: 1,
      first_seen: '2026-03-01T08:00:00Z',
      last_seen: '2026-03-01T09:00:00Z',
      observed_data_refs: [od1],
      where_sighted_refs: [ORG, countryLocationId('NL')],
      object_marking_refs: [TLP.GREEN.id],
    });
  });

  it('counts a new report, widens the window and moves modified past the previous one', () => {
    const now = '2026-03-01T10:00:00.000Z';
    const first = nextSighting(
      undefined,
      input(od1, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', now),
    );
    const second = nextSighting(
      first ?? undefined,
      input(od2, '2026-03-01T07:00:00Z', '2026-03-01T08:30:00Z', now),
    );
    expect(second).toMatchObject({
      count: 2,
      first_seen: '2026-03-01T07:00:00Z',
      last_seen: '2026-03-01T09:00:00Z',
      observed_data_refs: [od1, od2],
      created: now,
      modified: '2026-03-01T10:00:00.001Z',
    });
    const third = nextSighting(
      second ?? undefined,
      input(rep, '2026-03-01T11:00:00Z', '2026-03-01T11:00:00Z', now),
    );
    expect(third).toMatchObject({
      count: 3,
      x_nohaven_counted_refs: [rep],
      last_seen: '2026-03-01T11:00:00Z',
    });
  });

  it('does not count a report twice; unchanged, it writes nothing', () => {
    const now = '2026-03-01T10:00:00.000Z';
    const first =
      nextSighting(undefined, input(od1, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', now)) ??
      undefined;
    expect(
      nextSighting(first, input(od1, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', now)),
    ).toBeNull();
    expect(
      nextSighting(first, input(od1, '2026-03-01T08:00:00Z', '2026-03-01T09:30:00Z', now)),
    ).toMatchObject({
      count: 1,
      last_seen: '2026-03-01T09:30:00Z',
    });
  });

  it('keeps at most MAX_COUNTED_REFS refs but keeps counting', () => {
    const refs = Array.from(
      { length: MAX_COUNTED_REFS },
      (_, i) => `observed-data--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const full = {
      ...nextSighting(
        undefined,
        input(od1, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z'),
      ),
      observed_data_refs: refs,
      count: MAX_COUNTED_REFS,
    } as never;
    const next = nextSighting(
      full,
      input(od2, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z'),
    );
    expect(next).toMatchObject({ count: MAX_COUNTED_REFS + 1 });
    expect((next as unknown as { observed_data_refs: string[] }).observed_data_refs).toHaveLength(
      MAX_COUNTED_REFS,
    );
  });
});

describe('seenOf', () => {
  it('reads observed-data’s window, a report’s publication, else created/modified', () => {
    expect(
      seenOf({
        type: 'observed-data',
        id: 'x',
        first_observed: '2026-01-01T00:00:00Z',
        last_observed: '2026-01-02T00:00:00Z',
      }),
    ).toEqual({ firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-02T00:00:00Z' });
    expect(
      seenOf({
        type: 'report',
        id: 'x',
        published: '2026-01-03T00:00:00Z',
        created: '2026-01-01T00:00:00Z',
      }),
    ).toEqual({ firstSeen: '2026-01-03T00:00:00Z', lastSeen: '2026-01-03T00:00:00Z' });
    expect(
      seenOf({
        type: 'note',
        id: 'x',
        created: '2026-01-01T00:00:00Z',
        modified: '2026-01-02T00:00:00Z',
      }),
    ).toEqual({ firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-02T00:00:00Z' });
    expect(seenOf({ type: 'note', id: 'x' })).toBeNull();
  });
});

describe('sightingSummary', () => {
  it('reads count, window, organisation name and the location’s country', () => {
    const loc = countryLocationId('NL');
    const content = JSON.stringify({
      sighting_of_ref: IND,
      count: 4,
      first_seen: 'a',
      last_seen: 'b',
      where_sighted_refs: [ORG, loc],
    });
    expect(
      sightingSummary(
        { id: 'sighting--1', tlp: 'green', content },
        new Map([[ORG, 'Bravo']]),
        new Map([[loc, JSON.stringify({ country: 'NL' })]]),
      ),
    ).toEqual({
      id: 'sighting--1',
      sighting_of_ref: IND,
      count: 4,
      first_seen: 'a',
      last_seen: 'b',
      tlp: 'green',
      organization: { id: ORG, name: 'Bravo' },
      country: 'NL',
    });
  });
});
