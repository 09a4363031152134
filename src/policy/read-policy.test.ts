import { describe, expect, it } from 'vitest';
import { randomSource } from '../../test/support/random.js';
import { audienceOf } from './audience.js';
import {
  canRead,
  matchesFilter,
  readDecision,
  readFilterFor,
  type ReadableMeta,
  type Reader,
} from './read-policy.js';

const A = 'identity--aaaaaaaa-0000-4000-8000-000000000000';
const B = 'identity--bbbbbbbb-0000-4000-8000-000000000000';
const C = 'identity--cccccccc-0000-4000-8000-000000000000';

const reader = (over: Partial<Reader> = {}): Reader => ({
  organizationId: B,
  userId: null,
  sharingGroupIds: [],
  breakGlass: false,
  ...over,
});
const meta = (over: Partial<ReadableMeta> = {}): ReadableMeta => ({
  ownerOrgId: A,
  tlp: null,
  distribution: 'community',
  recipientOrgIds: [],
  recipientUserIds: [],
  ...over,
});

describe('read policy: hand-written cases', () => {
  it('the owner organisation reads its own content up to AMBER+STRICT, whatever the distribution', () => {
    for (const tlp of [null, 'clear', 'green', 'amber', 'amber+strict']) {
      for (const distribution of ['organisation', 'community', 'sharing-group:g1']) {
        expect(canRead(reader({ organizationId: A }), meta({ tlp, distribution }))).toBe(true);
      }
    }
  });

  it('RED is for named users only, not for the owner organisation as a whole', () => {
    const red = meta({ tlp: 'red', recipientUserIds: ['u1'] });
    expect(canRead(reader({ organizationId: A }), red)).toBe(false);
    expect(canRead(reader({ organizationId: A, userId: 'u2' }), red)).toBe(false);
    expect(canRead(reader({ organizationId: B, userId: 'u1' }), red)).toBe(true);
    // …and the distribution still has to allow the named user's organisation.
    expect(canRead(reader({ userId: 'u1' }), { ...red, distribution: 'organisation' })).toBe(false);
  });

  it('other organisations read CLEAR and GREEN (and unmarked, as GREEN) when the distribution allows', () => {
    for (const tlp of [null, 'clear', 'green']) {
      expect(canRead(reader(), meta({ tlp }))).toBe(true);
      expect(canRead(reader(), meta({ tlp, distribution: 'all' }))).toBe(true);
      expect(canRead(reader(), meta({ tlp, distribution: 'organisation' }))).toBe(false);
    }
  });

  it('AMBER reaches named recipient organisations and sharing-group members; AMBER+STRICT only the named', () => {
    expect(canRead(reader(), meta({ tlp: 'amber' }))).toBe(false);
    expect(canRead(reader(), meta({ tlp: 'amber', recipientOrgIds: [B] }))).toBe(true);
    const inGroup = meta({ tlp: 'amber', distribution: 'sharing-group:g1' });
    expect(canRead(reader({ sharingGroupIds: ['g1'] }), inGroup)).toBe(true);
    expect(canRead(reader({ sharingGroupIds: ['g2'] }), inGroup)).toBe(false);
    const strict = { ...inGroup, tlp: 'amber+strict' };
    expect(canRead(reader({ sharingGroupIds: ['g1'] }), strict)).toBe(false);
    expect(canRead(reader({ sharingGroupIds: ['g1'] }), { ...strict, recipientOrgIds: [B] })).toBe(
      true,
    );
    // A named recipient outside the group's distribution still may not read it (intersection).
    expect(canRead(reader({ sharingGroupIds: [] }), { ...strict, recipientOrgIds: [B] })).toBe(
      false,
    );
  });

  it('unauthenticated readers read only CLEAR content distributed to all', () => {
    const anon = reader({ organizationId: null });
    expect(canRead(anon, meta({ tlp: 'clear', distribution: 'all' }))).toBe(true);
    expect(canRead(anon, meta({ tlp: 'clear', distribution: 'community' }))).toBe(false);
    expect(canRead(anon, meta({ tlp: null, distribution: 'all' }))).toBe(false);
    expect(canRead(anon, meta({ tlp: 'green', distribution: 'all' }))).toBe(false);
  });

  it('unknown levels count as RED, unknown distributions deny', () => {
    expect(canRead(reader({ organizationId: A }), meta({ tlp: 'puce' }))).toBe(false);
    expect(canRead(reader(), meta({ distribution: 'galaxy' }))).toBe(false);
    expect(canRead(reader(), meta({ distribution: 'sharing-group:' }))).toBe(false);
  });

  it('break-glass reads everything, and says which reads needed it', () => {
    const glass = reader({ organizationId: C, breakGlass: true });
    expect(readDecision(glass, meta({ tlp: 'red' }))).toBe('break-glass');
    expect(readDecision(glass, meta({ tlp: 'green' }))).toBe('allowed');
    expect(readDecision(reader({ organizationId: C }), meta({ tlp: 'red' }))).toBe('denied');
  });

  it('the audience lists organisations, named users and whether the public may read', () => {
    const orgs = [
      { id: A, sharingGroupIds: ['g1'] },
      { id: B, sharingGroupIds: ['g1'] },
      { id: C, sharingGroupIds: [] },
    ];
    const users = [{ id: 'u1', organizationId: B }];
    expect(
      audienceOf(meta({ tlp: 'amber', distribution: 'sharing-group:g1' }), orgs, users),
    ).toMatchObject({
      public: false,
      organizationIds: [A, B],
      userIds: [],
    });
    expect(audienceOf(meta({ tlp: 'red', recipientUserIds: ['u1'] }), orgs, users)).toMatchObject({
      organizationIds: [],
      userIds: ['u1'],
    });
    expect(audienceOf(meta({ tlp: 'clear', distribution: 'all' }), orgs, users).public).toBe(true);
  });
});

describe('read policy: the filter and the decision agree', () => {
  it('for random readers × objects, the filter as data matches exactly what canRead allows', () => {
    const rnd = randomSource(20261128);
    const orgs = [A, B, C, null];
    const users = ['u1', 'u2', null];
    const groups = ['g1', 'g2'];
    const tlps = [null, 'clear', 'green', 'amber', 'amber+strict', 'red', 'puce'];
    const dists = [
      'organisation',
      'community',
      'connected',
      'all',
      'sharing-group:g1',
      'sharing-group:g2',
      'odd',
    ];
    for (let i = 0; i < 5_000; i++) {
      const r: Reader = {
        organizationId: rnd.pick(orgs),
        userId: rnd.pick(users),
        sharingGroupIds: rnd.subset(groups),
        breakGlass: rnd.next() < 0.05,
      };
      const m: ReadableMeta = {
        ownerOrgId: rnd.pick(orgs),
        tlp: rnd.pick(tlps),
        distribution: rnd.pick(dists),
        recipientOrgIds: rnd.subset([A, B, C]),
        recipientUserIds: rnd.subset(['u1', 'u2']),
      };
      expect(matchesFilter(readFilterFor(r), m), JSON.stringify({ r, m })).toBe(canRead(r, m));
    }
  });
});
