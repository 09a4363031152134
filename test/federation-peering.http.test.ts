import { afterAll, beforeAll, expect, it } from 'vitest';
import { signDescriptor, type NodeDescriptor } from '../src/federation/descriptor.js';
import { createPeerClient } from '../src/federation/peer-client.js';
import type { PeerView } from '../src/federation/peer.view.js';
import { generateNodeKeyPair, signCanonical } from '../src/federation/signing.js';
import type { NodeEvent } from '../src/notify/event-bus.js';
import { fixedClock, type Clock } from '../src/platform/ports.js';
import { TLP } from '../src/stix/tlp.js';
import { freePort } from './support/cli-process.js';
import { openSse } from './support/sse-client.js';
import { describeDialects, type TestDialect } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';

type InjectResponse = Awaited<ReturnType<TestNode['app']['inject']>>;

interface Peerable {
  readonly node: TestNode;
  readonly url: string;
  readonly cookie: string;
  descriptor(): Promise<NodeDescriptor>;
  api(method: string, path: string, payload?: unknown): Promise<InjectResponse>;
  peer(nodeId: string): Promise<PeerView>;
}

/** A node listening on 127.0.0.1 with its base URL naming the port it listens on. */
async function listeningNode(
  dialect: TestDialect,
  name: string,
  country: string,
  clock?: Clock,
): Promise<Peerable> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const node = await makeTestNode(dialect, {
    clock,
    env: {
      NOHAVEN_NODE_NAME: name,
      NOHAVEN_ORG: `${name} operator`,
      NOHAVEN_COUNTRY: country,
      NOHAVEN_SECTOR: 'cert',
      NOHAVEN_BASE_URL: url,
    },
  });
  await node.app.listen({ host: '127.0.0.1', port });
  const cookie = await node.signIn();
  const api = (method: string, path: string, payload?: unknown) =>
    node.app.inject({
      method: method as 'GET',
      url: path,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    node,
    url,
    cookie,
    api,
    async descriptor() {
      return (await node.services.federation.identity.current()).descriptor();
    },
    async peer(nodeId) {
      const r = await api('GET', `/api/v1/peers/${nodeId}`);
      expect(r.statusCode).toBe(200);
      return r.json<PeerView>();
    },
  };
}

