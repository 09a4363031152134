import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, createServices } from '../src/app.js';
import { main } from '../src/cli/main.js';
import type { Actor } from '../src/platform/actor.js';
import { validateStixObject } from '../src/stix/index.js';
import { makeTestNode, fixedClock, type TestNode } from './support/app.js';
import { describeDialects } from './support/dialects.js';
import { indicator, malware, TLP_IDS, type Obj } from './support/stix-fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/nohaven';
const PASSWORD = 'correct horse battery staple';
/** Small enough that a test can exceed it (max_content_length). */
const BODY_LIMIT = 65_536;

type Json = Record<string, unknown>;
interface Res {
  status: number;
  headers: Record<string, unknown>;
  body: Json;
}

describeDialects('TAXII 2.1 server', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-03-01T10:00:00.000Z');
  /** Bearer tokens: analyst and oversight of the node organisation, analyst of another one. */
  const tokens: Record<'admin' | 'analyst' | 'oversight' | 'other', string> = {
    admin: '',
    analyst: '',
    oversight: '',
    other: '',
  };
  let admin: Actor;
  let otherOrgId: string;
  let defaultId: string;

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: {
      as?: keyof typeof tokens | null;
      basic?: string;
      body?: unknown;
      headers?: Json;
    } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { accept: TAXII };
    if (options.basic !== undefined) headers.authorization = options.basic;
    else if (options.as !== null)
      headers.authorization = `Bearer ${tokens[options.as ?? 'analyst']}`;
    if (options.body !== undefined) headers['content-type'] = TAXII;
    Object.assign(headers, options.headers ?? {});
    const res = await node.app.inject({
      method,
      url,
      headers,
      ...(options.body !== undefined
        ? {
            payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
          }
        : {}),
    });
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.body === '' ? {} : (JSON.parse(res.body) as Json),
    };
  }

  /** Adds objects through a collection one second after the previous add. */
  async function add(
    objects: unknown[],
    collection = defaultId,
    as: keyof typeof tokens = 'analyst',
  ) {
    clock.advance(1000);
    const res = await call('POST', `${ROOT}/collections/${collection}/objects/`, {
      as,
      body: { objects },
    });
    expect(res.status).toBe(202);
    return res.body;
  }

  function expectError(res: Res, status: number, code?: string) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(TAXII);
    expect(res.body.http_status).toBe(String(status));
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.description).toBe('string');
    expect(typeof res.body.error_id).toBe('string');
    if (code) expect(res.body.error_code).toBe(code);
  }

  const ids = (objects: unknown) => ((objects as Obj[] | undefined) ?? []).map((o) => o.id);

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      env: { NOHAVEN_BODY_LIMIT: String(BODY_LIMIT) },
    });
    admin = node.actor('admin');
    const auth = node.services.auth;
    const other = await auth.createOrganization(admin, {
      name: 'Other ISP',
      sector: 'industry',
      country: 'DE',
    });
    otherOrgId = other.id;
    await auth.createUser(admin, { username: 'ana', role: 'analyst', password: PASSWORD });
    await auth.createUser(admin, { username: 'ovi', role: 'oversight', password: PASSWORD });
    await auth.createUser(admin, {
      username: 'otto',
      role: 'analyst',
      organization: other.id,
      password: PASSWORD,
    });
    tokens.admin = (await auth.createTokenForUser(admin, node.adminUsername, 't')).token;
    tokens.analyst = (await auth.createTokenForUser(admin, 'ana', 't')).token;
    tokens.oversight = (await auth.createTokenForUser(admin, 'ovi', 't')).token;
    tokens.other = (await auth.createTokenForUser(admin, 'otto', 't')).token;
    const list = await call('GET', `${ROOT}/collections/`);
    defaultId = (list.body.collections as Json[])[0]!.id as string;
  });
  afterAll(async () => {
    await node?.close();
  });

  it('discovery lists the one API root as default; the API root states TAXII 2.1 and its limit', async () => {
    const d = await call('GET', '/taxii2/');
    expect(d.status).toBe(200);
    expect(d.headers['content-type']).toBe(TAXII);
    expect(d.body.title).toBe('Test node');
    expect(d.body.api_roots).toEqual([d.body.default]);
    expect(String(d.body.default)).toMatch(/\/taxii2\/nohaven\/$/);
    const r = await call('GET', `${ROOT}/`);
    expect(r.body).toMatchObject({ versions: [TAXII], max_content_length: BODY_LIMIT });
  });

  it('a fresh node has one default collection its members read and write; oversight reads only', async () => {
    const analyst = await call('GET', `${ROOT}/collections/`);
    expect(analyst.body.collections).toEqual([
      expect.objectContaining({
        id: defaultId,
        alias: 'default',
        can_read: true,
        can_write: true,
        media_types: ['application/stix+json;version=2.1'],
      }),
    ]);
    const one = await call('GET', `${ROOT}/collections/${defaultId}/`, { as: 'oversight' });
    expect(one.body).toMatchObject({ id: defaultId, can_read: true, can_write: false });
  });

  it('accepts HTTP Basic with a user name and password, and the media type without version', async () => {
    const basic = `Basic ${Buffer.from(`ana:${PASSWORD}`).toString('base64')}`;
    const res = await call('GET', `${ROOT}/collections/${defaultId}/`, {
      basic,
      headers: { accept: 'application/taxii+json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.can_write).toBe(true);
  });

  it('POST stores valid objects, reports invalid ones per object, and the status survives a restart for its creator only', async () => {
    const good = [indicator(), malware()];
    const bad = { ...indicator(), pattern_type: undefined, id: `indicator--${randomUUID()}` };
    const status = await add([good[0], bad, good[1]]);
    expect(status).toMatchObject({
      status: 'complete',
      total_count: 3,
      success_count: 2,
      failure_count: 1,
      pending_count: 0,
    });
    expect((status.successes as Json[]).map((s) => s.id)).toEqual(ids(good));
    const failure = (status.failures as Json[])[0]!;
    expect(failure.id).toBe(bad.id);
    expect(failure.message).toMatch(/object 1: .*pattern_type/);
    for (const o of good) {
      const got = await call('GET', `${ROOT}/collections/${defaultId}/objects/${o.id}/`);
      expect(ids(got.body.objects)).toEqual([o.id]);
    }
    const missing = await call('GET', `${ROOT}/collections/${defaultId}/objects/${bad.id}/`);
    expectError(missing, 404, 'NH_ERR_OBJECT_NOT_FOUND');

    // A second process on the same database reads the stored status.
    const deps = { config: node.config, database: node.db.handle, clock, webRoot: null };
    const restarted = await buildApp(deps, createServices(deps));
    try {
      const res = await restarted.inject({
        url: `${ROOT}/status/${status.id as string}/`,
        headers: { accept: TAXII, authorization: `Bearer ${tokens.analyst}` },
      });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body)).toEqual(status);
    } finally {
      await restarted.close();
    }
    const stranger = await call('GET', `${ROOT}/status/${status.id as string}/`, { as: 'other' });
    expectError(stranger, 404, 'NH_ERR_NOT_FOUND');
  });

  it('filters by match[id], match[type] (lists and repeats), match[spec_version] and added_after, with date-added headers', async () => {
    const a = indicator();
    const b = malware();
    const c = indicator();
    await add([a]);
    const before = clock.now().toISOString();
    await add([b, c]);
    const base = `${ROOT}/collections/${defaultId}/objects/`;
    const byId = await call('GET', `${base}?match[id]=${a.id},${c.id}`);
    expect(ids(byId.body.objects).sort()).toEqual([a.id, c.id].sort());
    const repeated = await call('GET', `${base}?match[id]=${a.id}&match[id]=${b.id}`);
    expect(ids(repeated.body.objects).sort()).toEqual([a.id, b.id].sort());
    const byType = await call('GET', `${base}?match[type]=malware&match[id]=${a.id},${b.id}`);
    expect(ids(byType.body.objects)).toEqual([b.id]);
    const after = await call(
      'GET',
      `${base}?added_after=${before}&match[id]=${a.id},${b.id},${c.id}`,
    );
    expect(ids(after.body.objects)).toEqual([b.id, c.id]);
    expect(after.headers['x-taxii-date-added-first']).toBe(
      after.headers['x-taxii-date-added-last'],
    );
    expect(String(after.headers['x-taxii-date-added-first']) > before).toBe(true);
    const spec21 = await call('GET', `${base}?match[spec_version]=2.1&match[id]=${a.id}`);
    expect(ids(spec21.body.objects)).toEqual([a.id]);
    const spec20 = await call('GET', `${base}?match[spec_version]=2.0&match[id]=${a.id}`);
    expect(spec20.body).toEqual({ more: false });
    expect(spec20.headers['x-taxii-date-added-first']).toBeUndefined();
  });

  it('match[version]: last by default, first, all, a timestamp, and lists of them; versions and manifest endpoints agree', async () => {
    const v1 = indicator({ modified: '2026-02-01T00:00:00.000Z' });
    const v2 = { ...v1, modified: '2026-02-02T00:00:00.000Z', name: 'v2' };
    const v3 = { ...v1, modified: '2026-02-03T00:00:00.000Z', name: 'v3' };
    await add([v1]);
    await add([v2]);
    await add([v3]);
    const one = `${ROOT}/collections/${defaultId}/objects/${v1.id}/`;
    const versionsOf = async (q: string) =>
      ((await call('GET', `${one}${q}`)).body.objects as Obj[]).map((o) => o.modified);
    expect(await versionsOf('')).toEqual([v3.modified]);
    expect(await versionsOf('?match[version]=first')).toEqual([v1.modified]);
    expect(await versionsOf('?match[version]=all')).toEqual([
      v1.modified,
      v2.modified,
      v3.modified,
    ]);
    expect(await versionsOf(`?match[version]=${v2.modified}`)).toEqual([v2.modified]);
    expect(await versionsOf('?match[version]=first,last')).toEqual([v1.modified, v3.modified]);
    const list = await call(
      'GET',
      `${ROOT}/collections/${defaultId}/objects/?match[id]=${v1.id}&match[version]=all`,
    );
    expect((list.body.objects as Obj[]).map((o) => o.modified)).toEqual([
      v1.modified,
      v2.modified,
      v3.modified,
    ]);
    const versions = await call('GET', `${one}versions/`);
    expect(versions.body).toEqual({
      more: false,
      versions: [v1.modified, v2.modified, v3.modified],
    });
    const paged = await call('GET', `${one}versions/?limit=2`);
    expect(paged.body).toMatchObject({ more: true, versions: [v1.modified, v2.modified] });
    const rest = await call('GET', `${one}versions/?limit=2&next=${paged.body.next as string}`);
    expect(rest.body).toEqual({ more: false, versions: [v3.modified] });
    const manifest = await call(
      'GET',
      `${ROOT}/collections/${defaultId}/manifest/?match[id]=${v1.id}&match[version]=all`,
    );
    expect(manifest.body.objects).toEqual(
      [v1, v2, v3].map((v) => ({
        id: v1.id,
        date_added: expect.any(String),
        version: v.modified,
        media_type: 'application/stix+json;version=2.1',
      })),
    );
    expect(manifest.headers['x-taxii-date-added-last']).toBe(
      (manifest.body.objects as Json[])[2]!.date_added,
    );
  });

  it('pages with limit and next without gaps or duplicates while objects are being added', async () => {
    await add(Array.from({ length: 7 }, () => malware()));
    const base = `${ROOT}/collections/${defaultId}/objects/?match[type]=malware&limit=3`;
    const initial = (await call('GET', `${base}00`)).body.objects as Obj[];
    expect(initial.length).toBeGreaterThan(3);
    /** Every id that must be seen, and each version added while paging. */
    const expected = new Set(initial.map((o) => o.id));
    const updates: string[] = [];
    const seen: Obj[] = [];
    let next: string | undefined;
    let round = 0;
    do {
      const res = await call('GET', next ? `${base}&next=${next}` : base);
      expect(res.status).toBe(200);
      seen.push(...((res.body.objects as Obj[] | undefined) ?? []));
      next = res.body.more === true ? (res.body.next as string) : undefined;
      // Between page fetches, another client adds new objects and a new version of one seen.
      if (round < 3) {
        const fresh = [malware(), malware()];
        const update = { ...seen[round]!, modified: `2026-02-2${round}T00:00:00.000Z` };
        await add([...fresh, update]);
        for (const f of fresh) expected.add(f.id);
        updates.push(`${update.id}|${update.modified}`);
      }
      round++;
    } while (next !== undefined);
    const versions = seen.map((o) => `${o.id}|${String(o.modified)}`);
    expect(new Set(versions).size).toBe(versions.length);
    for (const id of expected) expect(seen.map((o) => o.id)).toContain(id);
    for (const v of updates) expect(versions).toContain(v);
  });

  it('DELETE removes an object for its owner organisation’s writers; others get 403, then 404', async () => {
    const mine = indicator({ object_marking_refs: [TLP_IDS.green] });
    await add([mine]);
    const url = `${ROOT}/collections/${defaultId}/objects/${mine.id}/`;
    expectError(await call('DELETE', url, { as: 'other' }), 403, 'NH_ERR_FORBIDDEN');
    expectError(await call('DELETE', url, { as: 'oversight' }), 403, 'NH_ERR_FORBIDDEN');
    const del = await call('DELETE', url);
    expect(del.status).toBe(200);
    expectError(await call('GET', url), 404, 'NH_ERR_OBJECT_NOT_FOUND');
    expectError(await call('DELETE', url), 404, 'NH_ERR_OBJECT_NOT_FOUND');
  });

  it('DELETE with match[version] removes one version and the newest remaining becomes the latest', async () => {
    const v1 = malware({ modified: '2026-02-05T00:00:00.000Z' });
    const v2 = { ...v1, modified: '2026-02-06T00:00:00.000Z' };
    await add([v1, v2]);
    const url = `${ROOT}/collections/${defaultId}/objects/${v1.id}/`;
    expect((await call('DELETE', `${url}?match[version]=last`)).status).toBe(200);
    const left = await call('GET', url);
    expect((left.body.objects as Obj[]).map((o) => o.modified)).toEqual([v1.modified]);
  });

  it('every object returned passes the read policy: another organisation never sees AMBER+STRICT', async () => {
    const strict = indicator({ object_marking_refs: [TLP_IDS.amberStrict] });
    const green = indicator({ object_marking_refs: [TLP_IDS.green] });
    await add([strict, green]);
    const q = `?match[id]=${strict.id},${green.id}`;
    for (const path of ['objects/', 'manifest/']) {
      const mine = await call('GET', `${ROOT}/collections/${defaultId}/${path}${q}`);
      expect(ids(mine.body.objects).sort()).toEqual([strict.id, green.id].sort());
      const theirs = await call('GET', `${ROOT}/collections/${defaultId}/${path}${q}`, {
        as: 'other',
      });
      expect(ids(theirs.body.objects)).toEqual([green.id]);
    }
    const hidden = `${ROOT}/collections/${defaultId}/objects/${strict.id}/`;
    expectError(await call('GET', hidden, { as: 'other' }), 404);
    expectError(await call('GET', `${hidden}versions/`, { as: 'other' }), 404);
  });

  it('admins define collections as views (types, TLP ceiling, audiences) and inboxes; can_read/can_write follow the actor', async () => {
    const created = await node.app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: {
        title: 'Green malware for analysts',
        alias: 'green-malware',
        filter: { types: ['malware'], max_tlp: 'green', include_unmarked: false },
        readers: { roles: ['analyst'], organization_ids: [] },
        writers: null,
      },
    });
    expect(created.statusCode).toBe(201);
    const view = JSON.parse(created.body) as Json;
    const greenMalware = malware({ object_marking_refs: [TLP_IDS.green] });
    const amberMalware = malware({ object_marking_refs: [TLP_IDS.amber] });
    await add([greenMalware, amberMalware, indicator({ object_marking_refs: [TLP_IDS.green] })]);
    const seen = await call('GET', `${ROOT}/collections/${view.id as string}/objects/?limit=1000`);
    expect(ids(seen.body.objects)).toContain(greenMalware.id);
    expect(ids(seen.body.objects)).not.toContain(amberMalware.id);
    for (const o of seen.body.objects as Obj[]) expect(o.type).toBe('malware');
    const access = await call('GET', `${ROOT}/collections/${view.id as string}/`);
    expect(access.body).toMatchObject({ can_read: true, can_write: false });
    expectError(
      await call('POST', `${ROOT}/collections/${view.id as string}/objects/`, {
        body: { objects: [malware()] },
      }),
      403,
      'NH_ERR_FORBIDDEN',
    );
    // Oversight is not among the readers: the collection is invisible to it.
    const forOversight = await call('GET', `${ROOT}/collections/`, { as: 'oversight' });
    expect((forOversight.body.collections as Json[]).map((c) => c.id)).not.toContain(view.id);

    const inboxRes = await node.app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: {
        title: 'Contributions',
        kind: 'inbox',
        readers: { roles: ['oversight'], organization_ids: [] },
      },
    });
    const inbox = JSON.parse(inboxRes.body) as Json;
    const contributed = indicator();
    await add([contributed], inbox.id as string);
    const inInbox = await call('GET', `${ROOT}/collections/${inbox.id as string}/objects/`, {
      as: 'oversight',
    });
    expect(ids(inInbox.body.objects)).toEqual([contributed.id]);
    expectError(
      await call('GET', `${ROOT}/collections/${inbox.id as string}/objects/`),
      403,
      'NH_ERR_FORBIDDEN',
    );

    const list = await node.app.inject({
      url: '/api/v1/collections',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(
      (JSON.parse(list.body) as { collections: Json[] }).collections.map((c) => c.title),
    ).toEqual(['Default', 'Green malware for analysts', 'Contributions']);
    const notAdmin = await node.app.inject({
      url: '/api/v1/collections',
      headers: { authorization: `Bearer ${tokens.analyst}` },
    });
    expect(notAdmin.statusCode).toBe(403);
    const removed = await node.app.inject({
      method: 'DELETE',
      url: `/api/v1/collections/${inbox.id as string}`,
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(removed.statusCode).toBe(204);
    expectError(
      await call('GET', `${ROOT}/collections/${inbox.id as string}/`, { as: 'oversight' }),
      404,
    );
    expect(otherOrgId).toMatch(/^identity--/);
  });

  it('nohaven collection add|list|remove manage collections', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]) =>
      new Writable({
        write(chunk: Buffer, _e, done) {
          into.push(chunk.toString());
          done();
        },
      });
    const io = {
      stdout: sink(out),
      stderr: sink(err),
      env: {},
      openNode: async () => ({
        config: node.config,
        database: node.db.handle,
        services: node.services,
        close: async () => {},
      }),
    };
    expect(
      await main(
        [
          'collection',
          'add',
          'Public',
          'feed',
          '--alias',
          'public',
          '--max-tlp',
          'clear',
          '--no-write',
        ],
        io,
      ),
    ).toBe(0);
    expect(out.join('')).toMatch(/created collection Public feed/);
    expect(await main(['collection', 'list'], io)).toBe(0);
    expect(out.join('')).toMatch(
      /Public feed \(alias public\) {2}\[view\]\n {2}shows: {2}TLP up to clear\n {2}read: {3}any role of any organisation\n {2}write: {2}nobody/,
    );
    expect(await main(['collection', 'add', 'X', '--max-tlp', 'purple'], io)).toBe(2);
    expect(await main(['collection', 'remove', 'public'], io)).toBe(0);
    expect(await main(['collection', 'remove', 'public'], io)).toBe(1);
    expect(err.join('')).toMatch(/collection public was not found/);
  });

  it('answers every error with the TAXII error resource and the right status', async () => {
    const objects = `${ROOT}/collections/${defaultId}/objects/`;
    const none = await call('GET', objects, { as: null });
    expectError(none, 401, 'NH_ERR_UNAUTHENTICATED');
    expect(String(none.headers['www-authenticate'])).toMatch(/^Basic realm=.*Bearer/);
    const wrong = `Basic ${Buffer.from('ana:not the password').toString('base64')}`;
    expectError(await call('GET', objects, { basic: wrong }), 401, 'NH_ERR_BAD_CREDENTIALS');
    expectError(await call('GET', objects, { basic: 'Basic %%%' }), 401);
    expectError(
      await call('GET', objects, { basic: 'Bearer nh_not-a-token' }),
      401,
      'NH_ERR_UNAUTHENTICATED',
    );
    expectError(await call('GET', `/taxii2/other-root/`), 404, 'NH_ERR_NOT_FOUND');
    expectError(await call('GET', `${ROOT}/collections/${randomUUID()}/`), 404);
    expectError(await call('GET', `${objects}indicator--${randomUUID()}/`), 404);
    expectError(await call('GET', `${ROOT}/status/${randomUUID()}/`), 404);
    expectError(await call('GET', `${ROOT}/no-such-endpoint/`), 404);
    expectError(await call('GET', objects, { headers: { accept: 'application/json' } }), 406);
    expectError(
      await call('GET', objects, { headers: { accept: 'application/taxii+json;version=2.0' } }),
      406,
      'NH_ERR_NOT_ACCEPTABLE',
    );
    for (const type of ['application/json', 'application/taxii+json;version=2.0', 'text/plain']) {
      expectError(
        await call('POST', objects, { body: { objects: [] }, headers: { 'content-type': type } }),
        415,
        'NH_ERR_UNSUPPORTED_MEDIA_TYPE',
      );
    }
    const big = {
      objects: Array.from({ length: 200 }, () => indicator({ description: 'x'.repeat(400) })),
    };
    expectError(await call('POST', objects, { body: big }), 413, 'NH_ERR_INPUT_LIMIT');
    expectError(
      await call('POST', objects, { body: '{"objects": [' }),
      400,
      'NH_ERR_MALFORMED_JSON',
    );
    expectError(await call('POST', objects, { body: { objects: 3 } }), 400, 'NH_ERR_VALIDATION');
    expectError(
      await call('POST', objects, { body: { objects: [] }, as: 'oversight' }),
      403,
      'NH_ERR_FORBIDDEN',
    );
    for (const q of [
      'match[version]=newest',
      'match[id]=not-an-id',
      'match[type]=Bad_Type',
      'match[spec_version]=two',
      'match[colour]=red',
      'added_after=yesterday',
      'limit=0',
      'limit=ten',
      'match[id]=',
    ]) {
      const res = await call('GET', `${objects}?${q}`);
      expectError(res, 400, 'NH_ERR_VALIDATION');
      expect(res.body.description).toContain(q.split('=')[0]!);
    }
    expectError(await call('GET', `${objects}?next=garbage`), 400, 'NH_ERR_BAD_CURSOR');
    expectError(
      await call('GET', `${objects}?next=${Buffer.from('[1,2]').toString('base64url')}`),
      400,
      'NH_ERR_BAD_CURSOR',
    );
    expectError(
      await call('GET', `${objects}indicator--${randomUUID()}/versions/?match[type]=indicator`),
      400,
    );
  });

  it('a generic TAXII 2.1 client discovers, lists, reads with each filter, pages, adds, polls and deletes', async () => {
    const client = taxiiClient((method, url, body) =>
      call(method, url.replace(/^https?:\/\/[^/]+/, ''), body === undefined ? {} : { body }),
    );
    const report = await client.run([
      indicator(),
      malware(),
      indicator({ object_marking_refs: [TLP_IDS.clear] }),
    ]);
    expect(report.added).toBe(3);
    expect(report.readBack).toBe(3);
    expect(report.deleted).toBe(1);
    expect(report.pagedObjects).toBeGreaterThan(3);
    for (const o of report.everything) {
      expect(validateStixObject(o)).toEqual([]);
    }
  });
});

