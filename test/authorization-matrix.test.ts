import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/platform/actor.js';
import { exportCommand } from '../src/cli/commands/export.command.js';
import type { CliContext } from '../src/cli/command.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, indicator, malware } from './support/stix-fixtures.js';
import { objectIds, openSse, type SseConnection } from './support/sse-client.js';

/**
 * The authorization matrix (issue #3): every reader × every object × every read path, against
 * an expectation table written by hand from the rules (it does not call the policy).
 *
 * Organisations: OWN (the node organisation, owner of every object and of the sharing group),
 * MEMBER (a member of the sharing group), OUTSIDER (not a member). Every role exists in every
 * organisation; two more users, one in MEMBER and one in OUTSIDER, are the named RED
 * recipients of every object.
 */
type Relation = 'own' | 'member' | 'outsider' | 'named-member' | 'named-outsider';
type Marking = 'clear' | 'green' | 'unmarked' | 'amber' | 'amber+strict' | 'red';
type Dist = 'organisation' | 'community' | 'connected' | 'all' | 'group';

const MARKINGS: readonly Marking[] = ['clear', 'green', 'unmarked', 'amber', 'amber+strict', 'red'];
const DISTS: readonly Dist[] = ['organisation', 'community', 'connected', 'all', 'group'];

const EVERYONE: Relation[] = ['own', 'member', 'outsider', 'named-member', 'named-outsider'];
const GROUP: Relation[] = ['own', 'member', 'named-member'];
const NODE_WIDE: Record<Marking, Relation[]> = {
  clear: EVERYONE,
  green: EVERYONE,
  unmarked: EVERYONE,
  amber: ['own'],
  'amber+strict': ['own'],
  red: ['named-member', 'named-outsider'],
};

/** Who sees what: written from the rules, by hand. */
const EXPECTED: Record<Dist, Record<Marking, Relation[]>> = {
  organisation: {
    clear: ['own'],
    green: ['own'],
    unmarked: ['own'],
    amber: ['own'],
    'amber+strict': ['own'],
    red: [],
  },
  community: NODE_WIDE,
  connected: NODE_WIDE,
  all: NODE_WIDE,
  group: {
    clear: GROUP,
    green: GROUP,
    unmarked: GROUP,
    amber: GROUP,
    'amber+strict': ['own'],
    red: ['named-member'],
  },
};

const MARKING_REFS: Record<Marking, string[]> = {
  clear: [TLP_IDS.clear],
  green: [TLP_IDS.green],
  unmarked: [],
  amber: [TLP_IDS.amber],
  'amber+strict': [TLP_IDS.amberStrict],
  // Several markings: the strictest applies.
  red: [TLP_IDS.green, TLP_IDS.red],
};

interface Reader {
  readonly label: string;
  readonly relation: Relation;
  readonly role: Role;
  readonly token: string;
}

interface Cell {
  readonly id: string;
  readonly marking: Marking;
  readonly dist: Dist;
}

