import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { AuditEntryView } from '../src/audit/audit.types.js';
import type { HttpServer } from '../src/platform/http/http-server.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, indicator, malware, type Obj } from './support/stix-fixtures.js';
import { objectIds, openSse, type SseConnection } from './support/sse-client.js';

const PASSWORD = 'stream-password-1';
const TAXII = 'application/taxii+json;version=2.1';

/** The live stream (issues #3 and #5): SSE over a real socket on 127.0.0.1. */
describeDialects('live stream GET /api/v1/stream', (dialect) => {
  let node: TestNode;
  let base: string;
  const tokens: Record<'ana' | 'otto' | 'gina', string> = { ana: '', otto: '', gina: '' };
  let groupId: string;
  const open: SseConnection[] = [];

  const listen = async (app: HttpServer) => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  const subscribe = async (
    who: keyof typeof tokens,
    query = '',
    headers: Record<string, string> = {},
    at = base,
  ) => {
    const c = await openSse(`${at}/api/v1/stream${query}`, {
      authorization: `Bearer ${tokens[who]}`,
      ...headers,
    });
    open.push(c);
    return c;
  };
  /** Stores objects through REST as `who` (default: ana, of the node organisation). */
  const post = async (objects: Obj[], query = '', who: keyof typeof tokens = 'ana') => {
    const res = await node.app.inject({
      method: 'POST',
      url: `/api/v1/objects${query}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      payload: { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const has = (ids: string[]) => (c: SseConnection) => ids.every((i) => objectIds(c).includes(i));

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    const { auth, sharingGroups } = node.services;
    const admin = node.actor('admin');
    const other = await auth.createOrganization(admin, {
      name: 'Other ISP',
      sector: 'industry',
      country: 'DE',
    });
    const partner = await auth.createOrganization(admin, {
      name: 'Group bank',
      sector: 'industry',
      country: 'NL',
    });
    await auth.createUser(admin, { username: 'ana', role: 'analyst', password: PASSWORD });
    await auth.createUser(admin, {
      username: 'otto',
      role: 'analyst',
      organization: other.id,
      password: PASSWORD,
    });
    await auth.createUser(admin, {
      username: 'gina',
      role: 'analyst',
      organization: partner.id,
      password: PASSWORD,
    });
    for (const u of ['ana', 'otto', 'gina'] as const)
      tokens[u] = (await auth.createTokenForUser(admin, u, 'stream')).token;
    const group = await sharingGroups.create(admin, { name: 'Stream group' });
    await sharingGroups.addMember(admin, group.id, partner.id);
    groupId = group.id;
    base = await listen(node.app);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await node?.close();
  });

  it('answers 401 without credentials and 400 naming a malformed Last-Event-ID or types', async () => {
    const anon = await openSse(`${base}/api/v1/stream`);
    await anon.ended;
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body()).error.code).toBe('NH_ERR_UNAUTHENTICATED');
    const bad = await subscribe('ana', '', { 'last-event-id': 'abc' });
    await bad.ended;
    expect(bad.status).toBe(400);
    expect(bad.body()).toContain('Last-Event-ID');
    const types = await subscribe('ana', '?types=Indicator;drop');
    await types.ended;
    expect(types.status).toBe(400);
    expect(types.body()).toContain('types');
  });

  it('delivers objects stored after subscribing, through REST and through TAXII POST, with seq ids', async () => {
    const c = await subscribe('otto');
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toMatch(/^text\/event-stream/);
    const viaRest = indicator({ object_marking_refs: [TLP_IDS.green] });
    await post([viaRest]);
    await c.until(has([viaRest.id]));

    const collections = await node.app.inject({
      method: 'GET',
      url: '/taxii2/nohaven/collections/',
      headers: { authorization: `Bearer ${tokens.ana}`, accept: TAXII },
    });
    const collection = (collections.json().collections as { id: string }[])[0]!.id;
    const viaTaxii = malware({ object_marking_refs: [TLP_IDS.clear] });
    const added = await node.app.inject({
      method: 'POST',
      url: `/taxii2/nohaven/collections/${collection}/objects/`,
      headers: {
        authorization: `Bearer ${tokens.ana}`,
        accept: TAXII,
        'content-type': TAXII,
      },
      payload: JSON.stringify({ objects: [viaTaxii] }),
    });
    expect(added.statusCode).toBe(202);
    await c.until(has([viaTaxii.id]));

    const events = c.events.filter((e) => e.event === 'object');
    expect(events.map((e) => JSON.parse(e.data).id)).toEqual([viaRest.id, viaTaxii.id]);
    expect(JSON.parse(events[0]!.data)).toEqual(viaRest);
    const seqs = events.map((e) => Number(e.id));
    expect(seqs.every((s) => Number.isInteger(s) && s > 0)).toBe(true);
    expect(seqs[1]!).toBeGreaterThan(seqs[0]!);
  });

  it('never delivers what the subscriber may not read: AMBER of another organisation, RED not naming it, a sharing group it is not in', async () => {
    const otto = await subscribe('otto');
    const gina = await subscribe('gina');
    const amber = indicator({ name: 'amber', object_marking_refs: [TLP_IDS.amber] });
    const red = indicator({ name: 'red', object_marking_refs: [TLP_IDS.red] });
    const grouped = indicator({ name: 'grouped', object_marking_refs: [TLP_IDS.green] });
    await post([amber]);
    await post([red]);
    await post([grouped], `?distribution=sharing-group:${groupId}`);
    // Published after the others: once it arrives, the others have been decided.
    const sentinel = indicator({ name: 'sentinel', object_marking_refs: [TLP_IDS.clear] });
    await post([sentinel]);
    await otto.until(has([sentinel.id]));
    await gina.until(has([sentinel.id]));
    expect(objectIds(otto)).toEqual([sentinel.id]);
    expect(objectIds(gina)).toEqual([grouped.id, sentinel.id]);
    expect(otto.body()).not.toContain('amber');
    expect(gina.body()).not.toContain('"red"');
  });

  it('filters by ?types= and audits non-public reads in batches, not per event', async () => {
    const c = await subscribe('otto', '?types=malware');
    const batch = Array.from({ length: 5 }, () =>
      malware({ object_marking_refs: [TLP_IDS.green] }),
    );
    const skipped = indicator({ object_marking_refs: [TLP_IDS.clear] });
    await post([skipped]);
    for (const m of batch) await post([m]);
    await c.until(has(batch.map((m) => m.id)));
    expect(objectIds(c)).toEqual(batch.map((m) => m.id));
    c.close();
    await c.ended;
    const wanted = new Set(batch.map((m) => m.id));
    let entries: AuditEntryView[] = [];
    // The entry is appended when the server sees the connection close.
    await expect
      .poll(async () => {
        entries = (
          await node.services.audit.list(node.actor('admin'), {
            limit: 1000,
            action: 'object.stream',
          })
        ).entries.filter((e) => ((e.details?.ids as string[]) ?? []).some((id) => wanted.has(id)));
        return new Set(entries.flatMap((e) => e.details?.ids as string[])).size;
      })
      .toBe(wanted.size);
    expect(entries.length).toBeLessThan(batch.length);
    expect(entries.every((e) => e.actor === 'user:otto')).toBe(true);
  });

  it('resumes with Last-Event-ID (or since) without gaps or duplicates, then goes live', async () => {
    const first = await subscribe('gina');
    const a = indicator({ object_marking_refs: [TLP_IDS.green] });
    const b = indicator({ object_marking_refs: [TLP_IDS.green] });
    await post([a, b]);
    await first.until(has([a.id, b.id]));
    const lastId = first.events.at(-1)!.id!;
    first.close();
    await first.ended;

    const missed = [1, 2, 3].map(() => indicator({ object_marking_refs: [TLP_IDS.green] }));
    for (const m of missed) await post([m]);
    const hidden = indicator({ object_marking_refs: [TLP_IDS.amber] });
    await post([hidden]);
    const resumed = await subscribe('gina', '', { 'last-event-id': lastId });
    await resumed.until(has(missed.map((m) => m.id)));
    const live = indicator({ object_marking_refs: [TLP_IDS.green] });
    await post([live]);
    await resumed.until(has([live.id]));
    expect(objectIds(resumed)).toEqual([...missed.map((m) => m.id), live.id]);
    const ids = resumed.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[0]!).toBeGreaterThan(Number(lastId));

    // `?since=` does the same when the client cannot set the header.
    const bySince = await subscribe('gina', `?since=${lastId}`);
    await bySince.until(has([live.id]));
    expect(objectIds(bySince)).toEqual([...missed.map((m) => m.id), live.id]);
  });

  it('publishes only committed versions: a rolled-back atomic ingest sends nothing, a partial ingest its valid objects', async () => {
    const c = await subscribe('otto');
    const valid = indicator({ object_marking_refs: [TLP_IDS.clear] });
    const invalid = { ...indicator(), pattern_type: undefined };
    const rolledBack = await node.services.objects.ingest(node.actor('analyst'), [valid, invalid], {
      mode: 'atomic',
    });
    expect(rolledBack.rolledBack).toBe(true);
    const partial = await node.services.objects.ingest(node.actor('analyst'), [invalid, valid], {
      mode: 'partial',
    });
    expect(partial.stored).toBe(1);
    const sentinel = indicator({ object_marking_refs: [TLP_IDS.clear] });
    await post([sentinel]);
    await c.until(has([sentinel.id]));
    expect(objectIds(c)).toEqual([valid.id, sentinel.id]);
  });

  it('a resume while objects are being stored delivers each of them exactly once', async () => {
    const first = await subscribe('gina');
    const mark = indicator({ object_marking_refs: [TLP_IDS.clear] });
    await post([mark]);
    await first.until(has([mark.id]));
    const lastId = first.events.at(-1)!.id!;
    first.close();
    const stored = Array.from({ length: 24 }, () =>
      indicator({ object_marking_refs: [TLP_IDS.green] }),
    );
    // Half stored before the resume, half while it catches up.
    for (const o of stored.slice(0, 12)) await post([o]);
    const [resumed] = await Promise.all([
      subscribe('gina', '', { 'last-event-id': lastId }),
      (async () => {
        for (const o of stored.slice(12)) await post([o]);
      })(),
    ]);
    await resumed.until(has(stored.map((o) => o.id)));
    const got = objectIds(resumed);
    expect(got.length).toBe(new Set(got).size);
    expect(new Set(got)).toEqual(new Set(stored.map((o) => o.id)));
  });

  it('sends a heartbeat comment, disconnects a subscriber that cannot keep up with event: overflow, and ends every stream on close', async () => {
    const app = await buildApp(
      {
        config: node.config,
        database: node.db.handle,
        stream: { queueLimit: 3, heartbeatMs: 50 },
      },
      node.services,
    );
    const at = await listen(app);
    try {
      const c = await subscribe('otto', '', {}, at);
      await c.until((s) => s.comments.includes('heartbeat'));
      const one = indicator({ object_marking_refs: [TLP_IDS.clear] });
      await post([one]);
      await c.until(has([one.id]));
      const lastId = c.events.at(-1)!.id!;
      const flood = Array.from({ length: 5 }, () =>
        indicator({ object_marking_refs: [TLP_IDS.clear] }),
      );
      await post(flood);
      await c.ended;
      expect(c.events.at(-1)!.event).toBe('overflow');
      expect(objectIds(c)).toEqual([one.id]);

      const again = await subscribe('otto', '', { 'last-event-id': lastId }, at);
      await again.until(has(flood.map((f) => f.id)));
      expect(objectIds(again)).toEqual(flood.map((f) => f.id));
      const before = node.services.stream.size;
      await app.close();
      await again.ended;
      expect(node.services.stream.size).toBe(before - 1);
    } finally {
      await app.close();
    }
  });
});