type Caller = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => Promise<Res>;

/**
 * A TAXII 2.1 client written from the specification's text (§4–§5), not from nohaven's server
 * code: it follows discovery to the default API root, picks a readable and writable collection,
 * and uses only what the resources say (URLs, `more`/`next`, status ids).
 */
function taxiiClient(call: Caller) {
  async function get(url: string): Promise<Json> {
    const res = await call('GET', url);
    if (res.status !== 200)
      throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async function pageAll(url: string, limit: number): Promise<Obj[]> {
    const out: Obj[] = [];
    let next: string | undefined;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const env = await get(
        `${url}${sep}limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
      );
      out.push(...((env.objects as Obj[] | undefined) ?? []));
      next = env.more === true ? (env.next as string) : undefined;
    } while (next !== undefined);
    return out;
  }
  return {
    async run(toAdd: Obj[]) {
      const discovery = await get('/taxii2/');
      const root = discovery.default as string;
      const info = await get(root);
      if (!(info.versions as string[]).includes('application/taxii+json;version=2.1'))
        throw new Error('server does not speak TAXII 2.1');
      const collections = ((await get(`${root}collections/`)).collections as Json[]) ?? [];
      const c = collections.find((x) => x.can_read === true && x.can_write === true);
      if (!c) throw new Error('no readable and writable collection');
      const objectsUrl = `${root}collections/${c.id as string}/objects/`;
      const everything: Obj[] = [];

      const posted = await call('POST', objectsUrl, { objects: toAdd });
      if (posted.status !== 202) throw new Error(`POST: ${posted.status}`);
      let status = posted.body;
      while (status.status === 'pending')
        status = await get(`${root}status/${status.id as string}/`);
      const polled = await get(`${root}status/${status.id as string}/`);
      const added = polled.success_count as number;

      const idList = toAdd.map((o) => o.id).join(',');
      const byId = (await get(`${objectsUrl}?match[id]=${idList}`)).objects as Obj[];
      everything.push(...byId);
      for (const t of new Set(toAdd.map((o) => o.type))) {
        const typed = (await get(`${objectsUrl}?match[type]=${t}&match[id]=${idList}`))
          .objects as Obj[];
        if (typed.some((o) => o.type !== t)) throw new Error('match[type] returned another type');
        everything.push(...typed);
      }
      for (const v of ['last', 'first', 'all']) {
        everything.push(
          ...(((await get(`${objectsUrl}?match[version]=${v}&match[id]=${idList}`))
            .objects as Obj[]) ?? []),
        );
      }
      everything.push(
        ...(((await get(`${objectsUrl}?match[spec_version]=2.1&match[id]=${idList}`))
          .objects as Obj[]) ?? []),
      );
      everything.push(
        ...(((await get(`${objectsUrl}?added_after=2000-01-01T00:00:00Z&match[id]=${idList}`))
          .objects as Obj[]) ?? []),
      );
      const paged = await pageAll(objectsUrl, 2);
      if (new Set(paged.map((o) => `${o.id}|${String(o.modified)}`)).size !== paged.length)
        throw new Error('duplicates across pages');
      everything.push(...paged);
      const manifest = await get(
        `${root}collections/${c.id as string}/manifest/?match[id]=${idList}`,
      );
      const first = toAdd[0]!;
      const versions = await get(`${objectsUrl}${first.id}/versions/`);
      if ((versions.versions as string[]).length < 1) throw new Error('no versions');
      const single = (await get(`${objectsUrl}${first.id}/`)).objects as Obj[];
      everything.push(...single);
      const del = await call('DELETE', `${objectsUrl}${first.id}/`);
      const gone = await call('GET', `${objectsUrl}${first.id}/`);
      return {
        added,
        readBack: (manifest.objects as Json[]).length,
        deleted: del.status === 200 && gone.status === 404 ? 1 : 0,
        pagedObjects: paged.length,
        everything,
      };
    },
  };
}
