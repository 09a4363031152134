/**
 * Routed items on the live stream (issue 5 item 6), on both databases, over a real socket on
 * 127.0.0.1: `event: routed` reaches the subscribers of the item's recipient organisation, and
 * only when the read policy lets that subscriber read the finding.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle, indicator } from './support/stix-fixtures.js';
import { objectIds, openSse, type SseConnection } from './support/sse-client.js';

const PASSWORD = 'routed-stream-password-1';

function domain(value: string, marking: string) {
  return {
    type: 'domain-name',
    spec_version: '2.1',
    id: `domain-name--${randomUUID()}`,
    value,
    object_marking_refs: [marking],
  };
}

describeDialects('routed items on the live stream', (dialect) => {
  let node: TestNode;
  let base: string;
  let adminToken: string;
  const tokens: Record<'desk' | 'otto', string> = { desk: '', otto: '' };
  const open: SseConnection[] = [];

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    const { auth } = node.services;
    const admin = node.actor('admin');
    const host = await auth.createOrganization(admin, {
      name: 'Host NL',
      sector: 'industry',
      country: 'NL',
    });
    const other = await auth.createOrganization(admin, {
      name: 'Other ISP',
      sector: 'industry',
      country: 'DE',
    });
    for (const [username, org] of [
      ['desk', host.id],
      ['otto', other.id],
    ] as const) {
      await auth.createUser(admin, {
        username,
        role: 'contact-point',
        organization: org,
        password: PASSWORD,
      });
      tokens[username] = (await auth.createTokenForUser(admin, username, 's')).token;
    }
    adminToken = (await auth.createTokenForUser(admin, node.adminUsername, 'a')).token;
    const poc = await call('POST', '/api/v1/contacts', {
      kind: 'poc',
      name: 'NL 24/7',
      country: 'NL',
      channel: 'nohaven',
      address: host.id,
    });
    expect(poc.statusCode, poc.body).toBe(201);
    await node.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await node?.close();
  });

  const call = (method: 'POST', url: string, payload: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${adminToken}` },
      payload: payload as string,
    });
  const subscribe = async (who: keyof typeof tokens) => {
    const c = await openSse(`${base}/api/v1/stream`, { authorization: `Bearer ${tokens[who]}` });
    expect(c.status).toBe(200);
    open.push(c);
    return c;
  };
  const routeToNl = async (objects: { id: string }[]) => {
    expect((await call('POST', '/api/v1/objects', bundle(objects))).statusCode).toBe(201);
    const res = await call('POST', '/api/v1/routing/route', {
      object_ids: objects.map((o) => o.id),
      victim: { country: 'NL' },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** Stores a GREEN object every subscriber reads: once it arrives, earlier events have too. */
  const barrier = async (...subscribers: SseConnection[]) => {
    const mark = indicator({ object_marking_refs: [TLP_IDS.green] });
    expect((await call('POST', '/api/v1/objects', bundle([mark]))).statusCode).toBe(201);
    for (const s of subscribers) await s.until((c) => objectIds(c).includes(mark.id));
  };
  const routed = (c: SseConnection) =>
    c.events.filter((e) => e.event === 'routed').map((e) => JSON.parse(e.data));

  it('sends event: routed to the recipient organisation only, with the contact and the reasons', async () => {
    const desk = await subscribe('desk');
    const otto = await subscribe('otto');
    const finding = domain('login.routed-stream.biz', TLP_IDS.green);
    await routeToNl([finding]);
    await desk.until((c) => routed(c).length === 1);
    const [event] = desk.events.filter((e) => e.event === 'routed');
    expect(event!.id).toBeNull(); // not a resume point of the object stream
    expect(routed(desk)[0]).toMatchObject({
      object_id: finding.id,
      object_type: 'domain-name',
      contact: { name: 'NL 24/7', kind: 'poc' },
      state: 'new',
      reasons: [{ code: expect.any(String), text: expect.stringContaining('NL 24/7') }],
    });
    await barrier(desk, otto);
    expect(routed(otto)).toEqual([]);
  });

  it('does not announce an item whose finding the subscriber may not read', async () => {
    const desk = await subscribe('desk');
    const strict = domain('strict.routed-stream.biz', TLP_IDS.amberStrict);
    await routeToNl([strict]);
    await barrier(desk);
    expect(routed(desk)).toEqual([]);
    const rows = await node.db.handle.db
      .selectFrom('routed_items')
      .select('id')
      .where('object_id', '=', strict.id)
      .execute();
    expect(rows).toHaveLength(1); // routed all the same, and in the queue (withheld there too)
  });
});
