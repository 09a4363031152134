/**
 * Webhook notifications (issue 5 item 6, "Bad input and faults"), on both databases, against a
 * real HTTP server on 127.0.0.1: signed deliveries, retries with back-off driven by a fake
 * clock, a hanging endpoint that times out and is dead-lettered without slowing intake, the
 * external policy (withheld content), the dead-letter API, and a restarted node resuming.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices } from '../src/app.js';
import { verifyWebhookSignature } from '../src/notify/webhook-signature.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle } from './support/stix-fixtures.js';

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const RETRY_MS = 10_000;

function domain(value: string, marking: string = TLP_IDS.green) {
  return {
    type: 'domain-name',
    spec_version: '2.1',
    id: `domain-name--${randomUUID()}`,
    value,
    object_marking_refs: [marking],
  };
}

describeDialects('webhook notifications', (dialect) => {
  let node: TestNode;
  let token: string;
  let reporterToken: string;
  let server: Server;
  let base: string;
  const clock = fixedClock('2026-11-29T08:00:00.000Z');
  const hits: Hit[] = [];
  let flaky = 0;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        hits.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (path === '/hang') return; // never answers
        if (path === '/flaky') {
          flaky += 1;
          res.writeHead(flaky === 1 ? 500 : 200).end();
          return;
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    node = await makeTestNode(dialect, {
      clock,
      env: {
        NOHAVEN_DELIVERY_POLL_MS: '0',
        NOHAVEN_WEBHOOK_TIMEOUT_MS: '300',
        NOHAVEN_DELIVERY_ATTEMPTS: '3',
        NOHAVEN_RETRY_DELAY_SECONDS: String(RETRY_MS / 1000),
      },
    });
    await node.app.ready();
    const root = node.actor('admin');
    const { auth } = node.services;
    token = (await auth.createTokenForUser(root, node.adminUsername, 'admin')).token;
    await auth.createUser(root, {
      username: 'rita',
      role: 'reporter',
      organization: 'Test CERT',
      password: 'webhook-password-1',
    });
    reporterToken = (await auth.createTokenForUser(root, 'rita', 'r')).token;
    for (const [country, path] of [
      ['IT', '/ok'],
      ['ES', '/flaky'],
      ['PT', '/hang'],
      ['GR', '/ok'],
    ] as const) {
      const c = await call('POST', '/api/v1/contacts', {
        kind: 'poc',
        name: `${country} 24/7`,
        country,
        channel: 'webhook',
        address: `${base}${path}`,
        languages: ['en'],
      });
      expect(c.statusCode, c.body).toBe(201);
      if (country === 'GR') continue; // left without a secret
      const s = await call('POST', `/api/v1/contacts/${c.json().id}/webhook-secret`);
      expect(s.statusCode, s.body).toBe(201);
      secrets[country] = s.json().secret as string;
    }
  });
  afterAll(async () => {
    await node?.close();
    server?.closeAllConnections();
    await new Promise((ok) => server?.close(ok));
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, bearer = token) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${bearer}` },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  /** Stores `objects` and routes them by hand to the 24/7 point of contact of `country`. */
  const routeTo = async (country: string, objects: ReturnType<typeof domain>[]) => {
    const stored = await call('POST', '/api/v1/objects', bundle(objects));
    expect(stored.statusCode, stored.body).toBe(201);
    const routed = await call('POST', '/api/v1/routing/route', {
      object_ids: objects.map((o) => o.id),
      victim: { country },
    });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(routed.json().routed).toBeGreaterThanOrEqual(objects.length);
  };
  const deliveries = async (query: string) => {
    const res = await call('GET', `/api/v1/deliveries${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().deliveries as {
      id: string;
      address: string;
      state: string;
      attempts: number;
      last_error: string | null;
      notification: string;
    }[];
  };
  const forPath = (path: string) => hits.filter((h) => h.path === path);
  const worker = () => node.services.notifications.worker;

  it('POSTs the routed item signed with the contact’s secret (HMAC-SHA256 over timestamp.body)', async () => {
    const finding = domain('login.evil-bank-it.biz');
    await routeTo('IT', [finding]);
    expect(forPath('/ok')).toHaveLength(0); // producers only queue; the worker sends
    await worker().drain();
    const [hit] = forPath('/ok');
    expect(hit).toBeDefined();
    const timestamp = hit!.headers['x-nohaven-timestamp'] as string;
    const signature = hit!.headers['x-nohaven-signature'] as string;
    expect(timestamp).toBe(String(Date.parse('2026-11-29T08:00:00.000Z') / 1000));
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secrets.IT!, timestamp, hit!.body, signature)).toBe(true);
    expect(verifyWebhookSignature(secrets.ES!, timestamp, hit!.body, signature)).toBe(false);
    const body = JSON.parse(hit!.body);
    expect(body).toMatchObject({
      type: 'routed-item',
      item: { object_id: finding.id, object_type: 'domain-name', contact: { name: 'IT 24/7' } },
      object: { id: finding.id, value: 'login.evil-bank-it.biz' },
    });
    const [row] = (await deliveries('?state=delivered')).filter((d) => d.id === body.id);
    expect(row).toMatchObject({ attempts: 1, last_error: null });
    await worker().drain();
    expect(forPath('/ok')).toHaveLength(1); // delivered once
  });

  it('retries a 500 after the back-off delay, then delivers', async () => {
    await routeTo('ES', [domain('pay.evil-bank-es.biz')]);
    await worker().drain();
    expect(forPath('/flaky')).toHaveLength(1);
    const [pending] = (await deliveries('?state=pending')).filter((d) =>
      d.address.endsWith('/flaky'),
    );
    expect(pending).toMatchObject({ attempts: 1, last_error: expect.stringContaining('HTTP 500') });
    await worker().drain();
    expect(forPath('/flaky')).toHaveLength(1); // not due before the back-off ends
    clock.advance(RETRY_MS);
    await worker().drain();
    expect(forPath('/flaky')).toHaveLength(2);
    expect((await deliveries('?state=delivered')).map((d) => d.id)).toContain(pending!.id);
  });

  it('times a hanging endpoint out without holding up intake, retries it, then dead-letters it', async () => {
    await routeTo('PT', [domain('a.evil-bank-pt.biz')]);
    const inFlight = worker().drain();
    // While the endpoint hangs, intake goes on and is routed as usual.
    const later = domain('b.evil-bank-pt.biz');
    const imported = await node.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(bundle([later])),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    await inFlight;
    const first = (await deliveries('?state=pending')).filter((d) => d.address.endsWith('/hang'));
    expect(first).toHaveLength(1);
    expect(first[0]!.last_error).toBe(`no answer from ${base}/hang within 300 ms`);
    clock.advance(RETRY_MS);
    await worker().drain();
    clock.advance(2 * RETRY_MS);
    await worker().drain();
    const dead = (await deliveries('?state=dead')).filter((d) => d.address.endsWith('/hang'));
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: 3, last_error: expect.stringContaining('300 ms') });
    expect(forPath('/hang')).toHaveLength(3);

    // Dead letters are for admins; an admin retries one, a delivered one cannot be retried.
    expect(
      (await call('GET', '/api/v1/deliveries?state=dead', undefined, reporterToken)).statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/v1/deliveries?state=lost')).statusCode).toBe(400);
    const retried = await call('POST', `/api/v1/deliveries/${dead[0]!.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending', attempts: 0 });
    const again = await call('POST', `/api/v1/deliveries/${dead[0]!.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect((await call('POST', `/api/v1/deliveries/${randomUUID()}/retry`)).statusCode).toBe(404);
    // A NUL in the id (which PostgreSQL cannot hold in text) is refused, naming the parameter.
    const nul = await call('POST', '/api/v1/deliveries/a%00b/retry');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toContain('id');
    const audit = await node.db.handle.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'delivery.retry')
      .execute();
    expect(audit).toEqual([{ action: 'delivery.retry', target: dead[0]!.id }]);
  });

  it('sends AMBER to the contact it was routed to, and a notice only for AMBER+STRICT and RED', async () => {
    const amber = domain('amber.evil-bank-it.biz', TLP_IDS.amber);
    const strict = domain('strict.evil-bank-it.biz', TLP_IDS.amberStrict);
    const red = domain('red.evil-bank-it.biz', TLP_IDS.red);
    const before = forPath('/ok').length;
    await routeTo('IT', [amber, strict, red]);
    await worker().drain();
    const bodies = forPath('/ok')
      .slice(before)
      .map((h) => JSON.parse(h.body));
    expect(bodies).toHaveLength(3);
    const itemObject = new Map<string, string>(
      (
        await node.db.handle.db
          .selectFrom('routed_items')
          .select(['id', 'object_id'])
          .where('object_id', 'in', [amber.id, strict.id, red.id])
          .execute()
      ).map((r) => [r.id, r.object_id]),
    );
    const of = (objectId: string) => bodies.find((b) => itemObject.get(b.item.id) === objectId);
    expect(of(amber.id)).toMatchObject({ object: { value: 'amber.evil-bank-it.biz' } });
    for (const withheld of [strict, red]) {
      const b = of(withheld.id)!;
      expect(b).toMatchObject({ type: 'routed-item', withheld: 'tlp-too-strict' });
      expect(b.object).toBeUndefined();
      expect(JSON.stringify(b)).not.toContain('evil-bank-it');
    }
  });

  it('sends nothing unsigned: a webhook contact without a secret fails with the fix named', async () => {
    await routeTo('GR', [domain('x.evil-bank-gr.biz')]);
    await worker().drain();
    const [row] = (await deliveries('?state=pending')).filter(
      (d) => d.address === `${base}/ok` && d.last_error !== null,
    );
    expect(row!.last_error).toMatch(
      /has no webhook secret: create one with POST \/api\/v1\/contacts\/.+\/webhook-secret/,
    );
    const email = await call('POST', '/api/v1/contacts', {
      kind: 'poc',
      name: 'Mail only',
      country: 'MT',
      channel: 'email',
      address: 'poc@example.mt',
    });
    const refused = await call('POST', `/api/v1/contacts/${email.json().id}/webhook-secret`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('not by webhook');
  });

  it('resumes pending deliveries after a restart (a new process on the same database)', async () => {
    const before = forPath('/ok').length;
    await routeTo('IT', [domain('restart.evil-bank-it.biz')]);
    await node.services.notifications.producer.settled();
    const restarted = createServices({ config: node.config, database: node.db.handle, clock });
    await restarted.notifications.worker.drain();
    const sent = forPath('/ok').slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body).object.value).toBe('restart.evil-bank-it.biz');
    await worker().drain();
    expect(forPath('/ok').length).toBe(before + 1);
  });
});
