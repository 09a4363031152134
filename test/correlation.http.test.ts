import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENRICHMENT_EXTENSION_ID } from '../src/enrich/enrichment-extension.js';
import { fixedClock } from '../src/platform/ports.js';
import { deterministicScoId } from '../src/stix/index.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle, indicator, type Obj } from './support/stix-fixtures.js';

/** Issue 5, item 1: the observable index and correlation view, through HTTP, on both engines. */
function sco(type: string, props: Record<string, unknown>): Obj {
  const o = { type, spec_version: '2.1', ...props };
  return { id: deterministicScoId(o), ...o } as Obj;
}

function observed(refs: readonly Obj[], tlp: keyof typeof TLP_IDS): Obj {
  return {
    type: 'observed-data',
    spec_version: '2.1',
    id: `observed-data--${randomUUID()}`,
    created: '2026-03-01T09:00:00.000Z',
    modified: '2026-03-01T09:00:00.000Z',
    first_observed: '2026-03-01T08:00:00.000Z',
    last_observed: '2026-03-01T08:30:00.000Z',
    number_observed: 1,
    object_refs: refs.map((r) => r.id),
    object_marking_refs: [TLP_IDS[tlp]],
  };
}

interface CorrelationsView {
  keys: { kind: string; value: string; status: string; warninglists: string[] }[];
  related: { id: string; type: string; relation: string; via: string; match: string }[];
  truncated: boolean;
  aggregate: { organizations: number; countries: number };
}

