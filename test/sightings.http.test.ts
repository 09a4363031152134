import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countryLocationId } from '../src/correlate/sighting.js';
import { fixedClock } from '../src/platform/ports.js';
import { deterministicScoId } from '../src/stix/index.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle, indicator, type Obj } from './support/stix-fixtures.js';

/** Issue 5, item 2: STIX sightings of indicators, written after commit, on both engines. */
function sco(type: string, props: Record<string, unknown>): Obj {
  const o = { type, spec_version: '2.1', ...props };
  return { id: deterministicScoId(o), ...o } as Obj;
}

function observed(
  refs: readonly Obj[],
  tlp: keyof typeof TLP_IDS,
  seen: [string, string],
  id = `observed-data--${randomUUID()}`,
  modified = '2026-03-01T09:00:00.000Z',
): Obj {
  return {
    type: 'observed-data',
    spec_version: '2.1',
    id,
    created: '2026-03-01T09:00:00.000Z',
    modified,
    first_observed: seen[0],
    last_observed: seen[1],
    number_observed: 1,
    object_refs: refs.map((r) => r.id),
    object_marking_refs: [TLP_IDS[tlp]],
  };
}

interface SightingView {
  id: string;
  sighting_of_ref: string;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  tlp: string | null;
  organization: { id: string; name: string | null } | null;
  country: string | null;
}

