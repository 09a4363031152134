import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { TLP_IDS, indicator, type Obj } from './support/stix-fixtures.js';
import { countRows, peer, startFedNode, type FedNode } from './federation-feed-kit.js';

const SETTLE = { timeout: 15_000, interval: 20 };

/**
 * TLP:RED across nodes (issue 6 §2): Paris (A) names users hosted by Berlin (B) as
 * `username@<organisation identity id>`; the object flows to Berlin only, and there only the
 * named user reads it — without break-glass. Tokyo (C), which hosts no named user, never gets it.
 */
describeDialects('federation: TLP:RED to named recipients on other nodes', (dialect) => {
  let a: FedNode;
  let b: FedNode;
  let c: FedNode;
  const tokens = new Map<string, string>();

  async function user(node: FedNode, username: string): Promise<void> {
    const admin = node.actor('admin');
    await node.services.auth.createUser(admin, {
      username,
      role: 'analyst',
      organization: node.organizationId,
      password: `password-${randomUUID()}`,
    });
    tokens.set(username, (await node.services.auth.createTokenForUser(admin, username, 't')).token);
  }
  async function post(node: FedNode, objects: Obj[], recipients: string[]) {
    const query = recipients.map((r) => `recipient_user=${encodeURIComponent(r)}`).join('&');
    return node.app.inject({
      method: 'POST',
      url: `/api/v1/objects?distribution=connected&${query}`,
      headers: { authorization: `Bearer ${tokens.get('a-writer')}` },
      payload: { type: 'bundle', id: `bundle--${randomUUID()}`, objects },
    });
  }
  const read = async (node: FedNode, username: string, id: string) =>
    (
      await node.app.inject({
        method: 'GET',
        url: `/api/v1/objects/${id}`,
        headers: { authorization: `Bearer ${tokens.get(username)}` },
      })
    ).statusCode;
  const has = (node: FedNode, id: string) => countRows(node, 'stix_objects', 'id', id);

  beforeAll(async () => {
    a = await startFedNode(dialect, 'Paris', 'FR');
    b = await startFedNode(dialect, 'Berlin', 'DE');
    c = await startFedNode(dialect, 'Tokyo', 'JP');
    peer(a, b, { aToB: { maxTlp: 'red' }, bToA: { maxTlp: 'red' } });
    peer(a, c, { aToB: { maxTlp: 'red' }, bToA: { maxTlp: 'red' } });
    peer(b, c, { aToB: { maxTlp: 'red' }, bToA: { maxTlp: 'red' } });
    await user(a, 'a-writer');
    await user(b, 'b-named');
    await user(b, 'b-other');
    await user(c, 'c-analyst');
  }, 60_000);

  afterAll(async () => {
    for (const n of [a, b, c]) await n?.close();
  });

  it('reaches the named user of the peer that hosts them, and nobody else there or elsewhere', async () => {
    const red = indicator({ object_marking_refs: [TLP_IDS.red] });
    const res = await post(a, [red], [`b-named@${b.organizationId}`]);
    expect(res.statusCode, res.body).toBe(201);
    await expect.poll(() => has(b, red.id), SETTLE).toBe(1);
    expect(await read(b, 'b-named', red.id)).toBe(200);
    expect(await read(b, 'b-other', red.id)).toBe(404);
    // At the origin: the writer (named automatically) reads it; nobody else of Paris does.
    expect(await read(a, 'a-writer', red.id)).toBe(200);
    await a.services.feed!.settled();
    expect(await has(c, red.id)).toBe(0);
    expect(await read(c, 'c-analyst', red.id)).toBe(404);
  });

  it('a user of this node can be named qualified as well; a qualified name nobody hosts is a 400 naming it', async () => {
    const red = indicator({ object_marking_refs: [TLP_IDS.red] });
    const unknownOrg = `identity--${randomUUID()}`;
    const bad = await post(a, [red], [`b-named@${unknownOrg}`]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`no user b-named in organisation ${unknownOrg}`);
    // A user of Berlin's organisation qualified with the wrong organisation does not resolve either.
    const wrong = await post(a, [red], [`a-writer@${b.organizationId}`]);
    expect(wrong.statusCode).toBe(201);
    await expect.poll(() => has(b, red.id), SETTLE).toBe(1);
    expect(await read(b, 'b-named', red.id)).toBe(404);
    const local = indicator({ object_marking_refs: [TLP_IDS.red] });
    expect((await post(a, [local], [`a-writer@${a.organizationId}`])).statusCode).toBe(201);
    expect(await read(a, 'a-writer', local.id)).toBe(200);
    await a.services.feed!.settled();
    expect(await has(b, local.id)).toBe(0);
    expect(await has(c, local.id)).toBe(0);
  });

  it('a suspended peer’s organisations cannot be named', async () => {
    const record = a.directory.get(b.nodeId)!;
    a.directory.set(b.nodeId, { ...record, state: 'suspended' });
    try {
      const red = indicator({ object_marking_refs: [TLP_IDS.red] });
      const res = await post(a, [red], [`b-named@${b.organizationId}`]);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('recipient_user');
    } finally {
      a.directory.set(b.nodeId, record);
    }
  });
});
