import { afterAll, beforeAll, expect, it } from 'vitest';
import { readableWhere } from '../src/objects/object.repository.js';
import {
  canRead,
  readFilterFor,
  type ReadableMeta,
  type Reader,
} from '../src/policy/read-policy.js';
import { randomSource } from './support/random.js';
import { describeDialects } from './support/dialects.js';
import type { TestDatabase } from './support/dialects.js';

const ORGS = [
  'identity--aaaaaaaa-0000-4000-8000-000000000000',
  'identity--bbbbbbbb-0000-4000-8000-000000000000',
  'identity--cccccccc-0000-4000-8000-000000000000',
];
const USERS = ['u1', 'u2', 'u3'];
const GROUPS = ['sg-1', 'sg-2'];
const TLPS = [null, 'clear', 'green', 'amber', 'amber+strict', 'red', 'puce'];
const DISTRIBUTIONS = [
  'organisation',
  'community',
  'connected',
  'all',
  'sharing-group:sg-1',
  'sharing-group:sg-2',
  'sharing-group:sg-9',
  'elsewhere',
];

/**
 * The property that makes "one policy" true: for many random readers and objects, the SQL
 * that storage runs for `readFilterFor(reader)` returns exactly the rows `canRead` allows.
 */
describeDialects('read policy: SQL filter and canRead agree', (dialect) => {
  let db: TestDatabase;
  const metas = new Map<string, ReadableMeta>();

  beforeAll(async () => {
    db = await dialect.create();
    const rnd = randomSource(4242);
    const rows = [];
    const recipients = [];
    for (let i = 0; i < 600; i++) {
      const id = `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const meta: ReadableMeta = {
        ownerOrgId: rnd.next() < 0.1 ? null : rnd.pick(ORGS),
        tlp: rnd.pick(TLPS),
        distribution: rnd.pick(DISTRIBUTIONS),
        recipientOrgIds: rnd.subset(ORGS),
        recipientUserIds: rnd.subset(USERS),
      };
      metas.set(id, meta);
      rows.push({
        id,
        type: 'indicator',
        modified: '2026-01-01T00:00:00.000000Z',
        date_added: '2026-01-01T00:00:00.000000Z',
        revoked: 0,
        is_latest: 1,
        tlp: meta.tlp,
        owner_org_id: meta.ownerOrgId,
        distribution: meta.distribution,
        content: '{}',
      });
      for (const o of meta.recipientOrgIds)
        recipients.push({ object_id: id, kind: 'organisation' as const, principal_id: o });
      for (const u of meta.recipientUserIds)
        recipients.push({ object_id: id, kind: 'user' as const, principal_id: u });
    }
    const k = db.handle.db;
    for (let i = 0; i < rows.length; i += 200)
      await k
        .insertInto('stix_objects')
        .values(rows.slice(i, i + 200))
        .execute();
    for (let i = 0; i < recipients.length; i += 200)
      await k
        .insertInto('object_recipients')
        .values(recipients.slice(i, i + 200))
        .execute();
  });
  afterAll(async () => db?.dispose());

  it('for 300 random readers, the rows the SQL returns are exactly the readable ones', async () => {
    const rnd = randomSource(7);
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const reader: Reader = {
        organizationId: rnd.next() < 0.1 ? null : rnd.pick(ORGS),
        userId: rnd.next() < 0.3 ? null : rnd.pick(USERS),
        sharingGroupIds: rnd.subset(GROUPS),
        breakGlass: rnd.next() < 0.03,
      };
      const rows = await db.handle.db
        .selectFrom('stix_objects as o')
        .select('o.id')
        .where((eb) => readableWhere(eb, readFilterFor(reader)))
        .execute();
      const got = rows.map((r) => r.id).sort();
      const expected = [...metas]
        .filter(([, m]) => canRead(reader, m))
        .map(([id]) => id)
        .sort();
      expect(got, JSON.stringify(reader)).toEqual(expected);
      compared += metas.size;
    }
    expect(compared).toBe(300 * 600);
  });
});
