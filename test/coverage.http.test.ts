/**
 * Coverage, "no safe havens" (issue 5, item 5) over HTTP, on both databases: contacts imported
 * and findings routed through the API, items answered through the queue, then
 * `GET /api/v1/coverage` counts them per country, gives the median time to acknowledge, and
 * lists the gaps.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle } from './support/stix-fixtures.js';

type Country = {
  country: string;
  level: string;
  points_of_contact: number;
  certs: number;
  abuse_contacts: number;
  routed: number;
  acknowledged: number;
  actioned: number;
  rejected: number;
  unanswered: number;
  median_acknowledge_seconds: number | null;
  oldest_unanswered_seconds: number | null;
};
type CoverageBody = {
  answer_within: number;
  countries: Country[];
  gaps: { country: string; reasons: string[] }[];
  without_country: { contacts: number; routed: number };
};

function ip(value: string) {
  return {
    type: 'ipv4-addr',
    spec_version: '2.1',
    id: `ipv4-addr--${randomUUID()}`,
    value,
    object_marking_refs: [TLP_IDS.green],
  };
}

describeDialects('coverage over HTTP', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    node = await makeTestNode(dialect, { clock });
    const { auth } = node.services;
    const root = node.actor('admin');
    const hostOrg = (
      await auth.createOrganization(root, { name: 'Host NL', sector: 'industry', country: 'NL' })
    ).id;
    const users: [string, string, string][] = [
      ['analyst', 'analyst', 'Test CERT'],
      ['reporter', 'reporter', 'Test CERT'],
      ['hostdesk', 'contact-point', 'Host NL'],
    ];
    for (const [username, role, organization] of users) {
      await auth.createUser(root, { username, role, organization, password: 'coverage-pass-1' });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
    const csv = [
      'kind,name,network,asn,domain,country,sector,languages,channel,address',
      `abuse,SURF abuse,145.100.0.0/16,,,NL,,en nl,nohaven,${hostOrg}`,
      `poc,NL 24/7,,,,NL,,nl,nohaven,${hostOrg}`,
      'cert,NCSC-NL,,,,NL,,nl,email,cert@ncsc.example.nl',
      'poc,France 24/7,,,,FR,,fr,email,247@police.example.fr',
      'abuse,Transit abuse,,AS64500,,DE,,de,email,abuse@transit.example.de',
      'abuse,Registrar abuse,,,registrar.example,,,en,email,abuse@registrar.example',
    ].join('\n');
    const imported = await call('analyst', 'POST', '/api/v1/contacts/import', csv, {
      'content-type': 'text/csv',
    });
    expect(imported.json()).toMatchObject({ stored: 6, problems: [] });
  });
  afterAll(async () => node?.close());

  function call(
    user: string | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return node.app.inject({
      method,
      url,
      headers: { ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }
  const coverage = async (user: string, query = '') => {
    const res = await call(user, 'GET', `/api/v1/coverage${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CoverageBody;
  };

  it('has every country, levelled by its contacts, before anything is routed', async () => {
    expect((await call(null, 'GET', '/api/v1/coverage')).statusCode).toBe(401);
    const c = await coverage('reporter');
    expect(c.countries).toHaveLength(249);
    expect(c.answer_within).toBe(86_400);
    const nl = c.countries.find((k) => k.country === 'NL')!;
    expect(nl).toEqual({
      country: 'NL',
      level: 'covered',
      points_of_contact: 1,
      certs: 1,
      abuse_contacts: 1,
      routed: 0,
      acknowledged: 0,
      actioned: 0,
      rejected: 0,
      unanswered: 0,
      median_acknowledge_seconds: null,
      oldest_unanswered_seconds: null,
    });
    expect(c.countries.find((k) => k.country === 'DE')!.level).toBe('partial');
    expect(c.countries.find((k) => k.country === 'JP')!.level).toBe('none');
    expect(c.gaps).toHaveLength(247);
    expect(c.gaps.map((g) => g.country)).not.toContain('NL');
    expect(c.gaps.find((g) => g.country === 'DE')).toEqual({
      country: 'DE',
      reasons: ['no-point-of-contact'],
    });
    expect(c.without_country).toEqual({ contacts: 1, routed: 0 });
  });

  it('counts routed and answered findings, the median time to acknowledge and the gaps', async () => {
    const a = ip('145.100.0.1');
    const b = ip('145.100.0.2');
    const res = await call('analyst', 'POST', '/api/v1/imports', JSON.stringify(bundle([a, b])), {
      'content-type': 'application/json',
    });
    expect(res.statusCode, res.body).toBe(201);
    // Infrastructure in NL: its network's abuse desk and its 24/7 point of contact, twice.
    const byHand = await call('analyst', 'POST', '/api/v1/routing/route', {
      object_ids: [a.id],
      victim: { country: 'FR' },
    });
    expect(byHand.json()).toEqual({ findings: 1, routed: 1 });

    const queue = (await call('hostdesk', 'GET', '/api/v1/routing/queue')).json().items as {
      id: string;
    }[];
    expect(queue).toHaveLength(4);
    const act = async (id: string, action: string, body?: unknown) => {
      const r = await call('hostdesk', 'POST', `/api/v1/routing/queue/${id}/${action}`, body);
      expect(r.statusCode, r.body).toBe(200);
    };
    clock.advance(60_000);
    await act(queue[0]!.id, 'acknowledge');
    clock.advance(60_000);
    await act(queue[1]!.id, 'acknowledge');
    await act(queue[1]!.id, 'action');
    clock.advance(120_000);
    await act(queue[2]!.id, 'acknowledge');
    await act(queue[2]!.id, 'reject', { reason: 'customer moved away' });
    clock.advance(2 * 3600_000);

    // Within a day: France has had no time to answer yet.
    const day = await coverage('reporter');
    const fr = day.countries.find((k) => k.country === 'FR')!;
    expect(fr).toMatchObject({ level: 'partial', routed: 1, unanswered: 1 });
    expect(fr.oldest_unanswered_seconds).toBe(2 * 3600 + 240);
    expect(day.gaps.map((g) => g.country)).not.toContain('FR');

    // Within an hour: France is unresponsive, first of the gaps.
    const hour = await coverage('reporter', '?answer_within=3600');
    expect(hour.answer_within).toBe(3600);
    expect(hour.countries.find((k) => k.country === 'NL')).toEqual({
      country: 'NL',
      level: 'covered',
      points_of_contact: 1,
      certs: 1,
      abuse_contacts: 1,
      routed: 4,
      acknowledged: 3,
      actioned: 1,
      rejected: 1,
      unanswered: 1,
      median_acknowledge_seconds: 120,
      oldest_unanswered_seconds: 2 * 3600 + 240,
    });
    expect(hour.countries.find((k) => k.country === 'FR')!.level).toBe('unresponsive');
    expect(hour.gaps[0]).toEqual({ country: 'FR', reasons: ['no-answer'] });
    expect(hour.gaps).toHaveLength(248);
  });

  it('refuses an answer window out of range, naming it', async () => {
    const res = await call('reporter', 'GET', '/api/v1/coverage?answer_within=10');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('answer_within');
  });
});
