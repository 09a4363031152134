/**
 * Routing to responsibility (issue 5, item 4) over HTTP, on both databases: the contact
 * directory (CRUD, import with bad rows named by line), automatic routing of what intake
 * stores, the routed queue's transitions and who may see and act on it, and a finding's
 * routing explained.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle } from './support/stix-fixtures.js';

type Item = {
  id: string;
  object_id: string;
  state: string;
  finding: { type: string; value: string } | null;
  contact: { name: string };
  reasons: { code: string; text: string; params: Record<string, unknown> }[];
  acknowledged: { at: string; by: string } | null;
  rejected: { reason: string } | null;
};

function sco(type: string, value: string, marking: string = TLP_IDS.green) {
  return {
    type,
    spec_version: '2.1',
    id: `${type}--${randomUUID()}`,
    value,
    object_marking_refs: [marking],
  };
}

function observed(refs: string[]) {
  return {
    type: 'observed-data',
    spec_version: '2.1',
    id: `observed-data--${randomUUID()}`,
    created: '2026-11-28T09:00:00.000Z',
    modified: '2026-11-28T09:00:00.000Z',
    first_observed: '2026-11-28T09:00:00Z',
    last_observed: '2026-11-28T09:00:00Z',
    number_observed: 1,
    object_refs: refs,
    object_marking_refs: [TLP_IDS.green],
  };
}

describeDialects('routing to responsibility over HTTP', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');
  const tokens: Record<string, string> = {};
  let hostOrg: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect, { clock });
    const { auth } = node.services;
    const root = node.actor('admin');
    hostOrg = (
      await auth.createOrganization(root, { name: 'Host NL', sector: 'industry', country: 'NL' })
    ).id;
    await auth.createOrganization(root, { name: 'Other', sector: 'industry', country: 'IT' });
    const users: [string, string, string][] = [
      ['analyst', 'analyst', 'Test CERT'],
      ['reporter', 'reporter', 'Test CERT'],
      ['hostdesk', 'contact-point', 'Host NL'],
      ['hostoversight', 'oversight', 'Host NL'],
      ['other', 'contact-point', 'Other'],
      ['otheranalyst', 'analyst', 'Other'],
    ];
    for (const [username, role, organization] of users) {
      await auth.createUser(root, { username, role, organization, password: 'routing-password-1' });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
  });
  afterAll(async () => node?.close());

  const call = (
    user: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  const importStix = async (objects: unknown[]) => {
    const res = await call('analyst', 'POST', '/api/v1/imports', JSON.stringify(bundle(objects)), {
      'content-type': 'application/json',
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const queue = async (user: string, query = '') => {
    const res = await call(user, 'GET', `/api/v1/routing/queue${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Item[] }).items;
  };

  it('keeps a directory: members read, admins and analysts write, bad fields are named', async () => {
    const body = {
      kind: 'abuse',
      name: 'Example DNS abuse',
      domain: 'Example-Registrar.biz',
      channel: 'email',
      address: 'abuse@example-registrar.biz',
      languages: ['en', 'nl'],
    };
    expect((await call('reporter', 'POST', '/api/v1/contacts', body)).statusCode).toBe(403);
    const created = await call('analyst', 'POST', '/api/v1/contacts', body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ domain: 'example-registrar.biz', asn: null });

    const bad = await call('analyst', 'POST', '/api/v1/contacts', {
      ...body,
      domain: undefined,
      network: '198.51.100.0/40',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('network');
    const badPoc = await call('analyst', 'POST', '/api/v1/contacts', {
      kind: 'poc',
      name: 'Nowhere',
      country: 'XX',
      channel: 'email',
      address: 'not-an-address',
    });
    expect(badPoc.statusCode).toBe(400);
    expect(badPoc.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'country',
      'address',
    ]);

    const updated = await call('analyst', 'PUT', `/api/v1/contacts/${id}`, {
      ...body,
      name: 'Registrar abuse desk',
    });
    expect(updated.statusCode).toBe(200);
    const read = await call('reporter', 'GET', `/api/v1/contacts/${id}`);
    expect(read.json()).toMatchObject({ name: 'Registrar abuse desk', languages: ['en', 'nl'] });
    const listed = await call('reporter', 'GET', '/api/v1/contacts?kind=abuse&q=registrar');
    expect(listed.json().contacts.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await call('reporter', 'DELETE', `/api/v1/contacts/${id}`)).statusCode).toBe(403);
    expect((await call('analyst', 'DELETE', `/api/v1/contacts/${id}`)).statusCode).toBe(204);
    expect((await call('analyst', 'GET', `/api/v1/contacts/${id}`)).statusCode).toBe(404);
  });

  it('imports a CSV file: bad rows named by line and field and skipped, the rest stored', async () => {
    const csv = [
      'kind,name,network,asn,domain,country,sector,languages,channel,address',
      `abuse,SURF abuse,145.100.0.0/16,,,NL,,en nl,nohaven,${hostOrg}`,
      'abuse,Broken net,145.100.0.0/99,,,NL,,,email,abuse@example.org',
      `poc,NL 24/7,,,,NL,,nl,nohaven,${hostOrg}`,
      'cert,CERT finance,,,,XX,finance,,email,cert@example.org',
      'poc,Italy 24/7,,,,IT,,it,webhook,https://poc.example.it/hook',
    ].join('\n');
    const res = await call('analyst', 'POST', '/api/v1/contacts/import', csv, {
      'content-type': 'text/csv',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'csv', records: 5, stored: 3, removed: 0 });
    expect(res.json().problems).toEqual([
      { line: 3, field: 'network', message: '"145.100.0.0/99" is not an IPv4 or IPv6 CIDR block' },
      {
        line: 5,
        field: 'country',
        message: '"XX" is not an ISO 3166-1 alpha-2 country code',
      },
    ]);
    const names = (await call('reporter', 'GET', '/api/v1/contacts'))
      .json()
      .contacts.map((c: { name: string }) => c.name);
    expect(names.sort()).toEqual(['Italy 24/7', 'NL 24/7', 'SURF abuse']);
    const audit = await node.db.handle.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'contact.import')
      .execute();
    expect(JSON.parse(audit.at(-1)!.details!)).toMatchObject({ stored: 3, skipped: 2 });

    // JSON with --replace semantics, refused when nothing in it is valid.
    const none = await call(
      'analyst',
      'POST',
      '/api/v1/contacts/import?replace=true',
      '[{"kind": "poc"}]',
      { 'content-type': 'application/json' },
    );
    expect(none.statusCode).toBe(400);
    expect((await call('reporter', 'GET', '/api/v1/contacts')).json().contacts).toHaveLength(3);
    expect(
      (
        await call('reporter', 'POST', '/api/v1/contacts/import', csv, {
          'content-type': 'text/csv',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('routes what intake stores, and shows each queue only to its organisation', async () => {
    const ip = sco('ipv4-addr', '145.100.0.1');
    const ipv6 = sco('ipv6-addr', '2001:610:1::1');
    const obs = observed([ipv6.id]);
    // The observed-data's address is routed through the observed-data.
    await importStix([ip, obs, ipv6]);

    const stored = (await call('analyst', 'GET', `/api/v1/objects/${ip.id}`)).json().object;
    expect(stored.extensions).toBeDefined();
    const routing = await call('reporter', 'GET', `/api/v1/objects/${ip.id}/routing`);
    expect(routing.statusCode, routing.body).toBe(200);
    const items = routing.json().items as Item[];
    expect(items.map((i) => i.contact.name).sort()).toEqual(['NL 24/7', 'SURF abuse']);
    const abuse = items.find((i) => i.contact.name === 'SURF abuse')!;
    expect(abuse.reasons[0]!.code).toBe('abuse-network');
    expect(abuse.reasons[0]!.text).toMatch(
      /^routed to SURF abuse because 145\.100\.0\.1 is in 145\.100\.0\.0\/16 \(AS\d+, announced from NL\)$/,
    );

    const hostQueue = await queue('hostdesk');
    expect(hostQueue.map((i) => i.finding?.value).sort()).toEqual([
      '145.100.0.1',
      '145.100.0.1',
      '2001:610:1::1',
    ]);
    expect(hostQueue.every((i) => i.state === 'new')).toBe(true);
    // Another organisation sees nothing of it, and cannot act on it.
    expect(await queue('other')).toEqual([]);
    const foreign = await call(
      'other',
      'POST',
      `/api/v1/routing/queue/${hostQueue[0]!.id}/acknowledge`,
    );
    expect(foreign.statusCode).toBe(404);
    // Another organisation's analyst lists every queue but acts on none of Host NL's items.
    expect((await queue('otheranalyst', '?scope=all')).length).toBe(3);
    expect(
      (await call('otheranalyst', 'POST', `/api/v1/routing/queue/${hostQueue[0]!.id}/acknowledge`))
        .statusCode,
    ).toBe(403);
    expect((await call('other', 'GET', '/api/v1/routing/queue?scope=all')).statusCode).toBe(403);
    // Routing the same objects again adds nothing.
    const again = await node.services.routing.routeObjects(node.actor('analyst'), [ip.id, obs.id]);
    expect(again).toEqual({ findings: 2, routed: 0 });
  });

  it('routes the observables of a report made with the wizard, as it routes imports', async () => {
    const res = await call('reporter', 'POST', '/api/v1/reports', {
      offence: 'BC-4-data-interference',
      when: { kind: 'at', at: '2026-01-05T08:00:00.000Z' },
      affected: { who: 'organisation', count: 1 },
      what_happened: 'Our web server was attacked from this address.',
      observables: [{ type: 'ip', value: '145.100.0.77' }],
      tlp: 'green',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [ip] = res.json().observables as { id: string; type: string }[];
    expect(ip!.type).toBe('ipv4-addr');
    const routing = await call('reporter', 'GET', `/api/v1/objects/${ip!.id}/routing`);
    expect(routing.statusCode, routing.body).toBe(200);
    const items = routing.json().items as Item[];
    expect(items.map((i) => i.contact.name).sort()).toEqual(['NL 24/7', 'SURF abuse']);
    expect((await queue('hostdesk')).map((i) => i.finding?.value)).toContain('145.100.0.77');
  });

  it('routes what a TAXII producer adds to a collection, and only what was stored', async () => {
    const taxii = 'application/taxii+json;version=2.1';
    const listed = await call('analyst', 'GET', '/taxii2/nohaven/collections/', undefined, {
      accept: taxii,
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const writable = (listed.json().collections as { id: string; can_write: boolean }[]).find(
      (c) => c.can_write,
    );
    expect(writable).toBeDefined();
    const ip = sco('ipv4-addr', '145.100.0.99');
    const invalid = { ...sco('ipv4-addr', '145.100.0.98'), value: 'not an address' };
    const res = await call(
      'analyst',
      'POST',
      `/taxii2/nohaven/collections/${writable!.id}/objects/`,
      JSON.stringify({ objects: [ip, invalid] }),
      { accept: taxii, 'content-type': taxii },
    );
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ success_count: 1, failure_count: 1 });
    const routing = await call('reporter', 'GET', `/api/v1/objects/${ip.id}/routing`);
    expect(routing.statusCode, routing.body).toBe(200);
    expect((routing.json().items as Item[]).map((i) => i.contact.name)).toContain('SURF abuse');
    const values = (await queue('hostdesk')).map((i) => i.finding?.value);
    expect(values).toContain('145.100.0.99');
    expect(values).not.toContain('not an address');
  });

  it('moves items new → acknowledged → actioned or rejected with a reason, stamped and audited', async () => {
    const [first, second] = await queue('hostdesk', '?state=new');
    clock.advance(60_000);
    expect(
      (await call('hostoversight', 'POST', `/api/v1/routing/queue/${first!.id}/acknowledge`))
        .statusCode,
    ).toBe(403);
    const tooEarly = await call('hostdesk', 'POST', `/api/v1/routing/queue/${first!.id}/action`);
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.message).toBe(
      `routed item ${first!.id} is new: action needs it acknowledged (to make it actioned)`,
    );
    const ack = await call('hostdesk', 'POST', `/api/v1/routing/queue/${first!.id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      state: 'acknowledged',
      acknowledged: { at: '2026-11-28T10:01:00.000Z', by: 'user:hostdesk' },
    });
    expect(
      (await call('hostdesk', 'POST', `/api/v1/routing/queue/${first!.id}/acknowledge`)).json()
        .error.message,
    ).toContain('is acknowledged: acknowledge needs it new');
    expect(
      (await call('hostdesk', 'POST', `/api/v1/routing/queue/${first!.id}/action`)).json().state,
    ).toBe('actioned');
    const late = await call('hostdesk', 'POST', `/api/v1/routing/queue/${first!.id}/reject`, {
      reason: 'too late',
    });
    expect(late.statusCode).toBe(409);

    const noReason = await call('hostdesk', 'POST', `/api/v1/routing/queue/${second!.id}/reject`, {
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('reason');
    const rejected = await call('hostdesk', 'POST', `/api/v1/routing/queue/${second!.id}/reject`, {
      reason: 'not our network any more',
    });
    expect(rejected.json()).toMatchObject({
      state: 'rejected',
      rejected: { reason: 'not our network any more', by: 'user:hostdesk' },
    });
    const audit = await node.db.handle.db
      .selectFrom('audit_log')
      .select(['action', 'target', 'reason'])
      .where('action', 'like', 'routing.%')
      .orderBy('seq')
      .execute();
    expect(audit.filter((a) => a.target !== null)).toEqual([
      { action: 'routing.acknowledge', target: first!.id, reason: null },
      { action: 'routing.action', target: first!.id, reason: null },
      { action: 'routing.reject', target: second!.id, reason: 'not our network any more' },
    ]);
  });

  it('withholds a finding the recipient may not read, and explains findings that are not routed', async () => {
    const secret = sco('ipv4-addr', '145.100.0.2', TLP_IDS.amber);
    await importStix([secret]);
    const item = (await queue('hostdesk')).find((i) => i.object_id === secret.id)!;
    expect(item).toMatchObject({ finding: null, reasons: [] });
    expect((await call('hostdesk', 'GET', `/api/v1/objects/${secret.id}/routing`)).statusCode).toBe(
      404,
    );
    const own = await call('analyst', 'GET', `/api/v1/objects/${secret.id}/routing`);
    expect(own.json().items).toHaveLength(2);

    const doc = sco('ipv4-addr', '203.0.113.7');
    await importStix([doc]);
    const r = (await call('analyst', 'GET', `/api/v1/objects/${doc.id}/routing`)).json();
    expect(r.items).toEqual([]);
    expect(r.notes[0]).toMatchObject({ code: 'warninglisted' });
    expect(r.notes[0].text).toMatch(/^not routed: 203\.0\.113\.7 is on the warninglists /);

    const italian = sco('domain-name', 'secure-login.evil-shop.biz');
    await importStix([italian]);
    const gap = (await call('analyst', 'GET', `/api/v1/objects/${italian.id}/routing`)).json();
    expect(gap.notes.map((n: { code: string }) => n.code)).toEqual(['no-abuse-contact']);
  });

  it('routes by hand with the victim’s country and sector (admins and analysts)', async () => {
    const cert = await call('analyst', 'POST', '/api/v1/contacts', {
      kind: 'cert',
      name: 'CERT finance IT',
      country: 'IT',
      sector: 'finance',
      channel: 'email',
      address: 'cert-fin@cert.example.it',
    });
    expect(cert.statusCode, cert.body).toBe(201);
    const domain = sco('domain-name', 'pay.evil-shop.biz');
    await importStix([domain]);
    const route = (user: string, body: unknown) =>
      call(user, 'POST', '/api/v1/routing/route', body);
    const victim = { country: 'it', sector: 'Finance' };
    expect((await route('reporter', { object_ids: [domain.id], victim })).statusCode).toBe(403);
    const bad = await route('analyst', { object_ids: [domain.id], victim: { country: 'XX' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('victim.country');
    const res = await route('analyst', { object_ids: [domain.id], victim });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ findings: 1, routed: 2 });
    const items = (await call('analyst', 'GET', `/api/v1/objects/${domain.id}/routing`)).json()
      .items as Item[];
    expect(items.map((i) => [i.contact.name, i.reasons.map((r) => r.text)]).sort()).toEqual([
      [
        'CERT finance IT',
        [
          'routed to CERT finance IT, the CERT of the finance sector in IT, because the victim is in that sector',
        ],
      ],
      [
        'Italy 24/7',
        ['routed to Italy 24/7, the 24/7 point of contact of IT, because the victim is in IT'],
      ],
    ]);
    // An object the analyst may not read is not found, and nothing is routed.
    const secret = sco('ipv4-addr', '145.100.0.9', TLP_IDS.amberStrict);
    await importStix([secret]);
    const hidden = await route('otheranalyst', { object_ids: [secret.id], victim });
    expect(hidden.statusCode).toBe(404);
  });

  it('keeps the import when routing fails, and counts the failure', async () => {
    const before = node.services.routing.failures();
    await sql`drop table routed_items`.execute(node.db.handle.db);
    const ip = sco('ipv4-addr', '145.100.0.3');
    await importStix([ip]);
    expect((await call('analyst', 'GET', `/api/v1/objects/${ip.id}`)).statusCode).toBe(200);
    expect(node.services.routing.failures()).toBe(before + 1);
  });
});