describeDialects('sightings over HTTP', (dialect) => {
  let node: TestNode;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  const call = (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  /** Stores over HTTP and waits until the sightings of what was stored are written. */
  const store = async (user: string, objects: unknown[]) => {
    const res = await call(user, 'POST', '/api/v1/objects', bundle(objects));
    expect(res.statusCode, res.body).toBeLessThan(300);
    await node.services.sightings.settled();
    return res.json<{ stored: number; duplicates: number }>();
  };
  const sightings = async (user: string, id: string): Promise<SightingView[]> => {
    const res = await call(user, 'GET', `/api/v1/objects/${id}/correlations`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ sightings: SightingView[] }>().sightings;
  };
  const byOrg = (list: SightingView[], org: string) =>
    list.filter((s) => s.organization?.id === orgs[org]);
  const allSightings = async () =>
    (
      await node.services.objects.list(node.actor('admin'), { types: ['sighting'], limit: 1000 })
    ).items.map((i) => i.object);

  const address = sco('ipv4-addr', { value: '203.0.113.7' });
  const elsewhere = sco('ipv4-addr', { value: '203.0.113.99' });
  const c2 = indicator({ pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/28']" });

  beforeAll(async () => {
    node = await makeTestNode(dialect, { clock: fixedClock('2026-03-01T10:00:00.000Z') });
    const { auth } = node.services;
    const root = node.actor('admin');
    for (const [name, country] of [
      ['Alpha', 'DE'],
      ['Bravo', 'NL'],
      ['Charlie', 'PH'],
    ] as const) {
      orgs[name.toLowerCase()] = (
        await auth.createOrganization(root, { name, sector: 'industry', country })
      ).id;
    }
    for (const [username, organization] of [
      ['alpha', 'Alpha'],
      ['bravo', 'Bravo'],
      ['bravo-2', 'Bravo'],
      ['charlie', 'Charlie'],
    ] as const) {
      await auth.createUser(root, {
        username,
        role: 'analyst',
        organization,
        password: 'sightings-pw-1',
      });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
    await store('alpha', [c2]);
  });
  afterAll(async () => node?.close());

  it('counts the reports of each organisation in a sighting of the matching indicator', async () => {
    const first = observed([address], 'green', [
      '2026-03-01T08:00:00.000Z',
      '2026-03-01T08:30:00Z',
    ]);
    await store('bravo', [address, first]);
    const second = observed([address], 'green', [
      '2026-03-01T09:00:00.000Z',
      '2026-03-01T09:40:00Z',
    ]);
    await store('charlie', [address, second]);
    const third = observed([address], 'clear', [
      '2026-03-01T07:00:00.000Z',
      '2026-03-01T07:10:00Z',
    ]);
    await store('bravo', [third]);

    const list = await sightings('alpha', c2.id);
    expect(list).toHaveLength(2);
    expect(byOrg(list, 'bravo')).toEqual([
      expect.objectContaining({
        sighting_of_ref: c2.id,
        count: 2,
        first_seen: '2026-03-01T07:00:00.000Z',
        last_seen: '2026-03-01T08:30:00Z',
        tlp: 'green',
        organization: { id: orgs.bravo, name: 'Bravo' },
        country: 'NL',
      }),
    ]);
    expect(byOrg(list, 'charlie')).toEqual([
      expect.objectContaining({ count: 1, country: 'PH', tlp: 'green' }),
    ]);
    // The report's own view shows the sightings of the indicator it matches.
    expect((await sightings('charlie', second.id)).map((s) => s.id).sort()).toEqual(
      list.map((s) => s.id).sort(),
    );

    // An ordinary STIX object: the sighting as the objects API serves it.
    const [bravo] = byOrg(list, 'bravo');
    const res = await call('charlie', 'GET', `/api/v1/objects/${bravo?.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const object = res.json<{ object: Record<string, unknown> }>().object;
    expect(object).toMatchObject({
      type: 'sighting',
      sighting_of_ref: c2.id,
      created_by_ref: node.organizationId,
      count: 2,
      where_sighted_refs: [orgs.bravo, countryLocationId('NL')],
      object_marking_refs: [TLP_IDS.green],
    });
    expect([...(object.observed_data_refs as string[])].sort()).toEqual(
      [first.id, third.id].sort(),
    );
    const location = await call('charlie', 'GET', `/api/v1/objects/${countryLocationId('NL')}`);
    expect(location.json<{ object: unknown }>().object).toMatchObject({ country: 'NL' });
  });

  it('does not count the same report twice: a re-import, nor a new version of it', async () => {
    const id = `observed-data--${randomUUID()}`;
    const report = observed(
      [address],
      'green',
      ['2026-03-01T09:50:00.000Z', '2026-03-01T09:55:00.000Z'],
      id,
    );
    await store('charlie', [report]);
    const count = async () => byOrg(await sightings('charlie', c2.id), 'charlie')[0];
    expect(await count()).toMatchObject({ count: 2, last_seen: '2026-03-01T09:55:00.000Z' });
    expect(await store('charlie', [report])).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await count()).toMatchObject({ count: 2 });
    // The same report observed longer: last seen moves, the count does not.
    const later = observed(
      [address],
      'green',
      ['2026-03-01T09:50:00.000Z', '2026-03-01T09:59:00.000Z'],
      id,
      '2026-03-01T09:59:00.000Z',
    );
    await store('charlie', [later]);
    expect(await count()).toMatchObject({ count: 2, last_seen: '2026-03-01T09:59:00.000Z' });
  });

  it('counts a report that refers to the indicator itself', async () => {
    const report = {
      type: 'report',
      spec_version: '2.1',
      id: `report--${randomUUID()}`,
      created: '2026-03-01T09:58:00.000Z',
      modified: '2026-03-01T09:58:00.000Z',
      name: 'C2 seen at Charlie',
      published: '2026-03-01T09:58:00.000Z',
      object_refs: [c2.id],
    };
    await store('charlie', [report]);
    expect(byOrg(await sightings('alpha', c2.id), 'charlie')[0]).toMatchObject({ count: 3 });
  });

  it('counts an intake import (a feed line) as a report', async () => {
    const res = await node.app.inject({
      method: 'POST',
      url: '/api/v1/imports?feed=blocklistde-imap',
      headers: {
        authorization: `Bearer ${tokens.charlie}`,
        'content-type': 'application/octet-stream',
      },
      payload: '203.0.113.7\n203.0.113.7\n',
    });
    expect(res.statusCode, res.body).toBe(201);
    await node.services.sightings.settled();
    // Two lines folded into one observation: one more report, seen at the intake time.
    expect(byOrg(await sightings('alpha', c2.id), 'charlie')[0]).toMatchObject({
      count: 4,
      last_seen: '2026-03-01T10:00:00.000Z',
    });
  });

  it('writes no sighting of an observable that no indicator matches', async () => {
    const before = (await allSightings()).length;
    await store('bravo', [
      elsewhere,
      observed([elsewhere], 'green', ['2026-03-01T09:00:00Z', '2026-03-01T09:01:00Z']),
    ]);
    expect((await allSightings()).length).toBe(before);
  });

  it('keeps the sighting of an AMBER+STRICT report within the reporting organisation', async () => {
    const strict = observed([address], 'amberStrict', [
      '2026-03-01T05:00:00.000Z',
      '2026-03-01T05:10:00.000Z',
    ]);
    await store('bravo', [strict]);
    const own = byOrg(await sightings('bravo', c2.id), 'bravo');
    expect(own).toHaveLength(2);
    const hidden = own.find((s) => s.tlp === 'amber+strict');
    expect(hidden).toMatchObject({ count: 1, first_seen: '2026-03-01T05:00:00.000Z' });
    // The GREEN sighting others read is unchanged: first seen is not moved to 05:00.
    expect(own.find((s) => s.tlp === 'green')).toMatchObject({
      count: 2,
      first_seen: '2026-03-01T07:00:00.000Z',
    });
    for (const other of ['alpha', 'charlie']) {
      expect((await sightings(other, c2.id)).map((s) => s.id)).not.toContain(hidden?.id);
      expect((await call(other, 'GET', `/api/v1/objects/${hidden?.id}`)).statusCode).toBe(404);
    }
  });

  it('keeps the sighting of a RED report to the users the report names', async () => {
    const red = observed([address], 'red', ['2026-03-01T04:00:00.000Z', '2026-03-01T04:01:00Z']);
    await store('bravo', [red]);
    const hidden = (await sightings('bravo', c2.id)).find((s) => s.tlp === 'red');
    expect(hidden).toMatchObject({ count: 1, organization: { id: orgs.bravo, name: 'Bravo' } });
    for (const other of ['alpha', 'charlie', 'bravo-2']) {
      expect((await sightings(other, c2.id)).map((s) => s.tlp)).not.toContain('red');
      expect((await call(other, 'GET', `/api/v1/objects/${hidden?.id}`)).statusCode).toBe(404);
    }
  });

  it('writes no sighting of an indicator the reporting organisation may not read', async () => {
    const secret = indicator({
      pattern: "[ipv4-addr:value = '203.0.113.7']",
      object_marking_refs: [TLP_IDS.amberStrict],
    });
    await store('alpha', [secret]);
    await store('bravo', [
      observed([address], 'green', ['2026-03-01T09:00:00Z', '2026-03-01T09:01:00Z']),
    ]);
    expect((await allSightings()).some((s) => s.sighting_of_ref === secret.id)).toBe(false);
    // Alpha's own report of it is a sighting Alpha reads.
    await store('alpha', [
      observed([address], 'green', ['2026-03-01T09:00:00Z', '2026-03-01T09:01:00Z']),
    ]);
    expect(await sightings('alpha', secret.id)).toEqual([
      expect.objectContaining({ count: 1, tlp: 'amber+strict', country: 'DE' }),
    ]);
    expect(await sightings('bravo', c2.id)).not.toContainEqual(
      expect.objectContaining({ sighting_of_ref: secret.id }),
    );
  });
});
