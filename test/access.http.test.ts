import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../src/platform/ports.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle, indicator, malware, relationship } from './support/stix-fixtures.js';

/**
 * The subtle cases of the access policy (issue #3), hand-written: related objects, references,
 * versions, sharing groups with hidden members, break-glass, the audience.
 */
describeDialects('access policy: subtle cases over HTTP', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-03-01T10:00:00.000Z');
  const tokens: Record<string, string> = {};
  let memberOrg: string;
  let outsiderOrg: string;
  let groupId: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect, { clock });
    const { auth, sharingGroups } = node.services;
    const root = node.actor('admin');
    memberOrg = (
      await auth.createOrganization(root, { name: 'Member', sector: 'industry', country: 'DE' })
    ).id;
    outsiderOrg = (
      await auth.createOrganization(root, { name: 'Outsider', sector: 'industry', country: 'IT' })
    ).id;
    groupId = (await sharingGroups.create(root, { name: 'Hidden circle', hideMembers: true })).id;
    await sharingGroups.addMember(root, groupId, memberOrg);
    const users: [string, string, string][] = [
      ['owner', 'analyst', 'Test CERT'],
      ['member', 'analyst', 'Member'],
      ['outsider', 'analyst', 'Outsider'],
      ['outsider-admin', 'admin', 'Outsider'],
      ['named', 'reporter', 'Outsider'],
    ];
    for (const [username, role, organization] of users) {
      await auth.createUser(root, { username, role, organization, password: 'access-password-1' });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
  });
  afterAll(async () => node?.close());

  const call = (user: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('returns a relationship to a RED object without resolving the RED object', async () => {
    const secret = malware({ name: 'Sekretbot', object_marking_refs: [TLP_IDS.red] });
    const seen = indicator({ object_marking_refs: [TLP_IDS.green] });
    const rel = { ...relationship(seen, secret), object_marking_refs: [TLP_IDS.green] };
    const report = {
      type: 'report',
      spec_version: '2.1',
      id: 'report--6f0a3a2e-52c5-4a47-9b8a-0b1b1b1b1b1b',
      created: '2026-01-10T10:00:00.000Z',
      modified: '2026-01-10T10:00:00.000Z',
      name: 'Campaign report',
      published: '2026-01-10T10:00:00.000Z',
      object_refs: [seen.id, secret.id],
      object_marking_refs: [TLP_IDS.green],
    };
    expect(
      (await call('owner', 'POST', '/api/v1/objects', bundle([secret, seen, rel, report])))
        .statusCode,
    ).toBe(201);

    expect((await call('outsider', 'GET', `/api/v1/objects/${rel.id}`)).statusCode).toBe(200);
    expect((await call('outsider', 'GET', `/api/v1/objects/${report.id}`)).statusCode).toBe(200);
    // What the UI does to name a reference: the RED target answers 404, no name.
    const target = await call('outsider', 'GET', `/api/v1/objects/${secret.id}`);
    expect(target.statusCode).toBe(404);
    expect(target.body).not.toContain('Sekretbot');
    expect(
      (await call('outsider', 'GET', `/api/v1/objects/${secret.id}/versions`)).statusCode,
    ).toBe(404);
    expect(
      (await call('outsider', 'GET', `/api/v1/objects/${secret.id}/audience`)).statusCode,
    ).toBe(404);
    // Not findable by its name, its type or its creator either.
    for (const q of ['q=Sekretbot', 'type=malware', `marking=${TLP_IDS.red}`]) {
      const list = await call('outsider', 'GET', `/api/v1/objects?${q}&limit=1000`);
      expect(list.body, q).not.toContain(secret.id);
    }
    const counts = (await call('outsider', 'GET', '/api/v1/node')).json().counts.byType;
    expect(counts.malware ?? 0).toBe(0);
    // The submitting user is a named recipient of what they store as RED.
    expect((await call('owner', 'GET', `/api/v1/objects/${secret.id}`)).statusCode).toBe(200);
    expect((await call('member', 'GET', `/api/v1/objects/${secret.id}`)).statusCode).toBe(404);
  });

  it('versions are decided one by one: a version tightened to AMBER+STRICT hides from others', async () => {
    const v1 = indicator({ object_marking_refs: [TLP_IDS.green] });
    const v2 = {
      ...v1,
      modified: '2026-02-01T00:00:00.000Z',
      name: 'tightened',
      object_marking_refs: [TLP_IDS.amberStrict],
    };
    await call('owner', 'POST', '/api/v1/objects', bundle([v1]));
    await call('owner', 'POST', '/api/v1/objects', bundle([v2]));
    expect((await call('outsider', 'GET', `/api/v1/objects/${v1.id}`)).statusCode).toBe(404);
    const versions = (await call('outsider', 'GET', `/api/v1/objects/${v1.id}/versions`)).json()
      .versions;
    expect(versions).toHaveLength(1);
    expect(versions[0].latest).toBe(false);
    const list = await call('outsider', 'GET', '/api/v1/objects?q=tightened');
    expect(list.json().items).toEqual([]);
  });

  it('names recipients at ingest: AMBER+STRICT to a named organisation, RED to a named user', async () => {
    const strict = indicator({ object_marking_refs: [TLP_IDS.amberStrict] });
    const red = indicator({ object_marking_refs: [TLP_IDS.red] });
    const res = await call(
      'owner',
      'POST',
      `/api/v1/objects?recipient_org=${outsiderOrg}&recipient_user=named`,
      bundle([strict, red]),
    );
    expect(res.statusCode).toBe(201);
    expect((await call('outsider', 'GET', `/api/v1/objects/${strict.id}`)).statusCode).toBe(200);
    expect((await call('member', 'GET', `/api/v1/objects/${strict.id}`)).statusCode).toBe(404);
    expect((await call('named', 'GET', `/api/v1/objects/${red.id}`)).statusCode).toBe(200);
    expect((await call('outsider', 'GET', `/api/v1/objects/${red.id}`)).statusCode).toBe(404);
    const unknown = await call(
      'owner',
      'POST',
      '/api/v1/objects?recipient_user=nobody',
      bundle([indicator()]),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('nobody');
  });

  it('stores to a sharing group only for its owner and members; others get a 400 naming it', async () => {
    const amber = indicator({ object_marking_refs: [TLP_IDS.amber] });
    const dist = `distribution=sharing-group:${groupId}`;
    expect(
      (await call('member', 'POST', `/api/v1/objects?${dist}`, bundle([amber]))).statusCode,
    ).toBe(201);
    const refused = await call(
      'outsider',
      'POST',
      `/api/v1/objects?${dist}`,
      bundle([indicator()]),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain(groupId);
    const unknown = await call(
      'owner',
      'POST',
      '/api/v1/objects?distribution=sharing-group:sg-00000000-0000-4000-8000-000000000000',
      bundle([indicator()]),
    );
    expect(unknown.statusCode).toBe(400);

    expect((await call('owner', 'GET', `/api/v1/objects/${amber.id}`)).statusCode).toBe(200);
    expect((await call('outsider', 'GET', `/api/v1/objects/${amber.id}`)).statusCode).toBe(404);

    // The audience: the owner (who manages the group) sees both organisations…
    const forOwner = (await call('owner', 'GET', `/api/v1/objects/${amber.id}/audience`)).json();
    expect(forOwner.organizations.map((o: { id: string }) => o.id).sort()).toEqual(
      [node.organizationId, memberOrg].sort(),
    );
    expect(forOwner.members_hidden).toBe(false);
    expect(forOwner.public).toBe(false);
  });

  it('hides a group member list from members, and the group from outsiders', async () => {
    const asMember = await call('member', 'GET', `/api/v1/sharing-groups/${groupId}`);
    expect(asMember.statusCode).toBe(200);
    expect(asMember.json()).toMatchObject({
      name: 'Hidden circle',
      members: null,
      member_count: 2,
    });
    const asOwner = (await call('owner', 'GET', `/api/v1/sharing-groups/${groupId}`)).json();
    expect(asOwner.members.map((m: { organization_id: string }) => m.organization_id)).toContain(
      memberOrg,
    );
    expect((await call('outsider', 'GET', `/api/v1/sharing-groups/${groupId}`)).statusCode).toBe(
      404,
    );
    expect((await call('outsider', 'GET', '/api/v1/sharing-groups')).json().groups).toEqual([]);
    // A member may not manage the group.
    const add = await call('member', 'POST', `/api/v1/sharing-groups/${groupId}/members`, {
      organization_id: outsiderOrg,
    });
    expect(add.statusCode).toBe(403);
    // Nor learn the other members through an object's audience.
    const amber = indicator({ object_marking_refs: [TLP_IDS.amber] });
    await call(
      'owner',
      'POST',
      `/api/v1/objects?distribution=sharing-group:${groupId}`,
      bundle([amber]),
    );
    const audience = (await call('member', 'GET', `/api/v1/objects/${amber.id}/audience`)).json();
    expect(audience.members_hidden).toBe(true);
    expect(audience.organizations.map((o: { id: string }) => o.id).sort()).toEqual(
      [node.organizationId, memberOrg].sort(),
    );
  });

  it('manages members: owner adds and removes; removal takes the content away at once', async () => {
    const shared = indicator({ object_marking_refs: [TLP_IDS.green] });
    await call(
      'owner',
      'POST',
      `/api/v1/objects?distribution=sharing-group:${groupId}`,
      bundle([shared]),
    );
    expect((await call('outsider', 'GET', `/api/v1/objects/${shared.id}`)).statusCode).toBe(404);
    const added = await call('owner', 'POST', `/api/v1/sharing-groups/${groupId}/members`, {
      organization_id: outsiderOrg,
    });
    expect(added.statusCode).toBe(200);
    expect((await call('outsider', 'GET', `/api/v1/objects/${shared.id}`)).statusCode).toBe(200);
    const removed = await call(
      'owner',
      'DELETE',
      `/api/v1/sharing-groups/${groupId}/members/${outsiderOrg}`,
    );
    expect(removed.statusCode).toBe(200);
    expect((await call('outsider', 'GET', `/api/v1/objects/${shared.id}`)).statusCode).toBe(404);
    const owner = await call(
      'owner',
      'DELETE',
      `/api/v1/sharing-groups/${groupId}/members/${node.organizationId}`,
    );
    expect(owner.statusCode).toBe(409);
  });

  it('break-glass: admins only, with a real reason, for 15 minutes, audited on open and on reads', async () => {
    const strict = indicator({ object_marking_refs: [TLP_IDS.amberStrict] });
    await call('owner', 'POST', '/api/v1/objects', bundle([strict]));
    expect(
      (
        await call('outsider', 'POST', '/api/v1/break-glass', {
          reason: 'I would like to read everything please',
        })
      ).statusCode,
    ).toBe(403);
    const short = await call('outsider-admin', 'POST', '/api/v1/break-glass', {
      reason: 'because',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('reason');
    expect((await call('outsider-admin', 'GET', `/api/v1/objects/${strict.id}`)).statusCode).toBe(
      404,
    );

    const open = await call('outsider-admin', 'POST', '/api/v1/break-glass', {
      reason: 'court order 2026/17 for this case',
    });
    expect(open.statusCode).toBe(201);
    expect(open.json().expires_at).toBe('2026-03-01T10:15:00.000Z');
    expect((await call('outsider-admin', 'GET', `/api/v1/objects/${strict.id}`)).statusCode).toBe(
      200,
    );
    const { entries } = await node.services.audit.list(node.actor('admin'), { limit: 1000 });
    expect(
      entries.some(
        (e) => e.action === 'break-glass.open' && e.reason === 'court order 2026/17 for this case',
      ),
    ).toBe(true);
    expect(
      entries.some(
        (e) =>
          e.action === 'object.read.break-glass' &&
          e.target === strict.id &&
          e.reason === 'court order 2026/17 for this case',
      ),
    ).toBe(true);

    clock.advance(15 * 60_000 + 1);
    expect((await call('outsider-admin', 'GET', `/api/v1/objects/${strict.id}`)).statusCode).toBe(
      404,
    );
    expect((await call('outsider-admin', 'GET', '/api/v1/break-glass')).json().window).toBeNull();
  });
});