describeDialects('federation peering over HTTP', (dialect) => {
  let a: Peerable;
  let b: Peerable;
  beforeAll(async () => {
    a = await listeningNode(dialect, 'CERT-FR node', 'FR');
    b = await listeningNode(dialect, 'JPCERT node', 'JP');
  });
  afterAll(async () => {
    await a?.node.close();
    await b?.node.close();
  });

  it('serves the signed descriptor to anybody, and to admins under /api/v1', async () => {
    const res = await fetch(`${a.url}/federation/v1/descriptor`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const d = (await res.json()) as NodeDescriptor;
    expect(d).toMatchObject({
      name: 'CERT-FR node',
      country: 'FR',
      sector: 'cert',
      baseUrl: a.url,
      organization: { id: a.node.organizationId, name: 'CERT-FR node operator' },
    });
    expect(d.nodeId).toMatch(/^node--/);
    expect(d.fingerprint).toMatch(/^SHA256:/);
    expect((await a.api('GET', '/api/v1/federation/node')).json()).toEqual({ descriptor: d });
    const anonymous = await a.node.app.inject({ method: 'GET', url: '/api/v1/federation/node' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a wrong fingerprint naming it and showing the real one, and its own descriptor', async () => {
    const bd = await b.descriptor();
    const wrong = await a.api('POST', '/api/v1/peers', {
      descriptor: bd,
      fingerprint: (await a.descriptor()).fingerprint,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('fingerprint');
    expect(wrong.json().error.message).toContain(bd.fingerprint);
    const self = await a.api('POST', '/api/v1/peers', {
      descriptor: await a.descriptor(),
      fingerprint: (await a.descriptor()).fingerprint,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.message).toMatch(/this node itself/);
    const none = await a.api('POST', '/api/v1/peers', { fingerprint: bd.fingerprint });
    expect(none.statusCode).toBe(400);
    expect((await a.api('GET', '/api/v1/peers')).json()).toEqual({ peers: [] });
  });

  it('peers when both admins accept: awaiting-remote and requested, then both active', async () => {
    const ad = await a.descriptor();
    const bd = await b.descriptor();
    const added = await a.api('POST', '/api/v1/peers', {
      descriptorUrl: `${b.url}/federation/v1/descriptor`,
      fingerprint: bd.fingerprint,
      policy: { distributions: ['all'], sharingGroups: [], maxTlp: 'amber', content: ['alerts'] },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      nodeId: bd.nodeId,
      name: 'JPCERT node',
      country: 'JP',
      state: 'awaiting-remote',
      policy: { maxTlp: 'amber', content: ['alerts'] },
      health: { lastError: null, unreachableAlert: false, lagItems: 0 },
    });
    expect(added.json().health.lastSuccessAt).not.toBeNull();
    const requested = await b.peer(ad.nodeId);
    expect(requested).toMatchObject({ state: 'requested', fingerprint: ad.fingerprint });
    expect(requested.organizations).toEqual([
      { id: a.node.organizationId, name: 'CERT-FR node operator', country: 'FR' },
    ]);

    const accepted = await b.api('POST', '/api/v1/peers', {
      nodeId: ad.nodeId,
      fingerprint: ad.fingerprint,
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().state).toBe('active');
    expect(accepted.json().organizations).toEqual(requested.organizations);
    const seenByA = await a.peer(bd.nodeId);
    expect(seenByA.state).toBe('active');
    expect(seenByA.organizations).toEqual([
      { id: b.node.organizationId, name: 'JPCERT node operator', country: 'JP' },
    ]);
    expect((await a.node.services.federation.peers.active()).map((p) => p.nodeId)).toEqual([
      bd.nodeId,
    ]);

    const again = await a.api('POST', '/api/v1/peers', {
      descriptor: bd,
      fingerprint: bd.fingerprint,
    });
    expect(again.statusCode).toBe(409);
    const audit = await a.node.services.audit.list(a.node.actor('admin'), {});
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['peer.add', 'peer.activate']),
    );
  });

  it('answers a signed ping of an active peer, and refuses an unknown node with 401', async () => {
    const bIdentity = await b.node.services.federation.identity.current();
    const ad = await a.descriptor();
    const ok = await b.node.services.federation.client.request(
      { nodeId: ad.nodeId, descriptor: ad },
      'GET',
      '/federation/v1/ping',
    );
    expect(ok).toEqual({ status: 200, json: { nodeId: ad.nodeId, state: 'active' } });
    expect(bIdentity.nodeId).not.toBe(ad.nodeId);

    const stranger = strangerIdentity('http://127.0.0.1:9');
    const client = createPeerClient({ identity: stranger, timeoutMs: 5000 });
    const refused = await client.request(
      { nodeId: ad.nodeId, descriptor: ad },
      'GET',
      '/federation/v1/ping',
    );
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.json)).toContain('unknown node');
    const unsigned = await fetch(`${a.url}/federation/v1/ping`);
    expect(unsigned.status).toBe(401);
  });

  it('validates a policy member by member', async () => {
    const bd = await b.descriptor();
    const strict = await a.api('PUT', `/api/v1/peers/${bd.nodeId}/policy`, {
      distributions: ['all'],
      sharingGroups: [],
      maxTlp: 'amber+strict',
      content: ['objects'],
    });
    expect(strict.statusCode).toBe(400);
    expect(strict.json().error.details[0].path).toBe('/maxTlp');
    expect(strict.json().error.message).toMatch(/amber\+strict is not a ceiling/);
    const content = await a.api('PUT', `/api/v1/peers/${bd.nodeId}/policy`, {
      distributions: ['connected'],
      sharingGroups: ['sg-1'],
      maxTlp: 'red',
      content: ['objects', 'gossip'],
    });
    expect(content.statusCode).toBe(400);
    expect(content.json().error.details[0].path).toBe('/content/1');
    const missing = await a.api('PUT', `/api/v1/peers/${bd.nodeId}/policy`, { maxTlp: 'red' });
    expect(missing.statusCode).toBe(400);
    const ok = await a.api('PUT', `/api/v1/peers/${bd.nodeId}/policy`, {
      distributions: ['connected'],
      sharingGroups: ['sg-1'],
      maxTlp: 'red',
      content: ['objects'],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().policy).toEqual({
      distributions: ['connected'],
      sharingGroups: ['sg-1'],
      maxTlp: 'red',
      content: ['objects'],
    });
    expect(
      (await a.api('GET', '/api/v1/peers/node--00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('suspends (nothing flows: the peer is refused) and resumes with a new hello', async () => {
    const ad = await a.descriptor();
    const bd = await b.descriptor();
    const suspended = await a.api('POST', `/api/v1/peers/${bd.nodeId}/suspend?reason=maintenance`);
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json().state).toBe('suspended');
    const audit = await a.node.services.audit.list(a.node.actor('admin'), {
      action: 'peer.suspend',
    });
    expect(audit.entries.map((e) => [e.actor, e.reason])).toEqual([
      [`user:${a.node.adminUsername}`, 'maintenance'],
    ]);
    const refused = await b.node.services.federation.client.request(
      { nodeId: ad.nodeId, descriptor: ad },
      'GET',
      '/federation/v1/ping',
    );
    expect(refused.status).toBe(401);
    expect((await a.peer(bd.nodeId)).health.itemsRefused).toBe(1);
    const resumed = await a.api('POST', `/api/v1/peers/${bd.nodeId}/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json().state).toBe('active');
    expect((await a.api('POST', `/api/v1/peers/${bd.nodeId}/resume`)).statusCode).toBe(409);
  });

  it('removes a peer: its hello is refused with 401 until the admin adds it again', async () => {
    const ad = await a.descriptor();
    const bd = await b.descriptor();
    expect((await a.api('DELETE', `/api/v1/peers/${bd.nodeId}`)).statusCode).toBe(204);
    expect((await a.peer(bd.nodeId)).state).toBe('removed');
    const retried = await b.api('POST', `/api/v1/peers/${ad.nodeId}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().health.lastError).toMatch(/401.*removed/);
    const readded = await a.api('POST', '/api/v1/peers', {
      descriptor: bd,
      fingerprint: bd.fingerprint,
    });
    expect(readded.statusCode).toBe(201);
    expect(readded.json().state).toBe('active');
  });

  it('follows a key rotation the old key signed: the peer stores the new descriptor', async () => {
    const bd = await b.descriptor();
    const before = await a.descriptor();
    await a.node.services.federation.identity.rotateKey();
    const after = await a.descriptor();
    expect(after.fingerprint).not.toBe(before.fingerprint);
    const ping = await a.node.services.federation.client.request(
      { nodeId: bd.nodeId, descriptor: bd },
      'GET',
      '/federation/v1/ping',
    );
    expect(ping.status).toBe(200);
    expect((await b.peer(after.nodeId)).fingerprint).toBe(after.fingerprint);
    const audit = await b.node.services.audit.list(b.node.actor('admin'), {
      action: 'peer.key-rotation',
    });
    expect(audit.entries.map((e) => e.details)).toEqual([
      { from: before.fingerprint, to: after.fingerprint },
    ]);
  });
});

describeDialects('federation peering: an unreachable peer', (dialect) => {
  let a: Peerable;
  const clock = fixedClock(new Date());
  beforeAll(async () => {
    a = await listeningNode(dialect, 'BSI node', 'DE', clock);
  });
  afterAll(async () => a?.node.close());

  it('stays awaiting-remote with the error, and is alerted once per outage, to admins only', async () => {
    const down = strangerDescriptor(`http://127.0.0.1:${await freePort()}`);
    const added = await a.api('POST', '/api/v1/peers', {
      descriptor: down,
      fingerprint: down.fingerprint,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().state).toBe('awaiting-remote');
    expect(added.json().health.lastError).toMatch(/127\.0\.0\.1/);
    expect(added.json().health.unreachableSince).not.toBeNull();
    expect(added.json().health.unreachableAlert).toBe(false);

    await a.node.services.auth.createUser(a.node.actor('admin'), {
      username: 'ana',
      role: 'analyst',
      organization: a.node.organizationId,
      password: 'analyst-password-1',
    });
    const anaCookie = await a.node.signIn('ana', 'analyst-password-1');
    const admin = await openSse(`${a.url}/api/v1/stream`, { cookie: a.cookie });
    const analyst = await openSse(`${a.url}/api/v1/stream`, { cookie: anaCookie });
    const events: NodeEvent[] = [];
    const unsubscribe = a.node.services.events.subscribe((e) => events.push(e));
    const sweep = a.node.services.federation.health;
    expect(await sweep.sweep()).toEqual([]);
    clock.advance(901_000);
    expect(await sweep.sweep()).toEqual([down.nodeId]);
    expect(await sweep.sweep()).toEqual([]);
    unsubscribe();
    expect(events).toEqual([
      expect.objectContaining({ kind: 'peer.unreachable', nodeId: down.nodeId }),
    ]);
    await admin.until((c) => c.events.some((e) => e.event === 'peer-unreachable'));
    expect(JSON.parse(admin.events.find((e) => e.event === 'peer-unreachable')!.data)).toEqual({
      nodeId: down.nodeId,
      name: 'Stranger',
      since: added.json().health.unreachableSince,
      lastError: added.json().health.lastError,
    });
    // Events reach each subscriber in publish order: once the analyst has the object published
    // after the alert, it would have had the alert before it.
    a.node.services.events.publish({ kind: 'objects.stored', ids: [TLP.GREEN.id] });
    await analyst.until((c) => c.events.some((e) => e.event === 'object'));
    expect(analyst.events.map((e) => e.event)).toEqual(['object']);
    admin.close();
    analyst.close();
    expect((await a.peer(down.nodeId)).health.unreachableAlert).toBe(true);
    const audit = await a.node.services.audit.list(a.node.actor('admin'), {
      action: 'peer.unreachable',
    });
    expect(audit.entries).toHaveLength(1);

    const suspended = await a.api('POST', `/api/v1/peers/${down.nodeId}/suspend`);
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json().health.unreachableAlert).toBe(false);
    const retry = await a.api('POST', `/api/v1/peers/${down.nodeId}/retry`);
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.message).toMatch(/is suspended/);
  });
});

/** A node nobody peers with: its identity (for signing) and descriptor. */
function strangerIdentity(baseUrl: string) {
  const keys = generateNodeKeyPair();
  const descriptor = signDescriptor(keys.privateKey, {
    nodeId: 'node--0b5e7a52-1c64-4a0e-9f0e-5d3f3f9b8a11',
    name: 'Stranger',
    organization: { id: 'identity--0b5e7a52-1c64-4a0e-9f0e-5d3f3f9b8a12', name: 'Nobody' },
    sector: 'other',
    country: 'CA',
    baseUrl,
    publicKey: keys.publicKey,
    keyHistory: [],
  });
  return {
    nodeId: descriptor.nodeId,
    descriptor: () => descriptor,
    sign: (value: unknown) => signCanonical(keys.privateKey, value),
  };
}

function strangerDescriptor(baseUrl: string): NodeDescriptor {
  return strangerIdentity(baseUrl).descriptor();
}
