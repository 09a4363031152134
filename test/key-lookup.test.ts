import { afterAll, beforeAll, expect, it } from 'vitest';
import { lookupKey } from '../src/correlate/correlation.repository.js';
import { domainKey, ipKey, type ObservableKey } from '../src/correlate/observable-keys.js';
import { withinReachFilter } from '../src/policy/read-policy.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';

const OWN = 'identity--aaaaaaaa-0000-4000-8000-000000000000';
const OTHER = 'identity--bbbbbbbb-0000-4000-8000-000000000000';
const filter = withinReachFilter({
  organizationId: OWN,
  userId: 'user--1',
  sharingGroupIds: [],
  breakGlass: false,
});

/** The per-seed lookup the correlation service and the lookup bench share, on both engines. */
describeDialects('observable index: one key lookup', (dialect) => {
  let db: TestDatabase;
  let seq = 0;
  const store = async (
    id: string,
    key: ObservableKey | undefined,
    meta: { tlp: string; owner: string },
  ): Promise<void> => {
    if (!key) throw new Error(`no key for ${id}`);
    seq++;
    await db.handle.db
      .insertInto('stix_objects')
      .values({
        seq,
        id,
        type: 'indicator',
        modified: '2026-01-01T00:00:00.000Z',
        date_added: '2026-01-01T00:00:00.000Z',
        revoked: 0,
        is_latest: 1,
        tlp: meta.tlp,
        owner_org_id: meta.owner,
        distribution: 'community',
        content: '{}',
      })
      .execute();
    await db.handle.db
      .insertInto('observable_keys')
      .values({ object_seq: seq, kind: key.kind, value: key.value, role: 'pattern' })
      .execute();
  };
  const id = (n: number) => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    db = await dialect.create();
    await store(id(1), domainKey('evil.example.com'), { tlp: 'green', owner: OTHER });
    await store(id(2), domainKey('secret.example.org'), { tlp: 'amber', owner: OTHER });
    await store(id(3), ipKey('198.51.100.0/24'), { tlp: 'clear', owner: OTHER });
    for (let n = 10; n < 13; n++)
      await store(id(n), domainKey('common.example.net'), { tlp: 'clear', owner: OWN });
  });
  afterAll(async () => db?.dispose());

  it('returns only the lookups that found readable rows, with their relation', async () => {
    const sub = await lookupKey(db.handle.db, domainKey('www.evil.example.com')!, filter, {
      cap: 10,
      limit: 10,
    });
    expect(sub.common).toBe(false);
    const found = sub.common ? [] : sub.found;
    expect(found.map((f) => [f.lookup.relation, f.hits.map((h) => h.id)])).toEqual([
      ['parent-domain', [id(1)]],
    ]);

    const inside = await lookupKey(db.handle.db, ipKey('198.51.100.7')!, filter, {
      cap: 10,
      limit: 10,
    });
    const insideFound = inside.common ? [] : inside.found;
    expect(insideFound.map((f) => [f.lookup.relation, f.hits.map((h) => h.id)])).toEqual([
      ['contains', [id(3)]],
    ]);
  });

  it('finds nothing the reader may not read, and nothing for an unknown value', async () => {
    for (const name of ['secret.example.org', 'unknown.example.org']) {
      const result = await lookupKey(db.handle.db, domainKey(name)!, filter, {
        cap: 10,
        limit: 10,
      });
      expect(result, name).toEqual({ common: false, found: [] });
    }
  });

  it('flags a value over the cap as common, whoever may read its rows', async () => {
    const key = domainKey('common.example.net')!;
    expect(await lookupKey(db.handle.db, key, filter, { cap: 2, limit: 10 })).toEqual({
      common: true,
    });
    const under = await lookupKey(db.handle.db, key, filter, { cap: 3, limit: 10 });
    const ids = under.common ? [] : under.found.flatMap((f) => f.hits.map((h) => h.id));
    expect(ids.sort()).toEqual([id(10), id(11), id(12)]);
  });
});