describeDialects('authorization matrix: zero leaks', (dialect) => {
  let node: TestNode;
  const readers: Reader[] = [];
  const cells: Cell[] = [];
  let breakGlassToken: string;
  /** The live stream (`GET /api/v1/stream`) of each reader, opened before any object is stored. */
  const live = new Map<string, SseConnection>();
  let streamBase: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    const { auth, sharingGroups, objects } = node.services;
    const root = node.actor('admin');
    const member = await auth.createOrganization(root, {
      name: 'Member bank',
      sector: 'industry',
      country: 'DE',
    });
    const outsider = await auth.createOrganization(root, {
      name: 'Outside ISP',
      sector: 'industry',
      country: 'IT',
    });
    const group = await sharingGroups.create(root, { name: 'Matrix group' });
    await sharingGroups.addMember(root, group.id, member.id);

    const orgOf: Record<'own' | 'member' | 'outsider', string> = {
      own: 'Test CERT',
      member: member.name,
      outsider: outsider.name,
    };
    const addUser = async (relation: Relation, role: Role, org: string) => {
      const username = `${relation}-${role}`;
      await auth.createUser(root, {
        username,
        role,
        organization: org,
        password: 'matrix-password-1',
      });
      const { token } = await auth.createTokenForUser(root, username, 'matrix');
      readers.push({ label: username, relation, role, token });
    };
    for (const relation of ['own', 'member', 'outsider'] as const)
      for (const role of ROLES) await addUser(relation, role, orgOf[relation]);
    await addUser('named-member', 'analyst', orgOf.member);
    await addUser('named-outsider', 'reporter', orgOf.outsider);

    // An admin of the outsider organisation with an open break-glass window.
    await auth.createUser(root, {
      username: 'glass',
      role: 'admin',
      organization: orgOf.outsider,
      password: 'matrix-password-1',
    });
    breakGlassToken = (await auth.createTokenForUser(root, 'glass', 'matrix')).token;

    await node.app.listen({ host: '127.0.0.1', port: 0 });
    streamBase = `http://127.0.0.1:${(node.app.server.address() as { port: number }).port}`;
    for (const r of readers) live.set(r.label, await openStream(r.token));
    live.set('glass', await openStream(breakGlassToken));

    const owner = node.actor('analyst');
    for (const dist of DISTS) {
      const batch = MARKINGS.map((marking) => {
        const refs = MARKING_REFS[marking];
        const o = indicator({
          name: `${marking} ${dist}`,
          ...(refs.length > 0 ? { object_marking_refs: refs } : {}),
        });
        cells.push({ id: o.id, marking, dist });
        return o;
      });
      const summary = await objects.ingest(owner, batch, {
        mode: 'atomic',
        distribution: dist === 'group' ? `sharing-group:${group.id}` : dist,
        recipients: { usernames: ['named-member-analyst', 'named-outsider-reporter'] },
      });
      expect(summary.rejected).toEqual([]);
      expect(summary.stored).toBe(MARKINGS.length);
    }
    const res = await node.app.inject({
      method: 'POST',
      url: '/api/v1/break-glass',
      headers: { authorization: `Bearer ${breakGlassToken}` },
      payload: { reason: 'incident 4711: verifying a reported leak' },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    for (const c of live.values()) c.close();
    await node?.close();
  });

  const openStream = async (token: string, query = '') => {
    const c = await openSse(`${streamBase}/api/v1/stream${query}`, {
      authorization: `Bearer ${token}`,
    });
    expect(c.status).toBe(200);
    return c;
  };

  /**
   * A CLEAR object for everyone (not an indicator), stored once after the matrix: a stream has
   * decided every matrix object when the sentinel reaches it, since events arrive in order.
   */
  let sentinelId: string | null = null;
  const sentinel = async () => {
    if (sentinelId !== null) return sentinelId;
    const m = malware({ object_marking_refs: [TLP_IDS.clear] });
    const summary = await node.services.objects.ingest(node.actor('analyst'), [m], {
      mode: 'atomic',
      distribution: 'all',
    });
    expect(summary.stored).toBe(1);
    sentinelId = m.id;
    return m.id;
  };
  const receivedIndicators = async (c: SseConnection) => {
    const id = await sentinel();
    await c.until((s) => objectIds(s).includes(id));
    return objectIds(c).filter((i) => cells.some((cell) => cell.id === i));
  };

  const get = (token: string, url: string) =>
    node.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  const expectedFor = (relation: Relation) =>
    new Set(cells.filter((c) => EXPECTED[c.dist][c.marking].includes(relation)).map((c) => c.id));

  it('builds the whole matrix: 6 roles × 3 organisations + 2 named users, 6 markings × 5 distributions', () => {
    expect(readers).toHaveLength(20);
    expect(cells).toHaveLength(30);
  });

  it(
    'REST list, counts and export (stream) show each reader exactly the expected objects',
    {
      timeout: 120_000,
    },
    async () => {
      for (const r of readers) {
        const expected = expectedFor(r.relation);
        const list = await get(r.token, '/api/v1/objects?type=indicator&limit=1000');
        expect(list.statusCode).toBe(200);
        const listed = new Set(
          list.json().items.map((s: { object: { id: string } }) => s.object.id),
        );
        expect([...listed].sort(), `list for ${r.label}`).toEqual([...expected].sort());

        const overview = await get(r.token, '/api/v1/node');
        expect(overview.json().counts.byType.indicator ?? 0, `counts for ${r.label}`).toBe(
          expected.size,
        );

        const actor = (await node.services.auth.actorFromApiToken(r.token))!;
        const streamed: string[] = [];
        for await (const s of node.services.objects.stream(actor, { types: ['indicator'] }))
          streamed.push(s.object.id);
        expect(streamed.sort(), `export stream for ${r.label}`).toEqual([...expected].sort());
      }
    },
  );

  it(
    'REST get, versions and audience answer 200 exactly for the expected objects, 404 otherwise',
    {
      timeout: 180_000,
    },
    async () => {
      for (const r of readers) {
        // One reader's requests run concurrently; the readers one after another.
        await Promise.all(
          cells.map(async (c) => {
            const visible = EXPECTED[c.dist][c.marking].includes(r.relation);
            const label = `${r.label} × ${c.marking}/${c.dist}`;
            const one = await get(r.token, `/api/v1/objects/${c.id}`);
            expect(one.statusCode, `get ${label}`).toBe(visible ? 200 : 404);
            if (!visible) expect(one.body).not.toContain(`${c.marking} ${c.dist}`);
            const versions = await get(r.token, `/api/v1/objects/${c.id}/versions`);
            expect(versions.statusCode, `versions ${label}`).toBe(visible ? 200 : 404);
            const audience = await get(r.token, `/api/v1/objects/${c.id}/audience`);
            expect(audience.statusCode, `audience ${label}`).toBe(visible ? 200 : 404);
          }),
        );
      }
    },
  );

  it(
    'search (q) shows each reader exactly the expected objects',
    {
      timeout: 120_000,
    },
    async () => {
      for (const r of readers) {
        const expected = expectedFor(r.relation);
        for (const dist of DISTS) {
          // Each object is named "<marking> <distribution>": searching a distribution finds its row.
          const res = await get(r.token, `/api/v1/objects?type=indicator&limit=1000&q=${dist}`);
          expect(res.statusCode).toBe(200);
          const found = res
            .json()
            .items.map((s: { object: { id: string } }) => s.object.id)
            .sort();
          const want = cells.filter((c) => c.dist === dist && expected.has(c.id)).map((c) => c.id);
          expect(found, `search "${dist}" for ${r.label}`).toEqual(want.sort());
        }
      }
    },
  );

  it(
    'TAXII objects, manifest, get-by-id and versions show each reader exactly the expected objects',
    {
      timeout: 240_000,
    },
    async () => {
      const taxii = (token: string, url: string) =>
        node.app.inject({
          method: 'GET',
          url,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/taxii+json;version=2.1',
          },
        });
      for (const r of readers) {
        const expected = expectedFor(r.relation);
        const list = await taxii(r.token, '/taxii2/nohaven/collections/');
        expect(list.statusCode, `collections for ${r.label}`).toBe(200);
        const collections = list.json().collections as { id: string; can_read: boolean }[];
        expect(
          collections.some((c) => c.can_read),
          `a readable collection for ${r.label}`,
        ).toBe(true);
        for (const collection of collections.filter((c) => c.can_read)) {
          const base = `/taxii2/nohaven/collections/${collection.id}`;
          const objects = await taxii(r.token, `${base}/objects/?match[type]=indicator&limit=1000`);
          expect(objects.statusCode).toBe(200);
          const seen = ((objects.json().objects ?? []) as { id: string }[]).map((o) => o.id);
          expect(seen.sort(), `TAXII objects for ${r.label}`).toEqual([...expected].sort());
          const manifest = await taxii(
            r.token,
            `${base}/manifest/?match[type]=indicator&limit=1000`,
          );
          expect(manifest.statusCode).toBe(200);
          const listed = ((manifest.json().objects ?? []) as { id: string }[]).map((o) => o.id);
          expect(listed.sort(), `TAXII manifest for ${r.label}`).toEqual([...expected].sort());
          await Promise.all(
            cells.map(async (c) => {
              const visible = expected.has(c.id);
              const label = `${r.label} × ${c.marking}/${c.dist}`;
              const one = await taxii(r.token, `${base}/objects/${c.id}/`);
              expect(one.statusCode, `TAXII get ${label}`).toBe(visible ? 200 : 404);
              if (visible)
                expect(one.json().objects.map((o: { id: string }) => o.id)).toEqual([c.id]);
              else expect(one.body).not.toContain(`${c.marking} ${c.dist}`);
              const versions = await taxii(r.token, `${base}/objects/${c.id}/versions/`);
              expect(versions.statusCode, `TAXII versions ${label}`).toBe(visible ? 200 : 404);
            }),
          );
        }
      }
    },
  );

  it('the live stream delivers each reader exactly the expected objects, once each; break-glass does not extend it', async () => {
    for (const r of readers) {
      const got = await receivedIndicators(live.get(r.label)!);
      expect(got.length, `no repeats on the live stream for ${r.label}`).toBe(new Set(got).size);
      expect(got.sort(), `live stream for ${r.label}`).toEqual([...expectedFor(r.relation)].sort());
    }
    expect((await receivedIndicators(live.get('glass')!)).sort(), 'live stream for glass').toEqual(
      [...expectedFor('outsider')].sort(),
    );
  });

  it(
    'the live stream resumed from the start (since=0) catches each reader up on exactly the expected objects, break-glass window open or not',
    { timeout: 60_000 },
    async () => {
      await sentinel();
      const check = async (token: string, label: string, expected: Set<string>) => {
        const c = await openStream(token, '?since=0');
        try {
          const got = await receivedIndicators(c);
          expect(got.length, `no repeats on catch-up for ${label}`).toBe(new Set(got).size);
          expect(got.sort(), `catch-up for ${label}`).toEqual([...expected].sort());
        } finally {
          c.close();
        }
      };
      await Promise.all(readers.map((r) => check(r.token, r.label, expectedFor(r.relation))));
      const glass = (await node.services.auth.actorFromApiToken(breakGlassToken))!;
      expect(await node.services.breakGlass.active(glass)).not.toBeNull();
      await check(breakGlassToken, 'glass', expectedFor('outsider'));
    },
  );

  it('nohaven export (the operator: the node organisation) exports what the owner organisation reads', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString('utf8')));
    const ctx: CliContext = {
      stdin: new PassThrough(),
      stdout: out,
      stderr: new PassThrough(),
      interactive: false,
      env: {},
      configFile: undefined,
      openNode: async () => ({
        config: node.config,
        database: node.db.handle,
        services: node.services,
        close: async () => {},
      }),
    };
    expect(await exportCommand.run(ctx, ['--type', 'indicator'])).toBe(0);
    const ids = (JSON.parse(text) as { objects: { id: string }[] }).objects.map((o) => o.id);
    expect(ids.sort()).toEqual([...expectedFor('own')].sort());
  });

  it('an admin reads everything only under break-glass, and each such read is audited with the reason', async () => {
    const expectedWithin = expectedFor('outsider');
    const list = await get(breakGlassToken, '/api/v1/objects?type=indicator&limit=1000');
    expect(list.json().items).toHaveLength(cells.length);
    for (const c of cells) {
      expect((await get(breakGlassToken, `/api/v1/objects/${c.id}`)).statusCode).toBe(200);
    }
    // Counts stay within the admin's own reach.
    expect((await get(breakGlassToken, '/api/v1/node')).json().counts.byType.indicator).toBe(
      expectedWithin.size,
    );
    const { entries } = await node.services.audit.list(node.actor('admin'), {
      limit: 1000,
      action: 'object.read.break-glass',
    });
    const glassReads = entries.filter((e) => e.actor === 'user:glass');
    const audited = new Set(glassReads.flatMap((e) => (e.details?.ids as string[]) ?? []));
    const beyond = cells.filter((c) => !expectedWithin.has(c.id)).map((c) => c.id);
    expect([...audited].sort()).toEqual(beyond.sort());
    expect(glassReads.every((e) => e.reason === 'incident 4711: verifying a reported leak')).toBe(
      true,
    );

    // Closed: back to the admin's own reach.
    const closed = await node.app.inject({
      method: 'DELETE',
      url: '/api/v1/break-glass',
      headers: { authorization: `Bearer ${breakGlassToken}` },
    });
    expect(closed.json()).toEqual({ closed: true });
    const after = await get(breakGlassToken, '/api/v1/objects?type=indicator&limit=1000');
    expect(
      after
        .json()
        .items.map((s: { object: { id: string } }) => s.object.id)
        .sort(),
    ).toEqual([...expectedWithin].sort());
  });
});
