import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import {
  TLP_IDS,
  bundle,
  identity,
  indicator,
  malware,
  relationship,
} from './support/stix-fixtures.js';

describeDialects('STIX object store over HTTP', (dialect) => {
  let node: TestNode;
  let cookie: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    cookie = await node.signIn();
  });
  afterAll(async () => node?.close());

  const post = (payload: unknown, query = '') =>
    node.app.inject({
      method: 'POST',
      url: `/api/v1/objects${query}`,
      headers: { cookie, 'content-type': 'application/stix+json;version=2.1' },
      payload:
        typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
    });
  const get = (url: string) => node.app.inject({ method: 'GET', url, headers: { cookie } });

  it('refuses anonymous reads and writes', async () => {
    expect((await node.app.inject({ method: 'GET', url: '/api/v1/objects' })).statusCode).toBe(401);
    const res = await node.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      payload: bundle([]),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('NH_ERR_UNAUTHENTICATED');
  });

  it('stores a bundle and reads every object back, latest and by version', async () => {
    const m = malware();
    const i = indicator();
    const r = relationship(i, m);
    const res = await post(bundle([m, i, r]));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ read: 3, stored: 3, duplicates: 0, rejected: [] });

    const got = await get(`/api/v1/objects/${i.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().object).toEqual(i);
    expect(got.json().latest).toBe(true);
    expect(got.json().date_added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const single = malware();
    const one = await post(single);
    expect(one.statusCode).toBe(201);
    expect((await get(`/api/v1/objects/${single.id}`)).json().object.name).toBe('Testbot');
  });

  it('stores the same version once and a newer modified as a new version', async () => {
    const v1 = indicator();
    expect((await post(bundle([v1]))).json().stored).toBe(1);
    const again = await post(bundle([v1, v1]));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ stored: 0, duplicates: 2 });

    const v2 = { ...v1, modified: '2026-02-01T00:00:00.000Z', name: 'renamed' };
    expect((await post(bundle([v2]))).json().stored).toBe(1);
    expect((await get(`/api/v1/objects/${v1.id}`)).json().object.name).toBe('renamed');
    const older = await get(
      `/api/v1/objects/${v1.id}?version=${encodeURIComponent(v1.modified as string)}`,
    );
    expect(older.json().object.name).toBe(v1.name);
    expect(older.json().latest).toBe(false);
    const versions = (await get(`/api/v1/objects/${v1.id}/versions`)).json().versions;
    expect(versions.map((v: { modified: string }) => v.modified)).toEqual([
      v2.modified,
      v1.modified,
    ]);

    // An older version arriving late does not displace the latest.
    const v0 = { ...v1, modified: '2026-01-15T00:00:00.000Z', name: 'in between' };
    expect((await post(v0)).json().stored).toBe(1);
    expect((await get(`/api/v1/objects/${v1.id}`)).json().object.name).toBe('renamed');
  });

  it('stores text with NUL characters as sent, on both engines', async () => {
    const odd = malware({ name: 'nul\u0000inside', description: 'a\u0000b' });
    expect((await post(odd)).statusCode).toBe(201);
    expect((await get(`/api/v1/objects/${odd.id}`)).json().object).toEqual(odd);
  });

  it('honours revocation: hidden from listings by default, never versioned again', async () => {
    const v1 = malware({ name: 'revocable-malware' });
    await post(v1);
    const revoked = { ...v1, modified: '2026-03-01T00:00:00.000Z', revoked: true };
    expect((await post(revoked)).statusCode).toBe(201);
    const list = await get('/api/v1/objects?q=revocable-malware');
    expect(list.json().items).toHaveLength(0);
    const withRevoked = await get('/api/v1/objects?q=revocable-malware&include_revoked=true');
    expect(withRevoked.json().items).toHaveLength(1);
    const later = await post({ ...v1, modified: '2026-04-01T00:00:00.000Z' });
    expect(later.statusCode).toBe(422);
    expect(later.json().error.details[0].message).toMatch(/revoked/);
  });

  it('filters by type, creator, marking, modified since and text', async () => {
    const creator = identity();
    const tag = `filter-${Date.now()}`;
    const a = indicator({
      name: `${tag} alpha`,
      created_by_ref: creator.id,
      object_marking_refs: [TLP_IDS.green],
    });
    const b = malware({
      name: `${tag} beta`,
      description: 'unrelated',
      modified: '2026-06-01T00:00:00.000Z',
      created: '2026-06-01T00:00:00.000Z',
    });
    await post(bundle([creator, a, b]));
    const ids = async (q: string) =>
      ((await get(`/api/v1/objects?${q}`)).json().items as { object: { id: string } }[]).map(
        (x) => x.object.id,
      );
    expect(await ids(`q=${tag}`)).toEqual([b.id, a.id]);
    expect(await ids(`q=${tag}&type=indicator`)).toEqual([a.id]);
    expect(await ids(`q=${tag}&type=indicator&type=malware`)).toHaveLength(2);
    expect(await ids(`created_by=${creator.id}`)).toEqual([a.id]);
    expect(await ids(`q=${tag}&marking=${TLP_IDS.green}`)).toEqual([a.id]);
    expect(await ids(`q=${tag}&modified_since=2026-05-01T00:00:00Z`)).toEqual([b.id]);
    expect(await ids(`q=${tag.toUpperCase()}`)).toHaveLength(2);
    const listed = (await get(`/api/v1/objects?q=${tag}&type=indicator`)).json().items[0];
    expect(listed.tlp).toBe('green');
  });

  it('paginates with a cursor that is stable under concurrent inserts', async () => {
    const tag = `page-${Date.now()}`;
    const first = Array.from({ length: 7 }, (_, n) => indicator({ name: `${tag} ${n}` }));
    await post(bundle(first));
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const res = await get(`/api/v1/objects?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((x: { object: { id: string } }) => x.object.id));
      cursor = res.json().next_cursor;
      if (round++ === 0) await post(bundle([indicator({ name: `${tag} late` })])); // arrives between pages
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...first].reverse().map((o) => o.id));
    const bad = await get('/api/v1/objects?cursor=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('NH_ERR_BAD_CURSOR');
  });

  describe('bad input: a 4xx naming the problem, nothing stored', () => {
    async function expectNothingStoredFrom(objects: unknown[], status: number, path: RegExp) {
      const before = (await get('/api/v1/node')).json().counts.total;
      const res = await post(bundle(objects));
      expect(res.statusCode).toBe(status);
      const body = res.json();
      expect(body.error.details.map((d: { path: string }) => d.path).join(' ')).toMatch(path);
      expect((await get('/api/v1/node')).json().counts.total).toBe(before);
      return body;
    }

    it('malformed JSON', async () => {
      const res = await post('{"type":"bundle","objects":[{"type":');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('NH_ERR_MALFORMED_JSON');
      expect(res.json().error.message).toMatch(/JSON/);
    });

    it('a body that is not a bundle nor an object', async () => {
      const res = await post('[1,2,3]');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/bundle/);
      const noType = await post({ objects: [] });
      expect(noType.json().error.details[0].path).toBe('/type');
    });

    it('invalid UTF-8', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"type":"bundle","id":"bundle--'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]);
      const res = await post(bytes);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/UTF-8/);
    });

    it('control characters in list filters (a NUL would reach PostgreSQL as a 500)', async () => {
      for (const q of ['q=a%00b', 'created_by=a%00b', 'marking=a%00b', 'type=a%00b']) {
        const res = await get(`/api/v1/objects?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().error.details[0].path, q).toMatch(
          /^querystring\/(q|created_by|marking|type)/,
        );
      }
    });

    it('__proto__ keys', async () => {
      const res = await post(
        `{"type":"bundle","id":"bundle--${crypto.randomUUID()}","objects":[{"__proto__":{"x":1}}]}`,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/__proto__/);
    });

    it('nesting beyond the limit', async () => {
      const deep = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
      const res = await post(deep);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('NH_ERR_INPUT_LIMIT');
    });

    it('an unknown type, while custom x- objects are stored as they are', async () => {
      const body = await expectNothingStoredFrom(
        [indicator(), { ...malware(), type: 'weapon', id: `weapon--${crypto.randomUUID()}` }],
        422,
        /\/objects\/1\/type/,
      );
      expect(body.error.code).toBe('NH_ERR_STIX_INVALID');
      const custom = {
        ...malware(),
        type: 'x-mitre-tactic',
        id: `x-mitre-tactic--${crypto.randomUUID()}`,
        x_mitre_shortname: 'initial-access',
      };
      const res = await post(custom);
      expect(res.statusCode).toBe(201);
      expect((await get(`/api/v1/objects/${custom.id}`)).json().object.x_mitre_shortname).toBe(
        'initial-access',
      );
    });

    it('a missing required property', async () => {
      const bad = indicator();
      delete bad.pattern;
      await expectNothingStoredFrom([malware(), bad], 422, /\/objects\/1\/pattern/);
    });

    it('a property of the wrong type', async () => {
      await expectNothingStoredFrom(
        [malware({ is_family: 'yes' })],
        422,
        /\/objects\/0\/is_family/,
      );
    });

    it('an invalid id', async () => {
      await expectNothingStoredFrom(
        [malware({ id: 'malware--not-a-uuid' })],
        422,
        /\/objects\/0\/id/,
      );
    });

    it('an invalid timestamp', async () => {
      await expectNothingStoredFrom(
        [malware({ created: '2026-13-01T00:00:00Z' })],
        422,
        /\/objects\/0\/created/,
      );
    });

    it('modified before created', async () => {
      await expectNothingStoredFrom(
        [malware({ modified: '2025-01-01T00:00:00Z' })],
        422,
        /\/objects\/0\/modified/,
      );
    });

    it('a few bad objects among many: atomic stores nothing, partial stores the good ones', async () => {
      const tag = `mixed-${Date.now()}`;
      const objects: unknown[] = Array.from({ length: 40 }, (_, n) =>
        indicator({ name: `${tag} ${n}` }),
      );
      objects[5] = { ...indicator(), valid_from: 'yesterday' };
      objects[31] = { ...malware(), id: 'malware--123' };
      const atomic = await post(bundle(objects));
      expect(atomic.statusCode).toBe(422);
      expect(new Set(atomic.json().error.details.map((d: { index: number }) => d.index))).toEqual(
        new Set([5, 31]),
      );
      expect((await get(`/api/v1/objects?q=${tag}`)).json().items).toHaveLength(0);

      const partial = await post(bundle(objects), '?mode=partial');
      expect(partial.statusCode).toBe(201);
      const body = partial.json();
      expect(body.stored).toBe(38);
      expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([5, 31]);
      expect(body.rejected[0].errors[0].path).toBe('/valid_from');
      expect((await get(`/api/v1/objects?q=${tag}&limit=100`)).json().items).toHaveLength(38);
    });
  });

  it('rejects a body larger than the configured limit', async () => {
    const small = await makeTestNode(dialect, { env: { NOHAVEN_BODY_LIMIT: '2048' } });
    try {
      const c = await small.signIn();
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers: { cookie: c, 'content-type': 'application/json' },
        payload: JSON.stringify(bundle(Array.from({ length: 20 }, () => indicator()))),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('NH_ERR_INPUT_LIMIT');
    } finally {
      await small.close();
    }
  });

  it('shows other organisations only what the read policy allows', async () => {
    const strict = indicator({ object_marking_refs: [TLP_IDS.amberStrict] });
    const green = indicator({ object_marking_refs: [TLP_IDS.green] });
    await post(bundle([strict, green]));
    const outsider = {
      kind: 'service' as const,
      name: 'other-org',
      organizationId: 'identity--00000000-0000-4000-8000-000000000001',
      role: 'analyst' as const,
    };
    await expect(node.services.objects.get(outsider, strict.id)).rejects.toMatchObject({
      code: 'NH_ERR_OBJECT_NOT_FOUND',
    });
    expect((await node.services.objects.get(outsider, green.id)).object.id).toBe(green.id);
    expect((await node.services.objects.get(node.actor('analyst'), strict.id)).object.id).toBe(
      strict.id,
    );
    const listed = await node.services.objects.list(outsider, { limit: 1000 });
    expect(listed.items.some((s) => s.object.id === strict.id)).toBe(false);
  });

  it('records reads of non-public content and every write in the audit chain', async () => {
    const amber = indicator({ object_marking_refs: [TLP_IDS.amber] });
    await post(amber);
    await get(`/api/v1/objects/${amber.id}`);
    const { entries } = await node.services.audit.list(node.actor('admin'), { limit: 1000 });
    const actions = entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('object.ingest');
    expect(
      entries.some(
        (e: { action: string; target: string | null }) =>
          e.action === 'object.read' && e.target === amber.id,
      ),
    ).toBe(true);
    expect(await node.services.audit.verify()).toMatchObject({ ok: true });
  });
});
