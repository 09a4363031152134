/**
 * Issue 4 through the REST API, on both databases: any input → intake pipeline → store.
 * Feeds fold repeated reports of the same observable by the same source within the
 * de-duplication window into one observed-data with a count and first/last seen, across
 * imports too; broken records are reported with their line; all-or-nothing by default.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENRICHMENT_EXTENSION_ID } from '../src/enrich/enrichment-extension.js';
import { TLP } from '../src/stix/index.js';
import { validateStixObject } from '../src/stix/index.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { bundle, indicator } from './support/stix-fixtures.js';

interface Obj {
  id: string;
  type: string;
  [key: string]: unknown;
}

describeDialects('intake over HTTP', (dialect) => {
  let node: TestNode;
  let cookie: string;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      env: { NOHAVEN_DEDUP_WINDOW_SECONDS: '3600', NOHAVEN_BODY_LIMIT: '65536' },
    });
    cookie = await node.signIn();
  });
  afterAll(async () => node?.close());

  const importFile = (body: string | Buffer, query: string) =>
    node.app.inject({
      method: 'POST',
      url: `/api/v1/imports${query}`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: body,
    });
  const list = async (type: string): Promise<Obj[]> => {
    const res = await node.app.inject({
      method: 'GET',
      url: `/api/v1/objects?type=${type}&limit=1000`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: { object: Obj }[] }).items.map((o) => o.object);
  };

  it('lists the formats and the shipped feeds', async () => {
    const res = await node.app.inject({
      method: 'GET',
      url: '/api/v1/imports/formats',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().formats.map((f: { name: string }) => f.name)).toContain('stix');
    expect(res.json().feeds.map((f: { name: string }) => f.name)).toContain('blocklistde-imap');
    expect(
      (await node.app.inject({ method: 'GET', url: '/api/v1/imports/formats' })).statusCode,
    ).toBe(401);
  });

  it('imports a feed: observables, and one observation per observable with its count', async () => {
    const feed = '# blocklist\n192.0.2.10\n198.51.100.7\n192.0.2.10\n2001:DB8::1\n192.0.2.10\n';
    const res = await importFile(feed, '?feed=blocklistde-imap');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      format: 'feed:blocklistde-imap',
      records: 5,
      folded: 2,
      problemCount: 0,
      rolledBack: false,
    });
    const addresses = [...(await list('ipv4-addr')), ...(await list('ipv6-addr'))];
    expect(addresses.map((a) => a.value).sort()).toEqual([
      '192.0.2.10',
      '198.51.100.7',
      '2001:db8::1',
    ]);
    for (const a of addresses) expect(a.object_marking_refs).toEqual([TLP.CLEAR.id]);
    const observations = await list('observed-data');
    expect(observations).toHaveLength(3);
    const byRef = new Map(observations.map((o) => [(o.object_refs as string[])[0], o]));
    const ten = addresses.find((a) => a.value === '192.0.2.10')!;
    expect(byRef.get(ten.id)).toMatchObject({
      number_observed: 3,
      first_observed: '2026-11-28T10:00:00.000Z',
      last_observed: '2026-11-28T10:00:00.000Z',
      labels: ['ids-alert'],
      object_marking_refs: [TLP.CLEAR.id],
    });
    for (const o of [...addresses, ...observations]) expect(validateStixObject(o)).toEqual([]);
    // Enriched offline: a documentation address is marked by the warninglist, not dropped.
    expect(ten.extensions).toMatchObject({
      [ENRICHMENT_EXTENSION_ID]: {
        extension_type: 'property-extension',
        warninglists: [expect.stringMatching(/documentation/i)],
      },
    });

    // A later report in the same window folds into the same observation…
    clock.advance(10 * 60_000);
    const again = await importFile('192.0.2.10\n', '?feed=blocklistde-imap');
    expect(again.statusCode).toBe(201);
    const folded = (await list('observed-data')).find(
      (o) => (o.object_refs as string[])[0] === ten.id,
    )!;
    expect(folded).toMatchObject({
      id: byRef.get(ten.id)!.id,
      number_observed: 4,
      first_observed: '2026-11-28T10:00:00.000Z',
      last_observed: '2026-11-28T10:10:00.000Z',
      created: byRef.get(ten.id)!.created,
    });
    expect((await list('observed-data')).length).toBe(3);
    // … and one in the next window starts a new observation.
    clock.advance(60 * 60_000);
    await importFile('192.0.2.10\n', '?feed=blocklistde-imap');
    expect((await list('observed-data')).length).toBe(4);
  });

  it('reports broken records by line: all or nothing by default, the rest with mode=partial', async () => {
    const feed = '203.0.113.5\nnot-an-ip\n203.0.113.6\n';
    const before = (await list('ipv4-addr')).length;
    const atomic = await importFile(feed, '?feed=blocklistde-imap');
    expect(atomic.statusCode).toBe(422);
    expect(atomic.json().error.message).toMatch(/nothing was stored/);
    expect(atomic.json().error.details).toEqual([
      { index: 2, path: 'line 2', message: 'source.ip: invalid IP address "not-an-ip"' },
    ]);
    expect((await list('ipv4-addr')).length).toBe(before);

    const partial = await importFile(feed, '?feed=blocklistde-imap&mode=partial');
    expect(partial.statusCode).toBe(201);
    expect(partial.json()).toMatchObject({
      records: 3,
      problemCount: 1,
      problems: [{ record: 2, line: 2, reason: 'source.ip: invalid IP address "not-an-ip"' }],
    });
    expect((await list('ipv4-addr')).length).toBe(before + 2);
  });

  it('detects a STIX bundle from its content and applies the chosen distribution', async () => {
    const i = indicator();
    const res = await importFile(JSON.stringify(bundle([i])), '?distribution=organisation');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ format: 'stix', stored: 1 });
    const got = await node.app.inject({
      method: 'GET',
      url: `/api/v1/objects/${i.id}`,
      headers: { cookie },
    });
    expect(got.json().distribution).toBe('organisation');
  });

  it('refuses unknown, binary and over-size input with a reason, storing nothing', async () => {
    const unknown = await importFile('hello world\n', '');
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json().error.message).toMatch(/not in a known format \(tried: stix/);
    const binary = await importFile(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0]), '');
    expect(binary.statusCode).toBe(415);
    expect(binary.json().error.message).toMatch(/binary data/);
    const badFeed = await importFile('192.0.2.1\n', '?feed=no-such-feed');
    expect(badFeed.statusCode).toBe(400);
    expect(badFeed.json().error.message).toMatch(/unknown feed "no-such-feed"/);
    const badFormat = await importFile('{}', '?format=nonsense');
    expect(badFormat.statusCode).toBe(400);
    const before = (await list('ipv4-addr')).length;
    const big = await importFile('192.0.2.200\n'.repeat(7000), '?feed=blocklistde-imap');
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(
      /larger than this node accepts over HTTP \(65536 bytes\)/,
    );
    expect((await list('ipv4-addr')).length).toBe(before);
  });
});