describeDialects('correlation over HTTP', (dialect) => {
  let node: TestNode;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const store = async (user: string, objects: unknown[]) => {
    const res = await call(user, 'POST', '/api/v1/objects', bundle(objects));
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  const correlations = async (user: string, id: string): Promise<CorrelationsView> => {
    const res = await call(user, 'GET', `/api/v1/objects/${id}/correlations`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  const address = sco('ipv4-addr', { value: '198.51.100.7' });
  const network = sco('ipv4-addr', { value: '198.51.100.0/24' });
  const elsewhere = sco('ipv4-addr', { value: '198.51.101.9' });
  const url = sco('url', { value: 'http://www.evil.example.com/login' });
  const domain = sco('domain-name', { value: 'evil.example.com' });
  const cert = observed([address], 'green');
  const bank = observed([address, url], 'green');
  const isp = observed([address], 'amber');
  const telco = observed([network, domain], 'clear');
  const unrelated = observed([elsewhere], 'clear');

  beforeAll(async () => {
    node = await makeTestNode(dialect, { clock: fixedClock('2026-03-01T10:00:00.000Z') });
    const { auth } = node.services;
    const root = node.actor('admin');
    orgs.cert = node.organizationId;
    for (const [name, country] of [
      ['Bank', 'DE'],
      ['ISP', 'NL'],
      ['Telco', 'PH'],
    ] as const) {
      orgs[name.toLowerCase()] = (
        await auth.createOrganization(root, { name, sector: 'industry', country })
      ).id;
    }
    const users: [string, string, string][] = [
      ['cert', 'analyst', 'Test CERT'],
      ['bank', 'analyst', 'Bank'],
      ['isp', 'analyst', 'ISP'],
      ['isp-admin', 'admin', 'ISP'],
      ['telco-admin', 'admin', 'Telco'],
    ];
    for (const [username, role, organization] of users) {
      await auth.createUser(root, { username, role, organization, password: 'correlation-pw-1' });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
    await store('bank', [address, url, bank]);
    await store('isp', [address, isp]);
    await store('telco-admin', [network, domain, telco]);
    await store('cert', [address, elsewhere, cert, unrelated]);
  });
  afterAll(async () => node?.close());

  it('finds what shares an observable, through networks, and the reports that refer to them', async () => {
    const c = await correlations('cert', cert.id);
    expect(c.keys).toEqual([
      { kind: 'ipv4', value: '198.51.100.7', status: 'indexed', warninglists: [] },
    ]);
    const byId = new Map(c.related.map((r) => [r.id, r]));
    expect(byId.get(network.id)).toMatchObject({ relation: 'contains', match: '198.51.100.0/24' });
    expect(byId.get(bank.id)).toMatchObject({ relation: 'refers', match: address.id });
    expect(byId.get(telco.id)).toMatchObject({ relation: 'refers', match: network.id });
    // The reader's own object and the seed observable are not "correlations" of themselves.
    expect(byId.has(cert.id)).toBe(false);
    expect(byId.has(address.id)).toBe(false);
    // Nothing unrelated, and nothing the reader may not read (the ISP's AMBER report).
    expect(byId.has(unrelated.id)).toBe(false);
    expect(byId.has(isp.id)).toBe(false);
    expect(c.truncated).toBe(false);
  });

  it('tells only an aggregate of other reporters, as far as each organisation allows', async () => {
    // Default: GREEN and CLEAR count, AMBER does not: the bank (DE) and the telco (PH).
    expect((await correlations('cert', cert.id)).aggregate).toEqual({
      organizations: 2,
      countries: 2,
    });
    const amber = await call(
      'isp-admin',
      'PUT',
      `/api/v1/organizations/${orgs.isp}/aggregate-sharing`,
      {
        level: 'amber',
      },
    );
    expect(amber.statusCode, amber.body).toBe(200);
    expect(amber.json()).toEqual({ organization_id: orgs.isp, level: 'amber', default: false });
    const off = await call(
      'telco-admin',
      'PUT',
      `/api/v1/organizations/${orgs.telco}/aggregate-sharing`,
      {
        level: 'none',
      },
    );
    expect(off.statusCode).toBe(200);
    // Now the ISP (NL) counts and the telco does not, though the reader still reads its report.
    const c = await correlations('cert', cert.id);
    expect(c.aggregate).toEqual({ organizations: 2, countries: 2 });
    expect(c.related.map((r) => r.id)).toContain(telco.id);
    expect(c.related.map((r) => r.id)).not.toContain(isp.id);
    // The ISP itself sees the CERT and the bank (the telco keeps out): its own report excluded.
    expect((await correlations('isp', isp.id)).aggregate).toEqual({
      organizations: 2,
      countries: 2,
    });
  });

  it('guards the aggregate setting: own organisation, admins, known levels', async () => {
    const get = await call('bank', 'GET', `/api/v1/organizations/${orgs.bank}/aggregate-sharing`);
    expect(get.json()).toEqual({ organization_id: orgs.bank, level: 'green', default: true });
    const notAdmin = await call(
      'bank',
      'PUT',
      `/api/v1/organizations/${orgs.bank}/aggregate-sharing`,
      {
        level: 'red',
      },
    );
    expect(notAdmin.statusCode).toBe(403);
    const foreign = await call(
      'isp-admin',
      'PUT',
      `/api/v1/organizations/${orgs.bank}/aggregate-sharing`,
      {
        level: 'red',
      },
    );
    expect(foreign.statusCode).toBe(403);
    expect(
      (await call('isp-admin', 'GET', `/api/v1/organizations/${orgs.bank}/aggregate-sharing`))
        .statusCode,
    ).toBe(403);
    const bad = await call(
      'isp-admin',
      'PUT',
      `/api/v1/organizations/${orgs.isp}/aggregate-sharing`,
      {
        level: 'purple',
      },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('purple');
  });

  it('relates URLs, domains and subdomains', async () => {
    const c = await correlations('cert', domain.id);
    expect(c.keys).toEqual([
      { kind: 'domain', value: 'evil.example.com', status: 'indexed', warninglists: [] },
    ]);
    const byId = new Map(c.related.map((r) => [r.id, r]));
    expect(byId.get(url.id)).toMatchObject({
      relation: 'subdomain',
      match: 'www.evil.example.com',
    });
    // The bank's report refers to the URL, so it correlates with the telco's domain too.
    expect(byId.get(bank.id)).toMatchObject({ relation: 'refers', match: url.id });
  });

  it('tells the networks inside a network from the wider ones that start at the same address', async () => {
    const seed = sco('ipv4-addr', { value: '45.60.0.0/16' });
    const wider = sco('ipv4-addr', { value: '45.60.0.0/15' });
    const inside = sco('ipv4-addr', { value: '45.60.3.0/24' });
    const host = sco('ipv4-addr', { value: '45.60.3.4' });
    const outside = sco('ipv4-addr', { value: '45.61.0.0/24' });
    const report = observed([seed], 'green');
    await store('cert', [seed, wider, inside, host, outside, report]);
    const related = new Map(
      (await correlations('cert', report.id)).related.map((r) => [r.id, r.relation]),
    );
    expect(related.get(wider.id)).toBe('contains');
    expect(related.get(inside.id)).toBe('within');
    expect(related.get(host.id)).toBe('within');
    expect(related.has(outside.id)).toBe(false);
  });

  it('does not resolve a referenced observable the reader may not read', async () => {
    // The bank stores an address as RED; the CERT's GREEN report refers to the same id.
    const hidden = {
      ...sco('ipv4-addr', { value: '203.0.113.66' }),
      object_marking_refs: [TLP_IDS.red],
    };
    await store('bank', [hidden, observed([hidden], 'red')]);
    const mine = observed([hidden], 'green');
    await store('cert', [mine]);
    const c = await correlations('cert', mine.id);
    expect(c.keys).toEqual([]);
    expect(JSON.stringify(c)).not.toContain('203.0.113.66');
  });

  it('answers 404 for an object the reader may not read, without correlations', async () => {
    const res = await call('cert', 'GET', `/api/v1/objects/${isp.id}/correlations`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(address.id);
  });

  it('flags warninglisted values and does not expand them', async () => {
    const resolver = sco('ipv4-addr', { value: '9.9.9.9' });
    const marked = {
      ...resolver,
      extensions: {
        [ENRICHMENT_EXTENSION_ID]: {
          extension_type: 'property-extension',
          warninglists: ['public-dns-v4'],
        },
      },
    };
    const a = observed([marked], 'green');
    const b = observed([marked], 'green');
    await store('bank', [marked, a, b]);
    const c = await correlations('bank', a.id);
    expect(c.keys).toEqual([
      { kind: 'ipv4', value: '9.9.9.9', status: 'warninglisted', warninglists: ['public-dns-v4'] },
    ]);
    expect(c.related).toEqual([]);
  });

  it('matches indicators whose STIX patterns match the observable, evaluated not just anchored', async () => {
    const exact = indicator({ pattern: "[ipv4-addr:value = '198.51.100.7']" });
    const subnet = indicator({ pattern: "[ipv4-addr:value ISSUBSET '198.51.100.0/25']" });
    const otherNet = indicator({ pattern: "[ipv4-addr:value ISSUBSET '198.51.100.128/25']" });
    // Anchored on the address, but no single address has two values: never a match.
    const impossible = indicator({
      pattern: "[ipv4-addr:value = '198.51.100.7' AND ipv4-addr:value = '198.51.100.8']",
    });
    await store('bank', [exact, subnet, otherNet, impossible]);
    const byId = new Map((await correlations('cert', cert.id)).related.map((r) => [r.id, r]));
    expect(byId.get(exact.id)).toMatchObject({ relation: 'pattern-match', match: '198.51.100.7' });
    expect(byId.get(subnet.id)).toMatchObject({
      relation: 'pattern-match',
      match: '198.51.100.0/25',
    });
    expect(byId.has(otherNet.id)).toBe(false);
    expect(byId.has(impossible.id)).toBe(false);

    // From the indicator's side: the observable it matches, and the reports that refer to it.
    const fromIndicator = await correlations('cert', exact.id);
    expect(fromIndicator.keys).toEqual([
      { kind: 'ipv4', value: '198.51.100.7', status: 'indexed', warninglists: [] },
    ]);
    const related = new Map(fromIndicator.related.map((r) => [r.id, r]));
    expect(related.get(address.id)).toMatchObject({ relation: 'pattern-match' });
    expect(related.get(cert.id)).toMatchObject({ relation: 'refers' });
    expect(related.has(isp.id)).toBe(false);
    expect((await correlations('cert', impossible.id)).related.map((r) => r.id)).not.toContain(
      address.id,
    );
  });
});

describeDialects('correlation of very common values', (dialect) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await makeTestNode(dialect, { env: { NOHAVEN_CORRELATION_CAP: '3' } });
  });
  afterAll(async () => node?.close());

  it('flags a value over the cap as common instead of listing every report', async () => {
    const actor = node.actor('analyst');
    const popular = sco('domain-name', { value: 'popular.example.org' });
    const subs = [1, 2, 3].map((n) => sco('domain-name', { value: `s${n}.popular.example.org` }));
    const first = observed([popular], 'green');
    await node.services.objects.ingest(actor, [popular, ...subs, first], { mode: 'atomic' });
    const c = await node.services.correlations.correlations(actor, first.id);
    expect(c.keys).toEqual([
      { kind: 'domain', value: 'popular.example.org', status: 'common', warninglists: [] },
    ]);
    expect(c.related).toEqual([]);
    // Under the cap it is expanded: one subdomain fewer.
    const small = sco('domain-name', { value: 'small.example.org' });
    const other = sco('domain-name', { value: 'a.small.example.org' });
    const second = observed([small], 'green');
    await node.services.objects.ingest(actor, [small, other, second], { mode: 'atomic' });
    const d = await node.services.correlations.correlations(actor, second.id);
    expect(d.keys[0]?.status).toBe('indexed');
    expect(d.related.map((r) => r.id)).toEqual([other.id]);
  });
});
