import { afterEach, beforeEach, expect, it } from 'vitest';
import { caseDb } from '../src/cases/case.tables.js';
import { withCooperationTables } from '../src/cooperation/cooperation.tables.js';
import { parseOversightSettings } from '../src/oversight/oversight.settings.js';
import { withOversightTables } from '../src/oversight/oversight.tables.js';
import { indicatorSource } from '../src/oversight/retention-sources.js';
import { createRetentionService } from '../src/oversight/retention.service.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { insertCase, insertRequest } from './support/oversight-fixtures.js';
import { indicator } from './support/stix-fixtures.js';

/** Issue 8, item 3: retention by rule, in small resumable steps, in fake time. */
describeDialects('retention', (dialect) => {
  const clock = fixedClock('2026-03-10T12:00:00Z');
  const settings = parseOversightSettings({
    retention: [
      { category: 'preserved-data', basis: 'BC Art 29(7)', afterDays: 30 },
      { category: 'closed-case', basis: 'GDPR Art 5(1)(e)', afterDays: 60 },
      { category: 'indicator', basis: 'indicator policy 2026', afterDays: 10 },
    ],
    retentionBatchSize: 2,
    retentionSweepSeconds: 0,
  });
  let node: TestNode;
  let admin: string;
  let ids: { r4: string; e2: string; open: string; closedCase: string; ind: string; keep: string };

  beforeEach(async () => {
    clock.set('2026-03-10T12:00:00Z');
    node = await makeTestNode(dialect, { clock, deps: { oversight: settings } });
    const db = node.db.handle.db;
    const org = node.organizationId;
    const base = { requesterOrgId: org, recipientOrgId: org, createdAt: '2025-12-01T00:00:00Z' };
    const r4 = await insertRequest(db, {
      ...base,
      type: 'R4',
      state: 'released',
      fields: { identifiers: ['alice@example.org'] },
      closedAt: '2026-01-01T00:00:00.000Z',
    });
    await withCooperationTables(db)
      .insertInto('cooperation_files')
      .values({
        id: 'file-1',
        request_id: r4,
        transition_id: 't',
        name: 'subscriber.txt',
        media_type: 'text/plain',
        sha256: '0'.repeat(64),
        size: 5,
        content: 'YWxpY2U=',
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const e2 = await insertRequest(db, {
      ...base,
      type: 'E2',
      state: 'expired',
      closedAt: '2026-01-05T00:00:00.000Z',
    });
    const open = await insertRequest(db, { ...base, type: 'R4', state: 'preserved' });
    const closedCase = await insertCase(db, {
      ownerOrgId: org,
      title: 'Fraud against Alice Martin',
      closedAt: '2026-01-02T00:00:00.000Z',
      links: [r4],
    });
    const ind = indicator({ valid_until: '2026-01-13T00:00:00Z' });
    const keep = indicator();
    const r = await node.services.objects.ingest(node.actor(), [ind, keep], { mode: 'atomic' });
    expect(r.rejected).toEqual([]);
    ids = { r4, e2, open, closedCase, ind: ind.id, keep: keep.id };
    admin = await node.signIn();
  });
  afterEach(async () => {
    await node.close();
  });

  const call = async (method: 'GET' | 'POST', url: string, cookie = admin) =>
    node.app.inject({ method, url, headers: { cookie } });

  it('plans what goes when, per rule, for oversight and admins only', async () => {
    const res = await call('GET', '/api/v1/retention/plan');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { targetId: string; dueAt: string; due: boolean }[];
    expect(items.map((i) => [i.targetId, i.dueAt, i.due])).toEqual([
      [ids.ind, '2026-01-23T00:00:00.000Z', true],
      [ids.r4, '2026-01-31T00:00:00.000Z', true],
      [ids.e2, '2026-02-04T00:00:00.000Z', true],
      [ids.closedCase, '2026-03-03T00:00:00.000Z', true],
    ]);
    expect(res.json().items[1]).toMatchObject({
      category: 'preserved-data',
      basis: 'BC Art 29(7)',
      action: 'anonymise',
      label: 'R4 request, released',
    });
    clock.set('2026-02-01T00:00:00Z');
    const earlier = (await call('GET', '/api/v1/retention/plan')).json().items as {
      due: boolean;
    }[];
    expect(earlier.map((i) => i.due)).toEqual([true, true, false, false]);

    await node.services.auth.createUser(node.actor('admin'), {
      username: 'ana',
      role: 'analyst',
      password: 'ana-password-1234',
    });
    const ana = await node.signIn('ana', 'ana-password-1234');
    expect((await call('GET', '/api/v1/retention/plan', ana)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/retention/run', ana)).statusCode).toBe(403);
    expect(
      (await node.app.inject({ method: 'GET', url: '/api/v1/retention/plan' })).statusCode,
    ).toBe(401);
  });

  it('deletes and anonymises in steps, resumes, and skips what is no longer due', async () => {
    const db = node.db.handle.db;
    const first = (await call('POST', '/api/v1/retention/run')).json();
    expect(first).toMatchObject({ resumed: false, applied: 2, skipped: 0, remaining: 2 });
    // The case is reopened between the two steps: the planned item must not erase it.
    await caseDb(db)
      .updateTable('cases')
      .set({ status: 'open', closed_at: null })
      .where('id', '=', ids.closedCase)
      .execute();
    const second = (await call('POST', '/api/v1/retention/run')).json();
    expect(second).toMatchObject({
      runId: first.runId,
      resumed: true,
      applied: 1,
      skipped: 1,
      remaining: 0,
    });
    expect((await call('POST', '/api/v1/retention/run')).json()).toMatchObject({
      runId: null,
      applied: 0,
    });

    // The indicator is gone with its index rows; the other stays.
    const objects = await db
      .selectFrom('stix_objects')
      .select(['id', 'seq'])
      .where('type', '=', 'indicator')
      .execute();
    expect(objects.map((o) => o.id)).toEqual([ids.keep]);
    const live = new Set(
      (await db.selectFrom('stix_objects').select('seq').execute()).map((o) => Number(o.seq)),
    );
    const keys = await db.selectFrom('observable_keys').select('object_seq').execute();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => live.has(Number(k.object_seq)))).toBe(true);
    // The requests survive as counts, without their content; the open one is untouched.
    const t = withCooperationTables(db);
    const requests = await t.selectFrom('cooperation_requests').selectAll().execute();
    const byId = new Map(requests.map((r) => [r.id, r]));
    expect(byId.get(ids.r4)).toMatchObject({ type: 'R4', state: 'released', fields: '{}' });
    expect(byId.get(ids.e2)).toMatchObject({ type: 'E2', fields: '{}' });
    expect(byId.get(ids.open)?.state).toBe('preserved');
    expect(await t.selectFrom('cooperation_files').select('id').execute()).toEqual([]);
    const reasons = await t
      .selectFrom('cooperation_transitions')
      .select(['request_id', 'reason'])
      .execute();
    expect(reasons.find((r) => r.request_id === ids.r4)?.reason).toBeNull();
    expect(reasons.find((r) => r.request_id === ids.open)?.reason).not.toBeNull();
    // The reopened case kept its title and links.
    const kase = await caseDb(db)
      .selectFrom('cases')
      .select('title')
      .where('id', '=', ids.closedCase)
      .executeTakeFirstOrThrow();
    expect(kase.title).toBe('Fraud against Alice Martin');

    // Each deletion is in the audit with its rule's legal basis.
    const audit = await node.services.audit.list(node.actor('admin'), { limit: 1000 });
    const done = audit.entries.filter((e) => e.action.startsWith('retention.'));
    expect(done.map((e) => [e.action, e.target])).toEqual([
      ['retention.run.start', first.runId],
      ['retention.delete', ids.ind],
      ['retention.anonymise', ids.r4],
      ['retention.anonymise', ids.e2],
      ['retention.run.finish', first.runId],
    ]);
    expect(done[1]!.details).toMatchObject({
      category: 'indicator',
      basis: 'indicator policy 2026',
      versions: 1,
    });

    // Closed again, the case falls due later and is erased by the next run.
    await caseDb(db)
      .updateTable('cases')
      .set({ status: 'closed', closed_at: '2026-03-10T00:00:00.000Z' })
      .where('id', '=', ids.closedCase)
      .execute();
    clock.set('2026-05-10T00:00:00Z');
    admin = await node.signIn(); // the session of March has expired
    const plan = (await call('GET', '/api/v1/retention/plan')).json().items;
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ targetId: ids.closedCase, dueAt: '2026-05-09T00:00:00.000Z' });
    expect((await call('POST', '/api/v1/retention/run')).json()).toMatchObject({ applied: 1 });
    const erased = await caseDb(db)
      .selectFrom('cases')
      .select(['title', 'reference'])
      .where('id', '=', ids.closedCase)
      .executeTakeFirstOrThrow();
    expect(erased.title).toBe('[erased under retention]');
    expect(await caseDb(db).selectFrom('case_links').selectAll().execute()).toEqual([]);
    expect((await call('GET', '/api/v1/retention/plan')).json().items).toEqual([]);
  });

  it('a run cut off after a deletion committed redoes only the withdrawal', async () => {
    const db = node.db.handle.db;
    let calls = 0;
    const retention = createRetentionService({
      db,
      capabilities: node.db.handle.capabilities,
      audit: node.services.audit,
      clock,
      random: node.services.random,
      rules: settings.retention.filter((r) => r.category === 'indicator'),
      sources: [
        indicatorSource(node.db.handle.capabilities, async () => {
          calls++;
          if (calls === 1) throw new Error('process killed');
        }),
      ],
      batchSize: 10,
    });
    await expect(retention.run(node.actor('oversight'))).rejects.toThrow('process killed');
    const items = await withOversightTables(db).selectFrom('retention_items').selectAll().execute();
    expect(items.map((i) => [i.target_id, i.status])).toEqual([[ids.ind, 'applied']]);
    expect(
      await db.selectFrom('stix_objects').select('id').where('id', '=', ids.ind).execute(),
    ).toEqual([]);
    const again = await retention.run(node.actor('oversight'));
    expect(again).toMatchObject({ resumed: true, applied: 0, remaining: 0 });
    expect(calls).toBe(2);
    const audit = await node.services.audit.list(node.actor('admin'), {
      action: 'retention.delete',
    });
    expect(audit.entries).toHaveLength(1);
  });
});
